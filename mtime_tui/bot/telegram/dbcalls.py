"""The bot's database calls, run off its event loop.

A commit waits for the disk (journal_mode=DELETE, synchronous=FULL: ≈ 16 ms here, SPEC "Data
safety"); run in the bot's loop, that wait stops every other user's update. `run_db(fn, …)` runs a
synchronous core call in a worker thread instead, while the loop serves others (sqlite3 releases
the GIL while it waits); `read_db(fn, …)` does the same for a screen's reads, in workers of their
own, so that a reader never waits on the loop for another program's lock either. Each worker thread keeps its own connection (peewee
keeps one per thread), opened on its first call, reopened if the database was re-pointed at
another file, and closed by `shutdown()` when the bot stops.

Never `await` inside `db.atomic()`: a transaction belongs wholly to one `run_db` call.

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
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from ...core.messaging import outbox
from ...core.storage import readcache, update_file
from ...core.storage.models import database
from ...core.storage.readcache import snapshot

T = TypeVar("T")
log = logging.getLogger(__name__)

# One writer at a time is all SQLite allows; a single worker keeps the bot's writes from waiting
# on each other in the busy handler (sleeps of 1–100 ms), and keeps them in the order they came.
WORKERS = 1
# Reads (a screen's lookups) have workers of their own: they never queue behind a write that
# waits for another program's lock, and the loop keeps answering while they read.
READERS = 2

_lock = threading.Lock()
_pools: dict[str, ThreadPoolExecutor] = {}  # by thread-name prefix, made on first use
_connections: list[sqlite3.Connection] = []
_local = threading.local()
_takers: dict[asyncio.AbstractEventLoop, Callable[[object], None]] = {}  # by the sender's loop


def _pool(prefix: str, workers: int, initializer: Callable[[], None] | None = None
          ) -> ThreadPoolExecutor:
    """The workers named `prefix`: the writer, the readers, the update keeper."""
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


async def run_db(fn: Callable[..., T], *args, **kwargs) -> T:
    """`fn(*args, **kwargs)` in a database worker thread; its result or its exception."""
    loop = asyncio.get_running_loop()
    take = _takers.get(loop)
    call = (functools.partial(_call, fn, args, kwargs) if take is None
            else functools.partial(_handing_call, take, fn, args, kwargs))
    return await loop.run_in_executor(_pool("mtime-bot-db", WORKERS), call)


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
