"""Reads that many people ask at once, computed once per state of the database.

Fifty clients choosing the same service at the same moment ask for the same dates, times and
lists of masters; each answer takes a query or a fortnight of free-time computation. `cached`
keeps an answer until anything in the database changes, exactly:

- the engine's commit stamp (`database.data_stamp()`, core/storage/) changes when any *other*
  connection commits (the TUI's thread, the bot's database worker, another process or seat) —
  SQLite's `PRAGMA data_version`, PostgreSQL's transaction snapshot — and when the connection
  makes writes of its own, committed or not (SQLite's `total_changes`, a counter on PostgreSQL);
- the clock's minute: every rule that depends on now (today, the minimum notice) depends on it
  through the minute (free starts are whole minutes; see `slots.free_starts_pure`).

Each thread has its own cache (peewee gives each thread its own connection, and a stamp is
only comparable on one connection); one state is kept, so memory is bounded by the distinct reads
of one state. Bookings never rely on it: every write re-checks free time inside its transaction.
Callers must not mutate what they get (lists come back as fresh copies; the items are shared).

Threads that only read may `share()` one cache instead (the bot's reading workers: one press is
read by one worker, the next press by the other, and each would read the same rows again). The
shared answers are kept under a stamp every thread reads alike (`database.shared_stamp()`: on
SQLite the `data_version` of one watch connection to the file, which moves with any other
connection's commit; on PostgreSQL the server's snapshot), so one commit drops them once, at the
first look of whichever thread comes first, and the other thread finds what was read since. The
first look by any of them after a commit sees that commit, so no answer computed before a commit
is handed out after it was seen; an answer computed on a stale cache goes into a cache already
dropped. A sharing thread's own writes (its connection's count), the minute turning, its first
look or a new connection drop them too; a sharing thread inside a transaction uses its own cache
(what it reads there may not be committed).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from .. import clock
from .models import database

T = TypeVar("T")

MAX_ENTRIES = 512  # distinct reads kept for one state of the database

_local = threading.local()
_shared_lock = threading.Lock()
_shared: _Cache | None = None  # the cache of the threads that called share()
_pinned: ContextVar[_Cache | None] = ContextVar("readcache_pinned", default=None)


class _Cache:
    __slots__ = ("conn", "version", "changes", "minute", "entries")

    def __init__(self, conn: object, version: int, changes: int, minute: object) -> None:
        self.conn = conn  # held, so a later connection cannot reuse its id
        self.version = version
        self.changes = changes
        self.minute = minute
        self.entries: dict[tuple, Any] = {}


def data_stamp() -> tuple[object, object, int]:
    """The state of the database as this thread's connection sees it: equal stamps mean nothing
    was written in between, by anyone (the connection itself, kept in the stamp so that a later
    one cannot take its place; the others' commits; this connection's own writes)."""
    return database.data_stamp()


def share() -> None:
    """Let this thread's reads share one cache with the other threads that called it (threads
    that only read: the bot's reading workers)."""
    _local.shared = True


def _current() -> _Cache:
    minute = clock.now_utc().replace(second=0, microsecond=0)
    if getattr(_local, "shared", False) and not database.in_transaction():
        return _current_shared(minute)
    conn, version, changes = data_stamp()
    cache: _Cache | None = getattr(_local, "cache", None)
    if (
        cache is None
        or cache.conn is not conn
        or cache.version != version
        or cache.changes != changes
        or cache.minute != minute
    ):
        cache = _local.cache = _Cache(conn, version, changes, minute)
    return cache


def _current_shared(minute: object) -> _Cache:
    global _shared
    version, conn, changes = database.shared_stamp()  # the first part: the same for every thread
    seen = getattr(_local, "seen", None)
    where = (database.obj, database.database)  # a re-pointed database: never the old answers
    with _shared_lock:
        cache = _shared
        if (
            cache is None
            or cache.version != version
            or seen is None
            or seen[0] is not conn
            or seen[1] != changes
            or cache.minute != minute
            or cache.conn != where
        ):
            cache = _shared = _Cache(where, version, 0, minute)
        _local.seen = (conn, changes)
    return cache


@contextmanager
def snapshot() -> Iterator[None]:
    """Answer every `cached` read inside the block for one state, checked once at its start.

    For a stretch of reads with nothing awaited in between (one screen of the bot): each state
    check is a statement that lets other threads take the interpreter, and a screen asks three
    or four. The pin belongs to the calling context (a contextvar: another asyncio task never
    sees it); a read that misses still reads the database as it is then.
    """
    if _pinned.get() is not None:
        yield
        return
    token = _pinned.set(_current())
    try:
        yield
    finally:
        _pinned.reset(token)


def cached(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(*args, **kwargs)`, computed at most once per state of the database and minute.

    `fn` must only read the database and the clock, and its arguments must be hashable."""
    cache = _pinned.get() or _current()
    key = (fn, args, tuple(sorted(kwargs.items())))
    try:
        value = cache.entries[key]
    except KeyError:
        value = fn(*args, **kwargs)
        if len(cache.entries) >= MAX_ENTRIES:
            cache.entries.clear()
        cache.entries[key] = value
    return list(value) if isinstance(value, list) else value  # type: ignore[return-value]


def by_readers(fn: Callable[..., T], *args: Any) -> T:
    """`cached(fn, *args)` in a thread that shares (the bot's reading workers), else `fn(*args)`:
    for the parts of a computation that the next screens ask for again (a service's masters,
    their plans), while the TUI and every write's own re-check read them afresh as before."""
    if getattr(_local, "shared", False):
        return cached(fn, *args)
    return fn(*args)


def clear() -> None:
    """Forget this thread's answers and the shared ones (tests; never needed for correctness)."""
    global _shared
    _local.cache = None
    with _shared_lock:
        _shared = None
