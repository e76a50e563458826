"""The journal's figures (issue 11): Today's grid of every master working that day on the large
salon, from the key to the painted screen — opened after a change elsewhere (so it reloads),
and another day with [ and ].

In-process, headless, as bench/tui_start.py measures: the key is sent as the terminal driver
sends it; the figure ends when the journal shows what it should (the changed booking's status,
or the new day), its workers are done and the screen has painted it with nothing left to lay out.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from textual.app import App

from mtime_tui.app import make_app
from mtime_tui.core.storage import db
from mtime_tui.screens.nav import section_keys
from mtime_tui.screens.today import TodayScreen
from mtime_tui.widgets.journal_grid import JournalGrid

from .report import Row, absolute
from .tui_start import (
    SIZE,
    OtherWriter,
    PaintWatch,
    Timings,
    _clocks,
    _since,
    _switch,
    press,
    settled,
    until,
)

RESTING = "services"


def _grid(app: App) -> JournalGrid | None:
    screen = app.screen
    if not isinstance(screen, TodayScreen):
        return None
    return screen.query_one(JournalGrid)


def _shows(app: App, number: int, status: str) -> bool:
    grid = _grid(app)
    if grid is None:
        return False
    return any(c.booking is not None and c.booking.number == number
               and c.booking.status == status for column in grid.cells for c in column)


def _on_day(app: App, day: dt.date) -> bool:
    grid = _grid(app)
    return grid is not None and grid.journal is not None and grid.journal.day == day


async def journal_figures(path: Path, size: int, *, quick: bool = False,
                          smoke: bool = False) -> list[Row]:
    rounds = 1 if smoke else 4 if quick else 10
    days = 2 if smoke else 7
    keys = section_keys()
    opened, other_day = Timings(), Timings()
    with tempfile.TemporaryDirectory(prefix="mtime-bench-") as tmp:
        copy = Path(tmp) / "salon.db"
        with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(copy)) as target:
            source.backup(target)
        db.open_database(copy)
        try:
            app = make_app(start_bot=False)
            watch = PaintWatch(app)
            async with app.run_test(size=SIZE) as pilot:
                await until(app, watch, lambda: _grid(app) is not None and settled(app)
                            and _grid(app).journal is not None, "the journal")
                grid = _grid(app)
                journal = grid.journal
                masters, booked = len(journal.columns), journal.booked()
                rows, today = journal.rows, journal.day
                number = journal.columns[0].bookings[0].number
                writer = OtherWriter(copy, number)
                for _ in range(rounds):  # the first switch composes Services
                    await _switch(pilot, watch, keys[RESTING], RESTING)
                    await pilot.pause()
                    status = writer.flip()
                    start = _clocks()
                    press(app, keys["today"])
                    await until(app, watch, lambda s=status: settled(app)
                                and _shows(app, number, s), "the journal with the change")
                    opened.add(_since(start))
                _grid(app).focus()
                await pilot.pause()
                for _ in range(max(1, rounds // 2)):
                    for step, key in ((1, "right_square_bracket"), (-1, "left_square_bracket")):
                        for n in range(1, days + 1):
                            target = today + dt.timedelta(days=n if step > 0 else days - n)
                            start = _clocks()
                            press(app, key)
                            await until(app, watch, lambda t=target: settled(app)
                                        and _on_day(app, t), f"the journal of {target}")
                            other_day.add(_since(start))
        finally:
            db.open_database(path)
    shape = f"{masters} masters working today, {rows} rows, {booked} bookings"
    return [
        absolute("journal of today: key to painted (after a change elsewhere)", size,
                 opened.wall.median_ms, 100, p99=opened.wall.max_ms,
                 note=f"{shape}; CPU {opened.cpu.median_ms:.0f} ms; from {RESTING}, another "
                      f"connection changed No. {number} before each key 1"),
        absolute("journal: another day ([ / ]) key to painted", size,
                 other_day.wall.median_ms, 50, p99=other_day.wall.p99_ms,
                 note=f"CPU {other_day.cpu.median_ms:.0f} ms; {days} days ahead and back, "
                      f"{other_day.wall.count} presses; the day read in a worker"),
    ]
