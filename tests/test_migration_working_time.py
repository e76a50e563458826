"""Version 6 (working time as salons plan it) on files made by the releases before it.

`fixtures/salon-v2.db` and `fixtures/salon-v5.db` were written by those releases' own code
(`fixtures/build_old_salon.py`; v5 is the release just before schema 6): the demo salon seen from
2026-11-20 — three masters with different whole-hour shifts, bookings in
every status, one-off breaks, a day off — and a blocked master. It opens and upgrades with
nothing lost: each shift becomes the same hours on every weekday, every break, day off and
booking stays, and the slot engine offers on every date what the old shift offered.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from mtime_tui.core.booking import day_plans, schedule, slots
from mtime_tui.core.storage import db, migrations
from mtime_tui.core.storage.models import Booking, Break, DayOff, Master

FIXTURES = {2: Path(__file__).parent / "fixtures" / "salon-v2.db",
            5: Path(__file__).parent / "fixtures" / "salon-v5.db"}
KEPT_TABLES = ("booking", "break", "day_off", "client", "service", "master_service", "setting",
               "admin", "telegram_user", "outbox")


def _rows(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("version", sorted(FIXTURES))
def test_the_fixtures_are_the_old_releases(version):
    assert _rows(FIXTURES[version], "SELECT version FROM schema_version") == [(version,)]
    columns = {r[1] for r in _rows(FIXTURES[version], "PRAGMA table_info(master)")}
    assert {"shift_start", "shift_end"} <= columns


@pytest.mark.parametrize("version", sorted(FIXTURES))
def test_an_old_salon_upgrades_with_nothing_lost(tmp_path, fixed_clock, version):
    path = tmp_path / "salon.db"
    shutil.copy(FIXTURES[version], path)
    tables = [t for (t,) in _rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'")
              if t not in ("master", "schema_version") and not t.startswith("sqlite_")]
    assert set(KEPT_TABLES) <= set(tables)
    before = {t: _rows(path, f'SELECT * FROM "{t}" ORDER BY rowid') for t in tables}
    shifts = _rows(path, "SELECT id, telegram_id, name, interval, active, shift_start, shift_end "
                         "FROM master ORDER BY id")
    assert len(shifts) == 4 and before["booking"] and before["break"] and before["day_off"]

    db.open_database(path)
    try:
        assert migrations.current_version() == migrations.LATEST
        for table, rows in before.items():  # later versions may add columns at the end
            width = len(rows[0]) if rows else 0
            after = _rows(path, f'SELECT * FROM "{table}" ORDER BY rowid')
            assert [row[:width] for row in after] == rows, table
        for mid, tid, name, interval, active, start, end in shifts:
            master = Master.get_by_id(mid)
            assert (master.telegram_id, master.name, master.interval, master.active) == (
                tid, name, interval, bool(active))
            assert master.schedule == schedule.WEEK
            plan = day_plans.schedules([master])[mid]
            assert plan.week == ((start * 60, end * 60),) * 7
            assert plan.repeats == ()
        # The engine offers what the old shift offered: its hours every day, less the day off
        # and the breaks, which are still there.
        off = DayOff.get()
        assert not day_plans.master_day(off.master, off.date).working
        brk = Break.select().order_by(Break.id).first()
        plan = day_plans.master_day(brk.master, brk.date)
        assert plan.blocked == (schedule.Blocked(brk.start, brk.start + brk.duration,
                                                 schedule.ONE_OFF_BREAK),)
        first = Booking.select().order_by(Booking.date).first().date
        for master in Master.select():
            old = [s for mid, *_, s, e in shifts if mid == master.id]
            for i in range(10):
                day = first + dt.timedelta(days=i)
                p = day_plans.master_day(master, day)
                if p.working:
                    assert p.hours[0] == old[0] * 60
                    assert slots.candidate_starts(p.hours, master.interval)[0] == old[0] * 60
    finally:
        db.close_database()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()
    snapshots = list(path.parent.glob(f"**/salon-before-v*-from-v{version}-*.db"))
    assert len(snapshots) == 1
