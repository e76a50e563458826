"""A table read row by row (bookings, services, masters, clients)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable

from .textual_internals import set_column_widths


class RowTable(DataTable):
    """Home and End go to the first and the last row (issue 11, defect 12): DataTable's own
    Home/End scroll sideways, which a table with a row cursor never needs.

    `give_way(...)` fits the columns to the table's width (issue 11, every screen fits): the
    named columns narrow, in order, down to their least width (0 hides one whole, its padding
    too); a table still too wide then draws one cell between columns instead of two."""

    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    _full: dict[str, int] | None = None  # each column's width as added
    _least: tuple[tuple[str, int], ...] = ()
    _padding = 1  # the table's own cell padding, before a tight fit

    def give_way(self, *least: tuple[str, int]) -> None:
        """Call after adding the columns: (column key, least width) in the order they narrow."""
        headings = {str(column.key.value): column.label.cell_len for column in self.ordered_columns}
        self._full = {str(column.key.value): max(column.width, headings[str(column.key.value)])
                      for column in self.ordered_columns}
        # a shown column keeps its heading whole ("Длительнос" was cut)
        self._least = tuple((key, max(width, headings[key]) if width else 0)
                            for key, width in least)
        self._padding = self.cell_padding
        self._fit()

    def on_resize(self) -> None:
        if self._full is not None:
            self._fit()

    def _narrowed(self, available: int, gap: int) -> tuple[dict[str, int], int]:
        """The widths after giving way, and the cells still missing (> 0: too wide still)."""
        assert self._full is not None
        widths = dict(self._full)
        excess = sum(width + gap for width in widths.values()) - available
        for key, least in self._least:
            if excess <= 0:
                break
            if least == 0 and widths[key]:  # hidden whole: a cut Telegram ID helps nobody
                excess -= widths[key] + gap
                widths[key] = 0
            else:
                give = max(0, min(excess, widths[key] - least))
                widths[key] -= give
                excess -= give
        return widths, excess

    def _fit(self) -> None:
        available = self.size.width - self.styles.scrollbar_size_vertical
        if available <= 0:
            return
        widths, excess = self._narrowed(available, 2 * self._padding)
        padding = self._padding
        if excess > 0 and padding:  # one cell between columns, as BookingTable when narrow
            widths, _excess = self._narrowed(available, 1)
            widths = {key: width + 1 if width else 0 for key, width in widths.items()}
            padding = 0
        self.cell_padding = padding
        set_column_widths(self, widths)
