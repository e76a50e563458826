"""The bot's writer: one thread that runs the database calls in the order they came, and commits
the booking dialogue's calls that queued up together once (group commit).

Each commit waits for the disk (journal_mode=DELETE, synchronous=FULL, SPEC "Data safety"). When
fifty clients book at once their phones, names and bookings queue for the one writer, and each
paid a commit of its own. Now, when the writer takes a call submitted with `submit_grouped` and
more such calls are already queued behind it, it runs them in ONE write transaction — the one
core's re-checks stand on (BEGIN IMMEDIATE on SQLite, the salon's advisory lock on PostgreSQL) —
each call in a savepoint of its own, and commits once:

- every call sees the calls before it in the group (a booking's re-check sees the booking just
  made before it: two clients racing for one slot still end with one booking and one "this time
  was just taken");
- a call whose own code raised a domain error (core.errors: the slot was just taken, bad input)
  has only its savepoint rolled back and gets its exception; the others go on;
- a database-level error (the lock held elsewhere beyond GROUP_WAIT_MS, a locked or refused
  COMMIT, disk I/O, a lost server, any other exception) rolls the whole group back, and its calls
  run one by one as they always did. A grouped call must therefore give the same outcome when
  run again after an unsure COMMIT (the ones grouped are: a booking finds itself as a double
  tap, a phone or a name is set again, a mark is made again, a claim claims again);
- no call's result or exception is handed back before the group's COMMIT succeeded, and
  `db.after_commit` callbacks (the booking's notices handed to the sender) run after it, never
  for a savepoint rolled back.

A call submitted with `last=True` ends its group (a mark sent: its commit never waits for a
call queued after it). Calls submitted with `submit` run alone, as before: backups, PRAGMAs,
anything that commits, retries or must not run in a transaction; nothing is grouped unless its
caller asks.
"""

from __future__ import annotations

import atexit
import functools
import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass

from ...core.errors import DatabaseUnavailable, DomainError
from ...core.storage.db import write_transaction
from ...core.storage.models import database

log = logging.getLogger(__name__)

MAX_GROUP = 20  # calls in one transaction at most: the first one's answer waits for the rest
GROUP_WAIT_MS = 50  # the lock held elsewhere longer than this: the calls run one by one


@dataclass(slots=True)
class _Item:
    call: Callable[[], object]
    future: Future
    grouped: bool
    last: bool


class Writer(Executor):
    """One worker thread (named `name`_0, like a ThreadPoolExecutor's) over one queue; `prepare()`
    (opening this thread's connection) runs before a group's transaction."""

    def __init__(self, name: str, prepare: Callable[[], None]) -> None:
        self._name, self._prepare = name, prepare
        self._queue: deque[_Item] = deque()
        self._ready = threading.Condition()
        self._closed = False
        self._thread: threading.Thread | None = None

    def submit(self, fn, /, *args, **kwargs) -> Future:
        """`fn(*args, **kwargs)` alone, in its turn."""
        return self._put(_Item(functools.partial(fn, *args, **kwargs), Future(), False, False))

    def submit_grouped(self, call: Callable[[], object], *, last: bool = False) -> Future:
        """`call()` in its turn, in one transaction with the grouped calls queued beside it."""
        return self._put(_Item(call, Future(), True, last))

    def _put(self, item: _Item) -> Future:
        with self._ready:
            if self._closed:
                raise RuntimeError("cannot schedule new futures after shutdown")
            self._queue.append(item)
            if self._thread is None:  # daemon: `shutdown` (the bot's stop, or at exit) joins it
                self._thread = threading.Thread(target=self._work, name=f"{self._name}_0",
                                                daemon=True)
                self._thread.start()
                atexit.register(self.shutdown)  # the queued calls still run, as a pool's do
            self._ready.notify()
        return item.future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """No new calls; the queued ones still run (unless `cancel_futures`)."""
        with self._ready:
            self._closed = True
            if cancel_futures:
                while self._queue:
                    self._queue.popleft().future.cancel()
            self._ready.notify_all()
            thread = self._thread
        if wait and thread is not None and thread is not threading.current_thread():
            thread.join()

    def _work(self) -> None:
        while True:
            with self._ready:
                while not self._queue and not self._closed:
                    self._ready.wait()
                if not self._queue:
                    return
                items = self._take()
            self._run([item for item in items if item.future.set_running_or_notify_cancel()])

    def _take(self) -> list[_Item]:
        """The next call, and the grouped calls queued right behind it when it is one."""
        items = [self._queue.popleft()]
        if not items[0].grouped or items[0].last:
            return items
        while self._queue and len(items) < MAX_GROUP and self._queue[0].grouped:
            items.append(self._queue.popleft())
            if items[-1].last:
                break
        return items

    def _run(self, items: list[_Item]) -> None:
        if len(items) == 1:
            _alone(items[0])
            return
        if not items:
            return
        try:
            self._prepare()
            outcomes = _together([item.call for item in items])
        except BaseException as exc:  # noqa: BLE001 - nothing of the group stands: each alone
            log.info("A group of %d writes was rolled back (%s); each runs alone",
                     len(items), type(exc).__name__)  # the type only: no server's words
            for item in items:
                _alone(item)
            return
        for item, (ok, value) in zip(items, outcomes, strict=True):
            if ok:
                item.future.set_result(value)
            else:
                item.future.set_exception(value)


def _alone(item: _Item) -> None:
    try:
        result = item.call()
    except BaseException as exc:  # noqa: BLE001 - the caller's to handle, as a pool's worker does
        item.future.set_exception(exc)
    else:
        item.future.set_result(result)


def _together(calls: list[Callable[[], object]]) -> list[tuple[bool, object]]:
    """Run `calls` in one write transaction, each in a savepoint; (True, result) or (False, the
    domain error that rolled its savepoint back) for each, once the transaction has committed.
    Raises (everything rolled back) on any other error, the COMMIT's included."""
    outcomes: list[tuple[bool, object]] = []
    with write_transaction(GROUP_WAIT_MS):
        for call in calls:
            try:
                with database.atomic():  # a savepoint
                    value = call()
            except DatabaseUnavailable:
                raise  # a lock, a read-only file, a lost server: the database's, not the call's
            except DomainError as exc:
                outcomes.append((False, exc))
            else:
                outcomes.append((True, value))
    return outcomes
