"""Files from the TUI with Pilot: the Bookings section exports its current list, Clients exports
and imports with a preview; long work runs in a worker with progress and the TUI keeps
answering keys meanwhile."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Input, ProgressBar, Select, Static

from mtime_tui.core.reports import exports, imports
from mtime_tui.core.storage.models import Client
from mtime_tui.screens import file_dialogs
from mtime_tui.screens.file_dialogs import ExportDialog, ImportDialog
from tests.reports import fixture_salon

from .conftest import SIZE, settle, type_into, until

pytestmark = pytest.mark.anyio
FILES = Path(__file__).parent.parent / "reports" / "files"


@pytest.fixture
def files_app(app_factory, monkeypatch, tmp_path):
    fixture_salon.build()
    monkeypatch.setattr(file_dialogs, "default_folder", lambda: tmp_path)
    return app_factory


def rows_of(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


async def test_bookings_exports_the_list_it_shows(files_app, tmp_path):
    app = files_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("7")  # Bookings, on "Today"
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert "23.11.2026" in str(dialog.query_one(".dialog-question", Static).render())
        target = tmp_path / "today.csv"
        await type_into(pilot, "#path", str(target))
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ExportDialog)
        header, *rows = rows_of(target)
        assert [r[0] for r in rows] == ["1011", "1012"]  # today's two bookings (09:00, 11:00)
        assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
        assert any("2 bookings written to" in str(n.message) for n in app._notifications)


async def test_bookings_export_as_a_masters_calendar(files_app, tmp_path):
    app = files_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#format", Select).value = exports.ICS
        await settle(pilot)
        assert dialog.query_one("#path", Input).value.endswith(".ics")
        boris = next(v for label, v in dialog.query_one("#master", Select)._options
                     if str(label) == "Boris")
        dialog.query_one("#master", Select).value = boris
        await pilot.click("#export")
        await settle(pilot)
        written = list(tmp_path.glob("*.ics"))
        assert len(written) == 1 and b"BEGIN:VEVENT" not in written[0].read_bytes()  # none today


async def test_clients_import_with_a_preview_of_bad_lines(files_app, tmp_path):
    app = files_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        await type_into(pilot, "#path", str(FILES / "bad_lines.csv"))
        await pilot.press("enter")
        await settle(pilot)
        summary = str(dialog.query_one("#import-summary", Static).render())
        assert "new clients 2, to merge 1" in summary and "refused 4" in summary
        lines = dialog.query_one("#import-lines", DataTable)
        assert [str(lines.get_row_at(0)[0]), str(lines.get_row_at(0)[1])] == [
            "3", "refused: no phone"]
        assert dialog.query_one("#import", Button).disabled  # all or nothing
        before = Client.select().count()
        await pilot.click("#import-good")
        await settle(pilot)
        assert Client.select().count() == before + 2
        assert not isinstance(app.screen, ImportDialog)


async def test_a_file_that_is_not_a_table_is_refused_in_the_dialog(files_app):
    app = files_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot)
        await pilot.press("u")
        await type_into(pilot, "#path", str(FILES / "no_phone.csv"))
        await pilot.press("enter")
        await settle(pilot)
        assert "No phone column" in str(app.screen.query_one("#file-status", Static).render())
        assert app.screen.query_one("#import", Button).disabled


async def follows_and_answers(pilot, dialog, gate) -> None:
    """Let a held worker through one step at a time (`gate`): the dialog's bar follows each
    step, and the TUI answers a key (Tab moves the focus) while the worker still runs."""
    bar = dialog.query_one("#file-progress", ProgressBar)
    seen = []
    for _ in range(3):
        shown = bar.progress
        gate.release()
        await until(pilot, lambda shown=shown: bar.progress > shown, "the bar moved")
        seen.append(bar.progress)
    assert seen == sorted(set(seen))  # the bar moved while the worker ran
    assert dialog.worker is not None and dialog.worker.is_running
    before = pilot.app.focused
    await pilot.press("tab")
    assert pilot.app.focused is not before and dialog.worker.is_running


async def test_a_long_export_shows_progress_and_the_tui_keeps_answering(
    files_app, tmp_path, monkeypatch
):
    """The export waits on every page (as a big salon's does on the disk): meanwhile the
    progress bar moves and Tab moves the focus. Each row waits until the test lets it through,
    so the steps are the test's, not the machine's speed."""
    import threading

    monkeypatch.setattr(exports, "CHUNK", 1)
    monkeypatch.setattr(file_dialogs, "PROGRESS_EVERY", 0)
    slow_rows = exports.selected_bookings
    gate = threading.Semaphore(0)

    def slow(selection, progress=None):
        for row in slow_rows(selection, progress):
            gate.acquire(timeout=60)  # a hung test must not hang the worker for ever
            yield row

    monkeypatch.setattr(exports, "selected_bookings", slow)
    app = files_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        app.screen.query_one("Tabs").active = "filter-all"
        await settle(pilot)
        app.screen.action_export()  # the search field has the focus on "All"
        await pilot.pause()
        dialog = app.screen
        await pilot.click("#export")
        await follows_and_answers(pilot, dialog, gate)
        await pilot.press("escape")  # stop it
        for _ in range(1000):
            gate.release()  # let the held worker see that it was stopped
        await settle(pilot)
        assert "Stopped: no file was written." in str(
            dialog.query_one("#file-status", Static).render())
        assert not list(tmp_path.glob("*.csv")) and not list(tmp_path.glob("*.part"))


async def test_a_long_import_shows_progress_and_stopping_it_imports_nothing(
    files_app, tmp_path, monkeypatch
):
    """The import's write waits on every client (as 50,000 do on a big salon's disk): the bar
    follows each batch, Tab moves the focus meanwhile, and Escape stops it with nothing written
    (all or nothing). Each client waits until the test lets it through."""
    import threading

    monkeypatch.setattr(imports, "CHUNK", 1)
    monkeypatch.setattr(file_dialogs, "PROGRESS_EVERY", 0)
    values = imports._new_values
    gate = threading.Semaphore(0)

    def slow(row, constant):
        gate.acquire(timeout=60)  # a hung test must not hang the worker for ever
        return values(row, constant)

    monkeypatch.setattr(imports, "_new_values", slow)
    source = tmp_path / "many.csv"
    source.write_text("Name;Phone\n" + "".join(
        f"Client {i};+7 913 555-00-{i:02d}\n" for i in range(10, 40)), encoding="utf-8")
    before = Client.select().count()
    app = files_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        dialog = app.screen
        await type_into(pilot, "#path", str(source))
        await pilot.press("enter")
        await settle(pilot)
        assert "new clients 30" in str(dialog.query_one("#import-summary", Static).render())
        await pilot.click("#import")
        await follows_and_answers(pilot, dialog, gate)
        await pilot.press("escape")  # stop it
        for _ in range(100):
            gate.release()  # let the held worker see that it was stopped
        await until(pilot, lambda: not dialog.worker.is_running, "the worker stopped")
        await settle(pilot)
        assert "Stopped: nothing was imported." in str(
            dialog.query_one("#file-status", Static).render())
    assert Client.select().count() == before


def test_import_reads_what_the_tui_exported(salon, tmp_path):
    fixture_salon.build()
    out = tmp_path / "c.csv"
    exports.export_clients(out)
    assert imports.read_clients(out).unchanged == 4
