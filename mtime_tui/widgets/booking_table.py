"""How a booking looks in the TUI: status names, dates, money, and a table of bookings.

The table keys each row by the booking number, so a row survives re-sorting and reloads, and
Enter (or a click) on a row posts `BookingTable.BookingChosen` with that number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

from ..core.booking import visits
from ..core.people import branches, services
from ..core.people.phones import format_phone
from ..core.storage.models import CANCELLED, COMPLETED, CONFIRMED, NO_SHOW, PENDING, Booking
from ..i18n import N_, _
from .column_fit import DROP, Reduction, cut_words, fit_columns, widest
from .month_calendar import WEEKDAYS
from .row_table import RowTable
from .slot_grid import hhmm
from .textual_internals import measure_columns

STATUS_NAMES = {
    PENDING: N_("Pending confirmation"),
    CONFIRMED: N_("Confirmed"),
    COMPLETED: N_("Completed"),
    NO_SHOW: N_("No-show"),
    CANCELLED: N_("Cancelled"),
}
STATUS_STYLES = {
    PENDING: "bold yellow",
    CONFIRMED: "green",
    COMPLETED: "cyan",
    NO_SHOW: "magenta",
    CANCELLED: "dim strike",
}


# Short names for narrow table columns; the card shows the full ones.
STATUS_SHORT = {
    PENDING: N_("Pending"),
    CONFIRMED: N_("Confirmed"),
    COMPLETED: N_("Completed"),
    NO_SHOW: N_("No-show"),
    CANCELLED: N_("Cancelled"),
}


def status_name(status: str) -> str:
    return _(STATUS_NAMES.get(status, status))


def status_text(status: str, *, short: bool = False) -> Text:
    prefix = "⏳ " if status == PENDING else ""  # as the bot marks them; ⚠️ (with VS16) was one cell off
    name = _(STATUS_SHORT.get(status, status)) if short else status_name(status)
    return Text(prefix + name, style=STATUS_STYLES.get(status, ""))


def format_day(day: dt.date) -> str:
    """"23.11.2026 Mo" — short, sortable by eye, the same in both languages."""
    return f"{day:%d.%m.%Y} {_(WEEKDAYS[day.weekday()])}"


def salon_today(branch: int | None = None) -> dt.date:
    """Today on the wall clock of the seat's branch (a chain's branches may keep other time
    zones), else the salon's; the screens ask again on each refresh: days change."""
    return branches.today(branch)


def format_short_day(day: dt.date) -> str:
    """"24.11 Tu" — for table columns, where the year is rarely needed."""
    return f"{day:%d.%m} {_(WEEKDAYS[day.weekday()])}"


def format_money(price: int | None, currency: str) -> str:
    """"2 000 ₽", or "—" for a service shown without a price."""
    return "—" if price is None else services.amount_text(price, currency)


def format_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("{hours} h {minutes} min", hours=hours, minutes=rest)
    if hours:
        return _("{hours} h", hours=hours)
    return _("{minutes} min", minutes=rest)


def plain(value: object) -> Text:
    """User text as a cell: a str cell is read as markup, so "[b]" in a name would style it."""
    return Text("" if value is None else str(value), no_wrap=True, overflow="ellipsis")


VISIT_TITLE_WIDTH = 20  # a table's service column: number, time, client and status stay readable


def visit_title(booking: Booking, width: int = VISIT_TITLE_WIDTH) -> str:
    """The visit's services for a table cell: "Стрижка + Борода"; a longer visit keeps its
    first services and counts the rest, "Женская стрижка + Ук… +1"."""
    names = visits.service_names(booking)
    full = visits.NAME_JOIN.join(names)
    if len(names) == 1 or len(full) <= width:
        return full
    for shown in range(len(names) - 1, 0, -1):
        rest = f" +{len(names) - shown}"
        head = visits.NAME_JOIN.join(names[:shown])
        if len(head) + len(rest) <= width:
            return head + rest
    rest = f" +{len(names) - 1}"
    return names[0][: width - len(rest) - 1] + "…" + rest


def client_phone(booking: Booking) -> str:
    phone = booking.client.phone
    return format_phone(phone) if phone else "—"


HEADINGS = {
    "number": N_("No."), "date": N_("Date"), "time": N_("Time"), "master": N_("Master"),
    "service": N_("Service"), "client": N_("Client"), "phone": N_("Phone"), "status": N_("Status"),
}
# What a narrow table gives up, in order: number, time, client and status stay whole (issue 11);
# the card shows everything a cut or dropped column held.
REDUCTIONS = (
    Reduction("phone", DROP),
    Reduction("service", 14),
    Reduction("master", 12),
    Reduction("client", 24),
    Reduction("master", DROP),
    Reduction("client", 16),
    Reduction("service", 8),
    Reduction("service", DROP),
    Reduction("client", 10),
)


