"""Helpers for the master and admin tests: bookings made through core, staff /start, a dump of
what the staff actions may change (to prove a refused press changed nothing)."""

from __future__ import annotations

import datetime as dt

from mtime_tui.core.booking import bookings
from mtime_tui.core.people import clients
from mtime_tui.core.storage.db import write_transaction
from mtime_tui.core.storage.models import SOURCE_BOT, Booking, Break, Client, DayOff, Outbox
from tests.conftest import TODAY


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def ymd(offset: int) -> str:
    return day(offset).strftime("%Y%m%d")


def client(name: str, phone: str, telegram_id: int | None = None) -> Client:
    """A client with a phone, on Telegram when `telegram_id` is given.

    Inside BEGIN IMMEDIATE: core's client writes use deferred transactions, which SQLite fails
    at once ("database is locked") if the running bot's sender is writing at that moment."""
    with write_transaction():
        if telegram_id is None:
            return clients.find_or_create_by_phone(phone, name)
        row = clients.telegram_client(telegram_id, first_name=name, language="en")
        return clients.set_phone(row.id, phone)


def make(master, service, offset: int, hour: int, who: Client, source: str = SOURCE_BOT) -> Booking:
    return bookings.create_booking(service_id=service.id, client_id=who.id, day=day(offset),
                                   start=hour * 60, master_id=master.id, source=source)


def start_staff(user, text: str = "master menu"):
    """A master or admin presses /start once (the bot then knows their language)."""
    user.clear()
    user.send("/start")
    return user.wait_for(text)


OLD_MESSAGE = 999_999  # a message id Telegram no longer shows: every answer comes as a new message


def press_old(user, data: str):
    """Press a button with `data` on an old, inaccessible message; wait for the bot's answer."""
    user.clear()
    query = user.press_data(data, OLD_MESSAGE)
    user.wait_answer(query)
    return user.wait_for(lambda m: True)


def labels(user, msg=None) -> list[str]:
    return [text for text, _ in user.buttons(msg)]


def dump() -> dict:
    """Every row the staff actions could touch."""
    return {
        "booking": list(Booking.select().order_by(Booking.id).dicts()),
        "break": list(Break.select().order_by(Break.id).dicts()),
        "day_off": list(DayOff.select().order_by(DayOff.id).dicts()),
        "outbox": Outbox.select().count(),
        "client": Client.select().count(),
    }
