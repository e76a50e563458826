"""The TUI's writes wait in workers, not in the UI thread (issue 10, "Nothing waits on the
database in a thread that must answer"): the section forms, block/unblock, the booking card's
actions, working time and the settings.

Another *process* holds SQLite's write lock for a few seconds (`writer_proc lock`). The owner
does something that writes; while the lock is still held (the other process has not let go —
checked, not timed) the TUI says "busy, retrying" and answers keys: F1 opens the help, Escape
closes it. Once the lock goes the write is made by itself and the screen shows it.

SQLite only, for CI's budget (eight 10-second locks): the workers' path is the same on both
engines, and on PostgreSQL it is checked by test_locked_db.py (the master form under a lock; a
short wait and quick_reads giving up while the lock holds) and test_tui_under_lock.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import pytest
from textual.widgets import DataTable, Input, OptionList, Static

from mtime_tui.core import settings
from mtime_tui.core.booking import bookings, working_time
from mtime_tui.core.people import clients, services
from mtime_tui.core.storage.models import CANCELLED, SOURCE_MANUAL, Booking, Client, Master, Service
from mtime_tui.screens.booking_card import BookingCard, StatusModal
from mtime_tui.screens.dialogs import FormModal
from mtime_tui.screens.help import HelpScreen
from mtime_tui.screens.services import ServiceForm
from mtime_tui.screens.working_time import WorkingTimeScreen
from tests.conftest import TODAY
from tests.tui.conftest import until

from .conftest import Locker

pytestmark = [pytest.mark.stress, pytest.mark.anyio]

SIZE = (120, 36)
LOCK_SECONDS = 10  # each attempt waits 1 s for the lock before "busy": seen while it holds


def held(locker: Locker) -> bool:
    return locker.proc.poll() is None  # the lock process ends right after it lets go


def says_busy(app) -> bool:
    """A "busy, retrying" toast, or the line under an open form."""
    if any("busy" in str(n.message) for n in app._notifications):
        return True
    return any("busy" in str(s.render()) for s in app.screen.query("#form-error").results(Static))


async def keys_answered_while_locked(pilot, salon, act: Callable[[], Awaitable[None]],
                                     probe: Callable[[], Awaitable[None]] | None = None) -> None:
    """`act()` presses what writes; the lock holds meanwhile: "busy" is shown and keys are
    answered (F1 and Escape; on a form, a key typed into a field), all before the other program
    lets go."""
    app = pilot.app
    under = None
    locker = Locker(salon, LOCK_SECONDS)
    try:
        await act()
        under = app.screen
        await until(pilot, lambda: says_busy(app), "the busy line")
        assert held(locker), "busy was said only after the lock had gone"
        field = next(iter(under.query("Input").results(Input)), None)
        if probe is not None:
            await probe()
        elif isinstance(under, FormModal) and field is not None:  # a form: typing is answered
            field.focus()
            before = field.value
            await pilot.press("x")
            await until(pilot, lambda: field.value == before + "x", "the key typed")
            assert held(locker), "the key was typed only after the lock had gone"
            await pilot.press("backspace")
            await until(pilot, lambda: field.value == before, "the key taken back")
        else:
            await pilot.press("f1")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
            assert held(locker), "F1 was answered only after the lock had gone"
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is under, "back from the help")
        assert held(locker), "the keys were answered only after the lock had gone"
    finally:
        locker.release()


@pytest.fixture
def tui(shop, short_busy):
    from mtime_tui.app import make_app

    settings.save(tui_language="en")
    return make_app(start_bot=False)


async def test_the_service_form_saves_after_the_lock(tui, short_busy):
    async with tui.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("a")
        await until(pilot, lambda: isinstance(tui.screen, ServiceForm), "the form")
        tui.screen.query_one("#name", Input).value = "Beard trim"
        tui.screen.query_one("#duration", Input).value = "30"

        async def save() -> None:
            await pilot.press("ctrl+s")

        await keys_answered_while_locked(pilot, short_busy, save)
        await until(pilot, lambda: not isinstance(tui.screen, ServiceForm), "the form closed")
        table = tui.screen.query_one("#services-table", DataTable)
        await until(pilot, lambda: table.row_count == 2, "the new service in the table")
    assert sorted(s.name for s in services.list_services()) == ["Beard trim", "Haircut"]


async def test_blocking_a_master_waits_in_a_worker(tui, shop, short_busy):
    async with tui.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        table = tui.screen.query_one("#masters-table", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index(str(shop.anna.id)))

        async def block() -> None:
            await pilot.press("b")
            await until(pilot, lambda: "Block the master" in str(
                tui.screen.query_one(".dialog-question", Static).render()), "the question")
            await pilot.press("y")

        await keys_answered_while_locked(pilot, short_busy, block)
        await until(pilot, lambda: not Master.get_by_id(shop.anna.id).active, "Anna blocked")
        await until(pilot, lambda: "blocked" in str(table.get_row(str(shop.anna.id))[-2]),
                    "the table says so")


async def test_the_booking_cards_cancel_waits_in_a_worker(tui, shop, short_busy):
    client = clients.find_or_create_by_phone("+79170000300", "Lock", "Ed")
    booking = bookings.create_booking(service_id=shop.haircut.id, client_id=client.id,
                                      day=TODAY, start=12 * 60, master_id=shop.anna.id,
                                      source=SOURCE_MANUAL)
    async with tui.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tui.push_screen(BookingCard(booking.number))
        await until(pilot, lambda: isinstance(tui.screen, BookingCard), "the card")
        card = tui.screen

        async def cancel() -> None:
            await pilot.press("c")
            await until(pilot, lambda: tui.screen is not card, "the question")
            await pilot.press("y")
            await until(pilot, lambda: tui.screen is card, "back on the card")

        async def status_list() -> None:  # the card's S: its status list opens and closes
            await pilot.press("s")
            await until(pilot, lambda: isinstance(tui.screen, StatusModal), "the status list")
            assert tui.screen.query_one(OptionList).option_count  # composed, answering
            await pilot.press("escape")
            await until(pilot, lambda: tui.screen is card, "back on the card")

        await keys_answered_while_locked(pilot, short_busy, cancel, status_list)
        await until(pilot, lambda: Booking.get_by_id(booking.id).status == CANCELLED,
                    "the booking cancelled")
        await until(pilot, lambda: card.booking.status == CANCELLED, "the card shows it")


async def test_a_day_off_waits_in_a_worker(tui, shop, short_busy):
    day = TODAY + dt.timedelta(days=3)
    async with tui.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await until(pilot, lambda: isinstance(tui.screen, WorkingTimeScreen), "working time")
        screen = tui.screen
        await until(pilot, lambda: screen.master_id is not None, "a master chosen")

        async def day_off() -> None:
            screen.add_day_off(day)  # what picking the day in the days-off calendar calls

        await keys_answered_while_locked(pilot, short_busy, day_off)
        await until(pilot, lambda: day in working_time.days_off(screen.master_id),
                    "the day off made")


async def test_the_settings_save_waits_in_a_worker(tui, short_busy):
    async with tui.run_test(size=SIZE) as pilot:
        await pilot.press("9")
        await pilot.pause()
        tui.screen.query_one("#salon_name", Input).value = "Locked Salon"

        async def save() -> None:
            await pilot.press("ctrl+s")

        await keys_answered_while_locked(pilot, short_busy, save)
        await until(pilot, lambda: settings.load().salon_name == "Locked Salon", "saved")
        await until(pilot, lambda: tui.title == "Locked Salon", "the title follows")


async def test_blocking_a_client_waits_in_a_worker(tui, short_busy):
    client = clients.find_or_create_by_phone("+79170000301", "Lock", "Ed")
    async with tui.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await pilot.pause()
        screen = tui.screen
        await until(pilot, lambda: screen.query_one(DataTable).row_count >= 1, "the clients")

        async def block() -> None:
            from mtime_tui.screens.clients import ask_block

            ask_block(screen, Client.get_by_id(client.id), screen.refresh_data)  # key B
            await until(pilot, lambda: tui.screen is not screen
                        and bool(tui.screen.query("#text")), "the reason")
            tui.screen.query_one("#text", Input).value = "never comes"
            await pilot.press("enter")
            await until(pilot, lambda: tui.screen is screen, "back in Clients")

        await keys_answered_while_locked(pilot, short_busy, block)
        await until(pilot, lambda: Client.get_by_id(client.id).blocked, "the client blocked")
    assert Service.select().count() == 1  # nothing else written


async def test_a_reply_in_the_conversation_waits_in_a_worker(tui, short_busy):
    from mtime_tui.core.storage.models import FROM_SALON, ChatMessage
    from mtime_tui.screens.inbox import ConversationModal

    client = clients.telegram_client(402_300, first_name="Lock", language="en")
    async with tui.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tui.push_screen(ConversationModal(client.id))
        await until(pilot, lambda: isinstance(tui.screen, ConversationModal)
                    and bool(tui.screen.query("#reply")), "the conversation")
        modal = tui.screen
        field = modal.query_one("#reply", Input)

        async def send() -> None:
            field.focus()
            field.value = "See you at ten"
            await pilot.press("enter")

        async def typing() -> None:  # the reply field still takes keys
            await pilot.press("!")
            await until(pilot, lambda: field.value.endswith("!"), "the key typed")

        await keys_answered_while_locked(pilot, short_busy, send, typing)
        await until(pilot, lambda: ChatMessage.select().where(
            (ChatMessage.client == client.id) & (ChatMessage.direction == FROM_SALON)).exists(),
            "the reply kept")
        await until(pilot, lambda: field.value == "", "the field emptied once it was sent")
    assert [m.text for m in ChatMessage.select().where(ChatMessage.client == client.id)] == [
        "See you at ten"]


async def test_sending_undelivered_again_waits_in_a_worker(tui, short_busy):
    async with tui.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()

        async def resend() -> None:
            await pilot.press("u")

        await keys_answered_while_locked(pilot, short_busy, resend)
        await until(pilot, lambda: any("queued again" in str(n.message)
                                       for n in tui._notifications), "the count said")
