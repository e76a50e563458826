"""A month calendar: pick a day with the keyboard or the mouse, see per-day marks.

Used by the booking wizard (days with free time), the calendar of bookings (counts per day),
the bookings list (by date) and working time (days off, days with breaks). The owner of the
widget decides what a mark says and which days may be picked; the widget only shows and asks.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label, Static

from ..i18n import N_, _
from ..i18n.dates import month_title

WEEKDAYS = (N_("Mo"), N_("Tu"), N_("We"), N_("Th"), N_("Fr"), N_("Sa"), N_("Su"))


MONTH_KEYS = Binding.Group(N_("Month"), compact=True)  # the footer shows "pgup pgdn Month"
DAY_WIDTH = 6  # a day cell's columns (DEFAULT_CSS below)


def centred(text: str, width: int = DAY_WIDTH) -> str:
    """`text` padded to `width` cells, the odd cell on the right (every line alike)."""
    room = max(0, width - cell_len(text))
    return " " * (room // 2) + text + " " * (room - room // 2)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month `months` away from `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_range(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last date of `day`'s month."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


class _DayCell(Static):
    """One day of the grid; a click picks it (through the calendar)."""

    def __init__(self, index: int) -> None:
        super().__init__(classes="day-cell")
        self.index = index
        self.day: dt.date | None = None

    def on_click(self, event: events.Click) -> None:
        event.stop()
        calendar_widget = self.query_ancestor(MonthCalendar)
        if self.day is not None:
            calendar_widget.focus()
            calendar_widget.cursor = self.day
            calendar_widget.action_pick()


class _MonthArrow(Static):
    def __init__(self, text: str, step: int, id: str) -> None:
        super().__init__(text, id=id, classes="month-arrow")
        self.step = step

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.query_ancestor(MonthCalendar).move_months(self.step)


class MonthCalendar(Widget, can_focus=True):
    """Arrows move the cursor, Enter picks, PageUp/PageDown change the month.

    `marks` maps a date to a short text under its number (a count, "•", "off"). Days outside
    `first`…`last`, and — when `enabled` is given — days not in it, cannot be picked.
    """

    DEFAULT_CSS = """
    MonthCalendar { width: 44; height: auto; padding: 0 1; }
    MonthCalendar > #month-header { height: 1; width: 100%; }
    MonthCalendar #month-title { width: 1fr; content-align: center middle; text-style: bold; }
    MonthCalendar .month-arrow { width: 3; color: $accent; }
    MonthCalendar > .week-row, MonthCalendar > #month-days {
        grid-size: 7; grid-columns: 6; height: auto; width: 42;
    }
    MonthCalendar .weekday { width: 6; content-align: center middle; color: $text-muted; }
    MonthCalendar .day-cell { width: 6; height: 2; content-align: center top; }
    MonthCalendar .day-cell.-outside { color: $text-disabled; }
    MonthCalendar .day-cell.-disabled { color: $text-disabled; }
    MonthCalendar .day-cell.-marked { color: $success; }
    MonthCalendar .day-cell.-marked.-disabled { color: $warning-darken-1; }
    MonthCalendar .day-cell.-kind-off { color: $text-muted; }
    MonthCalendar .day-cell.-kind-vacation { color: $primary-lighten-2; text-style: italic; }
    MonthCalendar .day-cell.-kind-exception { color: $accent; text-style: bold; }
    MonthCalendar .day-cell.-cursor { background: $surface-lighten-2; }
    MonthCalendar:focus .day-cell.-cursor { background: $accent; color: $text; }
    """

    BINDINGS = [
        Binding("left", "move(-1)", N_("Previous day"), show=False),
        Binding("right", "move(1)", N_("Next day"), show=False),
        Binding("up", "move(-7)", N_("Previous week"), show=False),
        Binding("down", "move(7)", N_("Next week"), show=False),
        Binding("pageup", "months(-1)", N_("Previous month"), group=MONTH_KEYS),
        Binding("pagedown", "months(1)", N_("Next month"), group=MONTH_KEYS),
        Binding("home", "today", N_("Today"), show=False),
        Binding("enter", "pick", N_("Pick the day")),
    ]

    cursor: reactive[dt.date] = reactive(dt.date(2000, 1, 1), init=False)

    @dataclass
    class DayPicked(Message):
        """A day was chosen with Enter or a click."""

        calendar: MonthCalendar
        day: dt.date

        @property
        def control(self) -> MonthCalendar:
            return self.calendar

    @dataclass
    class MonthChanged(Message):
        """Another month is shown: the owner may load marks for `first`…`last`."""

        calendar: MonthCalendar
        first: dt.date
        last: dt.date

        @property
        def control(self) -> MonthCalendar:
            return self.calendar

    _drawn = False  # mounted: the day cells exist and are drawn

    def __init__(
        self,
        day: dt.date,
        *,
        today: dt.date | None = None,
        first: dt.date | None = None,
        last: dt.date | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.today = today or day
        self.first = first
        self.last = last
        self.marks: dict[dt.date, str] = {}
        self.kinds: dict[dt.date, str] = {}  # a CSS kind per day ("off", "vacation", …)
        self.enabled: set[dt.date] | None = None
        self._shown_month = day.replace(day=1)
        self.set_reactive(MonthCalendar.cursor, day)

    def compose(self) -> ComposeResult:
        with Horizontal(id="month-header"):
            yield _MonthArrow("‹", -1, "month-prev")
            yield Label(month_title(self.cursor), id="month-title")
            yield _MonthArrow("›", 1, "month-next")
        with Grid(classes="week-row"):
            for name in WEEKDAYS:
                yield Static(_(name), classes="weekday")
        with Grid(id="month-days"):
            for index in range(42):
                yield _DayCell(index)

    def on_mount(self) -> None:
        # `is_mounted` is still False while on_mount runs: a redraw guarded by it drew nothing,
        # and a calendar whose marks and range never changed showed weekdays and no dates
        # (issue 11, defect 3: an empty salon's Working time)
        self._drawn = True
        self._redraw()

    @property
    def today(self) -> dt.date:
        """The day marked as today (a new day redraws it)."""
        return self._today

    @today.setter
    def today(self, day: dt.date) -> None:
        if day != getattr(self, "_today", None):
            self._today = day
            self._redraw()

    @property
    def month(self) -> dt.date:
        """The first day of the month on screen."""
        return self._shown_month

    def can_pick(self, day: dt.date) -> bool:
        if self.first is not None and day < self.first:
            return False
        if self.last is not None and day > self.last:
            return False
        return self.enabled is None or day in self.enabled

    # The setters redraw only on a change: a section sets them again on every reload, and each
    # redrawn day cell is laid out and painted again.

    def set_marks(self, marks: dict[dt.date, str]) -> None:
        if marks != self.marks:
            self.marks = dict(marks)
            self._redraw()

    def set_kinds(self, kinds: dict[dt.date, str]) -> None:
        """Colour days by kind (`-kind-<kind>` classes: off, vacation, exception)."""
        if kinds != self.kinds:
            self.kinds = dict(kinds)
            self._redraw()

    def set_enabled(self, days: Iterable[dt.date] | None) -> None:
        """Only these days may be picked (None: every day within first…last)."""
        enabled = None if days is None else set(days)
        if enabled != self.enabled:
            self.enabled = enabled
            self._redraw()

    def set_range(self, first: dt.date | None, last: dt.date | None) -> None:
        if (first, last) != (self.first, self.last):
            self.first, self.last = first, last
            self._redraw()

    def show_day(self, day: dt.date) -> None:
        """Move the cursor (and the month) to `day` without picking it."""
        self.cursor = day

    def watch_cursor(self, old: dt.date, new: dt.date) -> None:
        month = new.replace(day=1)
        if month != self._shown_month:
            self._shown_month = month
            first, last = month_range(month)
            self.post_message(self.MonthChanged(self, first, last))
        self._redraw()

    def move_months(self, step: int) -> None:
        target = add_months(self.cursor, step)
        last_day = month_range(target)[1].day
        self.cursor = target.replace(day=min(self.cursor.day, last_day))

    def action_move(self, days: int) -> None:
        self.cursor = self.cursor + dt.timedelta(days=days)

    def action_months(self, step: int) -> None:
        self.move_months(step)

    def action_today(self) -> None:
        self.cursor = self.today

    def action_pick(self) -> None:
        if self.can_pick(self.cursor):
            self.post_message(self.DayPicked(self, self.cursor))
        else:
            self.app.bell()

    def _redraw(self) -> None:
        if not self._drawn:
            return
        month = self._shown_month
        self.query_one("#month-title", Label).update(month_title(month))
        start = month - dt.timedelta(days=month.weekday())
        for cell in self.query(_DayCell):
            day = start + dt.timedelta(days=cell.index)
            cell.day = day
            mark = self.marks.get(day, "")
            # each line centred to the cell's width here: centred as a block, "29" over "вых."
            # sat one column left of the other days' numbers (issue 11, defect 12)
            text = Text(f"{centred(str(day.day))}\n{centred(mark)}")
            if day == self.today:  # the number underlined, not the cell's padding
                number = str(day.day)
                at = text.plain.index(number)
                text.stylize("underline", at, at + len(number))
            if cell.content != text:
                cell.update(text)
            cell.set_class(day.month != month.month, "-outside")
            cell.set_class(not self.can_pick(day), "-disabled")
            cell.set_class(day == self.today, "-today")
            cell.set_class(bool(mark), "-marked")
            kind = self.kinds.get(day)
            for name in ("off", "vacation", "exception"):
                cell.set_class(kind == name, f"-kind-{name}")
            cell.set_class(day == self.cursor, "-cursor")
