"""The SQLite engine: the salon's one file, the default and the simple path.

journal_mode=DELETE and synchronous=FULL because owners back up by copying the .db file: with WAL,
recent commits would live only in the -wal file (SPEC "Data safety"). The file is owner-only
(0600; an existing one is tightened when opened, see `core.storage.private`). One writer at a time:
`write_transaction` is BEGIN IMMEDIATE, which takes the file's write lock at once.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import ExitStack, contextmanager
from pathlib import Path

from peewee import DatabaseError, OperationalError, SqliteDatabase

from ..errors import DatabaseUnavailable, unavailable_error
from .commit_hooks import AfterCommit
from .private import private_dir, private_file

BUSY_TIMEOUT_MS = 10_000

PRAGMAS = {
    "journal_mode": "delete",
    "synchronous": 2,  # FULL
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
}

HEADER = b"SQLite format 3\x00"

# `shared_stamp`'s watch connections, one per handle (id of the SalonSqlite), with the file it
# watches; its statements are serialized here (two reading workers ask it).
_watch_lock = threading.Lock()
_watches: dict[int, tuple[str, sqlite3.Connection]] = {}


def _watch_connection(path: str) -> sqlite3.Connection:
    """A connection that only asks `PRAGMA data_version` (read-write, not created if missing:
    it may have to roll back a hot journal another program's crash left, as any reader does)."""
    try:
        return sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=rw", uri=True,
                               timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False,
                               isolation_level=None)
    except sqlite3.OperationalError as exc:
        _reraise(exc)


