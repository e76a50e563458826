"""Races between visits of different services at overlapping times (issue 13): threads with their
own connections and separate OS processes on one SQLite file. Whatever the sets, one master's time
ends up in one booking; every other racer hears "this time was just taken"."""

from __future__ import annotations

import multiprocessing
from collections import Counter

import pytest

from mtime_tui.core import clock
from mtime_tui.core.booking import bookings, visit_edits
from mtime_tui.core.errors import SlotTaken
from mtime_tui.core.storage import db
from mtime_tui.core.storage.models import SOURCE_BOT, SOURCE_MANUAL, Booking, database
from tests import salon_rows as rows
from tests.conftest import FIXED_NOW
from tests.salon_rows import hm
from tests.test_race import TIMEOUT, TOMORROW, integrity_ok, run_together

pytestmark = pytest.mark.both_engines

# (services by name, start): every pair of these overlaps on one master.
PLANS = [
    (("Haircut", "Beard"), "10:00"),  # 10:00-11:30
    (("Colour",), "09:00"),  # 09:00-11:00
    (("Beard", "Colour"), "10:30"),  # 10:30-13:00
    (("Haircut",), "10:00"),
    (("Colour", "Haircut", "Beard"), "09:00"),  # 09:00-12:30
]


def overlaps() -> list[tuple]:
    return database.execute_sql(
        "SELECT a.number, b.number FROM booking a JOIN booking b ON a.master_id = b.master_id "
        "AND a.date = b.date AND a.id < b.id WHERE a.status != 'cancelled' AND b.status != 'cancelled' "
        "AND a.start < b.start + b.duration AND b.start < a.start + a.duration",
    ).fetchall()


def totals_match_lines() -> bool:
    """Every booking's duration is the sum of its visit's service rows."""
    return not database.execute_sql(
        "SELECT b.id FROM booking b JOIN visit_service v ON v.booking_id = b.id "
        "GROUP BY b.id HAVING sum(v.duration) != max(b.duration)"
    ).fetchall()


@pytest.fixture
def shop(salon):
    made = {
        "Haircut": rows.service("Haircut", duration=60),
        "Beard": rows.service("Beard", duration=30),
        "Colour": rows.service("Colour", duration=120),
    }
    anna = rows.master("Anna", *made.values(), interval=30)
    clients = [rows.client(f"Client {i}", telegram_id=8_000_000 + i) for i in range(24)]
    return made, anna, clients


def _action(made, master_id, client, names, start):
    ids = [made[n].id for n in names]
    return lambda: bookings.create_booking(
        service_ids=ids, client_id=client.id, day=TOMORROW, start=hm(start),
        master_id=master_id, source=SOURCE_BOT,
    )


def _check_one_winner(results, expected_bookings=1):
    assert Counter(kind for kind, _ in results)["ok"] == expected_bookings, results
    errors = [v for kind, v in results if kind == "error"]
    assert all(isinstance(e, SlotTaken) and "just taken" in str(e) for e in errors), errors
    assert Booking.select().count() == expected_bookings
    assert overlaps() == []
    assert totals_match_lines()
    assert integrity_ok()


def test_threads_with_different_sets_at_overlapping_times_make_one_booking(shop):
    made, anna, clients = shop
    actions = [
        _action(made, anna.id, c, *PLANS[i % len(PLANS)]) for i, c in enumerate(clients)
    ]
    _check_one_winner(run_together(actions))


def test_any_master_racers_with_different_sets_share_the_masters_without_overlap(shop):
    made, anna, clients = shop
    rows.master("Boris", made["Haircut"], made["Beard"], interval=30)  # no colour
    actions = [_action(made, None, c, *PLANS[i % len(PLANS)]) for i, c in enumerate(clients)]
    results = run_together(actions)
    won = [v for kind, v in results if kind == "ok"]
    assert 1 <= len(won) <= 2 and len({b.master_id for b in won}) == len(won)
    assert all(isinstance(v, SlotTaken) for kind, v in results if kind == "error")
    assert overlaps() == [] and totals_match_lines() and integrity_ok()


def test_a_growing_visit_races_a_booking_for_the_time_after_it(shop):
    made, anna, clients = shop
    visit = bookings.create_booking(
        service_ids=[made["Haircut"].id], client_id=clients[0].id, day=TOMORROW,
        start=hm("10:00"), master_id=anna.id, source=SOURCE_MANUAL,
    )
    actions = [lambda: visit_edits.add_service(visit.number, made["Beard"].id)]
    actions += [_action(made, anna.id, c, ("Beard",), "11:00") for c in clients[1:12]]
    results = run_together(actions)
    assert sum(kind == "ok" for kind, _ in results) == 1
    assert all(isinstance(v, SlotTaken) for kind, v in results if kind == "error")
    grown = Booking.get(Booking.number == visit.number).duration == 90
    others = Booking.select().where(Booking.start == hm("11:00")).count()
    assert (grown, others) in ((True, 0), (False, 1))
    assert overlaps() == [] and totals_match_lines() and integrity_ok()


# Separate OS processes.


def _process_book(path, client_id, service_ids, start, master_id, barrier, queue):
    clock.set_clock(clock.FixedClock(FIXED_NOW))
    db.open_database(path, migrate=False)
    try:
        barrier.wait(timeout=TIMEOUT)
        try:
            b = bookings.create_booking(service_ids=service_ids, client_id=client_id,
                                        day=TOMORROW, start=start, master_id=master_id,
                                        source=SOURCE_BOT)
            queue.put(("ok", b.number))
        except SlotTaken:
            queue.put(("taken", None))
        except Exception as exc:  # reported to the parent
            queue.put(("error", repr(exc)))
    finally:
        db.close_database()


def test_separate_processes_with_different_sets_make_one_booking(shop, db_path):
    made, anna, clients = shop
    ctx = multiprocessing.get_context("spawn")
    n = 4
    barrier = ctx.Barrier(n)
    queue = ctx.Queue()
    procs = []
    for i, c in enumerate(clients[:n]):
        names, start = PLANS[i]
        ids = [made[x].id for x in names]
        procs.append(ctx.Process(target=_process_book, args=(
            str(db_path), c.id, ids, hm(start), anna.id, barrier, queue)))
    for p in procs:
        p.start()
    outcomes = [queue.get(timeout=TIMEOUT) for _ in procs]
    for p in procs:
        p.join(timeout=TIMEOUT)
        assert p.exitcode == 0
    assert Counter(kind for kind, _ in outcomes) == {"ok": 1, "taken": n - 1}, outcomes
    assert Booking.select().count() == 1
    assert overlaps() == [] and totals_match_lines() and integrity_ok()
