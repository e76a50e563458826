"""`mtime-tui report` and `export bookings` of one branch of a chain (`--branch`, by name or number) or of
the whole chain; a single-branch salon's output names no branch (docs/BRANCHES.md)."""

from __future__ import annotations

import csv

import pytest

from mtime_tui import cli
from mtime_tui.core.reports import statistics
from mtime_tui.core.reports.periods import Period
from mtime_tui.core.storage import db
from mtime_tui.core.storage.models import Master
from tests.reports import fixture_salon
from tests.reports.fixture_salon import NOV

pytestmark = [pytest.mark.both_engines, pytest.mark.usefixtures("cli_language_and_logging")]

WEEK = ("--from", "16.11.2026", "--to", "22.11.2026")


@pytest.fixture
def chain(salon):
    """The report fixture's salon, with Boris moved to a second branch, East."""
    from mtime_tui.core.people import branches

    built = fixture_salon.build()
    east = branches.add_branch("East", "Svetlanskaya 5")
    Master.update(branch=east.id).where(Master.id == built.boris.id).execute()
    week = Period(NOV(16), NOV(22))
    counts = {name: statistics.summary(week.of_branch(b)).bookings
              for name, b in (("East", east.id), ("main", 1), ("chain", None))}
    db.close_database()
    return salon, counts


def run(capsys, path, *args):
    code = cli.main(["--db", str(path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def bookings_line(out: str) -> str:
    line = next(x for x in out.splitlines() if x.startswith("Bookings"))
    return line[len("Bookings"):].split()[0]


def test_the_report_of_one_branch_and_of_the_chain(chain, capsys):
    path, counts = chain
    assert counts["East"] + counts["main"] == counts["chain"] and counts["East"] > 0
    code, out, err = run(capsys, path, "report", *WEEK, "--branch", "east")
    assert code == 0, err
    assert "East — 16.11.2026 – 22.11.2026" in out
    assert bookings_line(out) == str(counts["East"])
    code, out, err = run(capsys, path, "report", *WEEK, "--branch", "1")
    assert code == 0 and bookings_line(out) == str(counts["main"])
    code, out, err = run(capsys, path, "report", *WEEK)
    assert code == 0 and out.startswith("Test Salon — 16.11.2026")
    assert bookings_line(out) == str(counts["chain"])


def test_an_unknown_branch_is_said_and_nothing_printed(chain, capsys):
    path, _counts = chain
    code, out, err = run(capsys, path, "report", "--branch", "Mars")
    assert code != 0 and not out
    assert "No branch Mars" in err
    assert "Traceback" not in err


def test_export_of_one_branch(chain, capsys, tmp_path):
    path, _counts = chain
    target = tmp_path / "east.csv"
    code, out, err = run(capsys, path, "export", "bookings", *WEEK, "--branch", "East",
                         "-o", str(target))
    assert code == 0, err
    with open(target, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    masters = {r[rows[0].index("Master")] for r in rows[1:]}
    assert masters == {"Boris"} and f"{len(rows) - 1} bookings written" in out
    code, _out, err = run(capsys, path, "export", "clients", "--branch", "East")
    assert code != 0 and "Clients are exported whole" in err


def test_a_single_salon_report_names_no_branch(salon, capsys):
    fixture_salon.build()
    db.close_database()
    code, out, err = run(capsys, salon, "report", *WEEK)
    assert code == 0, err
    assert out.splitlines()[0] == "Test Salon — 16.11.2026 – 22.11.2026"
    assert "branch" not in out.lower() and "chain" not in out.lower()
