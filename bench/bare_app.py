"""The bare Textual app the TUI start is held against: the same widgets as Today, rows given.

Header, a sidebar list of the sections, four lines of text, a DataTable with today's rows as
text, a footer; no database, no CSS files, nothing of mtime_tui imported (so it measures what
Textual itself costs). Used in-process by `bench.tui_start` and as its own program by
`bench.terminal_start`:

    python -m bench.bare_app ROWS.json      # {"columns": [...], "rows": [[...], ...]}
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, OptionList, Static

SECTIONS = 10  # as many as the app's sidebar lists


class BareScreen(Screen):
    """Header, a sidebar list of the sections, four lines of text, a table, a footer."""

    def __init__(self, columns: list[str], rows: list[list[str]]) -> None:
        super().__init__()
        self.columns, self.rows = columns, rows

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(*(f"{n % 10} Section {n}" for n in range(1, SECTIONS + 1)))
            with Vertical():
                for text in ("Monday, 23 November 2026", "Bot: stopped", "Pending: 0", ""):
                    yield Static(text)
                yield DataTable(cursor_type="row", zebra_stripes=True, id="bare-table")
                yield Static("")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*self.columns)
        for n, row in enumerate(self.rows):
            table.add_row(*row, key=str(n))


class BareApp(App[None]):
    def __init__(self, columns: list[str], rows: list[list[str]]) -> None:
        super().__init__()
        self.columns, self.rows = columns, rows

    def on_mount(self) -> None:
        self.push_screen(BareScreen(self.columns, self.rows))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    content = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    BareApp(content["columns"], content["rows"]).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
