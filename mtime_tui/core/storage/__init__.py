"""Where the salon's data lives, and every difference between the engines that can hold it.

SQLite (a file: the default, the simple path) or PostgreSQL (a server: several seats). The rest
of the app never asks which one it runs on: it calls the open database's methods —
`write_transaction`, `claim_transaction` / `claimable`, `data_stamp`, `unindexed`, `table_names`,
`v1_statements`, `migrator`, `after_step`, `copy_to`, `label` — and each engine keeps SPEC's
promises its own way (docs/ENGINES.md).
"""

from __future__ import annotations

from peewee import Database

from .postgresql import SalonPostgres
from .sqlite import SalonSqlite
from .target import Target, is_url, mask_url, parse_target

__all__ = ["Target", "engine_for", "is_url", "mask_url", "parse_target"]

# One handle per engine for the process (peewee keeps a connection per thread in each).
_handles: dict[type, Database] = {}


def engine_for(target: Target) -> SalonSqlite | SalonPostgres:
    """The process's database handle for the engine `target` needs (not yet opened on it)."""
    kind = SalonPostgres if target.url else SalonSqlite
    handle = _handles.get(kind)
    if handle is None:
        handle = _handles[kind] = kind(None)
    return handle
