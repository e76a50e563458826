"""Where the bot's update store lives: on SQLite, a file of its own beside the salon's.

The bot keeps every fetched update before it confirms it to Telegram and marks it done once
handled (`core.messaging.update_store`): a commit for (nearly) every press. In the salon file
each such commit is a journal written, synced and deleted (journal_mode=DELETE, synchronous=FULL,
SPEC "Data safety") and — worse for a crowd — it changes the file's `data_version`, so every
reader's cache (`readcache`) and the TUI's freshness check start over after every press, though
no booking, client or setting changed (docs/PERFORMANCE.md, issue 17).

So on SQLite the update store is `<salon file>-updates` (like SQLite's own `-journal`, named
after the file it belongs to; owner-only, it holds what people sent), in WAL mode with
synchronous=NORMAL: a commit is an append to the `-wal` file, with no wait for the disk
(≈ 0.3 ms a keep instead of 3–5 ms with a sync on this machine, and a tenth of the CPU). That
keeps SPEC's promise — a fetched press is answered even if the bot crashes: whatever the process
wrote is the operating system's to finish, a SIGKILL loses nothing (tests/stress/
test_bot_crashes.py) — while a power cut or a crash of the whole system may forget the presses
kept in its last seconds (SQLite: "durability is lost", never consistency); the people who
pressed then see no answer and press again. The salon's own data keeps FULL in its own file.
It is not the salon's data: a copy of the salon file alone (a backup) is complete without it;
presses in flight are all it holds, for a day at most. On PostgreSQL the store stays in the
salon database (`telegram_update`), as the server keeps every seat's data.

`database` is the handle update_store's model (`models.TelegramUpdate`) uses; `db.open_database`
points it at the file beside the salon (or at the server). The table is made on first use.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from peewee import DatabaseProxy

from ..errors import DatabaseUnavailable, unavailable_error
from .private import private_file
from .sqlite import SalonSqlite

SUFFIX = "-updates"
# How long keeping waits for another program's lock on the file, at most: the bot had rather
# handle a batch without keeping it than make every user wait (`polling`). Nothing else writes
# here, so the file's own busy timeout is this short one (no per-transaction switching).
WAIT_MS = 250

PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": 1,  # NORMAL: synced at checkpoints, not at every commit (see above)
    "busy_timeout": WAIT_MS,
}

# The table as migration v11 made it in the salon file (the same columns and index names).
TABLE = (
    "CREATE TABLE IF NOT EXISTS \"telegram_update\" (\"update_id\" INTEGER NOT NULL PRIMARY KEY,"
    " \"payload\" TEXT NOT NULL, \"fetched_at\" DATETIME NOT NULL, \"done_at\" DATETIME)",
    "CREATE INDEX IF NOT EXISTS \"telegram_update_done_at\" ON \"telegram_update\" (\"done_at\")",
)

database = DatabaseProxy()


class UpdateFile(SalonSqlite):
    """The file beside the salon's: created owner-only on first connection, table included."""

    def open_beside(self, salon: Path) -> None:
        self.init(str(path_for(salon)), pragmas=PRAGMAS, timeout=WAIT_MS / 1000,
                  check_same_thread=False)

    @contextmanager
    def short_wait(self, milliseconds: int):
        """The file's busy timeout is short already (WAIT_MS)."""
        yield

    def _connect(self):
        try:
            private_file(Path(self.database))
        except OSError as exc:  # a read-only folder, a missing one: the bot goes on unkept
            raise DatabaseUnavailable(
                "Cannot open the database {path}: {reason}", path=str(self.database),
                reason=str(exc)) from exc
        conn = None
        try:
            conn = super()._connect()
            for statement in TABLE:
                conn.execute(statement)
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            error = unavailable_error(exc) or DatabaseUnavailable(
                "Cannot open the database {path}: {reason}", path=str(self.database),
                reason=str(exc))
            raise error from exc
        return conn


_file = UpdateFile(None)


def path_for(salon: Path) -> Path:
    """The update store's file for the salon file `salon`."""
    return salon.with_name(salon.name + SUFFIX)


def point_at(salon_handle) -> None:
    """Make the update store follow the salon just opened (`db.open_database`): the file beside
    an SQLite salon, the salon database itself on a server."""
    close()
    salon = salon_handle.file_path()
    if salon is None:
        database.initialize(salon_handle)
        return
    _file.open_beside(Path(salon))
    database.initialize(_file)


def close() -> None:
    """Close this thread's connection to the file (other threads close their own)."""
    if database.obj is _file and not _file.deferred and not _file.is_closed():
        _file.close()


def separate() -> bool:
    """True when the store is a file of its own (SQLite), not the salon database."""
    return database.obj is _file
