"""The journal's grid: one column per master, the day's time running down (docs/JOURNAL.md).

A DataTable with the time column fixed, so many masters scroll sideways under it. Each booking
is a block of cells in its status colour, with its icon; free time is plain, a break and time off
shaded. The cursor stops once per booking, slot, break or run of time off; Enter or a click
posts `SlotChosen` (free time) or `BookingChosen`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from ..core import visits
from ..core.journal import JournalDay
from ..core.models import COMPLETED, CONFIRMED, NO_SHOW, PENDING, Booking
from ..i18n import N_, _
from .booking_table import STATUS_SHORT
from .journal_layout import BOOKED, BREAK, FREE, OFF, PAST, Cell, journal_cells
from .slot_grid import hhmm
from .textual_internals import fixed_dimensions, measure_columns

TIME_WIDTH = 5  # "09:30"
MIN_WIDTH = 18  # a master's column never gets narrower (names and statuses stay readable)
MAX_WIDTH = 34
PADDING = 1  # DataTable's cell padding on each side

STATUS_ICONS = {PENDING: "○", CONFIRMED: "✓", COMPLETED: "●", NO_SHOW: "✗"}
STATUS_BLOCKS = {
    PENDING: "black on #d7af00",
    CONFIRMED: "white on #005f00",
    COMPLETED: "white on #005f87",
    NO_SHOW: "white on #87005f",
}
SHADES = {
    OFF: ("░", "#4e4e4e"),
    PAST: (" ", "on #1c1c1c"),
    BREAK: ("▒", "#5f5f00"),
}
LEGEND = (
    (PENDING, N_("pending")),
    (CONFIRMED, N_("confirmed")),
    (COMPLETED, N_("completed")),
    (NO_SHOW, N_("no-show")),
)


def legend() -> Text:
    """"⏳ pending  ✓ confirmed  ● completed  ✗ no-show  ▒ break  ░ off" in the block colours."""
    text = Text()
    for status, name in LEGEND:
        text.append(f"{STATUS_ICONS[status]} {_(name)}", style=STATUS_BLOCKS[status])
        text.append(" ")
    text.append(SHADES[BREAK][0], style=SHADES[BREAK][1])
    text.append(" " + _("break") + " ")
    text.append(SHADES[OFF][0], style=SHADES[OFF][1])
    text.append(" " + _("off"))
    return text


def column_width(available: int, masters: int) -> int:
    """Columns share the width the grid has, each between MIN_WIDTH and MAX_WIDTH."""
    if masters <= 0:
        return MIN_WIDTH
    room = available - (TIME_WIDTH + 2 * PADDING) - 2  # the vertical scrollbar
    return max(MIN_WIDTH, min(MAX_WIDTH, room // masters - 2 * PADDING))


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def booking_lines(booking: Booking, no_shows: int, rows: int = 4) -> list[str]:
    """The block's lines, most important first: icon and client, services, status (and the
    no-show flag), the client's wish. A block of fewer rows keeps the first lines; ⚠ (the
    no-show flag) and ✎ (a wish the block has no row for) stay on the client's line."""
    icon = STATUS_ICONS.get(booking.status, "")
    wish = (booking.comment or "").replace("\n", " ").strip()
    marks = ("⚠ " if no_shows else "") + ("✎ " if wish and rows < 4 else "")
    name = booking.client.full_name or booking.client.phone or "—"
    status = _(STATUS_SHORT.get(booking.status, booking.status))
    if no_shows:
        status += " · " + _("no-shows: {count}", count=no_shows)
    lines = [f"{icon} {marks}{name}", visits.title(booking), status]
    if wish:
        lines.append(f"✎ {wish}")
    if rows == 1:
        return [f"{lines[0]} · {lines[1]}"]
    return lines[:rows]


def render_cell(cell: Cell, width: int, no_shows: int = 0) -> Text:
    """One cell as the grid shows it, exactly `width` wide (blocks fill their background)."""
    if cell.kind == BOOKED and cell.booking is not None:
        return _booking_cell(cell.booking, no_shows, cell.lines, cell.line, width)
    first = cell.line == 0
    return _plain(cell.kind, first, width, _("Break") if cell.kind == BREAK and first else "")


@lru_cache(maxsize=64)
def _plain(kind: str, first: bool, width: int, label: str) -> Text:
    """Free time, passed time, a break, time off: the same few cells over and over (shared: a
    DataTable only reads its cells)."""
    if kind == FREE:
        return Text(("·" if first else "").ljust(width), style="#6c6c6c", no_wrap=True)
    char, style = SHADES[kind]
    if label:
        return Text(_fit(label, width).ljust(width, char), style=style, no_wrap=True)
    return Text(char * width, style=style, no_wrap=True)


