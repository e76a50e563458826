"""Working time's Month and Week tabs: the month as the engine plans it (working, off, vacation
and exception days told apart), the week editor with the cycle option, recurring breaks, a
vacation picked as a range, and a change over bookings that lists them: cancel or keep."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Checkbox, Input, Select, Static, TabbedContent

from mtime_tui.core.booking import day_plans, work_plans, working_time
from mtime_tui.core.storage.models import BY_SALON, CANCELLED, CONFIRMED, Booking, Vacation
from mtime_tui.screens.dialogs import ConfirmModal
from mtime_tui.screens.week_form import OutsideModal, RepeatForm, WeekForm
from mtime_tui.widgets import MonthCalendar
from tests.tui.booking_fixtures import TUESDAY, book, open_section, seed_salon, settle

pytestmark = pytest.mark.anyio


@pytest.fixture
def seeded(salon):
    return seed_salon()


async def open_tab(pilot, tab: str):
    screen = pilot.app.screen
    screen.query_one("#wt-tabs", TabbedContent).active = tab
    await settle(pilot)
    return screen


async def test_the_month_tells_working_off_vacation_and_exception_days_apart(seeded):
    work_plans.set_week(seeded.anna.id, [("9:00", "18:00")] * 6 + [None])
    working_time.add_day_off(seeded.anna.id, TUESDAY)
    work_plans.add_vacation(seeded.anna.id, dt.date(2026, 12, 1), dt.date(2026, 12, 3))
    work_plans.set_exception(seeded.anna.id, dt.date(2026, 11, 29), ("10:00", "14:00"))
    async with open_section("working_time") as pilot:
        screen = await open_tab(pilot, "wt-month")
        calendar = screen.query_one("#wt-plan-calendar", MonthCalendar)
        assert calendar.marks[dt.date(2026, 11, 23)] == "9–18"
        assert calendar.marks[TUESDAY] == "off"
        assert calendar.marks[dt.date(2026, 11, 29)] == "*10–14"  # a Sunday made a working day
        assert calendar.marks[dt.date(2026, 12, 6)] == "—"  # Sundays off by the week
        assert calendar.marks[dt.date(2026, 12, 2)] == "vac."
        assert calendar.kinds[TUESDAY] == "off" and calendar.kinds[dt.date(2026, 12, 2)] == \
            "vacation" and calendar.kinds[dt.date(2026, 11, 29)] == "exception"
        # The marks are what the engine computes, day by day.
        plans = day_plans.day_plans([seeded.anna], dt.date(2026, 11, 23), dt.date(2026, 12, 6))
        assert all(calendar.marks[d] != "—" for (_m, d), p in plans.items() if p.working)


async def test_a_vacation_picked_as_a_range_over_a_booking(seeded):
    booking = book(seeded.anna, seeded.haircut, TUESDAY, 10)
    async with open_section("working_time") as pilot:
        screen = await open_tab(pilot, "wt-month")
        calendar = screen.query_one("#wt-plan-calendar", MonthCalendar)
        await pilot.press("v")
        calendar.show_day(dt.date(2026, 11, 26))
        await pilot.press("enter")
        calendar.show_day(TUESDAY)  # the last day before the first: the range is sorted
        await pilot.press("enter")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, ConfirmModal) and any("1001" in i for i in modal.items)
        await pilot.press("y")
        await settle(pilot)
        assert calendar.marks[dt.date(2026, 11, 25)] == "vac."
    vacation = Vacation.get()
    assert (vacation.first, vacation.last) == (TUESDAY, dt.date(2026, 11, 26))
    booking = Booking.get_by_id(booking.id)
    assert (booking.status, booking.cancelled_by) == (CANCELLED, BY_SALON)


async def test_the_week_editor_over_bookings_asks_cancel_or_keep(seeded):
    early = book(seeded.anna, seeded.haircut, TUESDAY, 9)
    async with open_section("working_time") as pilot:
        await open_tab(pilot, "wt-week-tab")
        await pilot.press("w")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, WeekForm)
        assert len(form.query(".week-row")) == 7
        form.query_one("#works6", Checkbox).value = False  # Sundays off
        form.query_one("#from1", Input).value = "10:30"  # Tuesdays from 10:30
        await pilot.press("ctrl+s")
        await settle(pilot)
        ask = pilot.app.screen
        assert isinstance(ask, OutsideModal) and [b.number for b in ask.items] == [early.number]
        ask.query_one("#keep-them").press()
        await settle(pilot)
        week = pilot.app.screen.query_one("#wt-week", Static)
        assert "10:30–21:00" in str(week.render()) and "off" in str(week.render())
    assert work_plans.week_of(seeded.anna.id)[1] == (630, 21 * 60)
    assert work_plans.week_of(seeded.anna.id)[6] is None
    assert Booking.get_by_id(early.id).status == CONFIRMED  # kept


async def test_the_cycle_option_and_a_recurring_break(seeded):
    async with open_section("working_time") as pilot:
        await open_tab(pilot, "wt-week-tab")
        await pilot.press("w")
        await settle(pilot)
        form = pilot.app.screen
        form.query_one("#mode", Select).value = "cycle"
        await settle(pilot)
        assert form.query_one("#cycle-rows").display and not form.query_one("#week-rows").display
        form.query_one("#anchor", Input).value = "23.11.2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, WeekForm)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, RepeatForm)
        await pilot.press("ctrl+s")  # 13:00 for 60 minutes on the working weekdays
        await settle(pilot)
        options = pilot.app.screen.query_one("#wt-repeats")
        assert "13:00–14:00" in str(options.get_option_at_index(0).prompt)
    plan = day_plans.schedule_of(seeded.anna)
    assert (plan.kind, plan.cycle_on, plan.cycle_off, plan.anchor) == (
        "cycle", 2, 2, dt.date(2026, 11, 23))
    assert not day_plans.master_day(seeded.anna.id, dt.date(2026, 11, 25)).working
    assert [(r.start, r.duration) for r in plan.repeats] == [(780, 60)]


async def test_the_wizard_offers_exactly_what_the_engine_computes(seeded):
    """Sundays off, lunch 14:00-15:00, a shortened Saturday: the wizard's dates and times."""
    from mtime_tui.core.booking import slots
    from mtime_tui.widgets import SlotGrid

    from .test_tui_booking_wizard import highlight

    day = ("9:00", "18:00")
    work_plans.set_week(seeded.anna.id, [day] * 5 + [("10:00", "14:00"), None])
    work_plans.add_recurring_break(seeded.anna.id, "14:00", 60, range(5))
    async with open_section("new_booking") as pilot:
        screen = pilot.app.screen
        highlight(screen.query_one("#master-list"), "Anna")
        await pilot.press("enter")
        await settle(pilot)
        highlight(screen.query_one("#service-list"), "Haircut")
        await pilot.press("enter")
        await settle(pilot)
        calendar = screen.query_one("#date-calendar", MonthCalendar)
        engine = slots.available_dates(seeded.haircut.id, seeded.anna.id)
        assert calendar.enabled == set(engine)
        assert not [d for d in engine if d.weekday() == 6]
        calendar.show_day(TUESDAY)
        await pilot.press("enter")
        await settle(pilot)
        grid = screen.query_one("#time-grid", SlotGrid)
        assert list(grid.starts) == slots.free_starts(seeded.anna.id, seeded.haircut.id, TUESDAY)
        assert 13 * 60 in grid.starts and 14 * 60 not in grid.starts and 18 * 60 in grid.starts
