"""The month calendar and the slot grid widgets on their own, in a tiny host app."""

from __future__ import annotations

import datetime as dt

import pytest
from textual import on
from textual.app import App, ComposeResult

from mtime_tui.widgets import MonthCalendar, SlotGrid
from mtime_tui.widgets.month_calendar import add_months, month_range

pytestmark = pytest.mark.anyio
TODAY = dt.date(2026, 11, 23)


class CalendarHost(App[None]):
    def __init__(self, **kwargs) -> None:
        super().__init__()
        self.kwargs = kwargs
        self.picked: list[dt.date] = []
        self.months: list[tuple[dt.date, dt.date]] = []

    def compose(self) -> ComposeResult:
        yield MonthCalendar(TODAY, today=TODAY, **self.kwargs)

    def on_mount(self) -> None:
        self.query_one(MonthCalendar).focus()

    @on(MonthCalendar.DayPicked)
    def _picked(self, event: MonthCalendar.DayPicked) -> None:
        self.picked.append(event.day)

    @on(MonthCalendar.MonthChanged)
    def _month(self, event: MonthCalendar.MonthChanged) -> None:
        self.months.append((event.first, event.last))


async def test_arrows_move_and_enter_picks():
    app = CalendarHost()
    async with app.run_test() as pilot:
        calendar = app.query_one(MonthCalendar)
        await pilot.press("right", "down", "enter")
        await pilot.pause()
        assert app.picked == [dt.date(2026, 12, 1)]
        assert calendar.month == dt.date(2026, 12, 1)
        assert app.months == [(dt.date(2026, 12, 1), dt.date(2026, 12, 31))]
        await pilot.press("pageup", "left", "up")
        await pilot.pause()
        assert calendar.cursor == dt.date(2026, 10, 24)
        await pilot.press("home")
        assert calendar.cursor == TODAY


async def test_days_outside_the_range_or_not_enabled_cannot_be_picked():
    app = CalendarHost(first=TODAY, last=TODAY + dt.timedelta(days=13))
    async with app.run_test() as pilot:
        calendar = app.query_one(MonthCalendar)
        await pilot.press("left", "enter")  # yesterday: before the range
        calendar.set_enabled([TODAY + dt.timedelta(days=2)])
        await pilot.press("right", "enter")  # today: not enabled
        await pilot.press("right", "right", "enter")
        await pilot.pause()
        assert app.picked == [TODAY + dt.timedelta(days=2)]


async def test_marks_are_drawn_and_a_click_picks():
    app = CalendarHost()
    async with app.run_test(size=(60, 20)) as pilot:
        calendar = app.query_one(MonthCalendar)
        calendar.set_marks({TODAY: "7"})
        await pilot.pause()
        cell = next(c for c in calendar.query(".day-cell") if c.day == TODAY)
        assert "7" in str(cell.render()) and cell.has_class("-marked", "-cursor", "-today")
        other = next(c for c in calendar.query(".day-cell") if c.day == dt.date(2026, 11, 5))
        await pilot.click(other)
        await pilot.pause()
        assert app.picked == [dt.date(2026, 11, 5)]


def test_month_arithmetic():
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 1)
    assert add_months(dt.date(2026, 1, 15), -1) == dt.date(2025, 12, 1)
    assert month_range(dt.date(2028, 2, 10)) == (dt.date(2028, 2, 1), dt.date(2028, 2, 29))


class GridHost(App[None]):
    def __init__(self, multi: bool) -> None:
        super().__init__()
        self.multi = multi
        self.events: list[object] = []

    def compose(self) -> ComposeResult:
        yield SlotGrid(multi=self.multi, columns=4)

    async def on_mount(self) -> None:
        grid = self.query_one(SlotGrid)
        await grid.set_slots([540, 600, 660, 720, 780, 840])
        grid.focus()

    @on(SlotGrid.Picked)
    @on(SlotGrid.SelectionChanged)
    def _event(self, event) -> None:
        self.events.append(event)


async def test_slot_grid_single_pick():
    app = GridHost(multi=False)
    async with app.run_test() as pilot:
        await pilot.press("down", "right", "enter")
        await pilot.pause()
        assert [e.start for e in app.events] == [840]


async def test_slot_grid_multi_select_and_reload_keeps_shown_selection():
    app = GridHost(multi=True)
    async with app.run_test() as pilot:
        grid = app.query_one(SlotGrid)
        await pilot.press("space", "right", "right", "enter", "left", "left", "space")
        await pilot.pause()
        assert grid.selected == (660,)
        grid.select([540, 600, 999])
        assert grid.selected == (540, 600)
        await grid.set_slots([600, 720])
        assert grid.selected == (600,)
        await grid.set_slots([])
        assert grid.query_one(".slot-empty").display


async def test_a_new_today_moves_the_mark_and_unchanged_setters_redraw_nothing():
    from mtime_tui.widgets.month_calendar import _DayCell

    app = CalendarHost()
    async with app.run_test() as pilot:
        calendar = app.query_one(MonthCalendar)
        calendar.set_marks({TODAY: "3"})
        await pilot.pause()

        def today_cells() -> list[dt.date]:
            return [cell.day for cell in calendar.query(_DayCell) if cell.has_class("-today")]

        assert today_cells() == [TODAY]
        updates: list[int] = []
        for cell in calendar.query(_DayCell):
            original = cell.update
            cell.update = lambda *a, _o=original, **k: (updates.append(1), _o(*a, **k))
        calendar.set_marks({TODAY: "3"})
        calendar.set_range(None, None)
        calendar.today = TODAY
        assert updates == [], "nothing changed: no day cell is drawn again"
        calendar.today = TODAY + dt.timedelta(days=1)  # midnight passed
        await pilot.pause()
        assert today_cells() == [TODAY + dt.timedelta(days=1)]
        # today's number is underlined in the cell's text (dc7099e): the old and the new today
        # are drawn again, no other day
        assert len(updates) == 2, "only the two days whose today-mark moved are drawn again"
        updates.clear()
        calendar.set_marks({TODAY: "4"})
        assert len(updates) == 1, "only the day whose mark changed is drawn again"
