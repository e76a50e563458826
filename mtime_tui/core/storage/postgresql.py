"""The PostgreSQL engine (`--db postgresql://user:password@host:port/dbname`): several seats.

How SPEC's transactional promises are kept here (docs/ENGINES.md says it for both engines):

- `write_transaction` is a READ COMMITTED transaction that first takes a transaction-scoped
  advisory lock of the salon's database (`pg_advisory_xact_lock`): the app's writers go one at a
  time, exactly like SQLite's BEGIN IMMEDIATE, and each statement after the lock sees every
  rival's committed booking — so the app's re-check is as sound as on SQLite. Readers never wait
  (MVCC). Writes of a salon are few and short, so one lock costs nothing worth a finer one.
- The database itself refuses two overlapping active bookings of one master
  (`booking_no_overlap`, postgresql_v1.py), whoever writes; the app turns a violation into
  SlotTaken("This time was just taken").
- The outbox is claimed in a plain transaction with FOR UPDATE SKIP LOCKED: two bot processes
  take disjoint rows and never wait for each other or for a booking.
- A lock held elsewhere beyond `LOCK_TIMEOUT_MS` is "the database is busy", as SQLite's busy
  timeout is; a server that went away is "cannot be reached", and a statement outside a
  transaction is retried once on a new connection (a restarted server, a killed session).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from peewee import DatabaseError, InterfaceError, OperationalError, PostgresqlDatabase
from playhouse.migrate import PostgresqlMigrator

from ..errors import DatabaseUnavailable, SlotTaken
from .commit_hooks import AfterCommit
from .pg_driver import give_peewee_psycopg2
from .pg_watch import ChangeWatcher, ensure_signals, seat_name
from .target import mask_url

give_peewee_psycopg2()  # peewee was imported without it (mtime_tui/__init__.py)

log = logging.getLogger(__name__)

LOCK_TIMEOUT_MS = 10_000
CONNECT_TIMEOUT_S = 5
SALON_LOCK = 0x6D74696D65  # "mtime": the key of the salon's write lock (per database)
UPGRADE_LOCK = SALON_LOCK + 1  # held by the process upgrading the schema, snapshot and steps
UPGRADE_WAIT_S = 900  # how long a rival waits for it (a big salon's snapshot and steps)
HEADER = b"PGDMP"  # pg_dump's custom format
TAKEN = "This time was just taken. Please choose another one."

_WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "ALTER ", "DROP T", "DROP I", "TRUNCA")
_own = threading.local()  # per thread: this connection's own writes (the stamp's third part)


def _driver_error(exc: BaseException) -> BaseException:
    """The psycopg2 exception behind peewee's wrapper (raised while handling it)."""
    if exc.args and isinstance(exc.args[0], BaseException):
        return exc.args[0]
    return exc.__cause__ or exc.__context__ or exc


def _pgcode(exc: BaseException) -> str:
    return getattr(_driver_error(exc), "pgcode", None) or ""


