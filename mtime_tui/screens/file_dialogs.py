"""Files from the TUI (issue 15): export the Bookings section's current list (CSV or iCalendar,
for the salon or one master), export every client, import clients from a CSV with a preview.

The work is core.reports.exports / core.reports.imports in a thread worker; its progress comes back as messages
to a ProgressBar, so an export of 300,000 bookings or an import of 50,000 clients never freezes
the TUI. Escape while it runs stops it (a stopped export leaves no file; a stopped import
writes nothing: it is one transaction)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, ProgressBar, Select, Static
from textual.worker import Worker, get_current_worker

from ..core.errors import DomainError
from ..core.reports import exports, imports
from ..core.storage import db
from ..core.storage.models import Master
from ..i18n import N_, _
from .base import TranslatedBindings, plain
from .dialogs import form_field

PROGRESS_EVERY = 0.1  # seconds between two progress messages


class Stopped(Exception):
    """The user pressed Escape while the work ran."""


def default_folder() -> Path:
    return Path.home()


class _Progress(Message):
    def __init__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        super().__init__()


class _Reporter:
    """The worker's progress callback: a message now and then, and a stop when cancelled."""

    def __init__(self, screen: ModalScreen) -> None:
        self.screen = screen
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if get_current_worker().is_cancelled:
            raise Stopped
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY or done >= total:
            self.last = now
            self.screen.post_message(_Progress(done, total))


class _FileDialog(TranslatedBindings, ModalScreen[bool]):
    BINDINGS = [Binding("escape", "close", N_("Close"))]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self.worker: Worker | None = None

    def progress_widgets(self) -> ComposeResult:
        bar = ProgressBar(id="file-progress", show_eta=False)
        bar.display = False  # shown while the work runs
        yield bar
        yield Static("", id="file-status", classes="section-hint", markup=False)

    @on(_Progress)
    def _progressed(self, message: _Progress) -> None:
        bar = self.query_one("#file-progress", ProgressBar)
        bar.update(total=max(message.total, 1), progress=message.done)

    def status(self, text: str) -> None:
        self.query_one("#file-status", Static).update(text)

    def busy(self, running: bool) -> None:
        for button in self.query(Button):
            if button.id != "close":
                button.disabled = running
        bar = self.query_one("#file-progress", ProgressBar)
        if running:
            bar.update(total=None, progress=0)
        bar.display = running

    def action_close(self) -> None:
        if self.worker is not None and self.worker.is_running:
            self.worker.cancel()
            self.status(_("Stopping…"))
            return
        self.dismiss(False)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.action_close()


class ExportDialog(_FileDialog):
    """Export bookings (a selection) or clients to a file the owner names."""

    @dataclass
    class Done(Message):
        count: int | None
        path: str
        error: str = ""

    def __init__(self, what: str, selection: exports.Selection | None = None,
                 title: str = "") -> None:
        super().__init__()
        self.what = what
        self.selection = selection or exports.Selection()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export-dialog"):
            heading = (_("Export bookings: {what}", what=self.title_text) if self.what == "bookings"
                       else _("Export every client"))
            yield Static(heading, classes="dialog-question", markup=False)
            if self.what == "bookings":
                with Horizontal(classes="form-row"):
                    yield form_field("format", _("Format"), Select(
                        [(_("CSV (Excel)"), exports.CSV), (_("iCalendar"), exports.ICS)],
                        value=exports.CSV, allow_blank=False, id="format"))
                    yield form_field("master", _("Master"), Select(
                        [(_("All masters"), -1), *((m.name, m.id) for m in
                                                   Master.select().order_by(Master.name))],
                        value=-1 if self.selection.master_id is None else self.selection.master_id,
                        allow_blank=False, id="master"))
            yield form_field("path", _("File"), Input(str(self.default_path(exports.CSV)),
                                                      id="path"))
            yield from self.progress_widgets()
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Export"), id="export", variant="primary")
                yield Button(_("Close"), id="close")

    def default_path(self, fmt: str) -> Path:
        from ..core.reports.figures import salon_today

        return default_folder() / f"{self.what}-{salon_today():%Y-%m-%d}.{fmt}"

    def on_mount(self) -> None:
        self.query_one("#export", Button).focus()

    @on(Select.Changed, "#format")
    def _format(self, event: Select.Changed) -> None:
        field = self.query_one("#path", Input)
        path = Path(field.value)
        field.value = str(path.with_suffix(f".{event.value}"))

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#path")
    def _export(self) -> None:
        if self.worker is not None and self.worker.is_running:
            return
        path = self.query_one("#path", Input).value.strip()
        if not path:
            self.status(_("Give a file name"))
            return
        fmt, selection = exports.CSV, self.selection
        if self.what == "bookings":
            fmt = str(self.query_one("#format", Select).value)
            master = self.query_one("#master", Select).value
            selection = exports.Selection(selection.first, selection.last, selection.statuses,
                                          None if master == -1 else int(master),
                                          selection.search)
        self.busy(True)
        self.status(_("Exporting…"))
        self.worker = self.run_export(Path(path).expanduser(), fmt, selection)

    @work(thread=True, exclusive=True, group="export")
    def run_export(self, path: Path, fmt: str, selection: exports.Selection) -> None:
        report = _Reporter(self)
        try:
            with db.connection():
                if self.what == "clients":
                    count = exports.export_clients(path, progress=report)
                else:
                    count = exports.export_bookings(path, selection, fmt=fmt, progress=report)
        except Stopped:
            self.post_message(self.Done(None, str(path)))
            return
        except DomainError as err:
            self.post_message(self.Done(None, str(path), err.message()))
            return
        self.post_message(self.Done(count, str(path)))

    @on(Done)
    def _done(self, message: Done) -> None:
        self.busy(False)
        if message.error:
            self.status(message.error)
            return
        if message.count is None:
            self.status(_("Stopped: no file was written."))
            return
        what = _("{count} bookings written to {path}") if self.what == "bookings" else _(
            "{count} clients written to {path}")
        self.app.notify(what.format(count=message.count, path=message.path), markup=False)
        self.dismiss(True)


