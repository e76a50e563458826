"""Pictures of the booking sections (120×36, seeded salon, clock pinned to Mon 2026-11-23 09:00).

The SVGs live in snapshots/test_snapshots_booking/ (see tests/conftest.py). Regenerate with
`pytest tests/tui/test_snapshots_booking.py --snapshot-update` and look at them.
"""

from __future__ import annotations

import pytest

from mtime_tui.core import settings
from mtime_tui.i18n import set_language
from mtime_tui.widgets import MonthCalendar, SlotGrid
from tests.tui.booking_fixtures import (
    SIZE,
    TUESDAY,
    keys,
    new_app,
    seed_pictured_week,
    settle,
    to_day,
)


@pytest.fixture
def seeded(salon):
    return seed_pictured_week()


def section(mode: str, *steps):
    """A run_before that opens a section and then runs the given async steps."""

    async def run_before(pilot) -> None:
        await pilot.app.switch_mode(mode)
        await settle(pilot)
        for step in steps:
            await step(pilot)
            await settle(pilot)

    return run_before


def wizard_to_review():
    async def step(pilot) -> None:
        await pilot.press("enter")  # Anna
        await settle(pilot)
        await pilot.press("down", "enter")  # Haircut (after Colouring)
        await settle(pilot)
        pilot.app.screen.query_one("#date-calendar", MonthCalendar).show_day(TUESDAY)
        await pilot.press("enter")
        await settle(pilot)
        grid = pilot.app.screen.query_one("#time-grid", SlotGrid)
        grid.cursor = grid.starts.index(16 * 60)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"89120001122", "enter")
        await settle(pilot)
        await pilot.press(*"Vera", "enter", *"Sokolova", "enter")

    return step


def test_wizard_master_step(seeded, snap_compare):
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=section("new_booking"))


def test_wizard_date_step(seeded, snap_compare):
    run = section("new_booking", keys("enter"), keys("down", "enter"))
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=run)


def test_wizard_time_step(seeded, snap_compare):
    run = section(
        "new_booking", keys("enter"), keys("enter"), to_day("#date-calendar", TUESDAY),
        keys("enter"),
    )
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=run)


def test_wizard_phone_error(seeded, snap_compare):
    run = section(
        "new_booking", keys("enter"), keys("enter"), to_day("#date-calendar", TUESDAY),
        keys("enter"), keys("enter"), keys(*"12345", "enter"),
    )
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=run)


def test_wizard_review(seeded, snap_compare):
    run = section("new_booking", wizard_to_review())
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=run)


def test_wizard_done(seeded, snap_compare):
    run = section("new_booking", wizard_to_review(), keys("enter"))
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=run)


def test_calendar_month(seeded, snap_compare):
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=section("calendar"))


def test_calendar_day(seeded, snap_compare):
    run = section("calendar", to_day("#calendar-month", TUESDAY), keys("enter"))
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=run)


def test_booking_card(seeded, snap_compare):
    run = section("calendar", to_day("#calendar-month", TUESDAY), keys("enter"), keys("enter"))
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=run)


def test_bookings_week(seeded, snap_compare):
    async def week(pilot) -> None:
        pilot.app.screen.select_filter("week")

    assert snap_compare(new_app(), terminal_size=SIZE, run_before=section("bookings", week))


def test_bookings_search(seeded, snap_compare):
    run = section("bookings", keys("slash"), keys(*"kim"))
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=run)


def test_working_time_days_off(seeded, snap_compare):
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=section("working_time"))


def test_working_time_breaks(seeded, snap_compare):
    async def breaks(pilot) -> None:
        pilot.app.screen.query_one("#wt-tabs").active = "wt-breaks"

    run = section(
        "working_time", breaks, to_day("#wt-break-calendar", TUESDAY), keys("enter"),
        keys("space", "right", "space"),
    )
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=run)


@pytest.fixture
def russian(seeded):
    """The same salon with the TUI in Russian (the language is global: put it back after)."""
    settings.save(tui_language="ru")
    yield seeded
    set_language("en")


def test_wizard_date_step_ru(russian, snap_compare):
    run = section("new_booking", keys("enter"), keys("down", "enter"))
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=run)


def test_booking_card_ru(russian, snap_compare):
    run = section("calendar", to_day("#calendar-month", TUESDAY), keys("enter"), keys("enter"))
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=run)


def test_bookings_week_ru(russian, snap_compare):
    async def week(pilot) -> None:
        pilot.app.screen.select_filter("week")

    assert snap_compare(new_app(), terminal_size=SIZE, run_before=section("bookings", week))


def test_working_time_breaks_ru(russian, snap_compare):
    async def breaks(pilot) -> None:
        pilot.app.screen.query_one("#wt-tabs").active = "wt-breaks"

    run = section("working_time", breaks, to_day("#wt-break-calendar", TUESDAY), keys("enter"))
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=run)
