"""Database work off the UI thread, one way for every screen: `self.run_db(fn, *args, done=…)`.

The UI thread must keep answering keys. A write waits for SQLite's write lock, and while another
program holds it (a backup tool, a second copy of the app, a long transaction) it would wait up
to the busy timeout — the whole TUI frozen. So writes, and reads that can take long, run here:

- in a thread worker of the screen (`@work(thread=True)` semantics: `group`, `exclusive`), with
  the thread's own database connection opened for the call and closed after it (peewee keeps one
  connection per thread; a worker thread's would otherwise linger until the thread is collected);
- while the database is busy the call is retried with back-off (0.2 s … 2 s) until it goes
  through or the worker is cancelled (its screen closed), and the screen shows "busy, retrying"
  once (`on_busy`, by default a toast);
- the answer comes back as a message to the screen, handled in the UI thread: `done(result)`,
  or `failed(error)` for a DomainError (default: the error as a toast). A read-only file and
  other errors the user cannot wait out are not retried.
"""

from __future__ import annotations

import inspect
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.worker import Worker, get_current_worker

from ..core.errors import DatabaseUnavailable, DomainError
from ..core.storage import db
from ..i18n import _

log = logging.getLogger(__name__)

RETRY_DELAYS = (0.2, 0.5, 1.0, 2.0)  # seconds between attempts while the database is busy
ATTEMPT_BUSY_MS = 1000  # each attempt waits this long for the lock before saying "busy"
BUSY_WORDS = "busy"  # DatabaseUnavailable's msgid for a lock (read-only files are not retried)


def is_busy(error: DomainError) -> bool:
    return isinstance(error, DatabaseUnavailable) and BUSY_WORDS in error.msgid


@dataclass
class DbDone(Message):
    """A `run_db` call returned: `callback(result)` in the UI thread."""

    callback: Callable[[Any], None] | None
    result: Any


@dataclass
class DbFailed(Message):
    """A `run_db` call raised a DomainError the user should see."""

    callback: Callable[[DomainError], None] | None
    error: DomainError


@dataclass
class DbBusy(Message):
    """The database is busy: the call waits and tries again."""

    callback: Callable[[], None] | None


class DbWork:
    """Mixin for a Screen (a section or a modal): `run_db` and the handlers of its answers."""

    def run_db(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[DomainError], None] | None = None,
        on_busy: Callable[[], None] | None = None,
        group: str = "db",
        exclusive: bool = False,
        **kwargs: Any,
    ) -> Worker:
        """Run `fn(*args, **kwargs)` in a thread worker (see the module's docstring)."""
        post = self.post_message  # type: ignore[attr-defined]

        def call() -> None:
            worker = get_current_worker()
            told = False
            attempt = 0
            while not worker.is_cancelled:
                try:
                    with db.connection() as database, database.short_wait(ATTEMPT_BUSY_MS):
                        # wait in short steps: the screen hears "busy" in a second, not in 10
                        result = fn(*args, **kwargs)
                except DomainError as error:
                    if not is_busy(error):
                        post(DbFailed(failed, error))
                        return
                    if not told:
                        told = True
                        post(DbBusy(on_busy))
                    time.sleep(RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)])
                    attempt += 1
                    continue
                if not worker.is_cancelled:
                    post(DbDone(done, result))
                return

        return self.run_worker(  # type: ignore[attr-defined]
            call, thread=True, group=group, exclusive=exclusive, exit_on_error=True
        )

    async def on_db_done(self, message: DbDone) -> None:
        message.stop()
        if message.callback is not None:
            await _maybe_await(message.callback(message.result))

    async def on_db_failed(self, message: DbFailed) -> None:
        message.stop()
        if message.callback is not None:
            await _maybe_await(message.callback(message.error))
        else:
            self.notify(  # type: ignore[attr-defined]
                message.error.message(), title=_("Not done"), severity="error", markup=False
            )

    def on_db_busy(self, message: DbBusy) -> None:
        message.stop()
        if message.callback is not None:
            message.callback()
        else:
            self.notify(  # type: ignore[attr-defined]
                busy_text(), severity="warning", markup=False
            )


async def _maybe_await(value: object) -> None:
    """Callbacks may be coroutines (a wizard step that awaits its widgets)."""
    if inspect.isawaitable(value):
        await value


UI_BUSY_MS = 100  # the UI thread waits at most this long for another program's lock
UI_RETRY_SECONDS = 1.0  # a reload refused by a lock is tried again this often


@contextmanager
def quick_reads() -> Iterator[None]:
    """Reads in the UI thread wait ~0.1 s for another program's lock, not the busy timeout:
    a refused reload keeps what is shown and is tried again (SectionScreen.reload)."""
    with db.database.short_wait(UI_BUSY_MS):  # takes no lock (SQLite's busy timeout, the
        yield  # server's lock_timeout)


def busy_text() -> str:
    """What a screen shows while its database call waits for another program."""
    return _("The database is busy (another program is using it): retrying…")
