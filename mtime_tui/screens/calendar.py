"""The calendar of all bookings: a month with per-day counts, a day with every master's bookings.

The month asks core for the counts of the shown month in one query; the day view loads that
day's bookings in a thread worker (a busy salon's day is long, a busy salon's year is longer).
Enter on a booking opens its card; a change there, or from the bot, reloads the view.
"""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, Label, Static

from ..core.booking import booking_queries
from ..core.storage.models import Booking
from ..i18n import N_, _
from ..widgets.booking_table import BookingTable, format_day, salon_today
from ..widgets.month_calendar import MonthCalendar, month_range
from .base import SectionScreen
from .booking_card import BookingCard


class CalendarScreen(SectionScreen):
    """Month → day → booking card; Escape goes back up."""

    SECTION = "calendar"
    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("t,е", "today", N_("Today")),
        Binding("left_square_bracket", "day(-1)", N_("Previous day")),
        Binding("right_square_bracket", "day(1)", N_("Next day")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.today = salon_today(self.branch)
        self.day: dt.date | None = None

    def compose_body(self) -> ComposeResult:
        with ContentSwitcher(initial="calendar-month-view", id="calendar-views"):
            with Vertical(id="calendar-month-view"):
                yield Label(_("Bookings per day — Enter opens the day"), classes="view-title")
                with Horizontal():
                    yield MonthCalendar(self.today, id="calendar-month")
                    yield Static(
                        _(
                            "The number under a date is its active bookings.\n\n"
                            "Arrows move, PageUp/PageDown change the month,\n"
                            "Enter opens the day, T goes to today."
                        ),
                        id="calendar-legend",
                    )
            with Vertical(id="calendar-day-view"):
                yield Label("", id="calendar-day-title", classes="view-title")
                yield BookingTable(with_date=False, id="calendar-day-table")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Back and day-by-day keys belong to the day view only (hidden in the footer else)."""
        if action in ("back", "day"):
            return self.day is not None
        return True

    @property
    def month_calendar(self) -> MonthCalendar:
        return self.query_one("#calendar-month", MonthCalendar)

    def refresh_data(self) -> None:
        """The month's counts and a day's bookings are reads of a few milliseconds: in the UI
        thread, so the section is painted once, with them (moving between months and days
        still reads in a worker)."""
        self.today = salon_today(self.branch)
        self.month_calendar.today = self.today
        first, last = month_range(self.month_calendar.month)
        self._show_counts(first, booking_queries.day_counts(first, last, branch=self.branch))
        if self.day is not None:
            self._show_day(self.day, booking_queries.bookings_on(self.day, branch=self.branch))

    def load_counts(self, first: dt.date, last: dt.date) -> None:
        self.run_db(booking_queries.day_counts, first, last, branch=self.branch,
                    done=lambda counts: self._show_counts(first, counts),
                    group="calendar-counts", exclusive=True)

    def _show_counts(self, first: dt.date, counts: dict[dt.date, int]) -> None:
        if self.month_calendar.month == first:
            self.month_calendar.set_marks({day: str(n) for day, n in counts.items() if n})

    def load_day(self, day: dt.date) -> None:
        self.run_db(booking_queries.bookings_on, day, branch=self.branch, done=lambda rows: self._show_day(day, rows),
                    group="calendar-day", exclusive=True)

    def _show_day(self, day: dt.date, rows: list[Booking]) -> None:
        if day != self.day:
            return
        active = sum(1 for b in rows if b.is_active)
        self.query_one("#calendar-day-title", Label).update(
            _(
                "{day}: {count} active bookings — Enter opens a booking",
                day=format_day(day),
                count=active,
            )
        )
        self.query_one(BookingTable).show(rows)

    @on(MonthCalendar.MonthChanged, "#calendar-month")
    def _month_changed(self, event: MonthCalendar.MonthChanged) -> None:
        self.month_calendar.set_marks({})
        self.load_counts(event.first, event.last)

    @on(MonthCalendar.DayPicked, "#calendar-month")
    def _day_picked(self, event: MonthCalendar.DayPicked) -> None:
        self.open_day(event.day)

    def open_day(self, day: dt.date) -> None:
        self.day = day
        self.query_one("#calendar-day-title", Label).update(format_day(day))
        self.query_one(BookingTable).clear()
        self.query_one("#calendar-views", ContentSwitcher).current = "calendar-day-view"
        self.query_one(BookingTable).focus()
        self.refresh_bindings()
        self.load_day(day)

    @on(BookingTable.BookingChosen)
    def _open_card(self, event: BookingTable.BookingChosen) -> None:
        self.app.push_screen(BookingCard(event.number))

    def action_back(self) -> None:
        if self.day is not None:
            self.month_calendar.show_day(self.day)
            self.day = None
            self.query_one("#calendar-views", ContentSwitcher).current = "calendar-month-view"
            self.month_calendar.focus()
            self.refresh_bindings()
            self.refresh_data()

    def action_today(self) -> None:
        if self.day is not None:
            self.open_day(self.today)
        else:
            self.month_calendar.show_day(self.today)

    def action_day(self, step: int) -> None:
        if self.day is not None:
            self.open_day(self.day + dt.timedelta(days=step))
