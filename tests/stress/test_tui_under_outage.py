"""Part 4, the TUI's side: the real app with the real bot thread against the stand-in. While
Telegram hangs (requests held until the bot's read timeout), the TUI answers key presses, shows
the bot's state, and the owner's bookings are written; when Telegram is back the state returns
to running and the notifications go out — without restarting anything."""

from __future__ import annotations

import datetime as dt
import functools
import threading
import time

import pytest
from textual.widgets import Static

from mtime_tui.bot.telegram import runner as runner_mod
from mtime_tui.core import settings
from mtime_tui.core.booking import bookings
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import OUT_SENT, SOURCE_MANUAL, Outbox, database
from tests.conftest import TODAY

from .conftest import MASTER_TIDS, TOKEN

pytestmark = [pytest.mark.stress, pytest.mark.anyio]

SIZE = (120, 36)
SECTIONS = ["2", "3", "6", "7", "8", "1"]  # services, masters, calendar, bookings, clients, today


def bot_line(app) -> str:
    """The bot's state as the Today section shows it (the app starts there)."""
    assert app.current_mode == "today"
    return str(app.screen.query_one("#today-bot", Static).render())


async def until(pilot, predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.05)
    return True


async def test_the_tui_stays_responsive_and_shows_the_state_while_telegram_hangs(
    shop, fake, ticking_clock, monkeypatch
):
    for tid in MASTER_TIDS:
        fake.allow(tid)
    settings.save(bot_token=TOKEN, bot_api_url=fake.base_url, tui_language="en")
    monkeypatch.setattr(runner_mod, "BotRunner", functools.partial(
        runner_mod.BotRunner, poll_timeout=1, sender_interval=0.1, retry_delays=(0.2, 0.5, 1.0),
        request_timeout=2))
    from mtime_tui.app import make_app

    app = make_app(start_bot=True)
    answered: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: app.bot.state == "running", 15)
        thread = app.bot.runner._thread
        fake.outage(mode="hang")
        caller = clients.find_or_create_by_phone("+79170000009", "Phone", "Caller")

        def owner_books():  # the booking wizard's write, from a worker thread
            database.connect(reuse_if_open=True)
            try:
                for hour in (10, 11, 12):
                    bookings.create_booking(service_id=shop.haircut.id, client_id=caller.id,
                                            day=TODAY + dt.timedelta(days=2), start=hour * 60,
                                            master_id=shop.anna.id, source=SOURCE_MANUAL)
            finally:
                database.close()

        writer = threading.Thread(target=owner_books)
        writer.start()
        assert await until(pilot, lambda: app.bot.state == "unreachable", 20)
        assert await until(pilot, lambda: "cannot reach Telegram" in bot_line(app), 5)
        for _ in range(3):  # every section, three times round, during the outage
            for key in SECTIONS:
                before = app.screen
                pressed = time.monotonic()
                await pilot.press(key)
                assert await until(pilot, lambda b=before: app.screen is not b, 5), key
                answered.append(time.monotonic() - pressed)
        writer.join(10)
        assert Outbox.select().where(Outbox.status == OUT_SENT).count() == 0

        fake.restore()
        assert await until(pilot, lambda: app.bot.state == "running", 30)
        assert await until(pilot, lambda: bot_line(app).startswith("Bot: running"), 5)
        rows = list(Outbox.select())
        assert len(rows) == 3
        assert await until(pilot, lambda: all(Outbox.get_by_id(r.id).status == OUT_SENT
                                              for r in rows), 60)
        assert app.bot.runner._thread is thread  # the same bot thread throughout
        runner = app.bot.runner
        await pilot.press("ctrl+q")
    assert not runner.alive
    print(f"\nTUI figures: {len(answered)} section switches during the outage, slowest "
          f"{max(answered):.2f}s, median {sorted(answered)[len(answered) // 2]:.2f}s")
