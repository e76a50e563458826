"""Changing working time (SPEC "Breaks, days off, vacations"): week, cycle, recurring breaks,
vacations and exceptions each re-check the upcoming bookings; the ones a change puts outside the
hours are listed (Conflict, nothing written), cancelled by the salon (clients notified) or kept."""

from __future__ import annotations

import datetime as dt

import pytest

from mtime_tui.core.booking import bookings, day_plans, slots, work_plans, working_time
from mtime_tui.core.booking.work_plans import CANCEL, KEEP
from mtime_tui.core.errors import Conflict, ValidationError
from mtime_tui.core.storage.models import (
    BY_SALON,
    CANCELLED,
    COMPLETED,
    PENDING,
    SOURCE_BOT,
    DateException,
    Master,
    Outbox,
    RecurringBreak,
    Vacation,
)
from tests import salon_rows as rows
from tests.conftest import FIXED_NOW, TODAY
from tests.salon_rows import hm

pytestmark = pytest.mark.both_engines

TOMORROW = TODAY + dt.timedelta(days=1)  # Tuesday 24 November 2026
SUNDAY = TODAY + dt.timedelta(days=6)
NINE_TO_NINE = ("9:00", "21:00")


@pytest.fixture
def shop(salon):
    cut = rows.service("Haircut", duration=60)
    anna = rows.master("Anna", cut, telegram_id=5_000_001, interval=30)
    olga = rows.client("Olga", telegram_id=7_000_001)
    return type("Shop", (), dict(cut=cut, anna=anna, olga=olga))


def book(shop, day, start):
    return bookings.create_booking(service_id=shop.cut.id, client_id=shop.olga.id, day=day,
                                   start=hm(start), master_id=shop.anna.id, source=SOURCE_BOT)


def status(booking) -> str:
    return bookings.get_booking(booking.number).status


def test_a_week_with_sundays_off_offers_no_sunday(shop):
    work_plans.set_week(shop.anna.id, [NINE_TO_NINE] * 6 + [None])
    assert SUNDAY not in slots.available_dates(shop.cut.id, shop.anna.id)
    assert SUNDAY - dt.timedelta(days=1) in slots.available_dates(shop.cut.id, shop.anna.id)
    assert slots.free_starts(shop.anna.id, shop.cut.id, SUNDAY) == []
    assert slots.any_master_starts(shop.cut.id, SUNDAY) == []


def test_minutes_and_the_grid_from_the_days_start(shop):
    work_plans.set_week(shop.anna.id, [("9:30", "19:00")] * 7)
    free = slots.free_starts(shop.anna.id, shop.cut.id, TOMORROW)
    assert free[0] == hm("09:30") and free[-1] == hm("19:00") and hm("09:00") not in free
    masters_day = day_plans.master_day(shop.anna.id, TOMORROW)
    assert masters_day.hours == (hm("09:30"), hm("19:00")) and masters_day.kind == "week"


def test_no_1330_start_for_an_hour_when_lunch_is_14_to_15(shop):
    work_plans.add_recurring_break(shop.anna.id, "14:00", 60, [0, 1, 2, 3, 4])
    free = slots.free_starts(shop.anna.id, shop.cut.id, TOMORROW)
    assert hm("13:00") in free and hm("15:00") in free
    assert hm("13:30") not in free and hm("14:00") not in free and hm("14:30") not in free
    saturday = TODAY + dt.timedelta(days=5)
    assert hm("13:30") in slots.free_starts(shop.anna.id, shop.cut.id, saturday)  # lunch Mon–Fri only
    with pytest.raises(Exception) as err:
        book(shop, TOMORROW, "13:30")
    assert type(err.value).__name__ == "SlotTaken"


def test_a_change_of_hours_over_bookings_lists_them_and_writes_nothing(shop):
    early = book(shop, TOMORROW, "09:00")
    late = book(shop, TOMORROW, "20:00")
    fine = book(shop, TOMORROW, "12:00")
    with pytest.raises(Conflict) as err:
        work_plans.set_week(shop.anna.id, [("10:00", "18:00")] * 7)
    assert [b.number for b in err.value.items] == [early.number, late.number]
    assert err.value.params["count"] == 2
    assert work_plans.week_of(shop.anna.id) == [(hm("09:00"), hm("21:00"))] * 7
    # Cancel: the salon cancels the two, their client is told; the booking inside stays.
    Outbox.delete().execute()
    cancelled = work_plans.set_week(shop.anna.id, [("10:00", "18:00")] * 7, on_outside=CANCEL)
    assert {b.number for b in cancelled} == {early.number, late.number}
    assert status(early) == status(late) == CANCELLED and status(fine) == PENDING
    assert bookings.get_booking(early.number).cancelled_by == BY_SALON
    assert Outbox.select().where(Outbox.chat_id == shop.olga.telegram_id).count() == 2


