"""A burst of changes from the bot is one reload and one summary toast, not one per event."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from textual.notifications import Notify

from mtime_tui.bot.telegram.events import (
    BOOKING_CHANGED,
    BOOKING_CREATED,
    CLIENT_BOUND,
    CLIENT_MESSAGE,
    DELIVERY_FAILED,
    BotEvent,
)
from mtime_tui.core import settings
from mtime_tui.core.booking import booking_queries, bookings
from mtime_tui.core.errors import SlotTaken, ValidationError
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import SOURCE_BOT
from mtime_tui.screens.base import BookingsChanged
from mtime_tui.screens.changes import ChangeBatch
from mtime_tui.screens.today import TodayScreen

from .conftest import SIZE, TODAY, settle, until

pytestmark = pytest.mark.anyio


def bot_bookings(shell_salon, count: int) -> list[int]:
    """`count` bookings the way the bot makes them: Anna's and Boris's free hours, day by day.

    Online bookings obey the salon's booking rules (at most `max_upcoming_bookings` upcoming per
    client), so the bookings are spread over a pool of Telegram clients, one client per master
    and day, each well under the limit; a refusal other than a taken or past hour fails the test
    at once, and the horizon bounds the walk."""
    settings.save(max_upcoming_bookings=100, horizon_days=30)
    pool = [clients.telegram_client(700_000 + i, first_name=f"Client{i}", language="en")
            for i in range(8)]
    numbers: list[int] = []
    for offset in range(30):
        day = TODAY + dt.timedelta(days=offset)
        for index, (master, hours) in enumerate(
                ((shell_salon.anna, range(9, 21)), (shell_salon.boris, range(10, 19)))):
            client = pool[(2 * offset + index) % len(pool)]
            for hour in hours:
                if len(numbers) == count:
                    return numbers
                try:
                    booking = bookings.create_booking(
                        service_id=shell_salon.haircut.id, client_id=client.id,
                        day=day, start=hour * 60, master_id=master.id, source=SOURCE_BOT)
                except (SlotTaken, ValidationError):  # a taken or past hour: the next one
                    continue
                numbers.append(booking.number)
    raise AssertionError(f"only {len(numbers)} of {count} bookings fit in 30 days")


async def test_200_bot_bookings_are_one_reload_and_one_toast(app_factory, shell_salon,
                                                             monkeypatch):
    toasts: list[str] = []

    def hook(message) -> None:
        if isinstance(message, Notify):
            toasts.append(message.notification.message)

    reloads = []
    original = TodayScreen.refresh_data

    def counted(self) -> None:
        reloads.append(1)
        original(self)

    monkeypatch.setattr(TodayScreen, "refresh_data", counted)
    app = app_factory()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await settle(pilot)
        before = len(reloads)
        numbers = bot_bookings(shell_salon, 200)

        def bot_thread() -> None:  # the bot tells the app after each of its bookings
            for number in numbers:
                app.post_message(BookingsChanged(BotEvent(BOOKING_CREATED, number)))

        worker = threading.Thread(target=bot_thread)
        worker.start()
        worker.join()  # the UI's loop is held meanwhile: all 200 are queued, as in a burst
        await until(pilot, lambda: any("200" in t for t in toasts), "the summary toast")
        await settle(pilot)
        assert toasts == [f"New bookings from Telegram: 200 — #{numbers[0]}, #{numbers[1]}, "
                          f"#{numbers[2]}, #{numbers[3]}, #{numbers[4]}, …"]
        assert len(reloads) - before == 1
        today = [b.number for b in booking_queries.bookings_on(TODAY) if b.is_active]
        assert sorted(app.screen.query_one("#journal").numbers()) == sorted(today)


def test_a_batch_says_each_kind_once():
    batch = ChangeBatch()
    batch.add(BotEvent(BOOKING_CREATED, 1005))
    assert batch.toasts() == [("New booking #1005 from Telegram", "information")]
    for number in (1001, 1002, 1001, 1005):
        batch.add(BotEvent(BOOKING_CHANGED, number))  # 1005 is new: its change is no news
    batch.add(BotEvent(DELIVERY_FAILED, 1001, "Olga blocked the bot"))
    assert batch.toasts() == [
        ("New booking #1005 from Telegram", "information"),
        ("Bookings changed: 2 — #1001, #1002", "information"),
        ("Olga blocked the bot", "warning"),
    ]
    batch.add(BotEvent(DELIVERY_FAILED, 1002))
    assert batch.toasts()[-1] == ("Notifications not delivered: 2 (see Today)", "warning")


def test_messages_and_invitations_are_summed_up_too():
    batch = ChangeBatch()
    batch.add(BotEvent(CLIENT_MESSAGE, text="Olga"))
    batch.add(BotEvent(CLIENT_BOUND, text="Pavel"))
    assert batch.toasts() == [("New message from Olga (I opens the inbox)", "information"),
                              ("Pavel is now on Telegram", "information")]
    for name in ("Olga", "Irina", "Olga"):
        batch.add(BotEvent(CLIENT_MESSAGE, text=name))
    batch.add(BotEvent(CLIENT_BOUND, text="Irina"))
    assert batch.toasts() == [
        ("New messages: 4 from Olga, Irina (I opens the inbox)", "information"),
        ("Now on Telegram: Pavel, Irina", "information"),
    ]
