"""The read cache: one answer per state of the database, and never a stale one.

Any commit — from this connection, another thread's connection or another process — and the
clock's minute change the state; the bot's screens read through it, bookings never do.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from mtime_tui.core import clock, settings
from mtime_tui.core.booking import bookings, slots
from mtime_tui.core.storage import db, readcache
from mtime_tui.core.storage.models import Booking

from . import salon_rows as rows
from .conftest import FIXED_NOW, TODAY
from .engine_helpers import run_outside

pytestmark = pytest.mark.both_engines


class Counting:
    """A read that counts how often it really ran."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, *args):
        self.calls += 1
        return [Booking.select().count(), *args]


def in_thread(fn) -> None:
    """Run `fn` in a new thread: peewee gives it its own connection."""
    errors = []

    def run() -> None:
        try:
            fn()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            db.database.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    assert not errors


def book_noon() -> None:
    """A booking today at 12:00 with a new service, master and client (whatever thread calls)."""
    svc = rows.service()
    m = rows.master("Anna", svc)
    bookings.create_booking(service_id=svc.id, client_id=rows.client().id, day=TODAY,
                            start=12 * 60, master_id=m.id, source="manual")


def test_same_state_computes_once_and_arguments_are_part_of_the_key(salon):
    read = Counting()
    assert readcache.cached(read, 1) == [0, 1]
    assert readcache.cached(read, 1) == [0, 1]
    assert read.calls == 1
    assert readcache.cached(read, 2) == [0, 2]
    assert read.calls == 2


def test_a_write_on_the_same_connection_is_seen_committed_or_not(salon, engine):
    read = Counting()
    svc = rows.service()
    m = rows.master("Anna", svc)
    c = rows.client()
    assert readcache.cached(read)[0] == 0
    with db.write_transaction():
        Booking.create(number=1001, master=m, service=svc, client=c, date=TODAY, start=600,
                       duration=60, status="pending", source="manual")
        assert readcache.cached(read)[0] == 1  # inside the transaction, own write visible
    assert readcache.cached(read)[0] == 1
    # SQLite: the commit of what this connection already saw is no change; PostgreSQL's snapshot
    # moves when the transaction ends, so it reads once more (never a stale answer either way).
    assert read.calls == (2 if engine == "sqlite" else 3)


def test_a_commit_from_another_thread_is_seen(salon):
    read = Counting()
    assert readcache.cached(read)[0] == 0
    in_thread(book_noon)
    assert readcache.cached(read)[0] == 1


def test_a_commit_from_another_program_is_seen(salon):
    readcache.cached(settings.load)  # warm
    assert settings.load().salon_name == "Test Salon"
    run_outside(salon, "UPDATE setting SET value = 'Renamed' WHERE key = 'salon_name'")
    assert settings.load().salon_name == "Renamed"


def test_the_minute_is_part_of_the_state(salon, fixed_clock):
    read = Counting()
    readcache.cached(read)
    clock.set_clock(clock.FixedClock(FIXED_NOW + dt.timedelta(seconds=59)))
    readcache.cached(read)
    assert read.calls == 1
    clock.set_clock(clock.FixedClock(FIXED_NOW + dt.timedelta(seconds=60)))
    readcache.cached(read)
    assert read.calls == 2


def test_another_database_file_never_gets_the_first_ones_answers(salon, tmp_path):
    read = Counting()
    assert readcache.cached(read)[0] == 0
    book_noon()
    assert readcache.cached(read)[0] == 1
    db.open_database(tmp_path / "other.db")  # a fresh salon: a new connection, no bookings
    assert readcache.cached(read)[0] == 0


def test_lists_come_back_as_copies(salon):
    """(PostgreSQL: a few tries, as in test_sharing_threads_answer_once_for_one_state — another
    test's commit may move the server's snapshot between the two reads; one try must read once.)"""
    for _ in range(5):
        read = Counting()
        one = readcache.cached(read)
        one.append("mutated")
        again = readcache.cached(read)
        if read.calls == 1:
            break
    assert read.calls == 1
    assert again == [0]


def test_dates_seen_through_the_cache_follow_bookings_made_elsewhere(salon):
    """A master's last free start of a day, booked by the TUI's thread, leaves the bot's dates."""
    svc = rows.service(duration=60)
    m = rows.master("Anna", svc, shift_start=20, shift_end=20)  # one start a day: 20:00
    day = TODAY + dt.timedelta(days=3)
    assert day in readcache.cached(slots.available_dates, svc.id, None)

    def book() -> None:
        bookings.create_booking(service_id=svc.id, client_id=rows.client().id, day=day,
                                start=20 * 60, master_id=m.id, source="manual")

    in_thread(book)
    assert day not in readcache.cached(slots.available_dates, svc.id, None)
    assert readcache.cached(slots.any_master_starts, svc.id, day) == []


