"""A table read row by row (bookings, services, masters, clients)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable

from .textual_internals import set_column_widths


class RowTable(DataTable):
    """Home and End go to the first and the last row (issue 11, defect 12): DataTable's own
    Home/End scroll sideways, which a table with a row cursor never needs.

    `give_way(...)` fits the columns to the table's width (issue 11, every screen fits): the
    named columns narrow, in order, down to their least width (0 hides one: its two cells of
    padding stay)."""

    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    _full: dict[str, int] | None = None  # each column's width as added
    _least: tuple[tuple[str, int], ...] = ()

    def give_way(self, *least: tuple[str, int]) -> None:
        """Call after adding the columns: (column key, least width) in the order they narrow."""
        headings = {str(column.key.value): column.label.cell_len for column in self.ordered_columns}
        self._full = {str(column.key.value): max(column.width, headings[str(column.key.value)])
                      for column in self.ordered_columns}
        # a shown column keeps its heading whole ("Длительнос" was cut)
        self._least = tuple((key, max(width, headings[key]) if width else 0)
                            for key, width in least)
        self._fit()

    def on_resize(self) -> None:
        if self._full is not None:
            self._fit()

    def _fit(self) -> None:
        assert self._full is not None
        available = self.size.width - self.styles.scrollbar_size_vertical
        if available <= 0:
            return
        gap = 2 * self.cell_padding
        widths = dict(self._full)
        excess = sum(width + gap for width in widths.values()) - available
        for key, least in self._least:
            give = max(0, min(excess, widths[key] - least))
            widths[key] -= give
            excess -= give
        set_column_widths(self, widths)
