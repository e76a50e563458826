"""How the journal's cells read (docs/JOURNAL.md): a booking's lines in its status colour, the
shades of breaks and time off, the legend, the width the columns share."""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from ..core.booking import visits
from ..core.storage.models import COMPLETED, CONFIRMED, NO_SHOW, PENDING, Booking
from ..i18n import N_, _
from .booking_table import STATUS_SHORT
from .journal_layout import BOOKED, BREAK, FREE, OFF, PAST, Cell
from .slot_grid import hhmm

TIME_WIDTH = 5  # "09:30"
MIN_WIDTH = 18  # a master's column never gets narrower (names and statuses stay readable)
MAX_WIDTH = 34
GAP = 1  # a blank column between masters' columns

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
    room = available - (TIME_WIDTH + GAP) - 2  # the vertical scrollbar
    return max(MIN_WIDTH, min(MAX_WIDTH, room // masters - GAP))


def fit(text: str, width: int) -> str:
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
    """Free time, passed time, a break, time off: the same few cells over and over (shared:
    the grid only reads its cells)."""
    if kind == FREE:
        return Text(("·" if first else "").ljust(width), style="#6c6c6c", no_wrap=True)
    char, style = SHADES[kind]
    if label:
        return Text(fit(label, width).ljust(width, char), style=style, no_wrap=True)
    return Text(char * width, style=style, no_wrap=True)


def _booking_cell(booking: Booking, no_shows: int, rows: int, line: int, width: int) -> Text:
    return _block_line(booking_lines(booking, no_shows, rows), line, booking.status, width)


def column_texts(cells: list[Cell], width: int, flagged: dict[int, int]) -> list[Text]:
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
    style = STATUS_BLOCKS.get(status, "")
    return Text(fit(content, width).ljust(width), style=f"bold {style}" if line == 0 else style,
                no_wrap=True)


@lru_cache(maxsize=1440)  # the same times every day (shared: the grid only reads them)
def time_cell(minutes: int) -> Text:
    return Text(hhmm(minutes), style="bold" if minutes % 60 == 0 else "dim", no_wrap=True)


@lru_cache(maxsize=256)
def style_of(spec: str) -> Style:
    return Style.parse(spec) if spec else Style.null()


def segment_of(text: Text) -> Segment:
    """A cell's Text (one style over the whole cell) as the one segment a line is built of."""
    style = text.style if isinstance(text.style, Style) else style_of(str(text.style))
    return Segment(text.plain, style)
