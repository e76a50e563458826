"""The journal's grid: one column per master, the day's time running down (docs/JOURNAL.md).

A line-API widget (Textual's ScrollView): each screen line is built from one segment per
visible cell, so a day of 30 masters costs what is on screen, not 1,400 rendered cells (a
DataTable renders every cell of a row, and all of them again whenever the cursor moves). The
header (the masters' names) and the time column stay put; the masters scroll sideways under
them. Each booking is a block of cells in its status colour, with its icon; free time is plain,
a break and time off shaded. The cursor stops once per booking, slot, break or run of time off;
Enter or a click posts `SlotChosen` (free time) or `BookingChosen`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..core.booking.journal import JournalDay
from ..core.storage.models import Booking
from ..i18n import _
from .journal_layout import BOOKED, BREAK, FREE, OFF, PAST, Cell, JournalCells
from .journal_texts import (
    GAP,
    MIN_WIDTH,
    TIME_WIDTH,
    column_texts,
    column_width,
    fit,
    legend,
    render_cell,
    segment_of,
    style_of,
    time_cell,
)
from .textual_internals import set_virtual_size


class JournalGrid(ScrollView, can_focus=True):
    """The day's journal; `show(journal)` fills it, keeping the cursor on the same master and
    time when they are still shown. Columns are numbered as the screen shows them: 0 is the
    time, 1 … the masters."""

    COMPONENT_CLASSES = {"journal-grid--cursor", "journal-grid--header", "journal-grid--time"}
    DEFAULT_CSS = """
    JournalGrid { background: $surface; }
    JournalGrid > .journal-grid--cursor { background: $accent; color: $text; text-style: bold; }
    JournalGrid:blur > .journal-grid--cursor { background: $accent 50%; }
    JournalGrid > .journal-grid--header { background: $panel; color: $text; text-style: bold; }
    JournalGrid > .journal-grid--time { background: $panel; color: $text; }
    """
    BINDINGS = [
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
        Binding("left", "cursor_left", show=False),
        Binding("right", "cursor_right", show=False),
        Binding("home", "day_start", "First row", show=False),
        Binding("end", "day_end", "Last row", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("enter", "choose", show=False),
    ]

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

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.journal: JournalDay | None = None
        self.cells: Sequence[list[Cell]] = []  # per column, per row (JournalCells: lazily)
        self.width_of_column = MIN_WIDTH
        # per column, per row; a column's texts are worked out when it is first drawn (or
        # read): another day costs the columns on screen, not all thirty
        self._texts: list[list[Text] | None] = []
        self._segments: list[list[Segment] | None] = []
        self._header: list[Text] = []
        self._times: list[Text] = []
        self._row = 0
        self._column = 1
        self._journal_styles_key: tuple | None = None
        self._journal_styles: tuple[Style, Style, Style, Style] = (Style.null(),) * 4
        self._time_title = _("Time")

    # -- filling -----------------------------------------------------------------------------

    def show(self, journal: JournalDay, available: int | None = None) -> None:
        """Show `journal`, the cursor kept on the same master and time when still there."""
        width = column_width(available or self.size.width or 80, len(journal.columns))
        if journal is self.journal and width == self.width_of_column:
            return  # the same day at the same width (a resize that changes no column)
        keep = self.cursor_place()
        cells = JournalCells(journal)
        self.journal, self.cells, self.width_of_column = journal, cells, width
        self._texts = [None] * len(cells)
        self._segments = [None] * len(cells)
        self._header = [
            Text(fit(c.master.name if c.working else _("{name} (off)", name=c.master.name),
                      width).ljust(width))
            for c in journal.columns
        ]
        self._times = [time_cell(journal.row_start(y)) for y in range(journal.rows)]
        # the grid's size is its CSS's (1fr): another day's rows lay nothing else out again
        set_virtual_size(self, Size(TIME_WIDTH + GAP + len(cells) * (width + GAP),
                                    journal.rows + 1))
        self._restore(keep)
        self.refresh()

    def cursor_place(self) -> tuple[int, int] | None:
        """(master id, minutes) under the cursor."""
        if self.journal is None or self.cell_at_cursor() is None:
            return None
        return (self.journal.columns[self._column - 1].master.id,
                self.journal.row_start(self._row))

    def _restore(self, place: tuple[int, int] | None) -> None:
        journal = self.journal
        if journal is None or not journal.columns or not journal.rows:
            self._row, self._column = 0, 1
            return
        column, row = 1, 0
        ids = [c.master.id for c in journal.columns]
        if place is not None and place[0] in ids:
            column = ids.index(place[0]) + 1
            row = (place[1] - journal.first) // journal.step
        elif journal.now is not None:  # today: the first row not yet over
            row = (journal.now - journal.first) // journal.step
        row = max(0, min(journal.rows - 1, row))
        self.move_cursor(row=self._block_top(row, column), column=column)

    # -- what is shown (tests and the benchmark read it too) ---------------------------------

    @property
    def row_count(self) -> int:
        return self.journal.rows if self.journal is not None else 0

    @property
    def cursor_coordinate(self) -> Coordinate:
        return Coordinate(self._row, self._column)

    @property
    def cursor_row(self) -> int:
        return self._row

    def header_labels(self) -> list[str]:
        return [t.plain.rstrip() for t in self._header]

    def cell_text(self, row: int, column: int) -> str:
        """The text of a cell as drawn (column 0: the time)."""
        if column == 0:
            return self._times[row].plain
        return self._column_texts(column - 1)[row].plain

    def _column_texts(self, x: int) -> list[Text]:
        texts = self._texts[x]
        if texts is None:
            flagged = self.journal.flagged if self.journal is not None else {}
            texts = self._texts[x] = column_texts(self.cells[x], self.width_of_column, flagged)
        return texts

    def _column_segments(self, x: int) -> list[Segment]:
        segments = self._segments[x]
        if segments is None:
            segments = self._segments[x] = [segment_of(t) for t in self._column_texts(x)]
        return segments

    def cell_at(self, row: int, column: int) -> Cell | None:
        if column < 1 or column - 1 >= len(self.cells):
            return None
        cells = self.cells[column - 1]
        return cells[row] if 0 <= row < len(cells) else None

    def cell_at_cursor(self) -> Cell | None:
        return self.cell_at(self._row, self._column)

    def booking_at_cursor(self) -> Booking | None:
        cell = self.cell_at_cursor()
        return cell.booking if cell is not None else None

    def numbers(self) -> list[int]:
        """The booking numbers the grid shows, each once."""
        seen = dict.fromkeys(c.booking.number for column in self.cells for c in column
                             if c.booking is not None)
        return list(seen)

    def move_to_booking(self, number: int) -> bool:
        """Put the cursor on the top of booking `number`'s block (False: not shown)."""
        for x, column in enumerate(self.cells):
            for y, cell in enumerate(column):
                if cell.booking is not None and cell.booking.number == number:
                    self.move_cursor(row=y, column=x + 1)
                    return True
        return False

    # -- drawing -----------------------------------------------------------------------------

    def _styles(self) -> tuple[Style, Style, Style, Style]:
        """The base, header, time and cursor styles, worked out once per focus and theme
        (each is a walk up the DOM; a line asks for them 30 times a paint)."""
        key = (self.has_focus, self.app.theme)
        if self._journal_styles_key != key:
            self._journal_styles_key = key
            self._journal_styles = (
                self.rich_style,
                self.get_component_rich_style("journal-grid--header"),
                self.get_component_rich_style("journal-grid--time"),
                self.get_component_rich_style("journal-grid--cursor"),
            )
        return self._journal_styles

    def notify_style_update(self) -> None:
        self._journal_styles_key = None
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base, header, time_style, cursor = self._styles()
        if self.journal is None:
            return Strip.blank(width, base)
        scroll_x, scroll_y = self.scroll_offset
        strip_width = max(0, width - TIME_WIDTH - GAP)
        step = self.width_of_column + GAP
        first = min(len(self.cells), scroll_x // step)
        last = min(len(self.cells), (scroll_x + strip_width) // step + 1)
        gap = Segment(" " * GAP, base)
        if y == 0:
            lead = [Segment(self._time_title.ljust(TIME_WIDTH + GAP), header)]
            parts = [Segment(self._header[x].plain + " " * GAP, header)
                     for x in range(first, last)]
        else:
            row = scroll_y + y - 1
            if row >= self.row_count:
                return Strip.blank(width, base)
            time_text = self._times[row]
            lead = [Segment(time_text.plain, time_style + style_of(str(time_text.style))),
                    Segment(" " * GAP, time_style)]
            parts = []
            for x in range(first, last):
                segment = self._column_segments(x)[row]
                if row == self._row and x + 1 == self._column:
                    segment = Segment(segment.text, (segment.style or Style.null()) + cursor)
                parts += [segment, gap]
        strip = Strip(parts).crop(scroll_x - first * step, scroll_x - first * step + strip_width)
        return Strip.join([Strip(lead), strip]).extend_cell_length(width, base)

    # -- moving ------------------------------------------------------------------------------

    def move_cursor(self, *, row: int | None = None, column: int | None = None,
                    animate: bool = False) -> None:
        if self.journal is None or not self.cells:
            return
        old = self._row
        self._row = max(0, min(self.row_count - 1, self._row if row is None else row))
        self._column = max(1, min(len(self.cells), self._column if column is None else column))
        self._scroll_to_cursor()
        self.refresh_line(old - int(self.scroll_offset.y) + 1)
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        height = max(1, self.scrollable_content_region.height - 1)  # the header line
        width = max(1, self.scrollable_content_region.width - TIME_WIDTH - GAP)
        x, y = self.scroll_offset
        if self._row < y:
            y = self._row
        elif self._row >= y + height:
            y = self._row - height + 1
        step = self.width_of_column + GAP
        left, right = (self._column - 1) * step, self._column * step
        if left < x:
            x = left
        elif right > x + width:
            x = right - width
        self.scroll_to(x=x, y=y, animate=False, immediate=True)

    def _block_top(self, row: int, column: int) -> int:
        cell = self.cell_at(row, column)
        return row - cell.line if cell is not None else row

    def action_cursor_down(self) -> None:
        cell = self.cell_at_cursor()
        if cell is not None:
            below = self._row - cell.line + cell.lines
            if below < self.row_count:
                self.move_cursor(row=below)

    def action_cursor_up(self) -> None:
        cell = self.cell_at_cursor()
        if cell is not None:
            above = self._row - cell.line - 1
            if above >= 0:
                self.move_cursor(row=self._block_top(above, self._column))

    def action_cursor_left(self) -> None:
        if self._column > 1:
            self.move_cursor(row=self._block_top(self._row, self._column - 1),
                             column=self._column - 1)

    def action_cursor_right(self) -> None:
        if self._column < len(self.cells):
            self.move_cursor(row=self._block_top(self._row, self._column + 1),
                             column=self._column + 1)

    def action_day_start(self) -> None:
        """Home: the day's first row."""
        self.move_cursor(row=0)

    def action_day_end(self) -> None:
        self.move_cursor(row=self._block_top(self.row_count - 1, self._column))

    def action_page(self, direction: int) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        row = self._row + direction * height
        row = max(0, min(self.row_count - 1, row))
        self.move_cursor(row=self._block_top(row, self._column))

    # -- choosing ----------------------------------------------------------------------------

    def action_choose(self) -> None:
        self.choose(self._row, self._column)

    def on_click(self, event: events.Click) -> None:
        """A click acts at once (a booking opens, free time books), as Enter does."""
        if self.journal is None or event.y < 1 or event.x < TIME_WIDTH + GAP:
            return
        event.stop()
        scroll_x, scroll_y = self.scroll_offset
        row = scroll_y + event.y - 1
        column = (scroll_x + event.x - TIME_WIDTH - GAP) // (self.width_of_column + GAP) + 1
        if self.cell_at(row, column) is None:
            return
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

    def cell_region(self, row: int, column: int) -> Region:
        """Where a cell is drawn, relative to the widget (tests click there)."""
        scroll_x, scroll_y = self.scroll_offset
        x = TIME_WIDTH + GAP + (column - 1) * (self.width_of_column + GAP) - scroll_x
        return Region(x, row - scroll_y + 1, self.width_of_column, 1)


__all__ = ["BOOKED", "BREAK", "FREE", "OFF", "PAST", "JournalGrid", "legend", "render_cell"]