class SalonPostgres(AfterCommit, PostgresqlDatabase):
    """PostgreSQL with the salon's write lock, its freshness stamp and its errors made clear."""

    backup_suffix = ".dump"
    backup_header = HEADER

    # -- statements and their errors ----------------------------------------------------------
    def execute_sql(self, sql, params=None):
        if params and any(isinstance(p, str) and "\x00" in p for p in params):
            # PostgreSQL's text cannot hold NUL (SQLite's can): no stored text has one (names
            # and notes refuse control characters), so a search for one finds what it would.
            params = [p.replace("\x00", "") if isinstance(p, str) else p for p in params]
        try:
            cursor = super().execute_sql(sql, params)
        except (OperationalError, InterfaceError) as exc:
            if _pgcode(exc) == "55P03":  # lock_not_available: lock_timeout ran out
                raise _busy() from exc
            if self.in_transaction() or not _is_disconnect(exc):
                raise self._lost(exc) from exc
            self._forget_connection()  # a restarted server or a killed session: once more
            try:
                cursor = super().execute_sql(sql, params)
            except (OperationalError, InterfaceError) as again:
                self._forget_connection()
                raise self._unreachable(again) from again
        except Exception as exc:  # noqa: BLE001 - only the exclusion violation is translated
            if _pgcode(exc) == "23P01" and "booking_no_overlap" in str(exc):
                raise SlotTaken(TAKEN) from exc
            raise
        if sql.lstrip()[:6].upper() in _WRITES:
            _own.writes = getattr(_own, "writes", 0) + 1
        return cursor

    def rollback(self):
        try:
            return super().rollback()
        except (OperationalError, InterfaceError):
            pass  # the connection died with the transaction: nothing was committed

    def _forget_connection(self) -> None:
        conn = self._state.conn
        self._state.reset()
        try:
            if conn is not None:
                conn.close()
        except Exception:  # noqa: BLE001 - it is already broken
            pass

    def _lost(self, exc: Exception) -> Exception:
        if _is_disconnect(exc):
            log.warning("Lost the connection to %s: %s", self.label(), mask_url(str(exc)))
            if not self.in_transaction():
                self._forget_connection()
            return DatabaseUnavailable(
                "The connection to the database server was lost; the change was not saved. "
                "Please try again."
            )
        return exc

    def _unreachable(self, exc: Exception) -> DatabaseUnavailable:
        return connect_error(exc, self.label(), self.database)

    # -- opening ----------------------------------------------------------------------------
    def open_target(self, url: str) -> None:
        self.init(
            url,
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name=seat_name(),
            options=f"-c lock_timeout={LOCK_TIMEOUT_MS}",
        )
        try:
            self.connect(reuse_if_open=True)
            self.execute_sql("SELECT 1").fetchone()
        except DatabaseUnavailable:
            self.close()
            raise
        except (OperationalError, InterfaceError) as exc:
            self._forget_connection()
            raise connect_error(exc, self.label(), url) from exc

    def open_error(self, exc: Exception) -> DatabaseUnavailable | None:
        if isinstance(exc, (OperationalError, InterfaceError)):
            return connect_error(exc, self.label(), self.database)
        code = _pgcode(exc)
        if code.startswith("42"):  # insufficient privilege, undefined object…
            return DatabaseUnavailable(
                "The database {path} cannot be set up: {reason}",
                path=self.label(), reason=_first_line(exc),
            )
        if isinstance(exc, DatabaseError):  # a step the server refused: rolled back, as on a file
            return DatabaseUnavailable(
                "Cannot open the database {path}: {reason}", path=self.label(),
                reason=_first_line(exc),
            )
        return None

    def after_open(self) -> None:
        """The change signals other seats listen to (pg_watch.py)."""
        try:
            ensure_signals(self)
        except DatabaseUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 - a salon without live updates still works
            log.warning("No live updates between seats on %s: %s", self.label(), _first_line(exc))

    def watch_changes(self, on_change) -> ChangeWatcher:
        """Call `on_change()` (in a thread of its own) when another process commits."""
        return ChangeWatcher(self.database, on_change).start()

    def label(self) -> str:
        return mask_url(self.database)

    def file_path(self) -> Path | None:
        return None

    def backup_stem(self) -> str:
        """What the copies' names start with: the database's name."""
        return urlsplit(self.database).path.strip("/") or "salon"

    # -- transactions and freshness -----------------------------------------------------------
    @contextmanager
    def write_transaction(self, wait_ms: int | None = None):
        """The salon's advisory lock in a transaction (see the module's docstring). `wait_ms`: wait
        at most that long for it (DatabaseUnavailable then), not LOCK_TIMEOUT_MS; the statements
        after it wait as usual. Nested, it is a savepoint (the lock is the transaction's)."""
        nested = self.in_transaction()
        with self.atomic() as txn:
            if wait_ms is None or nested:
                self.execute_sql("SELECT pg_advisory_xact_lock(%s)", (SALON_LOCK,))
            else:  # set_config(…, true): this transaction's alone, undone at its end
                (usual,) = self.execute_sql("SELECT current_setting('lock_timeout')").fetchone()
                self.execute_sql("SELECT set_config('lock_timeout', %s, true)",
                                 (f"{int(wait_ms)}ms",))
                self.execute_sql("SELECT pg_advisory_xact_lock(%s)", (SALON_LOCK,))
                self.execute_sql("SELECT set_config('lock_timeout', %s, true)", (usual,))
            yield txn

    def claim_transaction(self):
        return self.atomic()

    @contextmanager
    def short_wait(self, milliseconds: int):
        """Wait at most `milliseconds` for another seat's or program's lock in the block (the
        session's lock_timeout, not LOCK_TIMEOUT_MS): the TUI's workers say "busy" in a second,
        its UI thread's reads never stall for the whole timeout, the bot's keeps give up soon."""
        self.execute_sql("SELECT set_config('lock_timeout', %s, false)",
                         (f"{int(milliseconds)}ms",))
        try:
            yield
        finally:
            try:
                self.execute_sql("SELECT set_config('lock_timeout', %s, false)",
                                 (f"{LOCK_TIMEOUT_MS}ms",))
            except (DatabaseUnavailable, DatabaseError):
                pass  # the session is gone (a new one starts with the usual timeout)

    def claimable(self, query):
        return query.for_update("FOR UPDATE SKIP LOCKED")

    def data_stamp(self) -> tuple[object, str, int]:
        """The server's snapshot (xmin:xmax:in-progress) changes when any transaction that wrote
        commits or begins writing; this connection's own writes are counted beside it."""
        conn = self.connection()
        (snapshot,) = self.execute_sql("SELECT txid_current_snapshot()::text").fetchone()
        return conn, snapshot, getattr(_own, "writes", 0)

    def shared_stamp(self) -> tuple[str, object, int]:
        """`data_stamp` with a first part comparable between threads: the snapshot is the
        server's, whichever connection asks (equal: the same transactions committed)."""
        conn, snapshot, writes = self.data_stamp()
        return snapshot, conn, writes

    def unindexed(self, node):
        return node  # PostgreSQL's planner needs no hint here

    def integrity_check(self) -> str:
        """"ok" when every constraint is validated (the server enforces them as it writes)."""
        (bad,) = self.execute_sql(
            "SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE n.nspname = current_schema() AND NOT c.convalidated"
        ).fetchone()
        return "ok" if bad == 0 else f"{bad} constraint(s) not validated"

    # -- schema -------------------------------------------------------------------------------
    def table_names(self) -> set[str]:
        rows = self.execute_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchall()
        return {name for (name,) in rows}

    def v1_statements(self, frozen_sqlite: str) -> list[str]:
        from .postgresql_v1 import V1_STATEMENTS

        return [s.rstrip(";") for s in V1_STATEMENTS.strip().split(";\n")]

    def migrator(self):
        return PostgresqlMigrator(self)

    def after_step(self, version: int) -> None:
        """What a shared step needs on PostgreSQL beyond what playhouse.migrate did."""
        if version == 2:
            # Name prefixes are searched by range (>= key, < key + U+10FFFF) and sorted: only
            # code-point order makes that exact, whatever the server's default collation.
            self.execute_sql(
                'ALTER TABLE "client" ALTER COLUMN "search_name" TYPE VARCHAR(255) COLLATE "C", '
                'ALTER COLUMN "search_name_rev" TYPE VARCHAR(255) COLLATE "C"'
            )

    def migration_transaction(self):
        return self.write_transaction()

    @contextmanager
    def upgrade_turn(self):
        """One process upgrades at a time, its pg_dump snapshot included: the TUI and the bot
        starting together on an old database would otherwise dump tables the other's steps are
        altering (pg_dump fails on them). A rival waits here, then finds the schema up to date."""
        deadline = time.monotonic() + UPGRADE_WAIT_S
        while not self.execute_sql("SELECT pg_try_advisory_lock(%s)",
                                   (UPGRADE_LOCK,)).fetchone()[0]:
            if time.monotonic() > deadline:
                raise _busy()
            time.sleep(0.1)
        try:
            yield
        finally:
            try:
                self.execute_sql("SELECT pg_advisory_unlock(%s)", (UPGRADE_LOCK,))
            except DatabaseUnavailable:
                pass  # the session is gone, and its lock with it

    def not_a_salon(self) -> DatabaseUnavailable:
        return DatabaseUnavailable(
            "The database {path} holds another program's tables: it is not an mtime-tui salon",
            path=self.label(),
        )

    # -- copies -------------------------------------------------------------------------------
    def copy_to(self, tmp: Path) -> None:
        """`pg_dump -Fc` of the salon's database into `tmp` (one snapshot: consistent)."""
        dump = shutil.which("pg_dump")
        if dump is None:
            raise DatabaseUnavailable(
                "pg_dump was not found: install PostgreSQL's client programs "
                "(Debian/Ubuntu: apt-get install postgresql-client) to back up a PostgreSQL salon"
            )
        dsn, env = _dsn_without_password(self.database)
        done = subprocess.run(
            [dump, "--format=custom", "--no-owner", f"--file={tmp}", f"--dbname={dsn}"],
            env=env, capture_output=True, text=True, timeout=3600,
        )
        if done.returncode != 0:
            raise OSError(mask_url(done.stderr.strip().splitlines()[-1] if done.stderr else "pg_dump failed"))
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())


