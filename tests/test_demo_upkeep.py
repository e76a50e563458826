"""The demo salon (a living week, built by the rules) and the daily upkeep."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from mtime_tui.core import demo
from mtime_tui.core.booking import day_plans, slots, work_plans
from mtime_tui.core.errors import Conflict
from mtime_tui.core.people import masters
from mtime_tui.core.settings import load, save
from mtime_tui.core.storage import backup, upkeep
from mtime_tui.core.storage.models import (
    ACTIVE_STATUSES,
    CANCELLED,
    COMPLETED,
    NO_SHOW,
    PENDING,
    Booking,
    Break,
    Client,
    DayOff,
    Master,
    Outbox,
    Service,
)

from .conftest import FIXED_NOW, TODAY
from .engine_helpers import copies_of

pytestmark = pytest.mark.both_engines


def snapshot_of_salon() -> list[tuple]:
    return [
        (b.number, b.master.name, b.service.name, b.client.phone, b.date, b.start, b.status)
        for b in Booking.select().order_by(Booking.number)
    ]


def test_demo_salon_is_alive(salon):
    demo.create_demo_salon(now=FIXED_NOW)
    s = load()
    assert s.salon_name == demo.SALON["salon_name"] and s.salon_address and s.salon_phone
    assert Master.select().count() == 3 and Service.select().count() == 6
    assert len({(tuple(work_plans.week_of(m.id)), m.interval) for m in Master.select()}) == 3
    assert max(len(masters.master_services(m.id)) for m in Master.select()) >= 2
    assert masters.masters_without_services() == []
    assert Client.select().count() == 15 and all(c.phone for c in Client.select())
    assert all(sv.price and sv.description for sv in Service.select())
    days = {b.date for b in Booking.select()}
    assert min(days) == TODAY - dt.timedelta(days=3) and max(days) == TODAY + dt.timedelta(days=3)
    now_local = FIXED_NOW.astimezone(s.tz).replace(tzinfo=None)
    statuses = Counter()
    for b in Booking.select():
        begins = dt.datetime.combine(b.date, dt.time()) + dt.timedelta(minutes=b.start)
        if begins < now_local:
            assert b.status in (COMPLETED, NO_SHOW), b.number
        else:
            assert b.status in (PENDING, "confirmed", CANCELLED), b.number
        statuses[b.status] += 1
    assert statuses[CANCELLED] == 1 and statuses[NO_SHOW] >= 1 and statuses[PENDING] >= 1
    assert Break.select().count() == 1 and DayOff.select().count() == 1
    assert Outbox.select().count() == 0  # pretend people get no messages


def test_the_demo_salon_in_moscow_keeps_moscow_time(salon):
    """Issue 11, defect 9: the demo salon is in Moscow but took the machine's zone (Etc/UTC)."""
    save(timezone="UTC")
    demo.create_demo_salon(now=FIXED_NOW)
    assert load().timezone == "Europe/Moscow"


def test_demo_bookings_obey_the_rules(salon):
    demo.create_demo_salon(now=FIXED_NOW)
    active = [b for b in Booking.select() if b.status in ACTIVE_STATUSES]
    for a in active:
        for b in active:
            if a.id < b.id and a.master_id == b.master_id and a.date == b.date:
                assert a.end <= b.start or b.end <= a.start, (a.number, b.number)
        plan = day_plans.master_day(a.master, a.date)
        assert a.start in slots.candidate_starts(plan.hours, a.master.interval)
    off = DayOff.get()
    assert not [b for b in active if b.master_id == off.master_id and b.date == off.date]
    brk = Break.get()
    assert not [b for b in active if b.master_id == brk.master_id and b.date == brk.date
                and b.start < brk.start + brk.duration and brk.start < b.end]


def test_demo_is_deterministic(tmp_path, fixed_clock):
    from mtime_tui.core import settings
    from mtime_tui.core.storage import db

    made = []
    for name in ("a.db", "b.db"):
        db.open_database(tmp_path / name)
        settings.save(timezone="Europe/Moscow")
        demo.create_demo_salon(now=FIXED_NOW)
        made.append(snapshot_of_salon())
        db.close_database()
    assert made[0] == made[1] and len(made[0]) > 20