class BookingTable(RowTable):
    """Bookings, one row each, keyed by number; `with_date` adds a date column. The columns fit
    the table's width: a narrow table drops the phone, then shortens service, master and a long
    client name after whole words, then drops the master (REDUCTIONS)."""

    @dataclass
    class BookingChosen(Message):
        table: BookingTable
        number: int

        @property
        def control(self) -> BookingTable:
            return self.table

    def __init__(self, *, with_date: bool = True, with_master: bool = True, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.with_date = with_date
        self.with_master = with_master
        self._shown_keys: list[str] | None = None  # the rows' keys, in order, as last shown
        self._shown_cells: dict[str, list[Text]] = {}
        self._rows: list[tuple[str, dict[str, Text]]] = []  # full cells, before fitting
        self._layout: tuple[tuple[str, int | None, int, int], ...] | None = None

    def column_keys(self) -> list[str]:
        keys = ["number"] + (["date"] if self.with_date else []) + ["time"]
        keys += (["master"] if self.with_master else []) + ["service", "client", "phone"]
        return keys + ["status"]

    def show(self, bookings: Iterable[Booking]) -> None:
        """Replace the rows, keeping the cursor on the same booking when it is still there.

        The same bookings in the same order (a status or a name changed, or nothing) in the
        same columns: only the changed cells are redrawn. Rebuilding ~300 rows costs ~12 ms,
        and the table is then laid out and painted whole again."""
        self._rows = [(str(booking.number), self._cells(booking)) for booking in bookings]
        self._draw()

    def on_mount(self) -> None:
        self._draw()  # the headings, before any rows

    def on_resize(self) -> None:
        if self._layout is not None and self._fit() != self._layout:
            self._shown_keys = None
            self._draw()

    def _draw(self) -> None:
        layout = self._fit()
        rows = [(key, self._fitted(cells, layout)) for key, cells in self._rows]
        if layout == self._layout and [key for key, _cells in rows] == self._shown_keys:
            self._update_changed(rows)
            return
        keep = self.number_at_cursor()
        super().clear(columns=layout != self._layout)
        self._shown_cells = {}
        if not self.columns:
            self.cell_padding = 0 if any(gap for _key, _cap, gap, _width in layout) else 1
            for key, _cap, gap, width in layout:
                self.add_column(_(HEADINGS[key]), width=width + gap, key=key)
        self._layout = layout
        for key, cells in rows:
            self.add_row(*cells, key=key)
            self._shown_cells[key] = cells
        self._shown_keys = [key for key, _cells in rows]
        measure_columns(self)
        if keep is not None and str(keep) in self.rows:
            self.move_cursor(row=self.get_row_index(str(keep)))

    def _measure(self, key: str, cap: int | None) -> int:
        texts = [cells[key].plain for _number, cells in self._rows]
        if cap is not None:
            texts = [cut_words(text, cap) for text in texts]
        return max(widest(texts), cell_len(_(HEADINGS[key])))

    def _fit(self) -> tuple[tuple[str, int | None, int, int], ...]:
        """(column, cap, gap, width) for the width the table has: the usual two-cell padding
        when everything fits, else one cell between columns and REDUCTIONS until it fits."""
        keys = self.column_keys()
        available = self.size.width - self.styles.scrollbar_size_vertical
        natural = [(key, None, 0, self._measure(key, None)) for key in keys]
        if self.size.width <= 0 or sum(width + 2 for *_rest, width in natural) <= available:
            return tuple(natural)
        caps = fit_columns(available, self._measure, keys, REDUCTIONS, 1)
        return tuple((key, cap, 1, self._measure(key, cap)) for key, cap in caps.items())

    @staticmethod
    def _fitted(cells: dict[str, Text], layout) -> list[Text]:
        fitted = []
        for key, cap, _gap, _width in layout:
            cell = cells[key]
            if cap is not None and cell_len(cell.plain) > cap:
                cell = Text(cut_words(cell.plain, cap), style=cell.style, no_wrap=True)
            fitted.append(cell)
        return fitted

    def _update_changed(self, rows: list[tuple[str, list[Text]]]) -> None:
        columns = [column.key for column in self.ordered_columns]
        for key, cells in rows:
            shown = self._shown_cells[key]
            for column, cell, old in zip(columns, cells, shown, strict=True):
                if cell != old or cell.style != old.style:
                    self.update_cell(key, column, cell)
            self._shown_cells[key] = cells
        measure_columns(self)

    def _cells(self, booking: Booking) -> dict[str, Text]:
        # Every cell a Text: a str cell is parsed as markup on each draw (slower, and user
        # text such as "[b]" in a name would be styled)
        if self.with_date:
            day, time = format_short_day(booking.date), hhmm(booking.start)
        else:
            day, time = "", f"{hhmm(booking.start)}–{hhmm(booking.end)}"
        return {
            "number": plain(booking.number),
            "date": plain(day),
            "time": plain(time),
            "master": plain(booking.master.name if self.with_master else ""),
            "service": plain(visit_title(booking)),
            "client": plain(booking.client.full_name or "—"),
            "phone": plain(client_phone(booking)),
            "status": status_text(booking.status, short=True),
        }

    def clear(self, columns: bool = False) -> BookingTable:
        """No rows (a screen emptying the table): a later resize has nothing to redraw."""
        self._shown_keys = None
        self._shown_cells = {}
        self._rows = []
        return super().clear(columns)

    def number_at_cursor(self) -> int | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except CellDoesNotExist:  # cursor outside the rows after a clear
            return None
        return int(key.value) if key.value else None

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.post_message(self.BookingChosen(self, int(event.row_key.value)))
