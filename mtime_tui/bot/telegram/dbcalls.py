"""The bot's database calls, run off its event loop.

A commit waits for the disk (journal_mode=DELETE, synchronous=FULL: ≈ 16 ms here, SPEC "Data
safety"); run in the bot's loop, that wait stops every other user's update. `run_db(fn, …)` runs a
synchronous core call in a worker thread instead, while the loop serves others (sqlite3 releases
the GIL while it waits); `read_db(fn, …)` does the same for a screen's reads, in workers of their
own, so that a reader never waits on the loop for another program's lock either. Each worker thread keeps its own connection (peewee
keeps one per thread), opened on its first call, reopened if the database was re-pointed at
another file, and closed by `shutdown()` when the bot stops.

Never `await` inside `db.atomic()`: a transaction belongs wholly to one `run_db` call.

`run_db_grouped(fn, …)`: the booking dialogue's writes (the phone, the name, the booking, /start,
the sender's claims and marks sent). Those queued together while the writer was busy share one
write transaction and one commit, each in a savepoint of its own (`group_commit`): under a crowd
the writer pays one commit for several clients instead of one each.

While a loop's outbox sender runs (`hand_new_rows`), the notification rows its `run_db` calls
write are handed to that sender in memory after their commit (core.messaging.outbox `handing`):
a booking's notices go out without a claim commit of their own.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import TypeVar

from ...core.messaging import outbox
from ...core.storage import readcache, update_file
from ...core.storage.models import database
from ...core.storage.readcache import snapshot
from . import group_commit

T = TypeVar("T")
log = logging.getLogger(__name__)

# One writer at a time is all SQLite allows; a single worker keeps the bot's writes from waiting
# on each other in the busy handler (sleeps of 1–100 ms), and keeps them in the order they came.
WRITER = "mtime-bot-db"
# A mark sent ends its group: its commit never waits for a call queued after it, so the window
# in which a sent notice is sent again after a crash (docs/RELIABILITY.md) is never wider.
_LAST_OF_A_GROUP = frozenset({outbox.mark_sent})
# Reads (a screen's lookups) have workers of their own: they never queue behind a write that
# waits for another program's lock, and the loop keeps answering while they read.
READERS = 2

_lock = threading.Lock()
_pools: dict[str, Executor] = {}  # by thread-name prefix, made on first use
_connections: list[sqlite3.Connection] = []
_local = threading.local()
_takers: dict[asyncio.AbstractEventLoop, Callable[[object], None]] = {}  # by the sender's loop


def _pool(prefix: str, workers: int, initializer: Callable[[], None] | None = None
          ) -> Executor:
    """The workers named `prefix`: the readers, the update keeper."""
    with _lock:
        pool = _pools.get(prefix)
        if pool is None:
            pool = _pools[prefix] = ThreadPoolExecutor(
                max_workers=workers, thread_name_prefix=prefix, initializer=initializer)
        return pool


def _ensure_connection(handle=database) -> None:
    """This worker's connection to `handle`, to the file (or server) it currently points at."""
    where = (handle.obj, handle.database)
    opened = _local.__dict__.setdefault("opened", {})
    if not handle.is_closed() and opened.get(id(handle)) != where:
        stale = handle.connection()
        handle.close()  # opened before the database was re-pointed (tests, a new salon file)
        with _lock:
            if stale in _connections:
                _connections.remove(stale)
    if handle.is_closed():
        handle.connect()
        opened[id(handle)] = where
        with _lock:
            _connections.append(handle.connection())


def _call(fn: Callable[..., T], args: tuple, kwargs: dict) -> T:
    _ensure_connection()
    return fn(*args, **kwargs)


def _keep_call(fn: Callable[..., T], args: tuple, kwargs: dict) -> T:
    _ensure_connection()
    if update_file.separate():  # the update store's own file (SQLite)
        _ensure_connection(update_file.database)
    return fn(*args, **kwargs)


