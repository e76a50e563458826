"""psycopg2 handed to peewee when a salon on a server is first opened (issue 17).

`mtime_tui/__init__.py` imports peewee with psycopg2 hidden, so a salon's file never loads the
driver (~10 ms of the TUI's start). `give_peewee_psycopg2()` then does what peewee's own import
does when psycopg2 is there: it sets the module globals its PostgreSQL adapter reads
(`psycopg2`, `pg_extensions`, `pg_register_uuid`, `Json_pg2`), the adapter's transaction-status
constants, and registers psycopg2's UUID adapter. The PostgreSQL tests run through it; a peewee
that renames these fails them (and `give_peewee_psycopg2` says so) rather than a salon's start.
"""

from __future__ import annotations

import peewee

# what peewee's import leaves when psycopg2 is missing (`psycopg2 = Json_pg2 = None`)
_EXPECTED = ("psycopg2", "Json_pg2", "Psycopg2Adapter")


def give_peewee_psycopg2() -> None:
    """Make peewee's PostgreSQL adapter work as if psycopg2 had been there at its import."""
    if getattr(peewee, "psycopg2", None) is not None:  # imported with it (psycopg2 came first)
        return
    missing = [name for name in _EXPECTED if not hasattr(peewee, name)]
    if missing:
        raise RuntimeError(f"peewee {peewee.__version__} has no {', '.join(missing)}: "
                           "mtime_tui/core/storage/pg_driver.py needs updating")
    import psycopg2
    from psycopg2 import extensions, extras

    extras.register_uuid()
    adapter = peewee.Psycopg2Adapter
    adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
    adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
    adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
    peewee.pg_extensions = extensions
    peewee.pg_register_uuid = extras.register_uuid
    peewee.Json_pg2 = extras.Json
    peewee.psycopg2 = psycopg2  # last: the adapter's driver check passes once all is set
