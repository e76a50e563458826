"""A grid of start times: pick one (booking, rescheduling) or select several (breaks)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from ..i18n import N_, _


def hhmm(minutes: int) -> str:
    """Minutes after midnight as the salon shows them: 570 → "09:30"."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


CELL_WIDTH = 7  # "09:30" and a cell of padding each side


class _SlotCell(Static):
    def __init__(self, index: int, start: int) -> None:
        super().__init__(hhmm(start), classes="slot-cell")
        self.index = index
        self.start = start

    def on_click(self, event: events.Click) -> None:
        event.stop()
        grid = self.query_ancestor(SlotGrid)
        grid.focus()
        grid.cursor = self.index
        grid.action_choose()


class SlotGrid(Widget, can_focus=True):
    """Arrows move, Enter picks (single) or toggles (multi), Space toggles in multi mode."""

    DEFAULT_CSS = """
    SlotGrid { height: auto; width: 100%; }
    SlotGrid > Grid { grid-size: 8; grid-columns: 7; grid-gutter: 0 1; height: auto; width: 100%; }
    SlotGrid .slot-cell { width: 7; height: 1; content-align: center middle;
        background: $boost; }
    SlotGrid .slot-cell.-selected { background: $success-darken-2; text-style: bold; }
    SlotGrid .slot-cell.-cursor { background: $surface-lighten-2; }
    SlotGrid:focus .slot-cell.-cursor { background: $accent; color: $text; }
    SlotGrid:focus .slot-cell.-cursor.-selected { background: $success; }
    SlotGrid > .slot-empty { color: $text-muted; height: auto; }  /* wraps in a narrow grid */
    """

    BINDINGS = [
        Binding("left", "move(-1)", N_("Previous time"), show=False),
        Binding("right", "move(1)", N_("Next time"), show=False),
        Binding("up", "move_row(-1)", N_("Row up"), show=False),
        Binding("down", "move_row(1)", N_("Row down"), show=False),
        Binding("enter", "choose", N_("Choose")),
        Binding("space", "toggle", N_("Select"), show=False),
    ]

    cursor: reactive[int] = reactive(0, init=False)

    @dataclass
    class Picked(Message):
        """Single mode: a time was chosen."""

        grid: SlotGrid
        start: int

        @property
        def control(self) -> SlotGrid:
            return self.grid

    @dataclass
    class SelectionChanged(Message):
        """Multi mode: the set of selected times changed."""

        grid: SlotGrid
        selected: tuple[int, ...]

        @property
        def control(self) -> SlotGrid:
            return self.grid

    def __init__(
        self,
        *,
        multi: bool = False,
        columns: int = 8,
        empty_text: str = N_("No free time on this day."),
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.multi = multi
        self.max_columns = columns
        self.columns = columns
        self.empty_text = empty_text
        self.starts: list[int] = []
        self._selected: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Static(_(self.empty_text), classes="slot-empty")
        yield Grid()

    def on_resize(self, event: events.Resize) -> None:
        """As many times in a row as fit (a cell is 7 wide, 1 apart), at most `columns`: the
        times wrap inside the space they have (issue 11: "15:1" at 120 columns)."""
        self._fit_columns(event.size.width)

    def _fit_columns(self, width: int) -> None:
        if width <= 0:
            return
        fitting = max(1, min(self.max_columns, (width + 1) // (CELL_WIDTH + 1)))
        if fitting != self.columns:
            self.columns = fitting
            self.query_one(Grid).styles.grid_size_columns = fitting

    @property
    def selected(self) -> tuple[int, ...]:
        return tuple(sorted(self._selected))

    async def set_slots(self, starts: Iterable[int]) -> None:
        """Show these times (the selection keeps only the times still shown)."""
        self.starts = sorted(starts)
        self._selected &= set(self.starts)
        grid = self.query_one(Grid)
        grid.styles.grid_size_columns = self.columns
        self._fit_columns(self.size.width)
        await grid.remove_children()
        await grid.mount_all(_SlotCell(i, start) for i, start in enumerate(self.starts))
        self.query_one(".slot-empty").display = not self.starts
        self.set_reactive(SlotGrid.cursor, 0)
        self._redraw()

    def clear_selection(self) -> None:
        self._selected.clear()
        self._redraw()

    def select(self, starts: Iterable[int]) -> None:
        self._selected = set(starts) & set(self.starts)
        self._redraw()

    def watch_cursor(self) -> None:
        self._redraw()
        cells = list(self.query(_SlotCell))
        if 0 <= self.cursor < len(cells):
            cells[self.cursor].scroll_visible()

    def action_move(self, step: int) -> None:
        if self.starts:
            self.cursor = max(0, min(len(self.starts) - 1, self.cursor + step))

    def action_move_row(self, step: int) -> None:
        self.action_move(step * self.columns)

    def action_choose(self) -> None:
        if not self.starts:
            self.app.bell()
            return
        if self.multi:
            self.action_toggle()
        else:
            self.post_message(self.Picked(self, self.starts[self.cursor]))

    def action_toggle(self) -> None:
        if not self.multi or not self.starts:
            return
        start = self.starts[self.cursor]
        self._selected ^= {start}
        self._redraw()
        self.post_message(self.SelectionChanged(self, self.selected))

    def _redraw(self) -> None:
        for cell in self.query(_SlotCell):
            cell.set_class(cell.start in self._selected, "-selected")
            cell.set_class(cell.index == self.cursor, "-cursor")
