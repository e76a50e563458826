"""Working time shows dates (issue 11, defect 3): a calendar whose range and marks never change
after it is shown — an empty salon, or a master whose hours were just edited — drew weekday
headers and no dates, and PageDown did nothing visible; an empty salon says what to do first."""

from __future__ import annotations

import pytest

from mtime_tui.core.people import masters, services
from mtime_tui.widgets import MonthCalendar

from .booking_fixtures import new_app, settle

pytestmark = pytest.mark.anyio


def shown_dates(calendar: MonthCalendar) -> list[str]:
    return [str(cell.content).split("\n")[0].strip() for cell in calendar.query("#month-days > *")]


async def test_an_empty_salon_shows_dates_and_a_hint(salon):
    app = new_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await app.switch_mode("working_time")
        await settle(pilot)
        for calendar in app.screen.query(MonthCalendar):
            dates = shown_dates(calendar)
            assert dates[0] == "26" and "23" in dates, calendar.id  # Mon 26.10 … Nov 2026
        days_off = app.screen.query_one("#wt-off-calendar", MonthCalendar)
        days_off.focus()
        await pilot.press("pagedown")
        await settle(pilot)
        assert shown_dates(days_off)[:3] == ["30", "1", "2"]  # December 2026 starts Tue
        hint = app.screen.query_one("#wt-no-masters")
        assert hint.display and "Masters" in str(hint.content)


async def test_a_new_master_with_edited_hours_shows_dates(salon):
    haircut = services.create_service(name="Haircut", duration=60, price=1500)
    master = masters.create_master(telegram_id=1, name="Anna", shift_start=9, shift_end=18,
                                   interval=30)
    masters.add_master_services(master.id, [haircut.id])
    app = new_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await app.switch_mode("working_time")
        await settle(pilot)
        assert not app.screen.query_one("#wt-no-masters").display
        for calendar in app.screen.query(MonthCalendar):
            assert "23" in shown_dates(calendar), calendar.id
