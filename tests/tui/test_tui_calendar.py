"""The calendar of all bookings and the booking card: counts, the day, status, move, cancel."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from textual.widgets import Button

from mtime_tui.bot.telegram.events import BOOKING_CREATED, BotEvent
from mtime_tui.core import clock
from mtime_tui.core.booking import bookings
from mtime_tui.core.storage.models import (
    BY_SALON,
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    SOURCE_BOT,
    Client,
    Outbox,
)
from mtime_tui.screens.base import BookingsChanged
from mtime_tui.screens.booking_card import BookingCard, RescheduleModal, StatusModal
from mtime_tui.screens.dialogs import ConfirmModal, TextInputModal
from mtime_tui.widgets import MonthCalendar, SlotGrid
from mtime_tui.widgets.booking_table import BookingTable
from mtime_tui.widgets.card_fields import CardFields
from tests.tui.booking_fixtures import (
    TUESDAY,
    book,
    open_section,
    seed_bookings,
    seed_salon,
    settle,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
def seeded(salon):
    s = seed_salon()
    seed_bookings(s)
    return s


async def _open_tuesday(pilot):
    screen = pilot.app.screen
    calendar = screen.query_one("#calendar-month", MonthCalendar)
    calendar.show_day(TUESDAY)
    calendar.focus()
    await pilot.press("enter")
    await settle(pilot)
    return screen.query_one("#calendar-day-table", BookingTable)


async def _open_card(pilot, number: int) -> BookingCard:
    table = await _open_tuesday(pilot)
    table.move_cursor(row=table.get_row_index(str(number)))
    await pilot.press("enter")
    await settle(pilot)
    card = pilot.app.screen
    assert isinstance(card, BookingCard)
    return card


async def test_month_counts_and_day_view_in_time_order(seeded):
    async with open_section("calendar") as pilot:
        calendar = pilot.app.screen.query_one("#calendar-month", MonthCalendar)
        assert calendar.marks[TUESDAY] == "3"
        assert calendar.marks[dt.date(2026, 11, 23)] == "1"
        assert dt.date(2026, 11, 25) not in calendar.marks
        table = await _open_tuesday(pilot)
        numbers = [int(row.value) for row in table.rows]
        assert numbers == [1001, 1003, 1002]  # 10:00 Anna, 11:00 Boris, 12:00 Anna
        row = [str(cell) for cell in table.get_row("1003")]
        assert row[:3] == ["1003", "11:00–11:45", "Boris Ivanov"]
        assert "Pavel Kim" in row and "8 (900) 555-66-77" in row
        await pilot.press("escape")
        await settle(pilot)
        assert calendar.has_focus


async def test_next_month_loads_its_counts(seeded):
    bookings.cancel(1005, by=BY_SALON)
    async with open_section("calendar") as pilot:
        calendar = pilot.app.screen.query_one("#calendar-month", MonthCalendar)
        assert dt.date(2026, 11, 27) not in calendar.marks  # cancelled ones are not counted
        await pilot.press("pagedown")
        await settle(pilot)
        assert calendar.month == dt.date(2026, 12, 1)
        assert calendar.marks == {}


async def test_card_shows_the_booking_and_changes_status(seeded):
    async with open_section("calendar") as pilot:
        card = await _open_card(pilot, 1001)
        shown = card.query_one(CardFields).text
        for text in ("Anna Petrova", "1001", "24.11.2026", "10:00–11:00", "Haircut",
                     "Olga Smirnova", "8 (912) 345-67-89", "Confirmed"):
            assert text in shown
        assert card.query_one("#card-message", Button).disabled  # no Telegram
        clock.get_clock().advance(days=1, hours=2)  # Tuesday 11:00: the visit has started
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StatusModal)
        option_list = pilot.app.screen.query_one("#status-list")
        option_list.highlighted = option_list.get_option_index(COMPLETED)
        await pilot.press("enter")
        await settle(pilot)
        assert bookings.get_booking(1001).status == COMPLETED
        assert "Completed" in card.query_one(CardFields).text
        await pilot.press("escape")
        await settle(pilot)
        table = pilot.app.screen.query_one("#calendar-day-table", BookingTable)
        assert "Completed" in str(table.get_row("1001")[-1])


async def test_card_reschedules_to_a_free_time(seeded):
    async with open_section("calendar") as pilot:
        await _open_card(pilot, 1001)
        await pilot.press("r")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, RescheduleModal)
        calendar = modal.query_one(MonthCalendar)
        calendar.show_day(dt.date(2026, 11, 25))
        await pilot.press("enter")
        await settle(pilot)
        grid = modal.query_one(SlotGrid)
        grid.cursor = grid.starts.index(14 * 60)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BookingCard)
    moved = bookings.get_booking(1001)
    assert (moved.date, moved.start) == (dt.date(2026, 11, 25), 14 * 60)


async def test_card_cancels_after_confirmation(seeded):
    async with open_section("calendar") as pilot:
        card = await _open_card(pilot, 1002)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert card.query_one("#card-cancel", Button).disabled
        await pilot.press("escape")
        await settle(pilot)
        calendar = pilot.app.screen.query_one("#calendar-month", MonthCalendar)
        await pilot.press("escape")
        await settle(pilot)
        assert calendar.marks[TUESDAY] == "2"
    cancelled = bookings.get_booking(1002)
    assert (cancelled.status, cancelled.cancelled_by) == (CANCELLED, BY_SALON)


async def test_card_messages_a_telegram_client(seeded):
    client_id = bookings.get_booking(1003).client_id
    Client.update(telegram_id=424242).where(Client.id == client_id).execute()
    async with open_section("calendar") as pilot:
        card = await _open_card(pilot, 1003)
        assert not card.query_one("#card-message", Button).disabled
        assert "tg://user?id=424242" in str(card.query_one("#card-contact").render())
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TextInputModal)
        pilot.app.screen.query_one("#text").insert("Please come 10 minutes early")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is card
    sent = Outbox.get(Outbox.chat_id == 424242, Outbox.kind == "message")
    assert "10 minutes early" in sent.payload


async def test_a_booking_from_the_bot_thread_shows_up(seeded):
    async with open_section("calendar") as pilot:
        table = await _open_tuesday(pilot)
        assert len(table.rows) == 3
        calendar = pilot.app.screen.query_one("#calendar-month", MonthCalendar)

        def bot() -> None:  # the bot thread books and tells the app, as BotRunner does
            made = book(seeded.boris, seeded.haircut, TUESDAY, 16, phone="+79990001122",
                        first="Bot", source=SOURCE_BOT)
            pilot.app.post_message(
                BookingsChanged(BotEvent(BOOKING_CREATED, booking_number=made.number))
            )

        thread = threading.Thread(target=bot)
        thread.start()
        thread.join(10)
        await settle(pilot)
        assert "1006" in [key.value for key in table.rows]
        assert calendar.marks[TUESDAY] == "4"


async def test_open_card_shows_a_change_made_meanwhile(seeded):
    async with open_section("calendar") as pilot:
        card = await _open_card(pilot, 1002)
        bookings.set_status(1002, COMPLETED)  # e.g. the master in the bot
        card.refresh_data()
        await settle(pilot)
        assert "Completed" in card.query_one(CardFields).text


async def _pick_status(pilot, status: str) -> None:
    await pilot.press("s")
    await settle(pilot)
    option_list = pilot.app.screen.query_one("#status-list")
    option_list.highlighted = option_list.get_option_index(status)
    await pilot.press("enter")
    await settle(pilot)


async def test_cancelled_status_asks_first_and_reactivation_rechecks_the_time(seeded):
    async with open_section("calendar") as pilot:
        card = await _open_card(pilot, 1001)
        await _pick_status(pilot, CANCELLED)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert bookings.get_booking(1001).status == CANCELLED
        book(seeded.anna, seeded.haircut, TUESDAY, 10, phone="+79990000000", first="Bot")
        await _pick_status(pilot, CONFIRMED)
        assert pilot.app.screen is card
        assert bookings.get_booking(1001).status == CANCELLED  # 10:00 is taken now
        assert any(n.severity == "error" for n in pilot.app._notifications)
