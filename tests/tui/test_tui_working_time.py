"""Working time: days off (with the confirm-and-cancel path) and breaks, through the screen."""

from __future__ import annotations

import datetime as dt

import pytest

from mtime_tui.core.booking import working_time
from mtime_tui.core.storage.models import (
    BY_SALON,
    CANCELLED,
    Booking,
    Break,
    Client,
    DayOff,
    Outbox,
)
from mtime_tui.screens.dialogs import ConfirmModal
from mtime_tui.widgets import MonthCalendar, SlotGrid
from tests.tui.booking_fixtures import TUESDAY, book, open_section, seed_salon, settle

pytestmark = pytest.mark.anyio


@pytest.fixture
def seeded(salon):
    return seed_salon()


async def test_day_off_over_a_booking_asks_then_cancels_it(seeded):
    booking = book(seeded.anna, seeded.haircut, TUESDAY, 10)
    Client.update(telegram_id=777000).where(Client.id == booking.client_id).execute()
    async with open_section("working_time") as pilot:
        screen = pilot.app.screen
        assert screen.master_id == seeded.anna.id
        calendar = screen.query_one("#wt-off-calendar", MonthCalendar)
        calendar.focus()
        calendar.show_day(TUESDAY)
        await pilot.press("enter")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, ConfirmModal)
        assert any("1001" in item for item in modal.items)
        await pilot.press("n")  # first say no: nothing changes
        await settle(pilot)
        assert not DayOff.select().exists()
        assert Booking.get().status != CANCELLED
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        listed = screen.query_one("#wt-off-list")
        assert "24.11.2026" in str(listed.get_option_at_index(0).prompt)
        assert calendar.marks.get(TUESDAY) == "off"
    booking = Booking.get_by_id(booking.id)
    assert (booking.status, booking.cancelled_by) == (CANCELLED, BY_SALON)
    assert working_time.days_off(seeded.anna.id) == [TUESDAY]
    told = Outbox.select().where(Outbox.chat_id == 777000, Outbox.booking == booking.id)
    assert [row.kind for row in told] == ["client_cancelled_by_salon"]


async def test_day_off_without_bookings_and_removal_from_the_list(seeded):
    friday = dt.date(2026, 11, 27)
    async with open_section("working_time") as pilot:
        screen = pilot.app.screen
        calendar = screen.query_one("#wt-off-calendar", MonthCalendar)
        calendar.focus()
        calendar.show_day(friday)
        await pilot.press("enter")
        await settle(pilot)
        assert working_time.days_off(seeded.anna.id) == [friday]
        screen.query_one("#wt-off-list").focus()
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert working_time.days_off(seeded.anna.id) == []
        assert screen.query_one("#wt-off-list").option_count == 1  # "No days off."


async def test_breaks_added_on_several_slots_then_some_removed(seeded):
    book(seeded.anna, seeded.haircut, TUESDAY, 10)
    async with open_section("working_time") as pilot:
        screen = pilot.app.screen
        screen.query_one("#wt-tabs").active = "wt-breaks"
        await settle(pilot)
        calendar = screen.query_one("#wt-break-calendar", MonthCalendar)
        calendar.focus()
        calendar.show_day(TUESDAY)
        await pilot.press("enter")
        await settle(pilot)
        free = screen.query_one("#wt-break-free", SlotGrid)
        assert free.has_focus
        assert 600 not in free.starts and 660 in free.starts  # 10:00 is booked
        free.cursor = free.starts.index(13 * 60)
        await pilot.press("space", "right", "space", "right", "space")
        assert free.selected == (780, 840, 900)
        await pilot.press("a")
        await settle(pilot)
        assert [b.start for b in working_time.breaks_on(seeded.anna.id, TUESDAY)] == [780, 840, 900]
        assert 780 not in free.starts
        taken = screen.query_one("#wt-break-taken", SlotGrid)
        assert taken.starts == [780, 840, 900]
        assert calendar.marks.get(TUESDAY) == "•"
        assert screen.query_one("#wt-break-days").option_count == 1
        taken.focus()
        await pilot.press("space", "right", "space")
        await pilot.press("ч")  # "x" on a Russian keyboard layout
        await settle(pilot)
    assert [b.start for b in Break.select()] == [900]


async def test_nothing_selected_adds_no_breaks(seeded):
    async with open_section("working_time") as pilot:
        screen = pilot.app.screen
        screen.query_one("#wt-tabs").active = "wt-breaks"
        await settle(pilot)
        screen.query_one("#wt-break-free", SlotGrid).focus()
        await pilot.press("a")
        await settle(pilot)
    assert not Break.select().exists()


async def test_switching_master_shows_their_days(seeded):
    working_time.add_day_off(seeded.boris.id, TUESDAY)
    async with open_section("working_time") as pilot:
        screen = pilot.app.screen
        assert screen.query_one("#wt-off-list").option_count == 1  # Anna: none
        screen.query_one("#wt-master").value = seeded.boris.id
        await settle(pilot)
        assert screen.master_id == seeded.boris.id
        listed = screen.query_one("#wt-off-list")
        assert "24.11.2026" in str(listed.get_option_at_index(0).prompt)


async def test_enter_on_a_listed_day_off_offers_to_remove_it(seeded):
    working_time.add_day_off(seeded.anna.id, TUESDAY)
    async with open_section("working_time") as pilot:
        pilot.app.screen.query_one("#wt-off-list").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
    assert working_time.days_off(seeded.anna.id) == []


async def test_a_click_selects_a_break_slot(seeded):
    async with open_section("working_time") as pilot:
        screen = pilot.app.screen
        screen.query_one("#wt-tabs").active = "wt-breaks"
        await settle(pilot)
        free = screen.query_one("#wt-break-free", SlotGrid)
        cell = next(c for c in free.query(".slot-cell") if c.start == 12 * 60)
        await pilot.click(cell)
        await pilot.click(next(c for c in free.query(".slot-cell") if c.start == 13 * 60))
        assert free.selected == (720, 780)
        await pilot.press("a")
        await settle(pilot)
    assert [b.start for b in Break.select().order_by(Break.start)] == [720, 780]