def _handing_call(take: Callable[[object], None], fn: Callable[..., T], args: tuple,
                  kwargs: dict) -> T:
    with outbox.handing(take):
        return _call(fn, args, kwargs)


def _writer_call(loop: asyncio.AbstractEventLoop, fn: Callable[..., T], args: tuple,
                 kwargs: dict) -> Callable[[], T]:
    take = _takers.get(loop)
    return (functools.partial(_call, fn, args, kwargs) if take is None
            else functools.partial(_handing_call, take, fn, args, kwargs))


async def run_db(fn: Callable[..., T], *args, **kwargs) -> T:
    """`fn(*args, **kwargs)` in the database writer thread, alone; its result or its exception."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_writer(), _writer_call(loop, fn, args, kwargs))


async def run_db_grouped(fn: Callable[..., T], *args, **kwargs) -> T:
    """`run_db`, for a write of the booking dialogue that may share one commit with the others
    queued beside it (`group_commit`): `fn` does its writes in write transactions (or single
    statements), neither commits, retries nor sets PRAGMAs itself, and run again after an unsure
    commit gives the same outcome. Its result comes only after the commit."""
    loop = asyncio.get_running_loop()
    future = _writer().submit_grouped(_writer_call(loop, fn, args, kwargs),
                                      last=fn in _LAST_OF_A_GROUP)
    return await asyncio.wrap_future(future, loop=loop)


def _writer() -> group_commit.Writer:
    with _lock:
        writer = _pools.get(WRITER)
        if writer is None:
            writer = _pools[WRITER] = group_commit.Writer(WRITER, _ensure_connection)
        return writer


def hand_new_rows(take: Callable[[object], None]) -> Callable[[], None]:
    """From now on, outbox rows written by this loop's `run_db` calls go to `take(row)`, called
    in this loop after their commit; returns the function that ends it. The sender's."""
    loop = asyncio.get_running_loop()

    def in_loop(row) -> None:  # in the writer, after the commit
        try:
            loop.call_soon_threadsafe(take, row)
        except RuntimeError:  # the loop has closed: the row is due when its claim runs out
            log.info("Outbox row %s waits for its claim to run out (the bot stopped)", row.id)

    _takers[loop] = in_loop
    return lambda: _takers.pop(loop, None) if _takers.get(loop) is in_loop else None


async def read_db(fn: Callable[..., T], *args, **kwargs) -> T:
    """`fn(*args, **kwargs)` — reads only — in a reading worker thread, off the bot's loop."""
    loop = asyncio.get_running_loop()
    # The readers share one read cache: the next press, read by the other worker, finds what
    # this one read if nothing was written in between (`readcache.share`).
    return await loop.run_in_executor(_pool("mtime-bot-read", READERS, readcache.share),
                                      functools.partial(_call, fn, args, kwargs))


async def keep_db(fn: Callable[..., T], *args, **kwargs) -> T:
    """`fn(*args, **kwargs)` of the update store (`polling`) in a worker of its own: keeping a
    fetched batch never queues behind a write that waits for another program's lock (the
    sender's, a booking's), so the bot goes on answering while the file is busy."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_pool("mtime-bot-updates", 1),
                                      functools.partial(_keep_call, fn, args, kwargs))


async def read_screen(fn: Callable[[], T]) -> T:
    """A screen's reads, `fn()`, under one state of the database (`readcache.snapshot`), in a
    reading worker: the loop keeps answering while they run, even behind another program's
    lock."""

    def reads() -> T:
        with snapshot():
            return fn()

    return await read_db(reads)


def shutdown() -> None:
    """Stop the workers (after the calls in flight) and close their connections."""
    with _lock:
        pools = list(_pools.values())
        _pools.clear()
    for executor in pools:
        executor.shutdown(wait=True)
    with _lock:
        connections = list(_connections)
        _connections.clear()
    for conn in connections:  # opened with check_same_thread=False; their threads have ended
        try:
            conn.close()
        except sqlite3.Error:
            pass
