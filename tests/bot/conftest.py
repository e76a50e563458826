"""Fixtures for the bot: a seeded salon, the Telegram stand-in on 127.0.0.1, a running bot.

The bot is the real Application in its real thread; only Telegram is replaced (tests/fakegram).
Poll time-outs and the sender's tick are small so each test takes a second or two.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import pytest

from mtime_tui.core import settings
from mtime_tui.core.people import masters, services
from mtime_tui.core.settings import add_admin
from mtime_tui.core.storage.models import Master, Service
from tests.conftest import TODAY

TOKEN = "123456:TEST-token-SECRET-abcdefghijklmnopq"
MARIA_TID = 5001
OLGA_TID = 5002
ADMIN_TID = 7001
TOMORROW = TODAY + dt.timedelta(days=1)


@dataclass
class Seed:
    haircut: Service
    colour: Service
    maria: Master
    olga: Master


@pytest.fixture
def seed(salon) -> Seed:
    """Two services and two masters (9:00–12:00 every 60 min). Maria does both, Olga haircuts."""
    settings.save(
        salon_address="1 Main St",
        salon_phone="+7 900 000-00-00",
        reminder_hours=(24, 2),
    )
    haircut = services.create_service(name="Haircut", duration=60, price=1500,
                                       description="Wash, cut and style")
    colour = services.create_service(name="Colour", duration=90, price=3000)
    maria = masters.create_master(telegram_id=MARIA_TID, name="Maria", shift_start=9,
                                  shift_end=12, interval=60, about="Ten years with scissors")
    olga = masters.create_master(telegram_id=OLGA_TID, name="Olga", shift_start=9,
                                 shift_end=12, interval=60)
    masters.add_master_services(maria.id, [haircut.id, colour.id])
    masters.add_master_services(olga.id, [haircut.id])
    return Seed(haircut, colour, maria, olga)


@pytest.fixture
def admin(seed) -> int:
    add_admin(ADMIN_TID, "Boss")
    return ADMIN_TID


@pytest.fixture
def fake():
    from tests.fakegram import FakeTelegram

    server = FakeTelegram(TOKEN)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def bot_settings(seed, fake):
    settings.save(bot_token=TOKEN, bot_api_url=fake.base_url)
    return settings.load()


@pytest.fixture
def events():
    return []


@pytest.fixture
def runner(bot_settings, events, fake):
    """A running BotRunner against the stand-in; stopped (within seconds) after the test."""
    from mtime_tui.bot.telegram.runner import BotRunner

    bot = BotRunner(
        on_event=events.append,
        poll_timeout=1,
        sender_interval=0.1,
        reminder_interval=0.2,
        retry_delays=(0.2, 0.5),
        request_timeout=3,
    )
    bot.start()
    fake.wait_until(lambda: bot.state == "running", timeout=10)
    yield bot
    bot.stop(timeout=5)


@pytest.fixture
def log_records():
    """Every log record of the test, formatted (to check what reaches the log file)."""
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    handler = Collect(level=logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    old = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    yield records
    root.removeHandler(handler)
    for other in list(root.handlers):  # the file handler core.logs may have added
        if getattr(other, "_mtime_tui", False):
            root.removeHandler(other)
            other.close()
    root.setLevel(old)


def settle(user) -> None:
    """Wait until the bot has finished with everything this user sent so far: one person's
    updates are handled one after another, so once an inert press is answered, all before it
    are done."""
    user.wait_answer(user.press_data("nop"))


def go_to_time(user, *, service="Haircut", master="Maria", day="Tue, 24 Nov", time="10:00"):
    """Menu → service → master → date → time, waiting for each screen."""
    user.clear()
    user.send("/start")
    user.wait_for("Welcome")
    for label, screen in ((None, None), (service, "Choose a master"), (master, "Choose a date"),
                          (day, "Free times")):
        if label is None:
            user.press("Book")
            user.wait_for("Choose a service")
            continue
        user.press(label)
        user.wait_for(screen)
    user.press(time)


def book(user, *, phone="+79123456789", first_time=True, **choice):
    """A whole booking through the bot; returns the bot's final message."""
    go_to_time(user, **choice)
    if first_time:
        user.wait_for("phone number")
        user.send_contact(phone)
        user.press("Keep")
    user.wait_for("check your booking")
    user.clear()
    user.press("✅ Book")
    return user.wait_for(lambda m: "Booked" in (m.text or "") or "already" in (m.text or ""))
