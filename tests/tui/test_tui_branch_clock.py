"""Each branch's clock in the TUI (docs/BRANCHES.md): at 23:30 in Moscow it is already 06:30
tomorrow in Vladivostok, so a seat on the East branch sees tomorrow as its today — in the journal,
Bookings' "Today", Working time and the Calendar — while the main branch's seat sees today."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Static

from mtime_tui.core import clock, seat
from mtime_tui.screens.bookings import BookingsScreen
from mtime_tui.screens.calendar import CalendarScreen
from mtime_tui.screens.working_time import WorkingTimeScreen

from .booking_fixtures import seed_east_branch
from .conftest import SIZE, TODAY, settle

pytestmark = pytest.mark.anyio

TOMORROW = TODAY + dt.timedelta(days=1)
LATE = dt.datetime(2026, 11, 23, 20, 30, tzinfo=dt.UTC)  # 23:30 Moscow, 06:30 Vladivostok


@pytest.fixture
def east(shell_salon):
    east, _ = seed_east_branch(shell_salon.olga, TOMORROW, 10)
    clock.get_clock().set(LATE)
    return east


async def sections_today(app, pilot) -> dict[str, dt.date]:
    """The day each section takes for today."""
    await settle(pilot)
    seen = {"journal": app.screen._loaded.journal.day}
    heading = str(app.screen.query_one("#today-date", Static).render())
    for key, kind in (("7", BookingsScreen), ("4", WorkingTimeScreen), ("6", CalendarScreen)):
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, kind)
        seen[kind.__name__] = app.screen.today
    await pilot.press("1")
    await settle(pilot)
    return seen | {"heading": heading}


async def test_a_seat_on_a_far_branch_lives_on_its_clock(app_factory, east):
    seat.choose_branch(east.id)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        seen = await sections_today(app, pilot)
        assert {k: v for k, v in seen.items() if k != "heading"} == dict.fromkeys(
            ("journal", "BookingsScreen", "WorkingTimeScreen", "CalendarScreen"), TOMORROW)
        assert "24" in seen["heading"]
        assert app.screen._loaded.journal.booked() == 1  # Dmitry's 10:00 there
        await pilot.press("7")
        await settle(pilot)
        table = app.screen.query_one("BookingTable")
        assert [key for key, _cells in table._rows] == ["1005"]


async def test_the_main_branch_seat_keeps_the_salon_s_day(app_factory, east):
    seat.choose_branch(1)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        seen = await sections_today(app, pilot)
        assert {k: v for k, v in seen.items() if k != "heading"} == dict.fromkeys(
            ("journal", "BookingsScreen", "WorkingTimeScreen", "CalendarScreen"), TODAY)
        assert app.screen._loaded.journal.booked() == 4


async def test_a_single_salon_keeps_its_own_clock(app_factory, shell_salon):
    clock.get_clock().set(LATE)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen._loaded.journal.day == TODAY
