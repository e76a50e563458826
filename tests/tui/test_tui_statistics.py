"""The Statistics section with Pilot: it is the tenth section (key 0), it shows what
core.reports.statistics counts, the period keys and a typed range change it, and bad dates are refused."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Select, Static

from mtime_tui.core.reports import figures, statistics
from mtime_tui.core.reports.periods import Period
from tests.reports import fixture_salon
from tests.reports.fixture_salon import NOV

from .conftest import SIZE, settle, type_into

pytestmark = pytest.mark.anyio


@pytest.fixture
def stats_app(app_factory):
    fixture_salon.build()
    return app_factory


def cells(app, selector: str, row: int) -> list[str]:
    return [str(c).strip() for c in app.screen.query_one(selector, DataTable).get_row_at(row)]


def figure(app, name: str) -> list[str]:
    table = app.screen.query_one("#stats-figures", DataTable)
    return [str(c).strip() for c in table.get_row(name)]


async def open_statistics(pilot):
    await settle(pilot)
    await pilot.press("0")
    await settle(pilot)
    assert pilot.app.current_mode == "statistics"


async def test_key_0_opens_this_month_with_core_figures(stats_app):
    app = stats_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_statistics(pilot)
        period = app.screen.query_one("#stats-period", Static)
        assert "01.11.2026 – 30.11.2026, compared with 02.10.2026 – 31.10.2026" in str(
            period.render())
        expected = figures.headline(statistics.report(Period(NOV(1), NOV(30))), "₽", "en")
        for f in expected:
            assert figure(app, f.name) == [f.label, f.value, f.change, f.previous]
        assert figure(app, "revenue")[1] == "7 200 ₽"  # 1 500 + 3 000 + 1 200 + 1 500 (the 10th)


async def test_the_period_keys_and_the_tables(stats_app):
    app = stats_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_statistics(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert app.screen.query_one("#stats-kind", Select).value == "week"
        assert figure(app, "expected_revenue")[1] == "4 500 ₽"
        await pilot.press("left_square_bracket")  # the week before: 16–22 November
        await settle(pilot)
        assert app.screen.period == Period(NOV(16), NOV(22))
        assert figure(app, "bookings")[1:] == ["8", "↑ 300 %", "2"]
        assert cells(app, "#stats-masters", 0)[:2] == ["Anna", "5"]
        assert cells(app, "#stats-services", 0)[:2] == ["Colour", "2"]
        days = app.screen.query_one("#stats-days", DataTable)
        assert days.row_count == 7 and cells(app, "#stats-days", 3) == ["19.11.2026", "0", "0 ₽"]
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.period == Period(NOV(23), NOV(23))


async def test_a_typed_range_and_a_bad_date(stats_app):
    app = stats_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_statistics(pilot)
        await pilot.press("r")
        assert app.focused is app.screen.query_one("#stats-from", Input)
        await type_into(pilot, "#stats-from", "16.11.2026")
        await type_into(pilot, "#stats-to", "2026-11-22")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.period == Period(NOV(16), NOV(22))
        assert app.screen.query_one("#stats-kind", Select).value == "custom"
        assert figure(app, "revenue")[1] == "5 700 ₽"
        await type_into(pilot, "#stats-to", "32.11.2026")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.period == Period(NOV(16), NOV(22))  # unchanged
        assert any("Not a date: 32.11.2026" in str(n.message) for n in app._notifications)


async def test_a_new_booking_elsewhere_shows_on_return(stats_app):
    from mtime_tui.core.storage.models import COMPLETED, Client, Master, Service

    app = stats_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_statistics(pilot)
        assert figure(app, "bookings")[1] == "15"
        await pilot.press("1")
        await settle(pilot)
        fixture_salon.visit(Master.get(name="Anna"), Service.get(name="Cut"),
                            Client.get(first_name="Olga"), NOV(20), 15, COMPLETED)
        await pilot.press("0")
        await settle(pilot)
        assert figure(app, "bookings")[1] == "16"


async def test_charts_follow_the_master_choice(stats_app):
    app = stats_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_statistics(pilot)
        app.screen.query_one("#stats-tabs").active = "tab-charts"
        await settle(pilot)
        masters = app.screen.query_one("#stats-master", Select)
        names = [str(label) for label, _value in masters._options]
        assert names == ["All masters", "Anna", "Boris"]
        boris = next(value for label, value in masters._options if str(label) == "Boris")
        masters.value = boris
        await settle(pilot)
        chart = app.screen.query_one("#stats-chart", Select)
        chart.value = "revenue_day"
        await settle(pilot)
        assert app.screen.report is not None


async def test_the_summary_and_the_no_show_mark_are_set_in_settings(stats_app):
    from textual.widgets import Checkbox

    from mtime_tui.core import settings

    app = stats_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        app.screen.query_one("#daily_summary", Checkbox).value = True
        await type_into(pilot, "#daily_summary_hour", "20")
        await type_into(pilot, "#no_show_flag", "0")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert settings.load().daily_summary is False  # the bad mark refused it all
        await type_into(pilot, "#no_show_flag", "3")
        await pilot.press("ctrl+s")
        await settle(pilot)
        s = settings.load()
        assert (s.daily_summary, s.daily_summary_hour, s.no_show_flag) == (True, 20, 3)
