"""The shell: start screen, section switching, help, command palette, bookings arriving from
another thread, the bot thread inside the app and a clean exit."""

from __future__ import annotations

import asyncio
import threading

import pytest
from textual.command import CommandPalette
from textual.notifications import Notify
from textual.widgets import Input, Static

from mtime_tui.bot.telegram.events import BOOKING_CREATED, BotEvent
from mtime_tui.core import settings
from mtime_tui.core.booking import bookings
from mtime_tui.core.storage.models import SOURCE_BOT
from mtime_tui.screens.base import BookingsChanged, SectionScreen
from mtime_tui.screens.help import HelpScreen
from mtime_tui.screens.nav import SECTIONS, Sidebar, section_key
from mtime_tui.screens.services import ServiceForm, ServicesScreen
from mtime_tui.screens.today import TodayScreen
from mtime_tui.widgets.journal_grid import JournalGrid
from tests.fakegram import FakeTelegram

from .conftest import SIZE, TODAY, settle, until, until_command

pytestmark = pytest.mark.anyio


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_app_starts_on_today_with_the_days_bookings_and_warnings(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        assert app.title == "Test Salon" and screen.sub_title == "Today"
        journal = screen.query_one(JournalGrid)  # Today is the journal (issue 11)
        assert sorted(journal.numbers()) == [1001, 1002, 1003, 1004]
        assert text_of(screen, "#today-date").startswith("Monday, 23 November 2026")
        assert "New bookings waiting for confirmation: 1" in text_of(screen, "#today-pending")
        warnings = text_of(screen, "#today-warnings")
        assert "Add services to the master: Vera Sokolova" in warnings
        assert "/start" in warnings and "Boris Ivanov, Vera Sokolova" in warnings
        assert text_of(screen, "#today-bot") == "Bot: no token — set it in Settings (9)"


async def test_no_pending_badge_when_nothing_waits(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#today-pending").display
        assert "Nobody works on this day." in text_of(app.screen, "#today-empty")


async def test_number_keys_and_the_sidebar_switch_sections(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for number, (mode, _title) in enumerate(SECTIONS, start=1):
            if isinstance(app.focused, Input):  # Settings opens in a field: leave it first
                await pilot.press("escape")
            await pilot.press(section_key(number))
            await settle(pilot)
            assert app.current_mode == mode
            assert isinstance(app.screen, SectionScreen)
        await pilot.press("1")
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        sidebar.focus()
        sidebar.highlighted = sidebar.get_option_index("services")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ServicesScreen)
        assert app.screen.query_one(Sidebar).highlighted == 1


async def test_f1_help_lists_the_keys_and_escape_closes_it(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        from mtime_tui.screens.help import help_markdown

        text = help_markdown(app.screen.under)
        assert "Add service" in text and "Block / unblock" in text and "Settings" in text
        assert "- `0` — Statistics" in text and "`10`" not in text  # the tenth section's key
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ServicesScreen)


async def test_the_command_palette_reaches_a_section_action(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"services: add service")
        await until_command(pilot, "Services: Add service")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ServiceForm)
        assert app.current_mode == "services"


async def test_a_booking_from_another_thread_shows_on_today_with_a_toast(app_factory, shell_salon):
    seen: list[str] = []

    def hook(message) -> None:
        if isinstance(message, Notify):
            seen.append(message.notification.message)

    app = app_factory()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await settle(pilot)
        journal = app.screen.query_one(JournalGrid)
        assert len(journal.numbers()) == 4

        def bot_thread() -> None:  # what the bot does: write, then tell the app
            booking = bookings.create_booking(
                service_id=shell_salon.haircut.id, client_id=shell_salon.pavel.id, day=TODAY,
                start=18 * 60, master_id=shell_salon.anna.id, source=SOURCE_BOT)
            app.post_message(BookingsChanged(BotEvent(BOOKING_CREATED, booking.number)))

        worker = threading.Thread(target=bot_thread)
        worker.start()
        await asyncio.to_thread(worker.join)  # the booking is committed and the message posted
        await until(pilot, lambda: len(journal.numbers()) == 5, "the new booking on Today")
        # the toast comes with the bot's batch (the journal's own look at the file may be first)
        await until(pilot, lambda: "New booking #1005 from Telegram" in seen, "the toast")
        assert "waiting for confirmation: 2" in text_of(app.screen, "#today-pending")


async def test_the_app_runs_the_bot_and_exits_cleanly(salon, shell_salon):
    token = "123456789:AAFakeBotTokenForTheShellTest-abcde"
    with FakeTelegram(token=token) as fake:
        settings.save(bot_token=token, bot_api_url=fake.base_url)
        from mtime_tui.app import make_app

        app = make_app(start_bot=True)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.bot.state == "running", "the bot running")
            fake.wait_until(lambda: fake.polling, timeout=5)
            app.screen.refresh_data()
            await settle(pilot)
            assert text_of(app.screen, "#today-bot").startswith("Bot: running")
            runner = app.bot.runner
            await pilot.press("ctrl+q")
        assert not runner.alive  # the app's exit stopped the bot thread (within its join)
    assert app.return_code in (0, None)


async def test_undelivered_notifications_are_counted_and_sent_again(app_factory, shell_salon):
    from mtime_tui.core.messaging import outbox
    from mtime_tui.core.storage.models import OUT_FAILED, OUT_PENDING, Outbox

    rows = list(Outbox.select().limit(2))
    for row in rows:
        outbox.mark_failed(row.id, "Bad Request: chat not found")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        warnings = text_of(app.screen, "#today-warnings")
        assert "Notifications not delivered: 2" in warnings
        assert "Notifications waiting for the bot:" in warnings  # the bot is not running
        await pilot.press("u")
        await settle(pilot)
        assert Outbox.select().where(Outbox.status == OUT_FAILED).count() == 0
        assert all(Outbox.get_by_id(r.id).status == OUT_PENDING for r in rows)
        assert "not delivered" not in text_of(app.screen, "#today-warnings")


async def test_enter_on_a_booking_of_today_opens_its_card(app_factory, shell_salon):
    from mtime_tui.screens.booking_card import BookingCard

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one(JournalGrid).focus()
        await pilot.press("down", "down", "enter")  # 09:00 (passed), 09:30, Olga's 10:00
        await settle(pilot)
        assert isinstance(app.screen, BookingCard)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)


async def test_the_palette_goes_to_a_section(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"go to clients")
        await until_command(pilot, "Clients")
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "clients"
