"""The slot engine: the guide's examples, every rule of SPEC "Slots", and properties."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtime_tui.core import settings as salon_settings
from mtime_tui.core.booking import slots
from mtime_tui.core.storage.models import (
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    PENDING,
    Booking,
    Break,
    DayOff,
)
from tests import salon_rows as rows
from tests.conftest import FIXED_NOW, TODAY
from tests.salon_rows import hm

pytestmark = pytest.mark.both_engines

MSK = ZoneInfo("Europe/Moscow")
TOMORROW = TODAY + dt.timedelta(days=1)
NOW_LOCAL = FIXED_NOW.astimezone(MSK)  # Monday 09:00 in the salon


def pure(*, shift_start=9, shift_end=21, day_off=False, **kw):
    """The pure engine on a day of whole-hour shift (`day_off`: a day the master does not work)."""
    args = dict(
        hours=None if day_off else (shift_start * 60, shift_end * 60),
        interval=60,
        duration=60,
        busy=[],
        day=TOMORROW,
        now_local=NOW_LOCAL,
        min_notice=0,
    )
    args.update(kw)
    return slots.free_starts_pure(**args)


def book(master, service, day, start, *, client=None, status=PENDING, duration=None, number=None):
    client = client or rows.client()
    number = number or 1001 + Booking.select().count()
    return Booking.create(
        number=number,
        master=master,
        service=service,
        client=client,
        date=day,
        start=start,
        duration=duration or service.duration,
        price=service.price,
        status=status,
    )


# The guide's examples.


def test_nine_to_twenty_one_by_sixty_gives_thirteen_starts_ending_at_21():
    starts = slots.candidate_starts((hm("09:00"), hm("21:00")), 60)
    assert len(starts) == 13
    assert starts[0] == hm("09:00") and starts[-1] == hm("21:00")


def test_by_thirty_gives_twenty_five_starts():
    starts = slots.candidate_starts((hm("09:00"), hm("21:00")), 30)
    assert len(starts) == 25
    assert starts[:3] == [hm("09:00"), hm("09:30"), hm("10:00")]
    assert starts[-1] == hm("21:00")


def test_ninety_minute_booking_at_nine_leaves_eleven_as_next_start():
    free = pure(duration=60, busy=[(hm("09:00"), hm("10:30"))])
    assert hm("10:00") not in free
    assert free[0] == hm("11:00")


def test_booking_may_run_past_shift_end():
    free = pure(duration=120)
    assert free[-1] == hm("21:00")  # 21:00–23:00 is fine: the end hour is the last *start*


def test_service_longer_than_rest_of_day_is_cut_at_midnight():
    free = pure(shift_start=20, shift_end=23, duration=150)
    assert free == [hm("20:00"), hm("21:00")]  # 22:00 + 150 min would pass 24:00
    assert pure(shift_start=23, shift_end=23, duration=61) == []
    assert pure(shift_start=23, shift_end=23, duration=60) == [hm("23:00")]


def test_shift_with_interval_not_dividing_the_hours():
    assert slots.candidate_starts((hm("09:00"), hm("10:00")), 45) == [hm("09:00"), hm("09:45")]


def test_day_off_offers_nothing():
    assert pure(day_off=True) == []


def test_past_times_today_are_not_offered():
    now = dt.datetime(2026, 11, 23, 12, 20, tzinfo=MSK)
    free = pure(day=TODAY, now_local=now)
    assert free[0] == hm("13:00")
    assert pure(day=TODAY - dt.timedelta(days=1), now_local=now) == []


def test_now_exactly_on_a_start_excludes_it_but_a_second_before_keeps_it():
    assert hm("09:00") not in pure(day=TODAY)
    before = NOW_LOCAL - dt.timedelta(seconds=30)
    assert pure(day=TODAY, now_local=before)[0] == hm("09:00")


def test_minimum_notice():
    free = pure(day=TODAY, min_notice=120)  # now 09:00 → later than 11:00
    assert free[0] == hm("12:00")
    # Notice that crosses midnight removes the early hours of tomorrow too.
    late = dt.datetime(2026, 11, 23, 22, 0, tzinfo=MSK)
    assert pure(day=TOMORROW, now_local=late, min_notice=12 * 60)[0] == hm("11:00")


# Properties of the pure engine.

ranges = st.lists(
    st.tuples(st.integers(0, 24 * 60 - 5), st.integers(5, 300)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(
    shift_start=st.integers(0, 23),
    length=st.integers(0, 23),
    interval=st.integers(5, 240),
    duration=st.integers(5, 720),
    busy=ranges,
    notice=st.integers(0, 3000),
    now_minute=st.integers(0, 24 * 60 - 1),
    day_offset=st.integers(-1, 3),
)
def test_offered_starts_are_free_candidates(
    shift_start, length, interval, duration, busy, notice, now_minute, day_offset
):
    shift_end = min(23, shift_start + length)
    now_local = dt.datetime.combine(TODAY, dt.time(), tzinfo=MSK) + dt.timedelta(minutes=now_minute)
    day = TODAY + dt.timedelta(days=day_offset)
    free = pure(
        shift_start=shift_start,
        shift_end=shift_end,
        interval=interval,
        duration=duration,
        busy=busy,
        day=day,
        now_local=now_local,
        min_notice=notice,
    )
    candidates = slots.candidate_starts((shift_start * 60, shift_end * 60), interval)
    earliest = now_local.replace(tzinfo=None) + dt.timedelta(minutes=notice)
    for t in free:
        assert t in candidates
        assert t + duration <= 24 * 60
        assert all(not (s < t + duration and t < e) for s, e in busy)
        assert dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=t) > earliest
    # And nothing free is left out: every candidate passing all rules is offered.
    for t in candidates:
        ok = (
            t + duration <= 24 * 60
            and all(not (s < t + duration and t < e) for s, e in busy)
            and dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=t) > earliest
        )
        assert (t in free) == ok


@settings(max_examples=200, deadline=None)
@given(
    shift_start=st.integers(0, 22),
    extra=st.integers(1, 23),
    interval=st.sampled_from([5, 10, 15, 20, 30, 60]),
    duration=st.integers(5, 60),
    busy=ranges,
)
def test_end_hour_is_offered_when_free(shift_start, extra, interval, duration, busy):
    shift_end = min(23, shift_start + extra)
    end_start = shift_end * 60
    if end_start + duration > 24 * 60:
        return
    if any(s < end_start + duration and end_start < e for s, e in busy):
        return
    free = pure(shift_start=shift_start, shift_end=shift_end, interval=interval,
                duration=duration, busy=busy)
    assert (end_start in free) == (end_start in slots.candidate_starts((shift_start * 60, shift_end * 60), interval))
    if (shift_end - shift_start) * 60 % interval == 0:
        assert end_start in free


# The database wrappers.


def test_free_starts_reads_bookings_breaks_and_days_off(salon):
    cut = rows.service(duration=90)
    anna = rows.master("Anna", cut)
    book(anna, cut, TOMORROW, hm("09:00"))
    Break.create(master=anna, date=TOMORROW, start=hm("13:00"), duration=60)
    free = slots.free_starts(anna, cut, TOMORROW)
    assert free[0] == hm("11:00")
    assert hm("12:00") not in free  # 12:00–13:30 would run into the break
    assert hm("13:00") not in free
    assert hm("14:00") in free and free[-1] == hm("21:00")
    DayOff.create(master=anna, date=TOMORROW)
    assert slots.free_starts(anna.id, cut.id, TOMORROW) == []


def test_every_status_but_cancelled_holds_the_time(salon):
    cut = rows.service(duration=60)
    anna = rows.master("Anna", cut)
    for i, status in enumerate([PENDING, CONFIRMED, COMPLETED, NO_SHOW, CANCELLED]):
        book(anna, cut, TOMORROW, hm("10:00") + 60 * i, status=status)
    free = slots.free_starts(anna, cut, TOMORROW)
    assert [t for t in free if hm("10:00") <= t <= hm("14:00")] == [hm("14:00")]


def test_exclude_booking_frees_its_own_time(salon):
    cut = rows.service(duration=60)
    anna = rows.master("Anna", cut)
    b = book(anna, cut, TOMORROW, hm("10:00"))
    assert hm("10:00") not in slots.free_starts(anna, cut, TOMORROW)
    assert hm("10:00") in slots.free_starts(anna, cut, TOMORROW, exclude_booking_id=b.id)


def test_blocked_master_or_service_and_unlinked_service_offer_nothing(salon):
    cut = rows.service()
    color = rows.service("Color")
    anna = rows.master("Anna", cut)
    assert slots.free_starts(anna, color, TOMORROW) == []  # Anna does not offer it
    cut.active = False
    cut.save()
    assert slots.free_starts(anna, cut, TOMORROW) == []
    assert slots.bookable_services() == []
    cut.active = True
    cut.save()
    anna.active = False
    anna.save()
    assert slots.free_starts(anna, cut, TOMORROW) == []
    assert slots.masters_for_service(cut.id) == []


def test_master_without_services_is_not_offered(salon):
    cut = rows.service()
    rows.master("Idle")  # no services
    boris = rows.master("Boris", cut)
    assert slots.masters_for_service(cut.id) == [boris]
    assert slots.bookable_services() == [cut]
    assert rows.service("Orphan") not in slots.bookable_services()


def test_one_service_is_bookable_exactly_when_the_list_has_it(salon):
    cut, color, nails = rows.service("Cut"), rows.service("Color"), rows.service("Nails")
    orphan, closed = rows.service("Orphan"), rows.service("Closed", active=False)
    anna = rows.master("Anna", cut, color, closed)
    rows.master("Boris", nails, active=False)  # the only master of Nails is blocked
    rows.master("Idle")
    everything = [cut, color, nails, orphan, closed]
    listed = {s.id for s in slots.bookable_services()}
    assert listed == {cut.id, color.id}
    for service in everything:
        assert slots.bookable_service(service.id) == (service if service.id in listed else None)
    assert slots.bookable_service(cut.id).name == "Cut"
    assert slots.bookable_service(max(s.id for s in everything) + 1) is None  # no such service
    anna.active = False
    anna.save()
    assert slots.bookable_service(cut.id) is None and slots.bookable_services() == []


def test_services_for_master_lists_only_active_ones(salon):
    cut, color, nails = rows.service("Cut"), rows.service("Color"), rows.service("Nails", active=False)
    anna = rows.master("Anna", cut, color, nails)
    assert [s.name for s in slots.services_for_master(anna.id)] == ["Color", "Cut"]


def test_horizon_edges(salon):
    cut = rows.service()
    anna = rows.master("Anna", cut)
    days = slots.horizon()
    assert days[0] == TODAY and len(days) == 14
    last = TODAY + dt.timedelta(days=13)
    assert slots.free_starts(anna, cut, last)
    assert slots.free_starts(anna, cut, last + dt.timedelta(days=1)) == []
    assert slots.free_starts(anna, cut, TODAY - dt.timedelta(days=1)) == []
    salon_settings.save(horizon_days=3)
    assert slots.horizon() == [TODAY, TOMORROW, TODAY + dt.timedelta(days=2)]
    assert slots.available_dates(cut.id, anna.id)[-1] == TODAY + dt.timedelta(days=2)


def test_time_zone_salon_moscow_while_utc_date_differs(salon, fixed_clock):
    # 22:30 UTC on the 23rd is already 01:30 on the 24th in Moscow.
    fixed_clock.set(dt.datetime(2026, 11, 23, 22, 30, tzinfo=dt.UTC))
    cut = rows.service()
    anna = rows.master("Anna", cut, shift_start=0, shift_end=23)
    assert slots.horizon()[0] == TOMORROW
    assert slots.free_starts(anna, cut, TODAY) == []
    assert slots.free_starts(anna, cut, TOMORROW)[0] == hm("02:00")


def test_min_notice_setting_is_used(salon):
    cut = rows.service()
    anna = rows.master("Anna", cut)
    salon_settings.save(min_notice_minutes=180)
    assert slots.free_starts(anna, cut, TODAY)[0] == hm("13:00")


def test_available_dates_skip_full_days_and_days_off(salon):
    cut = rows.service(duration=60)
    anna = rows.master("Anna", cut, shift_start=10, shift_end=11)
    DayOff.create(master=anna, date=TOMORROW)
    day2 = TODAY + dt.timedelta(days=2)
    book(anna, cut, day2, hm("10:00"))
    book(anna, cut, day2, hm("11:00"))
    dates = slots.available_dates(cut.id, anna.id)
    assert TODAY in dates  # 10:00 and 11:00 today are still ahead of 09:00
    assert TOMORROW not in dates and day2 not in dates
    assert len(dates) == 12


def test_any_master_union_and_pick_order(salon):
    cut = rows.service(duration=60)
    anna = rows.master("Anna", cut, shift_start=9, shift_end=12)
    boris = rows.master("Boris", cut, shift_start=11, shift_end=14)
    rows.master("Blocked", cut, shift_start=6, shift_end=7, active=False)
    book(anna, cut, TOMORROW, hm("11:00"))
    starts = slots.any_master_starts(cut.id, TOMORROW)
    assert starts == [hm(t) for t in ("09:00", "10:00", "11:00", "12:00", "13:00", "14:00")]
    # 11:00: only Boris is free.
    assert slots.pick_master(cut.id, TOMORROW, hm("11:00")) == boris
    # 12:00: both free; Boris has no booking that day, Anna one → Boris.
    assert slots.pick_master(cut.id, TOMORROW, hm("12:00")) == boris
    book(boris, cut, TOMORROW, hm("13:00"))
    book(boris, cut, TOMORROW, hm("14:00"))
    assert slots.pick_master(cut.id, TOMORROW, hm("12:00")) == anna
    # Equal load → the lower id.
    day2 = TODAY + dt.timedelta(days=2)
    assert slots.pick_master(cut.id, day2, hm("12:00")) == anna
    assert slots.pick_master(cut.id, TOMORROW, hm("06:00")) is None
    assert slots.available_dates(cut.id, None)[0] == TODAY


def test_any_master_dates_count_a_day_one_master_has_off(salon):
    cut = rows.service()
    anna = rows.master("Anna", cut)
    boris = rows.master("Boris", cut)
    DayOff.create(master=anna, date=TOMORROW)
    assert TOMORROW not in slots.available_dates(cut.id, anna.id)
    assert TOMORROW in slots.available_dates(cut.id, None)
    assert slots.pick_master(cut.id, TOMORROW, hm("10:00")) == boris


def test_day_loads_is_one_query_for_many_masters_and_days(salon):
    cut = rows.service()
    masters = [rows.master(f"M{i}", cut) for i in range(5)]
    for i, m in enumerate(masters):
        book(m, cut, TODAY + dt.timedelta(days=i), hm("10:00"))
        Break.create(master=m, date=TODAY + dt.timedelta(days=i), start=hm("12:00"), duration=60)
    DayOff.create(master=masters[0], date=TOMORROW)
    from mtime_tui.core.storage.models import database

    calls = []
    real = database.execute_sql

    def counting(sql, params=None, *a, **kw):
        calls.append(sql)
        return real(sql, params, *a, **kw)

    handle = database.obj  # the open engine behind the proxy
    handle.execute_sql = counting
    try:
        loads = slots.day_loads([m.id for m in masters], TODAY, TODAY + dt.timedelta(days=13))
    finally:
        del handle.execute_sql
    assert len(calls) == 1
    assert loads[(masters[2].id, TODAY + dt.timedelta(days=2))].bookings == [(600, 660)]
    assert loads[(masters[2].id, TODAY + dt.timedelta(days=2))].breaks == [(720, 780)]
    assert loads[(masters[0].id, TOMORROW)].day_off


@settings(max_examples=200, deadline=None)
@given(busy=ranges, more=ranges, duration=st.integers(5, 300), interval=st.sampled_from([15, 30, 60]))
def test_more_busy_time_never_offers_more(busy, more, duration, interval):
    """Adding bookings or breaks can only take starts away."""
    before = set(pure(busy=busy, duration=duration, interval=interval))
    after = set(pure(busy=busy + more, duration=duration, interval=interval))
    assert after <= before
