"""The label–value rows of a card (the booking card) as one widget."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.widget import Widget

LABEL_WIDTH = 14  # cells: the longest label ("Длительность") and a gap

Row = tuple[str, "str | Text"]


class CardFields(Widget):
    """Labels muted in a column of 14 cells, each value beside its label (wrapped there).

    One widget instead of twenty Labels in a Grid: each Label is composed, styled, laid out
    and painted on its own, ~20 ms of the booking card's ~75 ms (PERFORMANCE finding 7).
    Values are shown as typed (a str is never read as markup)."""

    COMPONENT_CLASSES = {"card-fields--label"}
    DEFAULT_CSS = """
    CardFields { height: auto; }
    CardFields > .card-fields--label { color: $text-muted; }
    """

    def __init__(self, rows: Iterable[Row] = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[Row] = list(rows)

    def show(self, rows: Iterable[Row]) -> None:
        """Replace the rows (nothing is redrawn when they are the same)."""
        rows = list(rows)
        if rows != self.rows:
            self.rows = rows
            self.refresh(layout=True)

    @property
    def text(self) -> str:
        """The rows as plain text, one "label value" per line."""
        return "\n".join(f"{label} {value if isinstance(value, str) else value.plain}"
                         for label, value in self.rows)

    def render(self) -> Table:
        table = Table.grid()
        table.add_column(width=LABEL_WIDTH,
                         style=self.get_component_rich_style("card-fields--label"))
        table.add_column(ratio=1)
        for label, value in self.rows:
            table.add_row(Text(label), Text(value) if isinstance(value, str) else value)
        return table