def test_demo_refuses_a_salon(salon):
    Service.create(name="Mine", duration=30)
    with pytest.raises(Conflict):
        demo.create_demo_salon(now=FIXED_NOW)
    assert Master.select().count() == 0


def test_upkeep_cleans_the_past_and_snapshots_once_a_day(salon):
    m = masters.create_master(telegram_id=1, name="A", shift_start=9, shift_end=18, interval=60)
    Break.create(master=m, date=TODAY - dt.timedelta(days=1), start=600, duration=60)
    Break.create(master=m, date=TODAY, start=600, duration=60)
    DayOff.create(master=m, date=TODAY - dt.timedelta(days=2))
    DayOff.create(master=m, date=TODAY + dt.timedelta(days=2))
    first = upkeep.run(now=FIXED_NOW)
    assert first.removed == 2 and first.snapshot is not None and first.snapshot.exists()
    assert Break.select().count() == 1 and DayOff.select().count() == 1
    again = upkeep.run(now=FIXED_NOW + dt.timedelta(hours=3))
    assert (again.removed, again.snapshot) == (0, None)
    tomorrow = upkeep.run(now=FIXED_NOW + dt.timedelta(days=1))
    folder, stem, suffix = copies_of(salon)
    assert tomorrow.snapshot == folder / f"{stem}-daily-2026-11-24{suffix}"
    assert len(backup.daily_snapshots(folder, stem)) == 2


def test_next_run_is_after_the_salons_midnight(salon):
    # 09:00 Monday in Moscow -> 00:05 Tuesday Moscow = 21:05 UTC Monday.
    assert upkeep.next_run(now=FIXED_NOW) == dt.datetime(2026, 11, 23, 21, 5, tzinfo=dt.UTC)
    late = dt.datetime(2026, 11, 23, 21, 30, tzinfo=dt.UTC)  # 00:30 Tuesday in Moscow
    assert upkeep.next_run(now=late) == dt.datetime(2026, 11, 24, 21, 5, tzinfo=dt.UTC)


def test_the_demo_file_gets_no_daily_snapshots(fixed_clock):
    from mtime_tui.core import paths
    from mtime_tui.core.storage import db

    db.open_database(paths.demo_db_path())
    try:
        assert upkeep.run(now=FIXED_NOW).snapshot is None
        assert not list(paths.data_dir().glob("backups/demo-daily-*.db"))
    finally:
        db.close_database()


def test_demo_salon_plans_working_time_as_salons_do(salon):
    """Issue 12: two weekdays off and a lunch, a 2/2 cycle, a short Saturday, a vacation ahead."""
    from mtime_tui.core.booking import schedule

    demo.create_demo_salon(now=FIXED_NOW)
    anna, dmitry, elena = (Master.get(Master.name == row[0]) for row in demo.MASTERS)
    week = work_plans.week_of(anna.id)
    assert sum(h is None for h in week) == 2
    assert week[5][1] < week[1][1]  # a shortened Saturday
    lunch = day_plans.schedule_of(anna).repeats
    assert [(r.start, r.duration) for r in lunch] == [(13 * 60, 60)]
    cycle = day_plans.schedule_of(dmitry)
    assert (cycle.kind, cycle.cycle_on, cycle.cycle_off) == (schedule.CYCLE, 2, 2)
    horizon = [TODAY + dt.timedelta(days=i) for i in range(14)]
    kinds = [day_plans.master_day(elena, d).kind for d in horizon]
    assert schedule.BY_VACATION in kinds
    dmitry_days = [day_plans.master_day(dmitry, d).working for d in horizon[:8]]
    assert dmitry_days in ([True, True, False, False] * 2, [False, True, True, False] * 2,
                           [True, False, False, True] * 2, [False, False, True, True] * 2)
    # And no booking of the demo lies outside what the plans say.
    for b in Booking.select().where(Booking.status != CANCELLED):
        assert not schedule.outside(day_plans.master_day(b.master, b.date), b.start, b.duration)
