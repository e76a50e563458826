"""Pilot and snapshot fixtures for the admin TUI: the real app (make_app, no bot) over the
`salon` fixture (a real SQLite file, Moscow time, clock pinned to Monday 2026-11-23 09:00)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.worker import WorkerCancelled

from mtime_tui.app import MTimeApp, make_app
from mtime_tui.core import settings
from mtime_tui.core.booking import bookings
from mtime_tui.core.people import clients, masters, services
from mtime_tui.core.storage.models import (
    SOURCE_BOT,
    SOURCE_MANUAL,
    Booking,
    Client,
    Master,
    Service,
    TelegramUser,
)

SIZE = (120, 36)
TODAY = dt.date(2026, 11, 23)


@dataclass
class ShellSalon:
    anna: Master
    boris: Master
    vera: Master
    haircut: Service
    manicure: Service
    colouring: Service
    olga: Client
    pavel: Client
    today: list[Booking]


def seed_shell_salon() -> ShellSalon:
    """Three services, three masters (Vera has no services and never pressed /start; Boris has
    not pressed it either), three clients, four bookings today (one from the bot, pending)."""
    haircut = services.create_service(name="Haircut", duration=60, price=1500,
                                      description="Wash, cut, style")
    manicure = services.create_service(name="Manicure", duration=45, price=None)
    colouring = services.create_service(name="Colouring", duration=120, price=4000)
    anna = masters.create_master(telegram_id=111, name="Anna Petrova", shift_start=9,
                                 shift_end=20, interval=30)
    boris = masters.create_master(telegram_id=222, name="Boris Ivanov", shift_start=10,
                                  shift_end=18, interval=60)
    vera = masters.create_master(telegram_id=333, name="Vera Sokolova", shift_start=10,
                                 shift_end=16, interval=30)
    masters.add_master_services(anna.id, [haircut.id, colouring.id])
    masters.add_master_services(boris.id, [haircut.id, manicure.id])
    TelegramUser.create(telegram_id=111, first_name="Anna")
    olga = clients.find_or_create_by_phone("+79123456789", "Olga", "Smirnova")
    pavel = clients.find_or_create_by_phone("+79005556677", "Pavel", "Kim")
    clients.find_or_create_by_phone("+79001112233", "Irina", "Orlova")
    settings.add_admin(555000111, "Owner")

    def book(master, service, hour, client, source=SOURCE_MANUAL):
        return bookings.create_booking(service_id=service.id, client_id=client.id, day=TODAY,
                                       start=hour * 60, master_id=master.id, source=source)

    # created_at is real time by default: pin it, the client card shows it
    Client.update(created_at=dt.datetime(2026, 11, 1, 9, 0)).execute()
    today = [
        book(anna, haircut, 10, olga),
        book(boris, manicure, 11, pavel),
        book(anna, colouring, 14, pavel, SOURCE_BOT),
        book(boris, haircut, 16, olga),
    ]
    return ShellSalon(anna, boris, vera, haircut, manicure, colouring, olga, pavel, today)


@pytest.fixture
def anyio_backend() -> str:
    """Pilot tests are `pytest.mark.anyio` tests on asyncio (Textual's loop)."""
    return "asyncio"


@pytest.fixture
def shell_salon(salon) -> ShellSalon:
    return seed_shell_salon()


@pytest.fixture
def app_factory(salon) -> Callable[..., MTimeApp]:
    """Build the real app without the bot thread (the DB is open; the clock is pinned)."""

    def build(language: str = "en") -> MTimeApp:
        settings.save(tui_language=language)
        return make_app(start_bot=False)

    return build


async def settle(pilot: Pilot) -> None:
    """Let the bot's reported changes reload, workers finish and the screen repaint; stop
    cursors blinking for stable pictures."""
    await pilot.pause()  # messages posted from other threads are handled
    if getattr(pilot.app, "changes_pending", False):
        await until(pilot, lambda: not pilot.app.changes_pending, "the bot's changes reloaded")
    for _ in range(2):
        for _attempt in range(20):
            try:
                await pilot.app.workers.wait_for_complete()
                break
            except WorkerCancelled:  # a newer load replaced an older one: wait for the newer
                continue
        await pilot.pause()
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False


async def until(pilot: Pilot, condition: Callable[[], bool], what: str,
                limit: float = 60.0) -> None:
    """Wait, yielding to the app, until `condition()` holds: an event another thread or a worker
    causes. `limit` only stops a hung app from hanging the run; it is no speed threshold."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        await pilot.pause(0.01)


async def until_command(pilot: Pilot, text: str) -> None:
    """Wait until the command palette has finished searching and highlights `text`."""
    from textual.command import CommandList

    def ready() -> bool:
        found = pilot.app.screen.query(CommandList)
        if not found:
            return False
        commands = found.first(CommandList)
        if commands.has_class("--populating") or commands.highlighted is None:
            return False
        return text in str(commands.get_option_at_index(commands.highlighted).prompt)

    await until(pilot, ready, f"the palette offers {text!r}")


async def type_into(pilot: Pilot, selector: str, text: str) -> None:
    """Replace a field's text (Input or TextArea) the way a user would: focus, clear, type."""
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    if isinstance(widget, TextArea):
        widget.text = ""
        widget.insert(text)
    else:
        widget.value = ""
        await pilot.press(*text) if len(text) < 200 else setattr(widget, "value", text)
    await pilot.pause()
