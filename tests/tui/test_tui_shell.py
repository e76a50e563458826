"""The shell: start screen, section switching, help, command palette, bookings from another
thread, clean exit."""

from __future__ import annotations

import pytest

from mtime_tui.screens.today import TodayScreen

from .conftest import SIZE, settle

pytestmark = pytest.mark.anyio


async def test_app_starts_on_today_with_the_days_bookings(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        table = app.screen.query_one("#today-table")
        assert table.row_count == 4