def test_a_reopened_file_with_the_same_counters_is_still_told_apart(fixed_clock, tmp_path):
    """Two files whose fresh connections show equal counters: the connection itself is the key."""
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    for path, name in ((a, "Salon A"), (b, "Salon B")):
        db.open_database(path)
        settings.save(salon_name=name)
        db.close_database()
    try:
        db.open_database(a)
        assert settings.load().salon_name == "Salon A"
        db.open_database(b)
        assert settings.load().salon_name == "Salon B"
    finally:
        db.close_database()


def test_a_snapshot_answers_for_the_state_at_its_start_then_lets_go(salon):
    read = Counting()
    with readcache.snapshot():
        assert readcache.cached(read)[0] == 0
        in_thread(book_noon)
        assert readcache.cached(read)[0] == 0  # one state for the whole block
    assert readcache.cached(read)[0] == 1  # checked again after it


def test_a_snapshot_is_never_seen_by_another_asyncio_task(salon):
    """The bot's loop runs many handlers; a pin belongs to the one that made it."""
    import asyncio

    read = Counting()
    seen = []

    async def pinned(gate: asyncio.Event, done: asyncio.Event) -> None:
        with readcache.snapshot():
            readcache.cached(read)
            gate.set()
            await done.wait()  # (handlers never await inside; this proves the isolation)

    async def other(gate: asyncio.Event, done: asyncio.Event) -> None:
        await gate.wait()
        rows.service()  # a write by this thread's connection: a new state for everyone unpinned
        seen.append(readcache.cached(read))
        done.set()

    async def main() -> None:
        gate, done = asyncio.Event(), asyncio.Event()
        await asyncio.gather(pinned(gate, done), other(gate, done))

    asyncio.run(main())
    assert read.calls == 2 and seen == [[0]]


# ---- threads that share one cache (the bot's reading workers) -----------------------------


class Reader:
    """A long-lived thread that shares the read cache (as the bot's reading workers do)."""

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.pool = ThreadPoolExecutor(max_workers=1, initializer=readcache.share)

    def __call__(self, fn, *args):
        return self.pool.submit(fn, *args).result(10)

    def close(self) -> None:
        self.pool.submit(db.database.close).result(10)
        self.pool.shutdown()


@pytest.fixture
def readers(salon):
    """Two sharing workers, each past its first look (a thread's first look drops the shared
    answers: it cannot know what was committed before)."""
    pair = Reader(), Reader()
    for reader in pair:
        reader(readcache.cached, len, ())
    yield pair
    for reader in pair:
        reader.close()
    readcache.clear()


def test_sharing_threads_answer_once_for_one_state(readers):
    """One press read by one worker, the next by the other: the rows are read once. (On
    PostgreSQL the stamp is the server's snapshot, which another test's commit in another
    database may move between two reads: a few tries, one of them must read once.)"""
    a, b = readers
    for _ in range(5):
        read = Counting()
        assert a(readcache.cached, read) == [0]
        assert b(readcache.cached, read) == [0]
        assert a(readcache.cached, read) == [0]
        if read.calls == 1:
            break
    assert read.calls == 1


def test_a_commit_from_another_thread_is_seen_by_every_sharing_thread(readers):
    a, b = readers
    read = Counting()
    assert a(readcache.cached, read) == [0]
    assert b(readcache.cached, read) == [0]
    in_thread(book_noon)  # the TUI's thread or the bot's writer: a connection of its own
    assert b(readcache.cached, read) == [1]  # the very next read, by either worker
    assert a(readcache.cached, read) == [1]
    in_thread(book_noon)
    assert a(readcache.cached, read) == [2]
    assert b(readcache.cached, read) == [2]


def test_one_commit_makes_the_sharing_threads_read_again_once(readers):
    """After a commit the first look of either worker drops the shared answers; the other
    worker then finds what was read since (one re-read per commit, not one per worker). (On
    PostgreSQL another test's commit may move the server's snapshot in between: a few tries.)"""
    a, b = readers
    for tries in range(5):
        read = Counting()
        assert a(readcache.cached, read) == [tries]
        assert b(readcache.cached, read) == [tries]
        in_thread(book_noon)
        before = read.calls
        assert b(readcache.cached, read) == [tries + 1]  # the very next read sees it
        assert a(readcache.cached, read) == [tries + 1]
        assert b(readcache.cached, read) == [tries + 1]
        if read.calls == before + 1:
            break
    assert read.calls == before + 1


