"""Opening the salon's database — an SQLite file or a PostgreSQL server — and upgrading it.

What differs between the engines lives in core/storage/; here is only what both do: point the
process-wide handle at the target, check it answers, run the migrations.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from peewee import DatabaseError

from ..errors import DatabaseUnavailable, unavailable_error
from . import engine_for, parse_target, update_file
from .models import database
from .sqlite import BUSY_TIMEOUT_MS, PRAGMAS  # noqa: F401 - the SQLite file's settings


def open_database(target: str | Path, *, migrate: bool = True) -> Path | str:
    """Point the process-wide database at `target` (a file path or a postgresql:// URL),
    creating or upgrading the schema; returns the path, or the URL as given.

    Raises DatabaseUnavailable with a readable reason when it cannot be opened.
    """
    where = parse_target(target)
    close_database()
    handle = engine_for(where)
    handle.open_target(where.url or where.path)
    database.initialize(handle)
    update_file.point_at(handle)  # the bot's update store: beside the file, or on the server
    if migrate:
        from .migrations import upgrade

        try:
            upgrade(where.label)
        except DatabaseUnavailable:
            close_database()
            raise
        except Exception as exc:
            error = handle.open_error(exc)
            close_database()
            if error is None:
                raise
            raise error from exc
        handle.after_open()
    return where.url or where.path


def close_database() -> None:
    update_file.close()
    if not database.is_closed():
        database.close()


def write_transaction(wait_ms: int | None = None):
    """A write transaction that serialises the app's writers (SQLite: BEGIN IMMEDIATE; PostgreSQL:
    the salon's advisory lock — core/storage/).

    Every write that depends on free time re-checks it inside one of these, so two writers racing
    for one slot are serialised and the second sees the first one's booking. A lock held by another
    process beyond the busy timeout, or a read-only file, raises DatabaseUnavailable and nothing is
    written (the engine translates its error wherever it happens).

    `after_commit(fn)` inside one runs `fn()` once it has committed, never when it rolls back.
    `wait_ms`: wait at most that long for another writer's lock at its start (DatabaseUnavailable
    then), not the whole busy timeout — for a writer that can do without (the bot's group commit).
    """
    return database.write_transaction(wait_ms)


def after_commit(fn) -> None:
    """`fn()` in this thread once the transaction open now has committed — never when it rolls
    back or its block (a nested one too) ends with an exception; at once outside a transaction.
    A callback that fails is logged: the commit stands (core/storage/commit_hooks.py)."""
    database.after_commit(fn)


@contextmanager
def connection():
    """Make sure the calling thread has an open connection (peewee keeps one per thread)."""
    opened = database.is_closed()
    if opened:
        try:  # connecting sets journal_mode, which waits for another program's lock too
            database.connect()
        except (DatabaseError, sqlite3.DatabaseError) as exc:
            error = unavailable_error(exc)
            if error is None:
                raise
            raise error from exc
    try:
        yield database
    finally:
        if opened:
            database.close()


def watch_changes(on_change):
    """Call `on_change()` from a thread of its own whenever another process (another seat on a
    server) commits to the salon; `.stop()` ends it. On an SQLite file it watches nothing."""
    return database.watch_changes(on_change)


def db_path() -> Path | None:
    """The salon's file (None on a server)."""
    return database.file_path()


def db_label() -> str:
    """How the open database is named to the user: the file's path, or the URL masked."""
    return database.label()