def _dsn_without_password(url: str) -> tuple[str, dict[str, str]]:
    """The URL without its password, and an environment that carries it (PGPASSWORD): a
    password on a command line is visible to every user of the machine (ps)."""
    parts = urlsplit(url)
    env = dict(os.environ)
    if parts.password is not None:
        env["PGPASSWORD"] = unquote(parts.password)
        netloc = parts.netloc.rsplit("@", 1)
        user = netloc[0].split(":", 1)[0]
        url = parts._replace(netloc=f"{user}@{netloc[1]}").geturl()
    return url, env


def _first_line(exc: BaseException) -> str:
    text = str(_driver_error(exc)).strip().splitlines()
    return mask_url(text[0] if text else type(exc).__name__)


_DISCONNECT_WORDS = ("server closed the connection", "connection already closed", "terminating",
                     "could not connect", "connection refused", "no connection to the server",
                     "ssl connection has been closed", "could not receive data",
                     "could not send data", "connection to server")


def _is_disconnect(exc: BaseException) -> bool:
    text = str(_driver_error(exc)).lower()
    return isinstance(exc, InterfaceError) or any(word in text for word in _DISCONNECT_WORDS)


def _busy() -> DatabaseUnavailable:
    return DatabaseUnavailable(
        "The database is busy (another program is writing to it). Please try again in a moment."
    )