def test_a_commit_from_another_program_is_seen_by_every_sharing_thread(readers, salon):
    a, b = readers
    assert a(lambda: settings.load().salon_name) == "Test Salon"
    assert b(lambda: settings.load().salon_name) == "Test Salon"
    run_outside(salon, "UPDATE setting SET value = 'Renamed' WHERE key = 'salon_name'")
    assert a(lambda: settings.load().salon_name) == "Renamed"
    assert b(lambda: settings.load().salon_name) == "Renamed"


def test_what_a_sharing_thread_writes_before_its_commit_is_never_shared(readers):
    """A write inside a transaction is visible to its own connection only: the other worker
    must not get an answer read there."""
    a, b = readers
    read = Counting()
    assert b(readcache.cached, read) == [0]
    svc, c = rows.service(), rows.client()
    m = rows.master("Anna", svc)
    assert b(readcache.cached, read) == [0]  # (the writes above committed: read again)
    opened, release = threading.Event(), threading.Event()

    def write_and_wait() -> int:
        with db.write_transaction():
            Booking.create(number=1001, master=m.id, service=svc.id, client=c.id, date=TODAY,
                           start=600, duration=60, status="pending", source="manual")
            seen = readcache.cached(read)[0]
            opened.set()
            release.wait(10)
            raise RuntimeError("rolled back")
        return seen

    done = a.pool.submit(write_and_wait)
    assert opened.wait(10)
    assert b(readcache.cached, read) == [0]  # not the uncommitted booking
    release.set()
    with pytest.raises(RuntimeError):
        done.result(10)
    assert a(readcache.cached, read) == [0]
    assert b(readcache.cached, read) == [0]


def test_a_minute_later_every_sharing_thread_reads_again(readers, fixed_clock):
    a, b = readers
    assert a(readcache.cached, clock.now_utc) == FIXED_NOW
    assert b(readcache.cached, clock.now_utc) == FIXED_NOW
    later = FIXED_NOW + dt.timedelta(seconds=60)
    clock.set_clock(clock.FixedClock(later))
    assert b(readcache.cached, clock.now_utc) == later
    assert a(readcache.cached, clock.now_utc) == later


def test_a_reopened_database_never_gets_the_shared_answers_of_the_first(readers, tmp_path):
    a, b = readers
    read = Counting()
    in_thread(book_noon)
    assert a(readcache.cached, read) == [1]
    db.open_database(tmp_path / "other.db")  # the workers reconnect (bot/dbcalls does the same)
    for reader in readers:
        reader(db.database.close)
    assert b(readcache.cached, read) == [0]
    assert a(readcache.cached, read) == [0]


@pytest.mark.sqlite_only
def test_a_file_made_again_under_the_same_name_is_watched_afresh(readers, salon):
    """The salon file removed and made again at the same path (reopened): the sharing workers
    follow the new file's commits, not the old one's (the watch is opened again with it)."""
    a, b = readers
    assert a(lambda: settings.load().salon_name) == "Test Salon"
    db.close_database()
    for reader in readers:
        reader(db.database.close)
    salon.unlink()
    db.open_database(salon)
    settings.save(salon_name="New Salon")
    assert b(lambda: settings.load().salon_name) == "New Salon"
    assert a(lambda: settings.load().salon_name) == "New Salon"
    run_outside(salon, "UPDATE setting SET value = 'Renamed' WHERE key = 'salon_name'")
    assert a(lambda: settings.load().salon_name) == "Renamed"
    assert b(lambda: settings.load().salon_name) == "Renamed"


def test_parts_asked_by_readers_are_kept_for_sharing_threads_only(readers):
    """`by_readers`: a service's masters and plans, kept for the bot's readers; the TUI's thread
    and every write's own re-check read them afresh."""
    a, b = readers
    read = Counting()
    readcache.by_readers(read)
    readcache.by_readers(read)
    assert read.calls == 2
    for _ in range(5):  # (PostgreSQL: a few tries, as above)
        read = Counting()
        assert a(readcache.by_readers, read) == [0]
        assert b(readcache.by_readers, read) == [0]
        if read.calls == 1:
            break
    assert read.calls == 1
    in_thread(book_noon)
    assert b(readcache.by_readers, read) == [1]


def test_free_time_read_by_either_worker_follows_a_booking_made_elsewhere(readers):
    a, b = readers
    svc = rows.service(duration=60)
    m = rows.master("Anna", svc, shift_start=20, shift_end=20)  # one start a day: 20:00
    day = TODAY + dt.timedelta(days=3)
    assert day in a(slots.available_dates, svc.id, None)
    assert b(slots.any_master_starts, svc.id, day) == [20 * 60]

    def book() -> None:
        bookings.create_booking(service_id=svc.id, client_id=rows.client().id, day=day,
                                start=20 * 60, master_id=m.id, source="manual")

    in_thread(book)
    assert day not in b(slots.available_dates, svc.id, None)
    assert a(slots.any_master_starts, svc.id, day) == []