def _booking_cell(booking: Booking, no_shows: int, rows: int, line: int, width: int) -> Text:
    return _block_line(booking_lines(booking, no_shows, rows), line, booking.status, width)


def _column_texts(cells: list[Cell], width: int, flagged: dict[int, int]) -> list[Text]:
    """A column's cells; each booking's lines are worked out once for its whole block."""
    texts = []
    lines: list[str] = []
    for cell in cells:
        booking = cell.booking
        if booking is None:
            texts.append(render_cell(cell, width))
            continue
        if cell.line == 0:
            lines = booking_lines(booking, flagged.get(booking.client_id, 0), cell.lines)
        texts.append(_block_line(lines, cell.line, booking.status, width))
    return texts


def _block_line(lines: list[str], line: int, status: str, width: int) -> Text:
    content = lines[line] if line < len(lines) else ""
    text = Text(_fit(content, width).ljust(width), style=STATUS_BLOCKS.get(status, ""),
                no_wrap=True)
    if line == 0:
        text.stylize("bold")
    return text


def time_cell(minutes: int) -> Text:
    return Text(hhmm(minutes), style="bold" if minutes % 60 == 0 else "dim", no_wrap=True)


class JournalGrid(DataTable):
    """The day's journal; `show(journal)` fills it, keeping the cursor on the same master and
    time when they are still shown."""

    @dataclass
    class SlotChosen(Message):
        """Enter or a click on free time: a booking for this master, date and time."""

        grid: JournalGrid
        master_id: int
        day: dt.date
        start: int

        @property
        def control(self) -> JournalGrid:
            return self.grid

    @dataclass
    class BookingChosen(Message):
        grid: JournalGrid
        number: int

        @property
        def control(self) -> JournalGrid:
            return self.grid

    @dataclass
    class Refused(Message):
        """Enter on time that cannot be booked (passed, a break, time off): why."""

        grid: JournalGrid
        reason: str

    BINDINGS = [
        Binding("home", "day_start", "First row", show=False),
        Binding("end", "day_end", "Last row", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="cell", fixed_columns=1, zebra_stripes=False,
                         cursor_foreground_priority="renderable",
                         cursor_background_priority="css", cell_padding=PADDING, **kwargs)
        self.journal: JournalDay | None = None
        self.cells: list[list[Cell]] = []
        self._shape: tuple | None = None  # (day, master ids, rows, width) as last built
        self._shown: list[list[Text]] = []

    # -- filling -----------------------------------------------------------------------------

    def show(self, journal: JournalDay, available: int | None = None) -> None:
        """Show `journal`; only changed cells are redrawn when the shape is the same."""
        width = column_width(available or self.size.width or 80, len(journal.columns))
        cells = journal_cells(journal)
        texts = [_column_texts(column, width, journal.flagged) for column in cells]
        shape = (journal.day, tuple((c.master.id, c.master.name, c.working)
                                    for c in journal.columns), journal.first, journal.rows, width)
        keep = self.cursor_place()
        self.journal, self.cells = journal, cells
        if shape == self._shape:
            for x, column in enumerate(texts):
                for y, text in enumerate(column):
                    if text != self._shown[x][y]:
                        self.update_cell_at(Coordinate(y, x + 1), text)
            self._shown = texts
            measure_columns(self)
            return
        self._shape, self._shown = shape, texts
        self.clear(columns=True)
        self.add_column(Text(_("Time"), style="bold"), width=TIME_WIDTH, key="time")
        for column in journal.columns:
            name = column.master.name if column.working else _("{name} (off)",
                                                                 name=column.master.name)
            self.add_column(Text(_fit(name, width), style="bold"), width=width,
                            key=str(column.master.id))
        for y in range(journal.rows):
            self.add_row(time_cell(journal.row_start(y)), *(texts[x][y] for x in
                                                             range(len(texts))), key=str(y))
        measure_columns(self)
        self._restore(keep)

    def cursor_place(self) -> tuple[int, int] | None:
        """(master id, minutes) under the cursor."""
        cell = self.cell_at_cursor()
        if cell is None or self.journal is None:
            return None
        row, column = self.cursor_coordinate
        return self.journal.columns[column - 1].master.id, self.journal.row_start(row)

    def _restore(self, place: tuple[int, int] | None) -> None:
        journal = self.journal
        if journal is None or not journal.columns or not journal.rows:
            return
        column, row = 1, 0
        ids = [c.master.id for c in journal.columns]
        if place is not None and place[0] in ids:
            column = ids.index(place[0]) + 1
            row = (place[1] - journal.first) // journal.step
        elif journal.now is not None:  # today: the first row not yet over
            row = (journal.now - journal.first) // journal.step
        row = max(0, min(journal.rows - 1, row))
        self.move_cursor(row=self._block_top(row, column), column=column, animate=False)

    def _update_dimensions(self, new_rows) -> None:  # noqa: ANN001 - DataTable's own
        """Every column has a fixed width and every row one line: no cell needs measuring."""
        fixed_dimensions(self)

    # -- where the cursor is -----------------------------------------------------------------

    def cell_at(self, row: int, column: int) -> Cell | None:
        if column < 1 or column - 1 >= len(self.cells):
            return None
        cells = self.cells[column - 1]
        return cells[row] if 0 <= row < len(cells) else None

    def cell_at_cursor(self) -> Cell | None:
        row, column = self.cursor_coordinate
        return self.cell_at(row, column)

    def booking_at_cursor(self) -> Booking | None:
        cell = self.cell_at_cursor()
        return cell.booking if cell is not None else None

    def _block_top(self, row: int, column: int) -> int:
        cell = self.cell_at(row, column)
        return row - cell.line if cell is not None else row

    # -- moving ------------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        row, column = self.cursor_coordinate
        cell = self.cell_at(row, column)
        if cell is None:
            return super().action_cursor_down()
        below = row - cell.line + cell.lines
        if below < self.row_count:
            self.move_cursor(row=below, column=column)

    def action_cursor_up(self) -> None:
        row, column = self.cursor_coordinate
        cell = self.cell_at(row, column)
        if cell is None:
            return super().action_cursor_up()
        above = row - cell.line - 1
        if above >= 0:
            self.move_cursor(row=self._block_top(above, column), column=column)

    def action_day_start(self) -> None:
        """Home: the day's first row (DataTable's own Home scrolls sideways)."""
        self.move_cursor(row=0, column=self.cursor_coordinate.column)

    def action_day_end(self) -> None:
        column = self.cursor_coordinate.column
        self.move_cursor(row=self._block_top(self.row_count - 1, column), column=column)

    def action_cursor_left(self) -> None:
        row, column = self.cursor_coordinate
        if column > 1:
            self.move_cursor(row=self._block_top(row, column - 1), column=column - 1)

    def action_cursor_right(self) -> None:
        row, column = self.cursor_coordinate
        if column + 1 < len(self.columns):
            self.move_cursor(row=self._block_top(row, column + 1), column=column + 1)

    # -- choosing ----------------------------------------------------------------------------

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.choose(event.coordinate.row, event.coordinate.column)

    def on_click(self, event: events.Click) -> None:
        """A click acts at once (a booking opens, free time books), as Enter does."""
        meta = event.style.meta
        if "row" not in meta or "column" not in meta or meta["row"] < 0:
            return
        event.prevent_default()  # DataTable's own click only moves the cursor the first time
        event.stop()
        row, column = meta["row"], max(1, meta["column"])
        self.move_cursor(row=self._block_top(row, column), column=column)
        self.choose(row, column)

    def choose(self, row: int, column: int) -> None:
        cell = self.cell_at(row, column)
        journal = self.journal
        if cell is None or journal is None:
            return
        if cell.booking is not None:
            self.post_message(self.BookingChosen(self, cell.booking.number))
        elif cell.kind == FREE:
            master_id = journal.columns[column - 1].master.id
            self.post_message(self.SlotChosen(self, master_id, journal.day, cell.start))
        else:
            reason = {
                PAST: _("This time has passed."),
                BREAK: _("This is the master's break."),
                OFF: _("The master does not work at this time."),
            }[cell.kind]
            self.post_message(self.Refused(self, reason))

    def move_to_booking(self, number: int) -> bool:
        """Put the cursor on the top of booking `number`'s block (False: not shown)."""
        for x, column in enumerate(self.cells):
            for y, cell in enumerate(column):
                if cell.booking is not None and cell.booking.number == number:
                    self.move_cursor(row=y, column=x + 1, animate=False)
                    return True
        return False

    def numbers(self) -> list[int]:
        """The booking numbers the grid shows, each once (tests and the benchmark ask)."""
        seen = dict.fromkeys(c.booking.number for column in self.cells for c in column
                             if c.booking is not None)
        return list(seen)


__all__ = ["BOOKED", "BREAK", "FREE", "OFF", "PAST", "JournalGrid", "legend", "render_cell"]
