"""`mtime-tui export` and `mtime-tui import` through the same database-opening path as the
other commands."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import icalendar
import pytest

from mtime_tui import cli
from mtime_tui.core.storage import db
from mtime_tui.core.storage.models import Client

FILES = Path(__file__).parent / "files"

pytestmark = [pytest.mark.both_engines, pytest.mark.usefixtures("cli_language_and_logging")]


def run(capsys, path, *args):
    code = cli.main(["--db", str(path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_bookings_csv_for_a_range(closed_salon, capsys, tmp_path):
    target = tmp_path / "week.csv"
    code, out, err = run(capsys, closed_salon, "export", "bookings", "--from", "16.11.2026",
                         "--to", "22.11.2026", "-o", str(target))
    assert code == 0, err
    assert f"8 bookings written to {target}" in out
    with open(target, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert len(rows) == 9 and rows[0][0] == "Number"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_export_one_masters_calendar(closed_salon, capsys, tmp_path):
    target = tmp_path / "anna.ics"
    code, out, _ = run(capsys, closed_salon, "export", "bookings", "--format", "ics",
                       "--master", "Anna", "-o", str(target))
    assert code == 0 and "8 bookings written" in out
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    assert len(cal.walk("VEVENT")) == 8


def test_export_clients_and_import_them_back(closed_salon, capsys, tmp_path):
    target = tmp_path / "clients.csv"
    code, out, _ = run(capsys, closed_salon, "export", "clients", "-o", str(target))
    assert code == 0 and "4 clients written" in out
    code, out, _ = run(capsys, closed_salon, "import", "clients", str(target))
    assert code == 0 and "new clients 0, to merge 0, unchanged 4, refused 0" in out


def test_import_with_bad_lines_is_all_or_nothing_unless_asked(closed_salon, capsys):
    code, out, err = run(capsys, closed_salon, "import", "clients", str(FILES / "bad_lines.csv"))
    assert code == 1 and "line 3: no phone" in out and "line 6: the same phone as line 5" in out
    assert "Nothing was imported" in err
    db.open_database(closed_salon)
    assert Client.select().count() == 4
    db.close_database()
    code, out, _ = run(capsys, closed_salon, "import", "clients", str(FILES / "bad_lines.csv"),
                       "--skip-bad")
    assert code == 0 and "Imported: 2 new clients, 1 merged." in out


@pytest.mark.parametrize("args, words", [
    (["export", "clients", "--format", "ics"], "Clients are exported whole, as CSV"),
    (["export", "bookings", "--master", "Nobody"], "No master Nobody"),
    (["export", "bookings", "--from", "x"], "Not a date: x"),
    (["import", "clients", str(FILES / "empty.csv")], "The file is empty"),
    (["import", "clients", str(FILES / "no_phone.csv")], "No phone column"),
])
def test_mistakes_are_one_clear_line(closed_salon, capsys, args, words):
    code, out, err = run(capsys, closed_salon, *args)
    assert code == 1 and words in err and "Traceback" not in err