class ImportDialog(_FileDialog):
    """Read a clients CSV, show what the import would do, then import all of it (or, when asked,
    without the refused lines)."""

    @dataclass
    class Read(Message):
        preview: imports.Preview | None
        error: str = ""

    @dataclass
    class Imported(Message):
        result: imports.Result | None
        error: str = ""

    def __init__(self) -> None:
        super().__init__()
        self.preview: imports.Preview | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog import-dialog"):
            yield Static(_("Import clients from a CSV file"), classes="dialog-question")
            yield Static(_("Columns by header: name, phone (required), notes, Telegram ID; "
                           "clients already here are matched by phone."), classes="section-hint")
            yield form_field("path", _("File"), Input(str(default_folder() / "clients.csv"),
                                                      id="path"))
            with Horizontal(classes="dialog-buttons"):  # above the preview: always in view
                yield Button(_("Read"), id="read", variant="primary")
                yield Button(_("Import"), id="import", disabled=True)
                yield Button(_("Without refused lines"), id="import-good", disabled=True)
                yield Button(_("Close"), id="close")
            yield from self.progress_widgets()
            yield Static("", id="import-summary", markup=False)
            yield DataTable(id="import-lines", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one("#import-lines", DataTable)
        table.add_columns(_("Line"), _("What"))
        table.display = False
        self.query_one("#path", Input).focus()

    def busy(self, running: bool) -> None:
        super().busy(running)
        if not running:
            self._buttons()

    def _buttons(self) -> None:
        preview = self.preview
        ready = preview is not None and bool(preview.new or preview.changed)
        self.query_one("#import", Button).disabled = not ready or bool(preview.refused)
        self.query_one("#import-good", Button).disabled = not ready or not preview.refused

    @on(Button.Pressed, "#read")
    @on(Input.Submitted, "#path")
    def _read(self) -> None:
        if self.worker is not None and self.worker.is_running:
            return
        self.preview = None
        self.busy(True)
        self.status(_("Reading…"))
        self.worker = self.read_file(Path(self.query_one("#path", Input).value.strip()).expanduser())

    @work(thread=True, exclusive=True, group="import")
    def read_file(self, path: Path) -> None:
        try:
            with db.connection():
                preview = imports.read_clients(path, progress=_Reporter(self))
        except Stopped:
            self.post_message(self.Read(None, _("Stopped.")))
            return
        except DomainError as err:
            self.post_message(self.Read(None, err.message()))
            return
        self.post_message(self.Read(preview))

    @on(Read)
    def _shown(self, message: Read) -> None:
        self.preview = message.preview
        self.busy(False)
        table = self.query_one("#import-lines", DataTable)
        table.clear()
        if message.preview is None:
            self.status(message.error)
            self.query_one("#import-summary", Static).update("")
            table.display = False
            return
        p = message.preview
        self.status("")
        self.query_one("#import-summary", Static).update(_(
            "{lines} lines: new clients {new}, to merge {merged}, unchanged {same}, "
            "refused {refused}", lines=p.lines, new=len(p.new), merged=len(p.changed),
            same=p.unchanged, refused=len(p.refused)))
        for refused in p.refused[:500]:
            table.add_row(str(refused.line), plain(_("refused: {reason}", reason=refused.reason)))
        for merge in p.merges:
            for note in merge.kept:
                table.add_row(str(merge.line), plain(note))
        table.display = table.row_count > 0

    @on(Button.Pressed, "#import")
    def _import_all(self) -> None:
        self._import(skip=False)

    @on(Button.Pressed, "#import-good")
    def _import_good(self) -> None:
        self._import(skip=True)

    def _import(self, *, skip: bool) -> None:
        if self.preview is None or (self.worker is not None and self.worker.is_running):
            return
        self.busy(True)
        self.status(_("Importing…"))
        self.worker = self.write(self.preview, skip)

    @work(thread=True, exclusive=True, group="import")
    def write(self, preview: imports.Preview, skip: bool) -> None:
        try:
            with db.connection():
                result = imports.apply(preview, skip_refused=skip, progress=_Reporter(self))
        except Stopped:
            self.post_message(self.Imported(None, _("Stopped: nothing was imported.")))
            return
        except DomainError as err:
            self.post_message(self.Imported(None, err.message()))
            return
        self.post_message(self.Imported(result))

    @on(Imported)
    def _imported(self, message: Imported) -> None:
        self.busy(False)
        if message.result is None:
            self.status(message.error)
            return
        r = message.result
        self.app.notify(_("Imported: {added} new clients, {merged} merged.", added=r.added,
                          merged=r.merged), markup=False)
        self.dismiss(True)
