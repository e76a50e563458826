"""Bookings: the guide's filters, the search, paging, and the card from the list."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Tabs

from mtime_tui.core import settings
from mtime_tui.core.booking import bookings
from mtime_tui.core.storage.models import CONFIRMED, SOURCE_BOT
from mtime_tui.screens import bookings as bookings_screen
from mtime_tui.screens.booking_card import BookingCard
from mtime_tui.screens.bookings import day_pages
from mtime_tui.widgets import MonthCalendar
from mtime_tui.widgets.booking_table import BookingTable
from tests.tui.booking_fixtures import (
    TUESDAY,
    book,
    open_section,
    seed_bookings,
    seed_salon,
    settle,
)

pytestmark = pytest.mark.anyio
MONDAY = dt.date(2026, 11, 23)


@pytest.fixture
def seeded(salon):
    s = seed_salon()
    seed_bookings(s)
    return s


def numbers(screen) -> list[int]:
    return [int(key.value) for key in screen.query_one(BookingTable).rows]


async def choose(pilot, name: str) -> None:
    pilot.app.screen.select_filter(name)
    await settle(pilot)


async def test_filters_show_their_bookings(seeded):
    settings.save(horizon_days=30)
    book(seeded.anna, seeded.haircut, MONDAY + dt.timedelta(days=20), 12)  # 13 Dec
    async with open_section("bookings") as pilot:
        screen = pilot.app.screen
        assert screen.filter == "today" and numbers(screen) == [1004]
        tabs = screen.query_one(Tabs)
        new_tab = tabs.query_one("#filter-new")
        assert new_tab.display and "(1)" in str(new_tab.label)
        await choose(pilot, "new")
        assert numbers(screen) == [1005]
        await choose(pilot, "week")
        assert numbers(screen) == [1004, 1001, 1003, 1002, 1005]
        await choose(pilot, "month")
        assert numbers(screen)[-1] == 1006
        await choose(pilot, "date")
        calendar = screen.query_one("#bookings-calendar", MonthCalendar)
        assert calendar.display
        assert calendar.marks[TUESDAY] == "3" and calendar.marks[MONDAY] == "1"
        calendar.show_day(TUESDAY)
        calendar.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert numbers(screen) == [1001, 1003, 1002]


async def test_new_tab_hidden_without_pending(seeded):
    bookings.set_status(1005, CONFIRMED)
    async with open_section("bookings") as pilot:
        new_tab = pilot.app.screen.query_one(Tabs).query_one("#filter-new")
        assert not new_tab.display


async def test_search_by_number_phone_and_name(seeded):
    async with open_section("bookings") as pilot:
        screen = pilot.app.screen
        await pilot.press("slash")
        await settle(pilot)
        assert screen.filter == "all"
        assert screen.query_one("#bookings-search").has_focus
        await pilot.press(*"1002")
        await settle(pilot)
        assert numbers(screen) == [1002]
        screen.query_one("#bookings-search").value = ""
        await pilot.press(*"555-66")
        await settle(pilot)
        assert sorted(numbers(screen)) == [1003, 1004]
        screen.query_one("#bookings-search").value = ""
        await pilot.press(*"lebedeva")
        await settle(pilot)
        assert numbers(screen) == [1005]
        await pilot.press("enter")  # to the list
        await pilot.press("enter")  # open the card
        await settle(pilot)
        assert isinstance(pilot.app.screen, BookingCard)
        assert pilot.app.screen.number == 1005


async def test_long_lists_come_in_pages(seeded, monkeypatch):
    monkeypatch.setattr(bookings_screen, "PAGE_SIZE", 2)
    settings.save(max_upcoming_bookings=10)  # one client books them all online
    for hour in (13, 14, 15):
        book(seeded.boris, seeded.haircut, dt.date(2026, 11, 26), hour, source=SOURCE_BOT)
    async with open_section("bookings") as pilot:
        screen = pilot.app.screen
        await choose(pilot, "week")
        first_page = numbers(screen)
        assert first_page == [1004, 1001, 1003, 1002]  # Monday and Tuesday: whole days
        await pilot.press("n")
        await settle(pilot)
        second = numbers(screen)
        assert second == [1006, 1007, 1008]
        await pilot.press("n")
        await settle(pilot)
        assert numbers(screen) == [1005]
        await pilot.press("p", "p")
        await settle(pilot)
        assert numbers(screen) == first_page
        await choose(pilot, "all")
        assert len(numbers(screen)) == 2
        await pilot.press("enter", "n")  # leave the search field, then page
        await settle(pilot)
        assert len(numbers(screen)) == 2 and screen.page == 1


def test_day_pages_cut_whole_days():
    first = dt.date(2026, 11, 23)
    days = [first + dt.timedelta(days=i) for i in range(7)]
    counts = {days[0]: 3, days[1]: 1, days[3]: 5}
    assert day_pages(days[0], days[-1], counts, 3) == [
        (days[0], days[0]),
        (days[1], days[3]),
        (days[4], days[6]),
    ]
    assert day_pages(days[0], days[-1], {}, 3) == [(days[0], days[6])]