def connect_error(exc: BaseException, label: str, url: str) -> DatabaseUnavailable:
    """One clear sentence for each way a connection fails; the password never in it."""
    text = str(_driver_error(exc))
    low = text.lower()
    parts = urlsplit(url)
    where = f"{parts.hostname or 'localhost'}:{parts.port or 5432}"
    name = parts.path.lstrip("/") or parts.username or ""
    if "password authentication failed" in low or "no password supplied" in low or (
        "authentication failed" in low
    ):
        return DatabaseUnavailable(
            "The database server {where} refused the user {user}: wrong user name or password",
            where=where, user=unquote(parts.username or ""),
        )
    if re.search(r'database ".*" does not exist', low):
        return DatabaseUnavailable(
            "There is no database {name} on the server {where}: create it first "
            "(createdb {name}), or check the name",
            name=name, where=where,
        )
    if re.search(r'role ".*" does not exist', low):
        return DatabaseUnavailable(
            "The database server {where} has no user {user}", where=where,
            user=unquote(parts.username or ""),
        )
    if any(word in low for word in ("could not connect", "connection refused", "timeout expired",
                                    "could not translate host name", "no route to host",
                                    "server closed the connection", "connection to server")):
        return DatabaseUnavailable(
            "Cannot reach the database server {where}: is it running, and is the address right?",
            where=where,
        )
    return DatabaseUnavailable(
        "Cannot open the database {path}: {reason}", path=label, reason=_first_line(exc)
    )
