"""Opening the salon's SQLite file: pragmas that make copy-backups safe, and schema upgrades.

journal_mode=DELETE and synchronous=FULL because owners back up by copying the .db file: with WAL,
recent commits would live only in the -wal file (SPEC "Data safety"). The file is owner-only
(0600; an existing one is tightened when opened, see `core.private`).
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from peewee import DatabaseError

from .errors import DatabaseUnavailable
from .models import database
from .private import private_dir, private_file

BUSY_TIMEOUT_MS = 10_000

PRAGMAS = {
    "journal_mode": "delete",
    "synchronous": 2,  # FULL
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
}


def open_database(path: str | Path, *, migrate: bool = True) -> Path:
    """Point the process-wide database at `path`, creating or upgrading the schema.

    Raises DatabaseUnavailable with a readable reason when the file cannot be opened.
    """
    path = Path(path).expanduser()
    if path.exists() and path.is_dir():
        raise DatabaseUnavailable("The database path {path} is a folder, not a file", path=str(path))
    try:
        private_dir(path.parent, tighten=False)  # a folder the owner chose stays as it is
        private_file(path)  # SQLite gives the -journal the file's mode: private too
        journal = path.with_name(path.name + "-journal")
        if journal.exists():  # a hot journal left by a crash
            private_file(journal)
    except OSError as exc:
        raise DatabaseUnavailable("Cannot open the database {path}: {reason}", path=str(path), reason=str(exc)) from exc
    if not database.is_closed():
        database.close()
    database.init(str(path), pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        database.connect(reuse_if_open=True)
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        if migrate:
            from .migrations import upgrade

            upgrade(path)
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        database.close()
        raise DatabaseUnavailable("Cannot open the database {path}: {reason}", path=str(path), reason=str(exc)) from exc
    return path


def close_database() -> None:
    if not database.is_closed():
        database.close()


def write_transaction():
    """A write transaction that takes SQLite's write lock at once (BEGIN IMMEDIATE).

    Every write that depends on free time re-checks it inside one of these, so two writers racing
    for one slot are serialised and the second sees the first one's booking. A lock held by another
    process beyond the busy timeout, or a read-only file, raises DatabaseUnavailable and nothing is
    written (`models.SalonDatabase` translates SQLite's error wherever it happens).
    """
    return database.atomic("IMMEDIATE")


@contextmanager
def connection():
    """Make sure the calling thread has an open connection (peewee keeps one per thread)."""
    opened = database.is_closed()
    if opened:
        database.connect()
    try:
        yield database
    finally:
        if opened:
            database.close()


def db_path() -> Path:
    return Path(database.database)
