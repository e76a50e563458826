"""Working time (SPEC "Working time", docs/WORKING_TIME.md): the engine, property by property.

Each day type — weekly pattern, cycle, one-date exception, vacation, day off, recurring break —
is checked against an oracle written from SPEC's words (not from the engine's code): the
precedence exception → vacation / day off → pattern or cycle, the grid from the day's start up
to and including its last start, and every slot rule. Through the database as well, for one
master, for "any master" and for available dates, in a zone without DST and in one with it
(Europe/Berlin, around both of its 2026 transitions).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtime_tui.core import clock
from mtime_tui.core import settings as salon_settings
from mtime_tui.core.booking import day_plans, schedule, slots
from mtime_tui.core.booking.schedule import Repeat, Schedule, plan_day
from mtime_tui.core.storage.models import (
    CANCELLED,
    PENDING,
    Booking,
    Break,
    DateException,
    DayOff,
    Master,
    MasterService,
    RecurringBreak,
    Vacation,
    WorkHours,
)
from tests import salon_rows as rows

pytestmark = pytest.mark.both_engines

DAY = 24 * 60
BASE = dt.date(2026, 3, 23)  # a Monday; Berlin springs forward on Sunday 29 March 2026

hours_st = st.tuples(st.integers(0, DAY - 1), st.integers(0, 14 * 60)).map(
    lambda p: (p[0], min(DAY - 1, p[0] + p[1]))
)
maybe_hours = st.one_of(st.none(), hours_st)
repeat_st = st.builds(
    Repeat,
    start=st.integers(0, DAY - 1),
    duration=st.integers(1, 240),
    weekdays=st.integers(1, 127),
)


@st.composite
def schedules(draw) -> Schedule:
    kind = draw(st.sampled_from([schedule.WEEK, schedule.CYCLE]))
    on, off = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    per_day = draw(st.booleans())
    one = draw(hours_st)
    return Schedule(
        interval=draw(st.integers(5, 240)),
        kind=kind,
        week=tuple(draw(st.lists(maybe_hours, min_size=7, max_size=7))),
        cycle_on=on,
        cycle_off=off,
        anchor=BASE + dt.timedelta(days=draw(st.integers(-40, 40))),
        cycle_hours=tuple(draw(st.lists(hours_st, min_size=on, max_size=on))) if per_day
        else (one,) * on,
        repeats=tuple(draw(st.lists(repeat_st, max_size=3))),
    )


# The oracle: SPEC's words, counted the slow way.


def cycle_day_works(plan: Schedule, day: dt.date) -> int | None:
    """Which working day of the cycle `day` is (0 …), None when off: walk from the anchor."""
    index, step = 0, dt.timedelta(days=1 if day >= plan.anchor else -1)
    length = plan.cycle_on + plan.cycle_off
    d = plan.anchor
    while d != day:
        d += step
        index = (index + (1 if step.days > 0 else -1)) % length
    return index if index < plan.cycle_on else None


def oracle_hours(plan: Schedule, day: dt.date, *, exception=None, vacation=False, day_off=False):
    if exception is not None:
        return exception
    if vacation or day_off:
        return None
    if plan.kind == schedule.CYCLE:
        index = cycle_day_works(plan, day)
        return None if index is None else plan.cycle_hours[index]
    return plan.week[day.weekday()]


def oracle_busy(plan: Schedule, day: dt.date, breaks, bookings) -> list[tuple[int, int]]:
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    weekday = names[day.weekday()]
    recurring = [
        (r.start, r.start + r.duration) for r in plan.repeats
        if weekday in [names[i] for i in range(7) if r.weekdays & (1 << i)]
    ]
    return list(breaks) + list(bookings) + recurring


def oracle_free(hours, interval, duration, busy, day, wall_now, notice) -> list[int]:
    if hours is None:
        return []
    earliest = wall_now + dt.timedelta(minutes=notice)
    free = []
    for t in range(DAY):
        if not (hours[0] <= t <= hours[1] and (t - hours[0]) % interval == 0):
            continue
        if t + duration > DAY:
            continue
        if any(s < t + duration and t < e for s, e in busy):
            continue
        if dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=t) <= earliest:
            continue
        free.append(t)
    return free


# The pure engine against the oracle, per day type.

day_offsets = st.integers(-60, 60)


@settings(max_examples=400, deadline=None)
@given(plan=schedules(), offset=day_offsets, exception=maybe_hours, vacation=st.booleans(),
       day_off=st.booleans())
def test_precedence_exception_then_vacation_or_day_off_then_pattern_or_cycle(
    plan, offset, exception, vacation, day_off
):
    day = BASE + dt.timedelta(days=offset)
    got = plan_day(plan, day, exception=exception, vacation=vacation, day_off=day_off)
    assert got.hours == oracle_hours(plan, day, exception=exception, vacation=vacation,
                                     day_off=day_off)
    if exception is not None:
        assert got.kind == schedule.BY_EXCEPTION
    elif vacation:
        assert got.kind == schedule.BY_VACATION and not got.working
    elif day_off:
        assert got.kind == schedule.BY_DAY_OFF and not got.working
    else:
        assert got.kind == plan.kind


@settings(max_examples=300, deadline=None)
@given(plan=schedules(), offset=day_offsets)
def test_a_cycle_repeats_every_on_plus_off_days_and_works_on_days_in_a_row(plan, offset):
    plan = Schedule(**{**plan.__dict__, "kind": schedule.CYCLE})
    day = BASE + dt.timedelta(days=offset)
    length = plan.cycle_on + plan.cycle_off
    assert plan.planned_hours(day) == plan.planned_hours(day + dt.timedelta(days=length))
    # Over one whole cycle: exactly `on` working days, and they come in one run.
    works = [plan.planned_hours(day + dt.timedelta(days=i)) is not None for i in range(length)]
    assert sum(works) == plan.cycle_on
    assert plan.planned_hours(plan.anchor) == plan.cycle_hours[0]  # the anchor is day 1
    # The anchor's run: on days working, then off days off.
    run = [plan.planned_hours(plan.anchor + dt.timedelta(days=i)) for i in range(length)]
    assert run[: plan.cycle_on] == list(plan.cycle_hours)
    assert run[plan.cycle_on:] == [None] * plan.cycle_off


@settings(max_examples=300, deadline=None)
@given(plan=schedules(), offset=day_offsets,
       breaks=st.lists(st.tuples(st.integers(0, DAY - 5), st.integers(5, 120)).map(
           lambda p: (p[0], p[0] + p[1])), max_size=3))
def test_recurring_breaks_block_their_weekdays_only_and_any_length(plan, offset, breaks):
    day = BASE + dt.timedelta(days=offset)
    got = plan_day(plan, day, breaks=breaks)
    if not got.working:
        assert got.blocked == ()
        return
    recurring = sorted((b.start, b.end) for b in got.blocked
                       if b.kind == schedule.RECURRING_BREAK)
    want = sorted((s, min(e, DAY)) for s, e in oracle_busy(plan, day, [], []))
    assert recurring == want
    one_off = sorted((b.start, b.end) for b in got.blocked if b.kind == schedule.ONE_OFF_BREAK)
    assert one_off == sorted(breaks)


@settings(max_examples=400, deadline=None)
@given(plan=schedules(), offset=st.integers(-2, 20), exception=maybe_hours,
       vacation=st.booleans(), day_off=st.booleans(),
       bookings=st.lists(st.tuples(st.integers(0, DAY - 5), st.integers(5, 200)).map(
           lambda p: (p[0], p[0] + p[1])), max_size=5),
       duration=st.integers(5, 720), notice=st.integers(0, 3000),
       now_minute=st.integers(0, DAY - 1))
def test_free_starts_of_every_day_type_match_the_rules(
    plan, offset, exception, vacation, day_off, bookings, duration, notice, now_minute
):
    day = BASE + dt.timedelta(days=offset)
    tz = ZoneInfo("Asia/Tokyo")
    now_local = dt.datetime.combine(BASE, dt.time(), tzinfo=tz) + dt.timedelta(minutes=now_minute)
    got = plan_day(plan, day, exception=exception, vacation=vacation, day_off=day_off)
    free = slots.free_starts_pure(
        hours=got.hours, interval=plan.interval, duration=duration,
        busy=bookings + [(b.start, b.end) for b in got.blocked], day=day, now_local=now_local,
        min_notice=notice,
    )
    hours = oracle_hours(plan, day, exception=exception, vacation=vacation, day_off=day_off)
    busy = oracle_busy(plan, day, [], bookings)
    assert free == oracle_free(hours, plan.interval, duration, busy, day,
                               now_local.replace(tzinfo=None), notice)


def test_the_grid_starts_at_the_days_start():
    plan = Schedule(interval=60, week=((9 * 60 + 30, 19 * 60),) * 7)
    got = plan_day(plan, BASE)
    assert slots.candidate_starts(got.hours, 60)[:2] == [570, 630]
    assert slots.candidate_starts(got.hours, 60)[-1] == 18 * 60 + 30  # 09:30–19:00 → … 18:30


def test_outside_names_what_a_change_leaves_out():
    plan = plan_day(Schedule(interval=30, week=((10 * 60, 18 * 60),) * 7,
                             repeats=(Repeat(14 * 60, 60),)), BASE)
    assert schedule.outside(plan, 9 * 60 + 30, 30)  # before the first start
    assert schedule.outside(plan, 18 * 60 + 30, 30)  # after the last start
    assert schedule.outside(plan, 13 * 60 + 30, 60)  # runs into lunch
    assert not schedule.outside(plan, 13 * 60, 60)  # ends as lunch begins
    assert not schedule.outside(plan, 18 * 60, 120)  # may run past the last start
    assert schedule.outside(plan_day(Schedule(interval=30), BASE), 600, 30)  # a day off


# Through the database: one master, "any master", available dates; two zones.

ZONES = ("Asia/Tokyo", "Europe/Berlin")
# Nows around Berlin's 2026 transitions (29 March 01:00 UTC, 25 October 01:00 UTC) and plain days.
NOWS = st.sampled_from([
    dt.datetime(2026, 3, 28, 22, 30, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC),
    dt.datetime(2026, 10, 24, 23, 15, tzinfo=dt.UTC),
    dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC),
    dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC),
    dt.datetime(2026, 6, 10, 7, 0, tzinfo=dt.UTC),
])

dated_st = st.fixed_dictionaries({
    "exceptions": st.dictionaries(st.integers(0, 6), hours_st, max_size=2),
    "vacation": st.one_of(st.none(), st.tuples(st.integers(0, 6), st.integers(0, 4))),
    "days_off": st.sets(st.integers(0, 6), max_size=2),
    "breaks": st.lists(st.tuples(st.integers(0, 6), st.integers(0, DAY - 60)), max_size=3),
    "bookings": st.lists(st.tuples(st.integers(0, 6), st.integers(0, DAY - 5),
                                   st.integers(5, 180), st.booleans()), max_size=6),
})


def _wipe() -> None:
    for model in (Booking, Break, DayOff, Vacation, DateException, RecurringBreak, WorkHours,
                  MasterService, Master):
        model.delete().execute()


def _write(plan: Schedule, dated: dict, first: dt.date, service) -> Master:
    m = Master.create(telegram_id=rows._ids.__next__() * 10 + 1, name="M", interval=plan.interval,
                      schedule=plan.kind, cycle_on=plan.cycle_on, cycle_off=plan.cycle_off,
                      cycle_anchor=plan.anchor)
    MasterService.create(master=m, service=service)
    for day, hours in enumerate(plan.week):
        if hours:
            WorkHours.create(master=m, kind="week", day=day, start=hours[0], last_start=hours[1])
    for day, hours in enumerate(plan.cycle_hours):
        WorkHours.create(master=m, kind="cycle", day=day, start=hours[0], last_start=hours[1])
    for r in plan.repeats:
        RecurringBreak.create(master=m, start=r.start, duration=r.duration, weekdays=r.weekdays)
    for offset, hours in dated["exceptions"].items():
        DateException.create(master=m, date=first + dt.timedelta(days=offset), start=hours[0],
                             last_start=hours[1])
    if dated["vacation"]:
        begin = first + dt.timedelta(days=dated["vacation"][0])
        Vacation.create(master=m, first=begin, last=begin + dt.timedelta(days=dated["vacation"][1]))
    for offset in dated["days_off"]:
        DayOff.create(master=m, date=first + dt.timedelta(days=offset))
    for offset, start in dated["breaks"]:
        Break.insert(master=m, date=first + dt.timedelta(days=offset), start=start,
                     duration=m.interval).on_conflict_ignore().execute()
    client = rows.client()
    for offset, start, length, cancelled in dated["bookings"]:
        Booking.create(number=next(rows._ids), master=m, service=service, client=client,
                       date=first + dt.timedelta(days=offset), start=start, duration=length,
                       status=CANCELLED if cancelled else PENDING)
    return m


def _oracle_day(plan: Schedule, dated: dict, first: dt.date, day: dt.date, duration, now, tz,
                notice):
    offset = (day - first).days
    vac = dated["vacation"]
    hours = oracle_hours(
        plan, day, exception=dated["exceptions"].get(offset),
        vacation=bool(vac) and vac[0] <= offset <= vac[0] + vac[1],
        day_off=offset in dated["days_off"],
    )
    breaks = [(s, s + plan.interval) for o, s in dict(
        ((o, s), None) for o, s in dated["breaks"]) if o == offset]
    bookings = [(s, s + n) for o, s, n, cancelled in dated["bookings"]
                if o == offset and not cancelled]
    busy = oracle_busy(plan, day, breaks, bookings)
    return oracle_free(hours, plan.interval, duration, busy, day,
                       now.astimezone(tz).replace(tzinfo=None), notice)


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.sqlite_only  # 60 examples x hundreds of writes: minutes on a server; the
# PostgreSQL path of the same functions runs in the example tests of this module
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plans=st.lists(schedules(), min_size=1, max_size=3),
       dated=st.lists(dated_st, min_size=3, max_size=3), now=NOWS,
       duration=st.integers(5, 300), notice=st.sampled_from([0, 30, 120]))
def test_the_database_engine_offers_what_the_rules_say(salon, zone, plans, dated, now, duration,
                                                       notice):
    _wipe()
    salon_settings.save(timezone=zone, horizon_days=7, min_notice_minutes=notice)
    tz = ZoneInfo(zone)
    first = now.astimezone(tz).date()
    service = rows.service(duration=duration)
    old = clock.get_clock()
    clock.set_clock(clock.FixedClock(now))
    try:
        made = [_write(p, d, first, service) for p, d in zip(plans, dated, strict=False)]
        days = [first + dt.timedelta(days=i) for i in range(7)]
        want = {
            (m.id, day): _oracle_day(p, d, first, day, duration, now, tz, notice)
            for m, p, d in zip(made, plans, dated, strict=False) for day in days
        }
        for m in made:
            for day in days:
                assert slots.free_starts(m.id, service.id, day) == want[(m.id, day)], (m.id, day)
            assert slots.available_dates(service.id, m.id) == [d for d in days if want[(m.id, d)]]
        for day in days:
            union = sorted({t for m in made for t in want[(m.id, day)]})
            assert slots.any_master_starts(service.id, day) == union
        assert slots.available_dates(service.id, None) == [
            d for d in days if any(want[(m.id, d)] for m in made)]
        # The shading function agrees with the engine on which days work.
        shaded = day_plans.day_plans(made, days[0], days[-1])
        for m, p, d in zip(made, plans, dated, strict=False):
            for day in days:
                offset = (day - first).days
                vac = d["vacation"]
                assert shaded[(m.id, day)].hours == oracle_hours(
                    p, day, exception=d["exceptions"].get(offset),
                    vacation=bool(vac) and vac[0] <= offset <= vac[0] + vac[1],
                    day_off=offset in d["days_off"])
    finally:
        clock.set_clock(old)


@pytest.mark.sqlite_only  # 40 examples of database writes: too slow on a server (a health check)
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=schedules(), dated=dated_st, duration=st.integers(5, 200),
       wall=st.sampled_from([dt.datetime(2026, 3, 29, 1, 30), dt.datetime(2026, 3, 29, 3, 30),
                             dt.datetime(2026, 10, 25, 2, 30), dt.datetime(2026, 10, 24, 23, 0)]))
def test_only_the_salons_wall_clock_counts_with_dst_or_without(salon, plan, dated, duration, wall):
    """The same wall-clock now in Berlin (on a transition night) and in Tokyo gives the same
    dates and starts: DST moves the instant, never the salon's day or its grid."""
    answers = []
    for zone in ZONES:
        _wipe()
        salon_settings.save(timezone=zone, horizon_days=4, min_notice_minutes=60)
        tz = ZoneInfo(zone)
        now = wall.replace(tzinfo=tz).astimezone(dt.UTC)
        service = rows.service(duration=duration)
        old = clock.get_clock()
        clock.set_clock(clock.FixedClock(now))
        try:
            m = _write(plan, dated, wall.date(), service)
            answers.append([
                slots.free_starts(m.id, service.id, wall.date() + dt.timedelta(days=i))
                for i in range(4)
            ] + [slots.available_dates(service.id, None)])
        finally:
            clock.set_clock(old)
    assert answers[0] == answers[1]
