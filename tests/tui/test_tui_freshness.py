"""A section switched back to shows what is in the database now, and reloads only then.

Sections skip their reload on resume when nothing was committed since they loaded (the commit
stamp of `screens.base.data_stamp`): these tests change data behind a section — from another
thread with its own connection, as the bot does, and from the TUI itself — and check that the
section shows it when switched back to; and that an unchanged section keeps its widgets.
"""

from __future__ import annotations

import threading

import pytest
from textual.widgets import DataTable, Static
from textual.widgets._footer import FooterKey

from mtime_tui.core import clock
from mtime_tui.core.booking import bookings
from mtime_tui.core.people import clients, masters, services
from mtime_tui.core.storage import db
from mtime_tui.core.storage.models import SOURCE_BOT
from mtime_tui.screens.base import SectionScreen, data_stamp
from mtime_tui.screens.nav import SECTIONS, section_keys

from .conftest import SIZE, TODAY, settle

pytestmark = pytest.mark.anyio

KEYS = section_keys()


def in_other_thread(write) -> None:
    """Run a write the way the bot does: another thread, its own connection, committed."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            with db.connection():
                write()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            failures.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    assert not thread.is_alive() and not failures, failures


async def switch(pilot, mode: str) -> None:
    pilot.app.screen.query_one("#sidebar").focus()  # a digit in a text field would be typed
    await pilot.press(KEYS[mode])
    await settle(pilot)
    assert pilot.app.current_mode == mode


def count_reloads(screen: SectionScreen) -> list[int]:
    """Count the section's refresh_data calls (wraps the instance's own method)."""
    calls: list[int] = []
    original = screen.refresh_data

    def counted() -> None:
        calls.append(1)
        original()

    screen.refresh_data = counted  # type: ignore[method-assign]
    return calls


def test_data_stamp_moves_with_own_writes_and_other_connections_commits(salon):
    before = data_stamp()
    assert data_stamp() == before, "reading changes nothing"
    services.create_service(name="Haircut", duration=60, price=1500)
    own = data_stamp()
    assert own != before
    in_other_thread(lambda: services.create_service(name="Manicure", duration=45, price=None))
    assert data_stamp() != own


async def test_a_bot_booking_made_while_away_shows_on_today_and_bookings(app_factory,
                                                                       shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await switch(pilot, "bookings")  # the Today filter: the same day's bookings
        assert app.screen.query_one("#bookings-table", DataTable).row_count == 4
        await switch(pilot, "services")
        in_other_thread(lambda: bookings.create_booking(
            service_id=shell_salon.haircut.id, client_id=shell_salon.pavel.id, day=TODAY,
            start=18 * 60, master_id=shell_salon.anna.id, source=SOURCE_BOT))
        await switch(pilot, "today")
        assert 1005 in app.screen.query_one("#journal").numbers()
        pending = str(app.screen.query_one("#today-pending", Static).render())
        assert "waiting for confirmation: 2" in pending
        await switch(pilot, "bookings")
        assert app.screen.query_one("#bookings-table", DataTable).row_count == 5
        assert "(2)" in str(app.screen.query_one("#filter-new").label)


async def test_a_change_made_in_another_section_shows_when_switched_back(app_factory,
                                                                        shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await switch(pilot, "clients")
        assert app.screen.query_one("#clients-table", DataTable).row_count == 3
        await switch(pilot, "masters")
        masters.update_master(shell_salon.boris.id, name="Boris Renamed")  # the UI thread
        clients.find_or_create_by_phone("+79007778899", "Nina", "New")
        await switch(pilot, "clients")
        assert app.screen.query_one("#clients-table", DataTable).row_count == 4
        await switch(pilot, "today")
        journal = app.screen.query_one("#journal")  # the master's column heading
        assert "Boris Renamed" in journal.header_labels()


async def test_nothing_changed_means_no_reload_and_the_same_footer(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await switch(pilot, "services")
        await switch(pilot, "today")
        today = app.screen
        reloads = count_reloads(today)
        keys_before = list(today.query(FooterKey))
        await switch(pilot, "services")
        await switch(pilot, "today")
        assert reloads == [], "nothing was committed: Today keeps what it shows"
        assert list(today.query(FooterKey)) == keys_before, "the same keys: no rebuild"
        services.create_service(name="Pedicure", duration=60, price=2000)
        await switch(pilot, "services")
        await switch(pilot, "today")
        assert reloads == [1], "a commit since it loaded: Today reads again"


async def test_the_footer_follows_keys_that_appear_and_go(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await switch(pilot, "bookings")

        def footer_texts() -> list[str]:
            return [str(key.render()) for key in app.screen.query(FooterKey)]

        assert not any("Next page" in text for text in footer_texts())
        app.screen.select_filter("week")
        await settle(pilot)
        assert any("Next page" in text for text in footer_texts())
        app.screen.select_filter("today")
        await settle(pilot)
        assert not any("Next page" in text for text in footer_texts())


async def test_working_time_reloads_its_free_slots_when_the_minute_moves(app_factory,
                                                                        shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await switch(pilot, "working_time")
        screen = app.screen
        reloads = count_reloads(screen)
        await switch(pilot, "services")
        await switch(pilot, "working_time")
        assert reloads == []
        fixed = clock.get_clock()
        assert isinstance(fixed, clock.FixedClock)
        fixed.advance(minutes=90)  # today's free slots before 10:30 are gone now
        await switch(pilot, "services")
        await switch(pilot, "working_time")
        assert reloads == [1]


async def test_a_new_day_reloads_today(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await switch(pilot, "services")
        fixed = clock.get_clock()
        assert isinstance(fixed, clock.FixedClock)
        fixed.advance(days=1)
        await switch(pilot, "today")
        date = str(app.screen.query_one("#today-date", Static).render())
        assert date == "Tuesday, 24 November 2026 · today · bookings: 0"
        assert app.screen.query_one("#journal").numbers() == []


async def test_a_section_composed_late_still_paints_when_the_switch_is_held(app_factory,
                                                                           shell_salon):
    """A switch holds paints until the new section has handled its resume; each section's
    first visit and a return are painted (nothing is left held)."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for mode, _title in SECTIONS[1:] + SECTIONS[:1]:
            await switch(pilot, mode)
            assert not app.paints_held
        assert len(app.screen.query_one("#journal").numbers()) == 4
