"""The "switch after a change elsewhere" TUI figures run end to end on a tiny salon, write only
their own copy of it, and really wait for the changed row (each switch sees a new status)."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing

from bench import large_salon, tui_start
from mtime_tui.core.storage import db
from tests.conftest import TODAY


def statuses(path) -> list[tuple[int, str]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT number, status FROM booking ORDER BY number").fetchall()


def test_changed_figures_measure_on_a_copy(tmp_path, fixed_clock, monkeypatch):
    path = large_salon.cached(300, today=TODAY, cache_dir=tmp_path)
    before = statuses(path)
    flips: list[str] = []
    flip = tui_start.OtherWriter.flip

    def counted(self) -> str:
        flips.append(flip(self))
        return flips[-1]

    monkeypatch.setattr(tui_start.OtherWriter, "flip", counted)
    db.open_database(path)
    try:
        rows = asyncio.run(tui_start.changed_figures(path, 300, quick=True, smoke=True))
        assert db.database.database == str(path)  # the salon is open again afterwards
    finally:
        db.close_database()
    assert [row.what for row in rows] == [
        f"switch to {mode} after a booking on it changed elsewhere"
        for mode in tui_start.CHANGED_TARGETS
    ]
    assert all(row.median > 0 for row in rows)
    assert flips == ["completed", "confirmed"] or flips == ["confirmed", "completed"]
    assert statuses(path) == before
