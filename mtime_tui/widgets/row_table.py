"""A table read row by row (bookings, services, masters, clients)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable


class RowTable(DataTable):
    """Home and End go to the first and the last row (issue 11, defect 12): DataTable's own
    Home/End scroll sideways, which a table with a row cursor never needs."""

    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]
