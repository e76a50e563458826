"""Every reach into Textual's private internals, in one place, for the textual pinned in pyproject.

Textual promises nothing about these names: a release may rename or drop any of them. Each reach
is here with the reason it exists, `tests/tui/test_textual_internals.py` checks each one against
the installed textual, and pyproject pins the exact version (`TESTED_WITH`) the suite passes on.
To upgrade textual: bump the pin, run that test module and the TUI tests, adapt this file only.

- `measure_columns`: DataTable measures new rows and changed cells on its next Idle; a section
  painted before that Idle drew every column at its header's width ("10…", "Confir").
- `set_column_widths`: DataTable has no public way to change a column's width once added; a
  narrow table narrows its columns (row_table.RowTable.give_way) and drops its render caches.
  DataTable has no way to hide a column either: a column of width 0 still drew its two cells of
  padding, so such a column's class becomes `FitColumn`, which renders nothing at width 0.
- `keep_styles_on_resume`: a resumed screen re-applies the whole stylesheet to every widget
  (milliseconds per hundred widgets, then a second frame); nothing a section shows needs it.
- `SwitchPaintHold`: Textual holds paints for a fixed 50 ms after a mode switch
  (`App.delay_update`); the hold here ends as soon as the new section has loaded.
- `styled_as_app`: a mode's first switch re-parses the app's whole stylesheet (every rule of
  every widget, again, into a new parse cache) because a new screen's CSS update count starts
  behind the app's; a new screen is styled from the stylesheet as it is when it mounts.
- `set_virtual_size`: a ScrollView's `virtual_size` is a reactive that lays the whole screen out
  on every change, and re-renders every widget after it; a view whose own size is set by its
  CSS (the journal's grid, another day: more or fewer rows) needs only its scrollbars updated.
- `FirstPaint`: work that must not delay the first screen (the daily snapshot copies the whole
  database) starts once that screen has been written to the terminal; Textual says when a frame
  is written only in `App._display` (skipped while paints are held: `App._batch_count`).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual._context import active_app
from textual.app import App
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.widget import AwaitMount, Widget
from textual.widgets import DataTable
from textual.widgets.data_table import Column

TESTED_WITH = "8.2.8"
SWITCH_HOLD_LIMIT = 1.0  # seconds: paint anyway if a section never handles its resume


def measure_columns(table: DataTable) -> None:
    """Column widths for new rows and changed cells now, not on the table's next Idle: the same
    private steps DataTable's Idle handler runs, done earlier; the Idle then finds nothing left."""
    if table._updated_cells:
        updated = table._updated_cells.copy()
        table._updated_cells.clear()
        table._update_column_widths(updated)
    if table._require_update_dimensions:
        table._require_update_dimensions = False
        new_rows = table._new_rows.copy()
        table._new_rows.clear()
        table._update_dimensions(new_rows)


class FitColumn(Column):
    """A column that a width of 0 hides whole, its padding too."""

    def get_render_width(self, data_table: DataTable) -> int:
        if self.width == 0 and not self.auto_width:
            return 0
        return super().get_render_width(data_table)


def set_column_widths(table: DataTable, widths: dict[str, int]) -> None:
    """Give the columns (by key) these content widths, then redraw with them; 0 hides one."""
    changed = False
    for column in table.ordered_columns:
        width = widths.get(str(column.key.value))
        if width is not None and (column.width != width or column.auto_width):
            column.width, column.auto_width = width, False
            column.__class__ = FitColumn  # same fields, one method more (a dataclass subclass)
            changed = True
    if changed:
        table._clear_caches()
        table._require_update_dimensions = True
        table.refresh()


def keep_styles_on_resume(message: object) -> None:
    """Tell a ScreenResume not to re-apply the stylesheet (a theme change still re-styles screens
    on the switch: Textual's own CSS update count; a closing modal resumes without it too)."""
    if isinstance(message, events.ScreenResume):
        message.refresh_styles = False