def test_keep_leaves_the_bookings_and_they_are_not_asked_about_again(shop):
    early = book(shop, TOMORROW, "09:00")
    kept = work_plans.set_week(shop.anna.id, [("10:00", "18:00")] * 7, on_outside=KEEP)
    assert [b.number for b in kept] == [early.number] and status(early) == PENDING
    assert [b.number for b in work_plans.upcoming_outside(shop.anna.id)] == [early.number]
    # A later, unrelated change does not ask about the kept booking again.
    assert work_plans.set_week(shop.anna.id, [("10:00", "19:00")] * 7) == []


def test_past_and_finished_bookings_are_never_listed(shop):
    today_early = book(shop, TODAY, "10:00")
    bookings.set_status(today_early.number, COMPLETED)
    assert work_plans.set_week(shop.anna.id, [None] * 7) == []


def test_cycle_two_on_two_off(shop):
    book(shop, TOMORROW, "10:00")
    with pytest.raises(Conflict):  # anchored on Sunday: Sun, Mon work, Tue (booked) is off
        work_plans.set_cycle(shop.anna.id, on=2, off=2, anchor=TODAY - dt.timedelta(days=1),
                             hours=NINE_TO_NINE)
    work_plans.set_cycle(shop.anna.id, on=2, off=2, anchor=TODAY, hours=("10:00", "20:00"))
    works = [bool(slots.free_starts(shop.anna.id, shop.cut.id, TODAY + dt.timedelta(days=i)))
             for i in range(8)]
    assert works == [True, True, False, False, True, True, False, False]
    assert slots.free_starts(shop.anna.id, shop.cut.id, TODAY + dt.timedelta(days=4))[0] == hm("10:00")
    # The week is kept beside the cycle and comes back.
    work_plans.use_week(shop.anna.id)
    assert all(slots.free_starts(shop.anna.id, shop.cut.id, TODAY + dt.timedelta(days=i))
               for i in range(1, 8))


def test_cycle_with_hours_per_working_day(shop):
    work_plans.set_cycle(shop.anna.id, on=3, off=1, anchor=TOMORROW,
                         hours=[("9:00", "12:00"), ("12:00", "18:00"), ("15:00", "21:00")])
    firsts = [slots.free_starts(shop.anna.id, shop.cut.id, TOMORROW + dt.timedelta(days=i))[:1]
              for i in range(5)]
    assert firsts == [[hm("09:00")], [hm("12:00")], [hm("15:00")], [], [hm("09:00")]]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda m: work_plans.set_week(m, [("18:00", "9:00")] + [None] * 6), "day0.end"),
        (lambda m: work_plans.set_week(m, [("25:00", "26:00")] + [None] * 6), "day0.start"),
        (lambda m: work_plans.set_cycle(m, on=0, off=2, anchor=TODAY, hours=NINE_TO_NINE), "on"),
        (lambda m: work_plans.set_cycle(m, on=2, off=29, anchor=TODAY, hours=NINE_TO_NINE), "off"),
        (lambda m: work_plans.set_cycle(m, on=2, off=2, anchor=None, hours=NINE_TO_NINE), "anchor"),
        (lambda m: work_plans.set_cycle(m, on=2, off=2, anchor=TODAY, hours=[NINE_TO_NINE]),
         "hours"),
        (lambda m: work_plans.add_recurring_break(m, "23:30", 60, [0]), "duration"),
        (lambda m: work_plans.add_recurring_break(m, "13:00", 60, []), "weekdays"),
        (lambda m: work_plans.add_vacation(m, TOMORROW, TODAY), "last"),
        (lambda m: work_plans.add_vacation(m, TODAY - dt.timedelta(days=1), TODAY), "first"),
        (lambda m: work_plans.set_exception(m, TODAY - dt.timedelta(days=1), NINE_TO_NINE), "day"),
        (lambda m: work_plans.set_exception(m, TOMORROW, None), "hours"),
    ],
)
def test_bad_input_is_a_clear_message_and_changes_nothing(shop, call, field):
    before = (work_plans.week_of(shop.anna.id), Master.get_by_id(shop.anna.id).schedule,
              RecurringBreak.select().count(), Vacation.select().count(),
              DateException.select().count())
    with pytest.raises(ValidationError) as err:
        call(shop.anna.id)
    assert err.value.field == field
    assert err.value.message("ru") != err.value.message("en")
    assert before == (work_plans.week_of(shop.anna.id), Master.get_by_id(shop.anna.id).schedule,
                      RecurringBreak.select().count(), Vacation.select().count(),
                      DateException.select().count())


