"""A section that lists one kind of record in a table with add, edit and block/unblock — Services
and Masters. The reads and writes behind its keys run in workers (`run_db`): while another
program holds the database the section says "busy, retrying" and keeps answering keys.

A subclass names its table (`TABLE_ID`) and says how to fetch a record, which form edits it,
how to (un)block it and what to ask first; the keys, the cursor and the toasts are here.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.widgets import DataTable

from ..i18n import _
from .base import SectionScreen
from .dialogs import ConfirmModal, FormModal


class RecordSection(SectionScreen):
    TABLE_ID: ClassVar[str] = ""

    # ---- what a subclass says -------------------------------------------------------------

    def fetch(self, record_id: int) -> Any:
        """The record (called in a worker)."""
        raise NotImplementedError

    def form(self, record: Any | None) -> FormModal:
        """The form that adds (None) or edits `record`."""
        raise NotImplementedError

    def set_active(self, record_id: int, active: bool) -> object:
        """Block (False) or unblock (True) the record (called in a worker)."""
        raise NotImplementedError

    def block_question(self, record: Any) -> str:
        raise NotImplementedError

    def after_block(self, record: Any) -> None:
        """After (un)blocking `record` (as it was before): a subclass may ask more."""

    # ---- the shared part --------------------------------------------------------------------

    @property
    def table(self) -> DataTable:
        return self.query_one(f"#{self.TABLE_ID}", DataTable)

    def selected_id(self) -> int | None:
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value) if key.value else None

    def with_selected(self, then) -> None:  # noqa: ANN001 - a callback taking the record
        """Fetch the record under the cursor in a worker, then `then(record)` (UI thread)."""
        record_id = self.selected_id()
        if record_id is not None:
            self.run_db(self.fetch, record_id, done=then, group="record")

    def saved(self, record: Any | None) -> None:
        """A form closed: with the saved record, show it (the cursor on it) and say so."""
        if record is None:
            return
        self.reload(force=True)
        key = str(record.id)
        if key in self.table.rows:
            self.table.move_cursor(row=self.table.get_row_index(key))
        self.notify(_("Saved: {name}", name=record.name), markup=False)

    def action_add(self) -> None:
        self.app.push_screen(self.form(None), self.saved)

    def action_edit(self) -> None:
        self.with_selected(lambda record: self.app.push_screen(self.form(record), self.saved))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == self.TABLE_ID:
            event.stop()
            self.action_edit()

    def action_toggle_block(self) -> None:
        self.with_selected(self._ask_block)

    def _ask_block(self, record: Any) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self.run_db(self.set_active, record.id, not record.active,
                            done=lambda _result: self._blocked(record), group="record")

        self.app.push_screen(ConfirmModal(self.block_question(record), danger=record.active),
                             answer)

    def _blocked(self, record: Any) -> None:
        self.reload(force=True)
        self.after_block(record)