def styled_as_app(screen: Screen) -> Screen:
    """Mark a screen made for a mode's first visit as styled by the app's stylesheet as it is.

    Textual's `App._init_mode` calls `refresh_css` when the new screen's CSS update count
    differs from the app's — always, for a new screen (-1) — and that re-parses every source
    of the stylesheet into a fresh parse cache (~20 ms on the first paint, again on each
    section's first visit). Nothing needs it: the screen's own CSS is read (and re-parsed) by
    `_load_screen_css` just before, its widgets' DEFAULT_CSS is added and parsed as they
    register, and a theme change since the app started has already run its own `refresh_css`
    (`App._watch_theme`). A later theme change still raises the app's count, so an
    existing screen is restyled when next shown, as before."""
    app = active_app.get(None)
    if app is not None:
        screen._css_update_count = app._css_update_count
    return screen


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """Give `view` a new virtual size without laying the screen out — for a view whose own size
    does not follow its content (`height: 1fr`, the width of its container).

    What Textual's own `ScrollView._size_updated` does when a layout finds a new virtual size:
    the scrollbars' windows and the scroll offsets follow it (`Widget._scroll_update`). A
    scrollbar that appears or goes still lays the screen out (its own reactive asks for it)."""
    if view.virtual_size == size:
        return
    view.set_reactive(Widget.virtual_size, size)
    view._scroll_update(size)
    view.refresh()


class SwitchPaintHold(App[None]):
    """App base: a mode switch holds paints only until the new section has handled its
    ScreenResume (its data is loaded), then paints it once, complete — not a fixed 50 ms."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._switching = False
        self._held_switches: set[int] = set()  # paints held until a section has resumed
        self._switch_hold: int | None = None
        self._switch_count = 0

    @property
    def paints_held(self) -> bool:
        """Whether any paint is still held (a switch, or Textual's own batches)."""
        return bool(self._held_switches) or bool(self._batch_count)

    def switch_mode(self, mode: str) -> AwaitMount:
        self._switching = True
        try:
            await_mount = super().switch_mode(mode)
        finally:
            self._switching = False
            held, self._switch_hold = self._switch_hold, None
        if held is not None and not self.screen.call_later(self._release_switch, held):
            self._release_switch(held)
        return await_mount

    def delay_update(self, delay: float = 0.05) -> None:
        if not self._switching:
            super().delay_update(delay)
            return
        self._switch_count += 1
        token = self._switch_count
        self._held_switches.add(token)
        self._switch_hold = token
        self._begin_batch()
        self.set_timer(SWITCH_HOLD_LIMIT, lambda: self._release_switch(token))

    def _release_switch(self, token: int) -> None:
        if token in self._held_switches:
            self._held_switches.discard(token)
            self._end_batch()
            if not self._batch_count:
                self.screen.refresh()


DEFAULT_SCREEN_ID = "_default"  # App.get_default_screen: the blank screen before the first mode


class FirstPaint(App[None]):
    """App base: `after_first_paint(callback)` runs `callback` (in the UI thread, soon after)
    once the first real screen has been painted — written to the terminal, or rendered when
    headless; Textual's blank default screen does not count."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.first_painted = False
        self._after_first_paint: list[Callable[[], object]] = []

    def after_first_paint(self, callback: Callable[[], object]) -> None:
        if self.first_painted:
            self.call_later(callback)
        else:
            self._after_first_paint.append(callback)

    def _display(self, screen, renderable) -> None:  # noqa: ANN001 - Textual's private signature
        painted = (renderable is not None and not self._batch_count
                   and screen.id != DEFAULT_SCREEN_ID)
        super()._display(screen, renderable)
        if painted and not self.first_painted:
            self.first_painted = True
            waiting, self._after_first_paint = self._after_first_paint, []
            for callback in waiting:
                self.call_later(callback)
