"""Bookings: the guide's filters — ⚠️ new, today, 7 days, 30 days, by date, all (searchable).

A busy salon holds hundreds of thousands of bookings, so nothing here loads them all: ranges are
cut into pages of whole days using the per-day counts (one query), and "all" asks core for one
page of a search at a time. Queries run in a thread worker; Enter on a row opens the card.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static, Tab, Tabs

from ..core.booking import booking_queries
from ..core.reports import exports
from ..core.storage.models import PENDING, Booking
from ..i18n import N_, _
from ..widgets.booking_table import BookingTable, format_day, salon_today
from ..widgets.month_calendar import MonthCalendar, month_range
from .base import SectionScreen, show_text
from .booking_card import BookingCard
from .file_dialogs import ExportDialog

PAGE_SIZE = 200
FILTERS: tuple[tuple[str, str], ...] = (
    ("new", N_("⚠ New")),
    ("today", N_("Today")),
    ("week", N_("7 days")),
    ("month", N_("30 days")),
    ("date", N_("By date")),
    ("all", N_("All")),
)


def day_pages(first: dt.date, last: dt.date, counts: dict[dt.date, int], size: int) -> list:
    """Cut first…last into runs of whole days holding about `size` bookings each."""
    pages: list[tuple[dt.date, dt.date]] = []
    page_first, total, day = first, 0, first
    while day <= last:
        total += counts.get(day, 0)
        if total >= size and day < last:
            pages.append((page_first, day))
            page_first, total = day + dt.timedelta(days=1), 0
        day += dt.timedelta(days=1)
    pages.append((page_first, last))
    return pages


@dataclass
class _Loaded:
    rows: list[Booking]
    status: str
    has_next: bool


class BookingsScreen(SectionScreen):
    """Tabs choose the filter; N / P page through long lists; / searches."""

    SECTION = "bookings"
    BINDINGS = [
        Binding("n,т", "page(1)", N_("Next page")),
        Binding("p,з", "page(-1)", N_("Previous page")),
        Binding("slash", "search", N_("Search")),
        Binding("e,у", "export", N_("Export this list")),
        Binding("escape", "focus_table", N_("To the list"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = "today"
        self.page = 0
        self.pages: list[tuple[dt.date, dt.date]] = []
        self.has_next = False
        self.day: dt.date | None = None
        self.today = salon_today(self.branch)
        self._new_count: int | None = None  # what the New tab says

    def compose_body(self) -> ComposeResult:
        yield Tabs(
            *(Tab(_(title), id=f"filter-{name}") for name, title in FILTERS),
            active="filter-today",
            id="bookings-tabs",
        )
        yield Input(
            placeholder=_("Search: number, phone or name"), id="bookings-search"
        )
        yield MonthCalendar(self.today, id="bookings-calendar")
        yield Static("", id="bookings-status", markup=False)
        yield BookingTable(id="bookings-table")

    def on_mount(self) -> None:  # runs before SectionScreen.on_mount (Textual calls both)
        self._show_controls()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Paging keys only where lists are paged (hidden in the footer elsewhere)."""
        if action == "page":
            return self.filter in ("week", "month", "all")
        return True

    def refresh_data(self) -> None:
        """A day, a page of days, the new ones and the count are reads of a few milliseconds:
        in the UI thread, so the section is painted once, with them. A typed search can take
        long (a phone fragment over every booking): it stays in a worker."""
        self._show_new_count(booking_queries.pending_count(branch=self.branch))
        text = self.query_one(Input).value
        if self.filter == "all" and text.strip():
            self.load()
        else:
            self._show(self.filter, self._query(self.filter, self.page, self.day, text))
        if self.filter == "date":
            first, last = month_range(self.query_one("#bookings-calendar", MonthCalendar).month)
            self._show_counts(first, booking_queries.day_counts(first, last, branch=self.branch))

    def load_counts(self, first: dt.date, last: dt.date) -> None:
        """Active bookings per day of the calendar's month, as marks under the dates."""
        self.run_db(booking_queries.day_counts, first, last, branch=self.branch,
                    done=lambda counts: self._show_counts(first, counts),
                    group="bookings-counts", exclusive=True)

    def _show_counts(self, first: dt.date, counts: dict[dt.date, int]) -> None:
        calendar = self.query_one("#bookings-calendar", MonthCalendar)
        if calendar.month == first:
            calendar.set_marks({day: str(n) for day, n in counts.items() if n})

    @on(MonthCalendar.MonthChanged, "#bookings-calendar")
    def _month_changed(self, event: MonthCalendar.MonthChanged) -> None:
        self.load_counts(event.first, event.last)

    # -- loading ----------------------------------------------------------------------------

    def _show_new_count(self, count: int) -> None:
        if count == self._new_count:
            return  # relabelling a tab lays the tabs out again
        self._new_count = count
        tabs = self.query_one(Tabs)
        tab = tabs.query_one("#filter-new", Tab)
        tab.label = _("⚠ New ({count})", count=count)
        if count:
            tabs.show("filter-new")
        else:
            tabs.hide("filter-new")

    def load(self) -> None:
        self.load_page(self.filter, self.page, self.day, self.query_one(Input).value)

    def load_page(self, name: str, page: int, day: dt.date | None, text: str) -> None:
        self.run_db(self._query, name, page, day, text,
                    done=lambda loaded: self._show(name, loaded),
                    group="bookings-list", exclusive=True)

    def _query(self, name: str, page: int, day: dt.date | None, text: str) -> _Loaded:
        """Runs in a worker thread: one page of the chosen filter."""
        self.today = salon_today(self.branch)
        if name == "new":
            rows = booking_queries.pending_bookings(branch=self.branch)
            return _Loaded(rows, _("{count} new bookings", count=len(rows)), False)
        if name == "today":
            rows = booking_queries.bookings_on(self.today, branch=self.branch)
            return _Loaded(rows, format_day(self.today), False)
        if name == "date":
            if day is None:
                return _Loaded([], _("Pick a date in the calendar."), False)
            return _Loaded(booking_queries.bookings_on(day, branch=self.branch), format_day(day), False)
        if name in ("week", "month"):
            last = self.today + dt.timedelta(days=6 if name == "week" else 29)
            counts = booking_queries.day_counts(self.today, last, branch=self.branch)
            self.pages = day_pages(self.today, last, counts, PAGE_SIZE)
            page = min(page, len(self.pages) - 1)
            first, page_last = self.pages[page]
            rows = booking_queries.bookings_between(first, page_last, branch=self.branch)
            status = _(
                "{first} – {last} · page {page} of {pages}",
                first=format_day(first),
                last=format_day(page_last),
                page=page + 1,
                pages=len(self.pages),
            )
            return _Loaded(rows, status, page + 1 < len(self.pages))
        rows = booking_queries.search_bookings(text.strip(), limit=PAGE_SIZE + 1,
                                              offset=page * PAGE_SIZE, branch=self.branch)
        has_next = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
        if rows:
            status = _(
                "Rows {first}–{last}",
                first=page * PAGE_SIZE + 1,
                last=page * PAGE_SIZE + len(rows),
            )
        else:
            status = _("Nothing found.")
        return _Loaded(rows, status, has_next)

    def _show(self, name: str, loaded: _Loaded) -> None:
        if name != self.filter:
            return
        self.has_next = loaded.has_next
        hint = _(" · N: next page") if loaded.has_next else ""
        show_text(self.query_one("#bookings-status", Static), loaded.status + hint)
        self.query_one(BookingTable).show(loaded.rows)

    # -- controls ---------------------------------------------------------------------------

    def _show_controls(self) -> None:
        self.query_one("#bookings-search").display = self.filter == "all"
        self.query_one("#bookings-calendar").display = self.filter == "date"

    @on(Tabs.TabActivated, "#bookings-tabs")
    def _filter_chosen(self, event: Tabs.TabActivated) -> None:
        name = (event.tab.id or "filter-today").removeprefix("filter-")
        if name == self.filter and self.is_mounted:
            return
        self.filter = name
        self.page = 0
        self._show_controls()
        self.refresh_bindings()
        self.query_one(BookingTable).clear()
        if name == "all":
            self.query_one("#bookings-search").focus()
        elif name == "date":
            calendar = self.query_one("#bookings-calendar", MonthCalendar)
            calendar.focus()
            self.load_counts(*month_range(calendar.month))
        self.load()

    def select_filter(self, name: str) -> None:
        """Switch to a filter by name (new, today, week, month, date, all)."""
        self.query_one(Tabs).active = f"filter-{name}"

    @on(Input.Changed, "#bookings-search")
    def _search(self) -> None:
        self.page = 0
        self.load()

    @on(Input.Submitted, "#bookings-search")
    def _search_done(self) -> None:
        self.query_one(BookingTable).focus()

    @on(MonthCalendar.DayPicked, "#bookings-calendar")
    def _day_picked(self, event: MonthCalendar.DayPicked) -> None:
        self.day = event.day
        self.page = 0
        self.load()
        self.query_one(BookingTable).focus()

    @on(BookingTable.BookingChosen)
    def _open_card(self, event: BookingTable.BookingChosen) -> None:
        self.app.push_screen(BookingCard(event.number))

    def action_page(self, step: int) -> None:
        if self.filter not in ("week", "month", "all"):
            return
        if (step > 0 and not self.has_next) or self.page + step < 0:
            self.app.bell()
            return
        self.page += step
        self.load()

    def action_search(self) -> None:
        self.select_filter("all")
        self.query_one("#bookings-search").focus()

    def action_focus_table(self) -> None:
        self.query_one(BookingTable).focus()

    # -- export ----------------------------------------------------------------------------

    def export_selection(self) -> tuple[exports.Selection, str]:
        selection, label = self._export_selection()
        return replace(selection, branch=self.branch), label

    def _export_selection(self) -> tuple[exports.Selection, str]:
        """The bookings the current filter shows — every page of it — and its name."""
        today = salon_today(self.branch)
        text = self.query_one(Input).value.strip()
        if self.filter == "new":
            return exports.Selection(statuses=(PENDING,)), _("⚠ New")
        if self.filter == "today":
            return exports.Selection(today, today), format_day(today)
        if self.filter == "date" and self.day is not None:
            return exports.Selection(self.day, self.day), format_day(self.day)
        if self.filter in ("week", "month"):
            last = today + dt.timedelta(days=6 if self.filter == "week" else 29)
            return exports.Selection(today, last), f"{format_day(today)} – {format_day(last)}"
        if self.filter == "all":
            return exports.Selection(search=text), (_("search “{text}”", text=text) if text
                                                    else _("all bookings"))
        return exports.Selection(today, today), format_day(today)

    def action_export(self) -> None:
        selection, title = self.export_selection()
        self.app.push_screen(ExportDialog("bookings", selection, title))

