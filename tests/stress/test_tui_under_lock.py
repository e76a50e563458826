"""The TUI keeps answering keys while another program holds the database (issue 10).

Another *process* holds SQLite's EXCLUSIVE lock for 14 s (`writer_proc lock`, BEGIN EXCLUSIVE:
readers and writers alike must wait). The owner presses Book in the wizard: the booking waits
in a worker (which says "busy, retrying" once its connection has waited the 10 s busy timeout);
meanwhile F1 opens the help and Escape closes it again — each key's effect is checked while the lock is still held (the other process
has not printed FREE yet), not against a clock. Once the lock goes the booking is made by itself.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Static

from mtime_tui.core import settings
from mtime_tui.core.storage.models import Booking, Service
from mtime_tui.screens.booking_wizard import NewBookingScreen
from mtime_tui.screens.help import HelpScreen
from tests.conftest import TODAY
from tests.tui.conftest import until

from .conftest import Locker

pytestmark = [pytest.mark.stress, pytest.mark.anyio, pytest.mark.both_engines]

SIZE = (120, 36)
LOCK_SECONDS = 14  # longer than the busy timeout (10 s), so "busy" is seen while it holds


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def held(locker: Locker) -> bool:
    return locker.proc.poll() is None  # the lock process ends right after it lets go


async def test_keys_are_answered_under_another_programs_lock_and_the_booking_follows(
        shop, salon):
    from mtime_tui.app import make_app

    settings.save(tui_language="en")
    app = make_app(start_bot=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await until(pilot, lambda: isinstance(app.screen, NewBookingScreen), "the wizard")
        wizard = app.screen
        wizard.master = shop.anna
        wizard.services = [Service.get_by_id(shop.haircut.id)]
        wizard.day, wizard.start = TODAY + dt.timedelta(days=1), 10 * 60
        wizard.phone, wizard.first_name, wizard.last_name = "+79120001122", "Vera", "Sokolova"
        await wizard.goto("review")
        await pilot.pause()
        assert wizard.focused is wizard.query_one("#review-book")
        error = wizard.query_one("#review-error", Static)

        locker = Locker(salon, LOCK_SECONDS, "exclusive")
        try:
            await pilot.press("enter")  # on Book (the review focuses it)
            assert wizard._booking  # the Book's worker waits for the lock
            await pilot.press("f1")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
            assert held(locker), "F1 was answered only after the lock had gone"
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is wizard, "back to the wizard")
            assert held(locker), "Escape was answered only after the lock had gone"
            assert wizard.step == "review"
            # the worker's connection waits out the busy timeout (10 s), then says so and retries
            await until(pilot, lambda: "busy" in str(error.render()), "the busy line")
            assert held(locker), "the busy line came only after the lock had gone"
        finally:
            locker.release()
        await until(pilot, lambda: wizard.step == "done", "the booking made after the lock")
    booking = Booking.get()
    assert (booking.master_id, booking.start, booking.client.first_name) == (
        shop.anna.id, 600, "Vera")
