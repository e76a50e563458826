"""The booking card's status picker (issue 11, defect 2): on a pending future booking
`s` → Down → Enter set Completed, Up wrapped round to Cancelled, and a visit that had not
happened yet could be marked Completed or No-show."""

from __future__ import annotations

import pytest

from mtime_tui.core import clock
from mtime_tui.core.booking import bookings
from mtime_tui.core.storage.models import (
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    PENDING,
    SOURCE_BOT,
)
from mtime_tui.screens.booking_card import BookingCard, StatusModal
from mtime_tui.screens.dialogs import ConfirmModal
from tests.tui.booking_fixtures import TUESDAY, book, open_section, seed_salon, settle

pytestmark = pytest.mark.anyio


@pytest.fixture
def pending(salon):
    s = seed_salon()
    return book(s.anna, s.haircut, TUESDAY, 10, source=SOURCE_BOT)  # pending, tomorrow 10:00


async def open_picker(pilot, number: int) -> StatusModal:
    await pilot.app.push_screen(BookingCard(number))
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, StatusModal)
    return pilot.app.screen


def offered(modal: StatusModal) -> list[str]:
    status_list = modal.query_one("#status-list")
    return [status_list.get_option_at_index(i).id for i in range(status_list.option_count)]


async def test_a_future_booking_is_offered_only_what_makes_sense(pending):
    async with open_section("bookings") as pilot:
        modal = await open_picker(pilot, pending.number)
        assert offered(modal) == [PENDING, CONFIRMED, CANCELLED]
        status_list = modal.query_one("#status-list")
        assert status_list.highlighted == 0  # the current one, marked
        assert "(now)" in str(status_list.get_option_at_index(0).prompt)
        await pilot.press("up")  # no wrap round to Cancelled
        assert status_list.highlighted == 0
        await pilot.press("down", "enter")
        await settle(pilot)
        assert bookings.get_booking(pending.number).status == CONFIRMED


async def test_enter_on_the_current_status_changes_nothing(pending):
    async with open_section("bookings") as pilot:
        await open_picker(pilot, pending.number)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BookingCard)
        assert bookings.get_booking(pending.number).status == PENDING


async def test_cancelling_through_the_picker_asks_first(pending):
    async with open_section("bookings") as pilot:
        await open_picker(pilot, pending.number)
        await pilot.press("end", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("enter")  # the safe choice is focused: No
        await settle(pilot)
        assert bookings.get_booking(pending.number).status == PENDING


async def test_a_started_visit_can_be_completed_or_a_no_show(pending):
    bookings.set_status(pending.number, CONFIRMED)
    clock.get_clock().advance(days=1, hours=1, minutes=30)  # Tuesday 10:30, the visit is on
    async with open_section("bookings") as pilot:
        modal = await open_picker(pilot, pending.number)
        assert offered(modal) == [CONFIRMED, COMPLETED, NO_SHOW, CANCELLED]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert bookings.get_booking(pending.number).status == COMPLETED


def test_statuses_for_follows_the_time(pending):
    assert bookings.statuses_for(pending) == [PENDING, CONFIRMED, CANCELLED]
    confirmed = bookings.set_status(pending.number, CONFIRMED)
    assert bookings.statuses_for(confirmed) == [CONFIRMED, CANCELLED]
    start = clock.now_utc().replace(day=24, hour=7)  # Tuesday 10:00 Moscow: it starts now
    assert bookings.statuses_for(confirmed, now=start) == [
        CONFIRMED, COMPLETED, NO_SHOW, CANCELLED]
