"""`mtime-tui report`: the same figures as core.reports.statistics, as a table on stdout."""

from __future__ import annotations

import pytest

from mtime_tui import cli
from mtime_tui.core.reports import figures, statistics
from mtime_tui.core.reports.periods import Period
from mtime_tui.core.storage import db
from tests.reports.fixture_salon import NOV

pytestmark = [pytest.mark.both_engines, pytest.mark.usefixtures("cli_language_and_logging")]


def report(capsys, path, *args):
    code = cli.main(["--db", str(path), "report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def line_of(out: str, label: str) -> list[str]:
    line = next(x for x in out.splitlines() if x.startswith(label))
    return [c.strip() for c in line[len(label):].split("  ") if c.strip()]


def test_the_past_week_as_the_section_counts_it(closed_salon, capsys):
    code, out, err = report(capsys, closed_salon, "--from", "16.11.2026", "--to", "2026-11-22")
    assert code == 0, err
    assert "Test Salon — 16.11.2026 – 22.11.2026" in out
    assert "compared with 09.11.2026 – 15.11.2026" in out
    assert line_of(out, "Bookings") == ["8", "2", "↑ 300 %"]
    assert line_of(out, "Revenue") == ["5 700 ₽", "1 500 ₽", "↑ 280 %"]
    assert line_of(out, "Average check") == ["1 900 ₽", "1 500 ₽", "↑ 27 %"]
    assert line_of(out, "No-show rate") == ["20 %", "0 %", "↑ 20 p.p."]
    assert line_of(out, "New clients") == ["3", "1", "↑ 200 %"]
    # The command's daily upkeep removed the past break and day off (SPEC): 390 / (7 x 1 290).
    assert line_of(out, "Occupancy")[0] == "4.3 %"


def test_report_and_core_agree_on_every_figure(closed_salon, capsys):
    code, out, _ = report(capsys, closed_salon, "--from", "2026-11-16", "--to", "2026-11-22")
    db.open_database(closed_salon)
    try:
        expected = figures.headline(statistics.report(Period(NOV(16), NOV(22))), "₽", "en")
    finally:
        db.close_database()
    for figure in expected:
        cells = line_of(out, figure.label)
        assert cells[:2] == [figure.value, figure.previous], figure


@pytest.mark.parametrize("by, first_row", [
    ("master", ["4", "2", "1", "1", "4 500 ₽", "5.5 %"]),  # Anna: 300 / (7 x 780) min
    ("service", ["2", "1", "0", "1", "3 000 ₽"]),  # Colour
    ("day", ["2", "4 500 ₽"]),  # 16.11
])
def test_the_tables(closed_salon, capsys, by, first_row):
    code, out, _ = report(capsys, closed_salon, "--from", "2026-11-16", "--to", "2026-11-22",
                          "--by", by)
    assert code == 0
    name = {"master": "Anna", "service": "Colour", "day": "16.11.2026"}[by]
    # Anna: 5 bookings in all, 4 of them active; the table shows every booking.
    cells = line_of(out, name)
    if by == "master":
        first_row = ["5", *first_row[1:]]
    assert cells == first_row


def test_named_periods_and_russian(closed_salon, capsys, monkeypatch):
    code, out, _ = report(capsys, closed_salon, "--period", "week")
    assert code == 0 and "23.11.2026 – 29.11.2026" in out
    assert line_of(out, "Expected revenue")[0] == "4 500 ₽"
    db.open_database(closed_salon)
    from mtime_tui.core import settings

    settings.save(tui_language="ru")
    db.close_database()
    code, out, _ = report(capsys, closed_salon, "--period", "week")
    assert "Ожидаемая выручка" in out and "сравнение с 16.11.2026 – 22.11.2026" in out


@pytest.mark.parametrize("args, words", [
    (["--from", "tomorrow"], "Not a date: tomorrow"),
    (["--from", "2026-11-20", "--to", "2026-11-01"], "The period ends before it starts"),
    (["--period", "week", "--from", "2026-11-01"], "--period does not go with --from/--to"),
])
def test_bad_input_is_one_clear_line(closed_salon, capsys, args, words):
    code, out, err = report(capsys, closed_salon, *args)
    assert code == 1 and words in err and "Traceback" not in err and out == ""


def test_no_database_is_an_error_not_a_new_salon(tmp_path, capsys):
    code, out, err = report(capsys, tmp_path / "none.db")
    assert code == 1 and "There is no database" in err
    assert not (tmp_path / "none.db").exists()


def test_one_branch_of_a_chain(closed_salon, capsys):
    """--branch: that branch's figures (its masters' bookings), as the section shows them; the
    whole chain without it; a branch that is not there is a clear error."""
    from mtime_tui.core.people import branch_changes, branches
    from mtime_tui.core.storage.models import Master

    db.open_database(closed_salon)
    try:
        north = branches.add_branch("North").id
        branch_changes.move_master(Master.get(Master.name == "Boris").id, north,
                                   bookings=branch_changes.KEEP)  # the same clock: they go along
    finally:
        db.close_database()
    week = ("--from", "2026-11-16", "--to", "2026-11-22")
    code, out, err = report(capsys, closed_salon, *week, "--branch", "north", "--by", "master")
    _, whole, _ = report(capsys, closed_salon, *week)
    db.open_database(closed_salon)  # after the commands' upkeep, as in the test above
    try:
        period = Period(NOV(16), NOV(22))
        alone = figures.headline(statistics.report(period.of_branch(north)), "₽", "en")
        chain = figures.headline(statistics.report(period), "₽", "en")
    finally:
        db.close_database()
    assert code == 0, err
    assert out.startswith("North — 16.11.2026 – 22.11.2026")
    assert "Boris" in out and "Anna" not in out
    for figure in alone:
        assert line_of(out, figure.label)[:2] == [figure.value, figure.previous], figure
    for figure in chain:
        assert line_of(whole, figure.label)[:2] == [figure.value, figure.previous], figure
    assert line_of(out, "Bookings") != line_of(whole, "Bookings")
    code, out, err = report(capsys, closed_salon, "--branch", "Nowhere")
    assert code != 0 and out == ""
    assert "No branch Nowhere" in err
