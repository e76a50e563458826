"""Seeded salons and helpers for the booking screens' pilot and snapshot tests.

Rows go in through the core functions (the way the TUI makes them), over the `salon` fixture of
tests/conftest.py: a real SQLite file, Moscow time, clock pinned to Monday 2026-11-23 09:00.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from textual.pilot import Pilot

from mtime_tui.app import MTimeApp, make_app
from mtime_tui.core.booking import bookings, working_time
from mtime_tui.core.people import branches, clients, masters, services
from mtime_tui.core.storage.models import (
    SOURCE_BOT,
    SOURCE_MANUAL,
    Booking,
    Branch,
    Client,
    Master,
    Service,
)
from mtime_tui.widgets import MonthCalendar

from .conftest import SIZE, settle

TUESDAY = dt.date(2026, 11, 24)


@dataclass
class Seeded:
    anna: Master
    boris: Master
    haircut: Service
    colour: Service
    manicure: Service


def seed_salon() -> Seeded:
    """Two masters 9–21 hourly; Anna does haircuts and colouring, Boris haircuts and manicure."""
    haircut = services.create_service(name="Haircut", duration=60, price=1500)
    colour = services.create_service(name="Colouring", duration=90, price=4000)
    manicure = services.create_service(name="Manicure", duration=45, price=None)
    anna = masters.create_master(
        telegram_id=111, name="Anna Petrova", shift_start=9, shift_end=21, interval=60
    )
    boris = masters.create_master(
        telegram_id=222, name="Boris Ivanov", shift_start=10, shift_end=18, interval=30
    )
    masters.add_master_services(anna.id, [haircut.id, colour.id])
    masters.add_master_services(boris.id, [haircut.id, manicure.id])
    return Seeded(anna, boris, haircut, colour, manicure)


def seed_east_branch(client: Client, day: dt.date, hour: int) -> tuple[Branch, Master]:
    """A chain's second branch: East on Vladivostok's clock, its Shave service, Dmitry (9-20
    hourly) doing it, and `client` booked with him for a shave on `day` at `hour`."""
    east = branches.add_branch("East", "Svetlanskaya 5", "", "Asia/Vladivostok")
    shave = services.create_service(name="Shave", duration=60, branch=east.id)
    dmitry = masters.create_master(telegram_id=444, name="Dmitry", shift_start=9, shift_end=20,
                                   interval=60, branch=east.id)
    masters.add_master_services(dmitry.id, [shave.id])
    bookings.create_booking(service_id=shave.id, client_id=client.id, day=day, start=hour * 60,
                            master_id=dmitry.id, source=SOURCE_MANUAL)
    return east, dmitry


def book(
    seeded_master: Master,
    service: Service,
    day: dt.date,
    hour: int,
    *,
    phone: str = "+79123456789",
    first: str = "Olga",
    last: str = "Smirnova",
    source: str = SOURCE_MANUAL,
    minute: int = 0,
) -> Booking:
    client = clients.find_or_create_by_phone(phone, first, last)
    return bookings.create_booking(
        service_id=service.id,
        client_id=client.id,
        day=day,
        start=hour * 60 + minute,
        master_id=seeded_master.id,
        source=source,
    )


def seed_bookings(s: Seeded) -> list[Booking]:
    """A small week: today and tomorrow busy, one pending bot booking."""
    return [
        book(s.anna, s.haircut, TUESDAY, 10),
        book(s.anna, s.colour, TUESDAY, 12, phone="+79001112233", first="Irina", last="Orlova"),
        book(s.boris, s.manicure, TUESDAY, 11, phone="+79005556677", first="Pavel", last="Kim"),
        book(s.boris, s.haircut, dt.date(2026, 11, 23), 15, phone="+79005556677",
             first="Pavel", last="Kim"),
        book(s.anna, s.haircut, dt.date(2026, 11, 27), 9, phone="+79110000001",
             first="Maria", last="Lebedeva", source=SOURCE_BOT),
    ]


def seed_pictured_week() -> Seeded:
    """The snapshots' salon: seed_salon's masters, seed_bookings' week, Anna off on Sunday
    29 November and on breaks at 14:00 and 15:00 on Tuesday."""
    s = seed_salon()
    seed_bookings(s)
    working_time.add_day_off(s.anna.id, dt.date(2026, 11, 29))
    working_time.add_breaks(s.anna.id, TUESDAY, [14 * 60, 15 * 60])
    return s


# Steps of a snapshot's run_before, each an async function of the pilot.


def keys(*names: str):
    """Press these keys."""

    async def step(pilot: Pilot) -> None:
        await pilot.press(*names)

    return step


def to_day(selector: str, day: dt.date):
    """Focus the month calendar `selector` and move it to `day`."""

    async def step(pilot: Pilot) -> None:
        calendar = pilot.app.screen.query_one(selector, MonthCalendar)
        calendar.focus()
        calendar.show_day(day)

    return step


def new_app() -> MTimeApp:
    """The real app, without the bot thread."""
    return make_app(start_bot=False)


@asynccontextmanager
async def open_section(mode: str) -> AsyncIterator[Pilot]:
    """Run the app and switch to a section; yields the pilot."""
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.switch_mode(mode)
        await settle(pilot)
        yield pilot
