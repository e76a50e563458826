"""Pictures of Working time's Month and Week tabs and the week editor (issue 12), at 80x24,
120x36 and 200x50, in English and Russian. Regenerate with --snapshot-update and look at them."""

from __future__ import annotations

import datetime as dt

import pytest

from mtime_tui.core import settings
from mtime_tui.core.booking import work_plans, working_time
from mtime_tui.i18n import set_language
from mtime_tui.screens.week_form import OutsideModal
from tests.tui.booking_fixtures import TUESDAY, new_app, seed_bookings, seed_salon, settle

SIZES = [(80, 24), (120, 36), (200, 50)]


@pytest.fixture
def planned(salon):
    """Anna off on Sundays with lunch and a short Saturday, a day off, a vacation, other hours."""
    s = seed_salon()
    seed_bookings(s)
    day = ("9:00", "21:00")
    work_plans.set_week(s.anna.id, [day] * 5 + [("10:00", "16:00"), None], on_outside="keep")
    work_plans.add_recurring_break(s.anna.id, "13:00", 60, range(5), on_outside="keep")
    working_time.add_day_off(s.anna.id, dt.date(2026, 11, 27), confirm_cancel=True)
    work_plans.add_vacation(s.anna.id, dt.date(2026, 12, 7), dt.date(2026, 12, 11),
                            confirm_cancel=True)
    work_plans.set_exception(s.anna.id, dt.date(2026, 11, 29), ("11:00", "15:00"))
    return s


@pytest.fixture(params=["en", "ru"])
def language(request, planned):
    settings.save(tui_language=request.param)
    yield request.param
    set_language("en")


def tab(name: str, *keys: str):
    async def run_before(pilot) -> None:
        await pilot.app.switch_mode("working_time")
        await settle(pilot)
        pilot.app.screen.query_one("#wt-tabs").active = name
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_working_time_month(language, size, snap_compare):
    assert snap_compare(new_app(), terminal_size=size, run_before=tab("wt-month"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_working_time_week(language, size, snap_compare):
    assert snap_compare(new_app(), terminal_size=size, run_before=tab("wt-week-tab"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_week_editor(language, size, snap_compare):
    assert snap_compare(new_app(), terminal_size=size, run_before=tab("wt-week-tab", "w"))


def test_outside_hours_question(planned, snap_compare):
    async def run_before(pilot) -> None:
        await tab("wt-week-tab", "w")(pilot)
        form = pilot.app.screen
        form.query_one("#from1").value = "10:30"  # Tuesday's 10:00 haircut falls outside
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, OutsideModal)

    assert TUESDAY.weekday() == 1
    assert snap_compare(new_app(), terminal_size=(120, 36), run_before=run_before)
