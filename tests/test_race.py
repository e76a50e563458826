"""Races for one slot: threads with their own connections, and separate OS processes, on one
SQLite file. Exactly one writer wins; every other gets SlotTaken; the file stays sound."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
from collections import Counter

import pytest

from mtime_tui.core import clock
from mtime_tui.core.booking import bookings, working_time
from mtime_tui.core.errors import SlotTaken
from mtime_tui.core.storage import db
from mtime_tui.core.storage.models import (
    BY_SALON,
    SOURCE_BOT,
    SOURCE_MANUAL,
    Booking,
    Break,
    database,
)
from tests import salon_rows as rows
from tests.conftest import FIXED_NOW, TODAY
from tests.salon_rows import hm

pytestmark = pytest.mark.both_engines

TOMORROW = TODAY + dt.timedelta(days=1)
THREADS = 24
TIMEOUT = 60


def run_together(actions):
    """Run each callable in its own thread with its own connection, released at once by a
    barrier. Returns a list of ("ok", value) / ("error", exception) in action order."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def worker(i, action):
        database.connect(reuse_if_open=True)
        try:
            barrier.wait(timeout=TIMEOUT)
            results[i] = ("ok", action())
        except Exception as exc:  # collected and checked by the test
            results[i] = ("error", exc)
        finally:
            database.close()

    threads = [threading.Thread(target=worker, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=TIMEOUT)
        assert not t.is_alive(), "a racer hung"
    return results


def integrity_ok() -> bool:
    return database.integrity_check() == "ok"


@pytest.fixture
def shop(salon):
    cut = rows.service("Haircut", duration=60)
    anna = rows.master("Anna", cut)
    clients = [rows.client(f"Client {i}", telegram_id=7_000_000 + i) for i in range(THREADS)]
    return cut, anna, clients


def book_action(cut, master_id, client, start="10:00", day=TOMORROW):
    return lambda: bookings.create_booking(
        service_id=cut.id, client_id=client.id, day=day, start=hm(start),
        master_id=master_id, source=SOURCE_BOT,
    )


def test_24_threads_one_slot_exactly_one_booking(shop):
    cut, anna, clients = shop
    results = run_together([book_action(cut, anna.id, c) for c in clients])
    kinds = Counter(kind for kind, _ in results)
    errors = [value for kind, value in results if kind == "error"]
    assert kinds["ok"] == 1
    assert len(errors) == THREADS - 1
    assert all(isinstance(e, SlotTaken) for e in errors), {type(e).__name__ for e in errors}
    assert all("just taken" in str(e) for e in errors)
    assert Booking.select().count() == 1
    assert integrity_ok()


def test_24_threads_any_master_fill_each_master_once(shop):
    cut, anna, clients = shop
    rows.master("Boris", cut)
    rows.master("Vera", cut)
    results = run_together([book_action(cut, None, c) for c in clients])
    won = [value for kind, value in results if kind == "ok"]
    assert len(won) == 3
    assert len({b.master_id for b in won}) == 3
    assert all(isinstance(v, SlotTaken) for kind, v in results if kind == "error")
    assert Booking.select().count() == 3
    assert integrity_ok()


def test_numbers_stay_unique_when_many_book_different_times(shop):
    cut, anna, clients = shop
    boris = rows.master("Boris", cut, shift_start=8, shift_end=20)
    actions = [
        book_action(cut, (anna if i % 2 else boris).id, c, start=f"{9 + i // 2:02d}:00")
        for i, c in enumerate(clients)
    ]
    results = run_together(actions)
    assert all(kind == "ok" for kind, _ in results), [v for k, v in results if k == "error"]
    numbers = sorted(b.number for b in Booking.select())
    assert numbers == list(range(1001, 1001 + THREADS))
    assert integrity_ok()


def test_reschedule_races_create_for_the_same_slot(shop):
    cut, anna, clients = shop
    mover = bookings.create_booking(service_id=cut.id, client_id=clients[0].id, day=TOMORROW,
                                    start=hm("12:00"), master_id=anna.id, source=SOURCE_MANUAL)
    actions = [lambda: bookings.reschedule(mover.number, day=TOMORROW, start=hm("10:00"), by=BY_SALON)]
    actions += [book_action(cut, anna.id, c) for c in clients[1:12]]
    results = run_together(actions)
    ok = [v for kind, v in results if kind == "ok"]
    assert len(ok) == 1
    assert all(isinstance(v, SlotTaken) for kind, v in results if kind == "error")
    at_ten = Booking.select().where((Booking.date == TOMORROW) & (Booking.start == hm("10:00")))
    assert at_ten.count() == 1
    assert integrity_ok()


def test_breaks_race_a_booking(shop):
    cut, anna, clients = shop
    actions = [lambda: working_time.add_breaks(anna.id, TOMORROW, [hm("10:00"), hm("11:00")])]
    actions += [book_action(cut, anna.id, c) for c in clients[:8]]
    results = run_together(actions)
    ok = [v for kind, v in results if kind == "ok"]
    assert len(ok) == 1
    assert all(isinstance(v, SlotTaken) for kind, v in results if kind == "error")
    breaks = Break.select().where(Break.master == anna).count()
    taken = Booking.select().where(Booking.start == hm("10:00")).count()
    # Either the breaks (both, all or nothing) or the booking — never both, never a half.
    assert (breaks, taken) in ((2, 0), (0, 1))
    assert integrity_ok()


# Separate OS processes on the same file.


def _process_book(path: str, client_id: int, service_id: int, master_id: int, barrier, queue):
    """Runs in a fresh interpreter (spawn): open the file, wait for the others, book."""
    clock.set_clock(clock.FixedClock(FIXED_NOW))
    db.open_database(path, migrate=False)
    try:
        barrier.wait(timeout=TIMEOUT)
        try:
            b = bookings.create_booking(service_id=service_id, client_id=client_id, day=TOMORROW,
                                        start=hm("10:00"), master_id=master_id, source=SOURCE_BOT)
            queue.put(("ok", b.number))
        except SlotTaken:
            queue.put(("taken", None))
        except Exception as exc:  # reported to the parent
            queue.put(("error", repr(exc)))
    finally:
        db.close_database()


def test_separate_processes_book_one_slot_once(shop, db_path):
    cut, anna, clients = shop
    ctx = multiprocessing.get_context("spawn")
    n = 4
    barrier = ctx.Barrier(n)
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=_process_book, args=(str(db_path), c.id, cut.id, anna.id, barrier, queue))
        for c in clients[:n]
    ]
    for p in procs:
        p.start()
    outcomes = [queue.get(timeout=TIMEOUT) for _ in procs]
    for p in procs:
        p.join(timeout=TIMEOUT)
        assert p.exitcode == 0
    kinds = Counter(kind for kind, _ in outcomes)
    assert kinds == {"ok": 1, "taken": n - 1}, outcomes
    assert Booking.select().count() == 1
    assert integrity_ok()


def test_reactivations_race_for_one_slot(shop):
    """Twelve cancelled bookings of the same time, all re-activated at once: one wins."""
    from mtime_tui.core.storage.models import CANCELLED, CONFIRMED

    cut, anna, clients = shop
    numbers = []
    for c in clients[:12]:
        b = bookings.create_booking(service_id=cut.id, client_id=c.id, day=TOMORROW,
                                    start=hm("10:00"), master_id=anna.id, source=SOURCE_MANUAL)
        bookings.cancel(b.number, by=BY_SALON)
        numbers.append(b.number)
    results = run_together(
        [lambda n=n: bookings.set_status(n, CONFIRMED) for n in numbers]
    )
    assert sum(kind == "ok" for kind, _ in results) == 1
    assert all(isinstance(v, SlotTaken) for kind, v in results if kind == "error")
    statuses = Counter(b.status for b in Booking.select())
    assert statuses == {CONFIRMED: 1, CANCELLED: 11}
    assert integrity_ok()
