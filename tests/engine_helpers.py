"""What tests do to a salon's database from outside the app, on either engine."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit


@contextmanager
def another_writer(target: Path | str):
    """Another program in the middle of a write: it holds the salon's write lock (SQLite's
    BEGIN IMMEDIATE on the file; the salon's advisory lock on PostgreSQL) until the block ends."""
    if isinstance(target, str) and target.startswith("postgresql://"):
        import psycopg2

        from mtime_tui.core.storage.postgresql import SALON_LOCK

        conn = psycopg2.connect(target)
        try:
            conn.cursor().execute("SELECT pg_advisory_xact_lock(%s)", (SALON_LOCK,))
            yield conn
        finally:
            conn.rollback()
            conn.close()
        return
    import sqlite3

    conn = sqlite3.connect(target, timeout=0.1)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield conn
    finally:
        conn.rollback()
        conn.close()


def run_outside(target: Path | str, sql: str) -> None:
    """One statement committed by another program (not peewee, not this process's connection)."""
    if isinstance(target, str) and target.startswith("postgresql://"):
        import psycopg2

        conn = psycopg2.connect(target)
    else:
        import sqlite3

        conn = sqlite3.connect(target)
    try:
        conn.cursor().execute(sql)
        conn.commit()
    finally:
        conn.close()


def copies_of(salon) -> tuple[Path, str, str]:
    """Where the salon's copies go by default, what their names start with, their suffix: a
    file's beside it; a server database's in the data folder, named after the database."""
    from mtime_tui.core import paths

    if isinstance(salon, Path):
        return salon.parent / "backups", "salon", ".db"
    return paths.data_dir() / "backups", urlsplit(salon).path.strip("/"), ".dump"