def test_vacation_over_bookings_needs_confirmation_then_cancels(shop):
    inside = book(shop, TOMORROW + dt.timedelta(days=1), "10:00")
    after = book(shop, TOMORROW + dt.timedelta(days=5), "10:00")
    first, last = TOMORROW, TOMORROW + dt.timedelta(days=3)
    with pytest.raises(Conflict) as err:
        work_plans.add_vacation(shop.anna.id, first, last)
    assert [b.number for b in err.value.items] == [inside.number]
    assert Vacation.select().count() == 0
    vacation, cancelled = work_plans.add_vacation(shop.anna.id, first, last, confirm_cancel=True)
    assert [b.number for b in cancelled] == [inside.number]
    assert status(inside) == CANCELLED and status(after) == PENDING
    dates = slots.available_dates(shop.cut.id, shop.anna.id)
    assert not set(dates) & {first + dt.timedelta(days=i) for i in range(4)}
    assert last + dt.timedelta(days=1) in dates
    assert day_plans.master_day(shop.anna.id, first).kind == "vacation"
    with pytest.raises(ValidationError) as err:  # overlapping vacations are one too many
        work_plans.add_vacation(shop.anna.id, last, last + dt.timedelta(days=2))
    assert err.value.field == "first"
    work_plans.remove_vacation(shop.anna.id, vacation.id)
    assert first in slots.available_dates(shop.cut.id, shop.anna.id)


def test_an_exception_beats_a_vacation_a_day_off_and_the_week(shop):
    work_plans.set_week(shop.anna.id, [NINE_TO_NINE] * 6 + [None])
    work_plans.add_vacation(shop.anna.id, TOMORROW, TOMORROW + dt.timedelta(days=2))
    working_time.add_day_off(shop.anna.id, TODAY + dt.timedelta(days=4))
    for day in (TOMORROW, TODAY + dt.timedelta(days=4), SUNDAY):
        assert slots.free_starts(shop.anna.id, shop.cut.id, day) == []
        work_plans.set_exception(shop.anna.id, day, ("11:00", "13:00"))
        assert slots.free_starts(shop.anna.id, shop.cut.id, day) == [hm("11:00") + 30 * i
                                                              for i in range(5)]
        assert day_plans.master_day(shop.anna.id, day).kind == "exception"
    # A shortened day over a booking asks; removing an extra working day asks too.
    booked = book(shop, SUNDAY, "12:00")
    with pytest.raises(Conflict):
        work_plans.set_exception(shop.anna.id, SUNDAY, ("11:00", "11:30"))
    with pytest.raises(Conflict) as err:
        work_plans.remove_exception(shop.anna.id, SUNDAY)
    assert [b.number for b in err.value.items] == [booked.number]
    work_plans.remove_exception(shop.anna.id, SUNDAY, on_outside=CANCEL)
    assert status(booked) == CANCELLED


def test_recurring_break_over_a_booking_asks_and_removing_it_frees_the_time(shop):
    lunch_booking = book(shop, TOMORROW, "13:30")
    with pytest.raises(Conflict) as err:
        work_plans.add_recurring_break(shop.anna.id, "13:00", 60, range(7))
    assert [b.number for b in err.value.items] == [lunch_booking.number]
    brk, kept = work_plans.add_recurring_break(shop.anna.id, "13:00", 60, range(7),
                                               on_outside=KEEP)
    assert status(lunch_booking) == PENDING and kept
    assert [b.start for b in day_plans.master_day(shop.anna.id, TOMORROW).blocked] == [hm("13:00")]
    work_plans.remove_recurring_break(shop.anna.id, brk.id)
    assert work_plans.recurring_breaks(shop.anna.id) == []


def test_daily_upkeep_clears_past_vacations_and_exceptions(shop, fixed_clock):
    work_plans.add_vacation(shop.anna.id, TODAY, TOMORROW)
    work_plans.set_exception(shop.anna.id, TOMORROW, NINE_TO_NINE)
    later = FIXED_NOW + dt.timedelta(days=3)
    assert working_time.cleanup_past(now=later) == 2
    assert Vacation.select().count() == DateException.select().count() == 0