class SalonSqlite(AfterCommit, SqliteDatabase):
    """SQLite that turns "database is locked" and "read-only" into DatabaseUnavailable.

    Another program holding the write lock beyond the busy timeout, or a read-only file, can hit
    any statement — a read, a plain write, BEGIN or COMMIT — so the translation sits here, where
    every statement passes, and callers everywhere get one clear domain error instead of a raw
    OperationalError. Other errors (bugs) pass through unchanged.
    """

    backup_suffix = ".db"
    backup_header = HEADER

    def execute_sql(self, sql, params=None):
        try:
            return super().execute_sql(sql, params)
        except (OperationalError, sqlite3.OperationalError) as exc:
            _reraise(exc)

    def begin(self, lock_type=None):
        try:
            return super().begin(lock_type)
        except (OperationalError, sqlite3.OperationalError) as exc:
            _reraise(exc)

    def commit(self):
        try:
            return super().commit()
        except (OperationalError, sqlite3.OperationalError) as exc:
            _reraise(exc)

    # -- opening ---------------------------------------------------------------------------
    def init(self, database, *args, **kwargs):
        """(Re-)point the handle; `shared_stamp`'s watch connection is opened afresh (a file made
        again under the same name is another file)."""
        with _watch_lock:
            watch = _watches.pop(id(self), None)
        if watch is not None:
            watch[1].close()
        return super().init(database, *args, **kwargs)

    def open_target(self, path: Path) -> None:
        if path.exists() and path.is_dir():
            raise DatabaseUnavailable("The database path {path} is a folder, not a file", path=str(path))
        try:
            private_dir(path.parent, tighten=False)  # a folder the owner chose stays as it is
            private_file(path)  # SQLite gives the -journal the file's mode: private too
            journal = path.with_name(path.name + "-journal")
            if journal.exists():  # a hot journal left by a crash
                private_file(journal)
        except OSError as exc:
            raise DatabaseUnavailable(
                "Cannot open the database {path}: {reason}", path=str(path), reason=str(exc)
            ) from exc
        self.init(str(path), pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_MS / 1000,
                  check_same_thread=False)
        try:
            self.connect(reuse_if_open=True)
            self.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        except (DatabaseError, sqlite3.DatabaseError) as exc:
            self.close()
            raise DatabaseUnavailable(
                "Cannot open the database {path}: {reason}", path=str(path), reason=str(exc)
            ) from exc

    def open_error(self, exc: Exception) -> DatabaseUnavailable | None:
        """What a failure while migrating means to the user (a garbage file, a locked one)."""
        if isinstance(exc, (DatabaseError, sqlite3.DatabaseError)):
            return DatabaseUnavailable(
                "Cannot open the database {path}: {reason}", path=self.label(), reason=str(exc)
            )
        return None

    def after_open(self) -> None:
        """Nothing more to prepare on a file."""

    def watch_changes(self, on_change) -> NoWatcher:
        """One file on one laptop: the TUI learns of its own bot's changes from the bot thread."""
        return NoWatcher()

    def label(self) -> str:
        """How the database is named to the user."""
        return str(self.database)

    def file_path(self) -> Path:
        return Path(self.database)

    def backup_stem(self) -> str:
        """What the copies' names start with: the file's name."""
        return Path(self.database).stem

    # -- transactions and freshness -------------------------------------------------------
    def write_transaction(self, wait_ms: int | None = None):
        """BEGIN IMMEDIATE: the write lock at once, so a re-check inside sees every rival's
        committed booking and no rival can commit until this one ends. `wait_ms`: BEGIN waits at
        most that long for another program's lock (not the busy timeout: DatabaseUnavailable
        then); the statements inside, COMMIT too, wait as usual. Nested, it is a savepoint."""
        if wait_ms is None or self.in_transaction():
            return self.atomic("IMMEDIATE")
        return self._begin_within(wait_ms)

    @contextmanager
    def _begin_within(self, wait_ms: int):
        with ExitStack() as stack:
            with self.short_wait(wait_ms):  # the usual busy timeout again right after BEGIN
                txn = stack.enter_context(self.atomic("IMMEDIATE"))
            yield txn

    def claim_transaction(self):
        """Claiming outbox rows: the same single-writer lock."""
        return self.atomic("IMMEDIATE")

    @contextmanager
    def short_wait(self, milliseconds: int):
        """Wait at most `milliseconds` for another program's lock (not the busy timeout) in the
        block: for writes that had rather give up and go on (the bot's update store)."""
        self.execute_sql(f"PRAGMA busy_timeout = {int(milliseconds)}")
        try:
            yield
        finally:
            self.execute_sql(f"PRAGMA busy_timeout = {PRAGMAS['busy_timeout']}")

    def claimable(self, query):
        """Rows to claim inside `claim_transaction`: the write lock already keeps them ours."""
        return query

    def data_stamp(self) -> tuple[object, int, int]:
        """Equal stamps mean nothing was written in between, by anyone: `PRAGMA data_version`
        changes when another connection commits, `total_changes` counts this one's own writes;
        the connection itself is in the stamp so that a later one cannot take its place."""
        conn = self.connection()
        (version,) = self.execute_sql("PRAGMA data_version").fetchone()
        return conn, version, conn.total_changes

    def shared_stamp(self) -> tuple[object, object, int]:
        """`data_stamp` with a first part comparable between threads: the `data_version` of one
        watch connection to the file that only ever asks it (it moves with every commit by any
        other connection — the threads', the writer's, another program's), beside the calling
        thread's connection and its own writes. An in-memory database has no file to watch:
        its first part is then the thread's own (never equal between threads)."""
        conn = self.connection()
        if self.database in ("", ":memory:") or str(self.database).startswith("file:"):
            (version,) = self.execute_sql("PRAGMA data_version").fetchone()
            return (conn, version), conn, conn.total_changes
        with _watch_lock:
            watch = _watches.get(id(self))
            if watch is None or watch[0] != self.database:
                if watch is not None:
                    watch[1].close()
                watch = _watches[id(self)] = (self.database, _watch_connection(self.database))
            try:
                (version,) = watch[1].execute("PRAGMA data_version").fetchone()
            except sqlite3.OperationalError as exc:
                _reraise(exc)
        return (watch[1], version), conn, conn.total_changes

    def unindexed(self, node):
        """`node` in a form SQLite's planner will not use an index for (a unary +)."""
        from peewee import SQL, NodeList

        return NodeList((SQL("+"), node), glue="")

    def integrity_check(self) -> str:
        """"ok", or what SQLite found wrong with the file."""
        return self.execute_sql("PRAGMA integrity_check").fetchone()[0]

    # -- schema ---------------------------------------------------------------------------
    def table_names(self) -> set[str]:
        rows = self.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        return {name for (name,) in rows}

    def v1_statements(self, frozen_sqlite: str) -> list[str]:
        """The first schema's statements: the frozen SQLite text as it shipped."""
        return [s.rstrip(";") for s in frozen_sqlite.strip().split(";\n")]

    def migrator(self):
        from playhouse.migrate import SqliteMigrator  # only to upgrade: not at every start

        return SqliteMigrator(self)

    def after_step(self, version: int) -> None:
        """Nothing to add: the shared steps are the SQLite schema."""

    def migration_transaction(self):
        return self.atomic("IMMEDIATE")

    @contextmanager
    def upgrade_turn(self):
        """Nothing to wait for before the snapshot: the backup API copies a file consistently
        while a rival upgrades it (migration_transaction serialises the steps)."""
        yield

    def not_a_salon(self) -> DatabaseUnavailable:
        return DatabaseUnavailable(
            "The file {path} is an SQLite database, but not an mtime-tui salon", path=self.label()
        )

    # -- copies ---------------------------------------------------------------------------
    def copy_to(self, tmp: Path) -> None:
        """A consistent copy of the file into `tmp` with SQLite's backup API: one step, a read
        lock for the whole copy, even while other connections write."""
        uri = Path(self.database).resolve().as_uri() + "?mode=ro"
        try:
            src = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                dst = sqlite3.connect(tmp)
                try:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode=DELETE")
                finally:
                    dst.close()
            finally:
                src.close()
        except sqlite3.Error as exc:
            raise OSError(str(exc)) from exc
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())


class NoWatcher:
    def stop(self, timeout: float = 0) -> None:
        """Nothing runs."""


def _reraise(exc: Exception):
    error = unavailable_error(exc)
    if error is None:
        raise exc
    raise error from exc
