"""Several seats on one PostgreSQL server see each other's changes at once (LISTEN / NOTIFY).

Every salon table but the outbox has a statement trigger that, at commit, notifies the channel
`mtime_changes` with the writer's application name (`mtime-tui <pid>`). A seat's watcher — one
thread with a connection of its own that only listens — calls back when another process
committed something (its own process's writes it already knows of: the TUI reloads after its
own changes, and its bot thread reports through the app). A burst of commits is one call
(DEBOUNCE_S), and a lost connection is reopened; after a reconnect the watcher calls back once,
since a change may have been missed meanwhile. The TUI answers a call as it answers the bot's
events: every shown section re-reads (`readcache.data_stamp()` has already moved on).
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
from collections.abc import Callable

from .target import mask_url

log = logging.getLogger(__name__)

CHANNEL = "mtime_changes"
DEBOUNCE_S = 0.2
RECONNECT_S = 2.0
QUIET_TABLES = {"outbox", "schema_version"}  # delivery bookkeeping: the sections do not show it


def seat_name() -> str:
    """This process's application name on the server: what its notifications carry."""
    return f"mtime-tui {os.getpid()}"


FUNCTION = f"""
CREATE OR REPLACE FUNCTION mtime_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('{CHANNEL}', current_setting('application_name'));
  RETURN NULL;
END $$
"""


def ensure_signals(database) -> None:
    """Give every table that lacks it the change trigger (new tables of later migrations too).
    Runs at each open under the salon's write lock; a user who may not create triggers keeps a
    working salon, only without live updates from other seats (logged)."""
    with database.write_transaction():
        have = {name for (name,) in database.execute_sql(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'mtime_changed'"
        ).fetchall()}
        missing = sorted(database.table_names() - have - QUIET_TABLES)
        if not missing:
            return
        database.execute_sql(FUNCTION)
        for table in missing:
            database.execute_sql(
                f'CREATE TRIGGER mtime_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
                f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION mtime_changed()'
            )


class ChangeWatcher:
    """A thread that calls `on_change()` when another process commits to the salon."""

    def __init__(self, url: str, on_change: Callable[[], None]) -> None:
        self.url = url
        self.on_change = on_change
        self._stop = threading.Event()
        self.ready = threading.Event()  # listening (tests wait for it)
        self._thread = threading.Thread(target=self._run, name="mtime-seats", daemon=True)

    def start(self) -> ChangeWatcher:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        import psycopg2

        first = True
        while not self._stop.is_set():
            try:
                conn = psycopg2.connect(self.url, connect_timeout=5,
                                        application_name=f"{seat_name()} watch")
            except psycopg2.Error as exc:
                log.warning("Seat watcher cannot connect to %s: %s", mask_url(self.url),
                            mask_url(str(exc).strip()))
                self._stop.wait(RECONNECT_S)
                continue
            try:
                conn.autocommit = True
                conn.cursor().execute(f"LISTEN {CHANNEL}")
                self.ready.set()
                if not first:
                    self._changed()  # something may have changed while we were away
                first = False
                self._listen(conn)
            except (psycopg2.Error, OSError) as exc:
                log.warning("Seat watcher lost %s: %s", mask_url(self.url), exc)
                self._stop.wait(RECONNECT_S)
            finally:
                try:
                    conn.close()
                except psycopg2.Error:
                    pass

    def _listen(self, conn) -> None:
        me = seat_name()
        while not self._stop.is_set():
            if select.select([conn], [], [], 1.0) == ([], [], []):
                continue
            conn.poll()
            foreign = any(n.payload != me for n in conn.notifies)
            conn.notifies.clear()
            if not foreign:
                continue
            time.sleep(DEBOUNCE_S)  # let the rest of a burst arrive: one call for all of it
            conn.poll()
            conn.notifies.clear()
            self._changed()

    def _changed(self) -> None:
        try:
            self.on_change()
        except Exception:  # noqa: BLE001 - a failing listener must not stop the watching
            log.exception("Seat watcher callback failed")
