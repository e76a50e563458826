"""mtime_tui: a salon's booking system — a Textual admin TUI and a Telegram bot over one SQLite file."""

import sys

__version__ = "0.1.0"


def _peewee_without_its_postgresql_driver() -> None:
    """Import peewee as if psycopg2 were not installed: peewee imports it at its own import
    (~10 ms of CPU, libpq with it) though a salon's file never needs it. A salon on a server
    hands it to peewee when the engine is imported (`core/storage/pg_driver.py`). Here, not in
    core/storage: every module of the package may import peewee first."""
    if "peewee" in sys.modules or "psycopg2" in sys.modules:
        return
    sys.modules["psycopg2"] = None  # type: ignore[assignment]  # `import psycopg2` fails
    try:
        import peewee  # noqa: F401
    finally:
        if "psycopg2" in sys.modules and sys.modules["psycopg2"] is None:
            del sys.modules["psycopg2"]


_peewee_without_its_postgresql_driver()
