"""Where the salon's data lives, and every difference between the engines that can hold it.

SQLite (a file: the default, the simple path) or PostgreSQL (a server: several seats). The rest
of the app never asks which one it runs on: it calls the open database's methods —
`write_transaction`, `claim_transaction` / `claimable`, `data_stamp` / `shared_stamp`, `unindexed`,
`table_names`, `v1_statements`, `migrator`, `after_step`, `copy_to`, `label` — and each engine
keeps SPEC's promises its own way (docs/ENGINES.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import Database

from .sqlite import SalonSqlite
from .target import Target, is_url, mask_url, parse_target

if TYPE_CHECKING:
    from .postgresql import SalonPostgres

__all__ = ["SalonPostgres", "Target", "engine_for", "is_url", "mask_url", "parse_target"]


def __getattr__(name: str):
    """`SalonPostgres` is imported when first asked for (a salon on a server), not with the
    package: a salon's file never needs it (issue 17: ~15 ms of the TUI's start)."""
    if name == "SalonPostgres":
        from .postgresql import SalonPostgres

        return SalonPostgres
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# One handle per engine for the process (peewee keeps a connection per thread in each).
_handles: dict[type, Database] = {}


def engine_for(target: Target) -> SalonSqlite | SalonPostgres:
    """The process's database handle for the engine `target` needs (not yet opened on it)."""
    if target.url:
        from .postgresql import SalonPostgres

        kind = SalonPostgres
    else:
        kind = SalonSqlite
    handle = _handles.get(kind)
    if handle is None:
        handle = _handles[kind] = kind(None)
    return handle
