"""Schema versions: an older file opens, is snapshotted, upgraded, and keeps every row."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mtime_tui.core.errors import DatabaseUnavailable
from mtime_tui.core.people import branches, clients
from mtime_tui.core.storage import db, migrations
from mtime_tui.core.storage.models import ALL_MODELS, Booking, Client, Master, Service, database

V1_ROWS = {
    "setting": [("salon_name", "Old Salon"), ("timezone", "Europe/Moscow")],
    "admin": [(5001, "Boss")],
    "telegram_user": [(7001, "Anna", "K", "anna", "ru", "2026-01-01 10:00:00", 0)],
    "service": [
        (1, "Стрижка", "", 1500, 60, 1, "2026-01-01 10:00:00"),
        (2, "Old", "gone", None, 30, 0, "2026-01-01 10:00:00"),
    ],
    "master": [(1, 7001, "Anna", None, "", 9, 21, 60, 1, "2026-01-01 10:00:00")],
    "master_service": [(1, 1, 1)],
    "client": [
        (1, None, "+79123456789", "Иван", "Петров", "ru", 0, "", "", "2026-01-01 10:00:00"),
        (2, 9001, None, "John", "", "en", 1, "rude", "note", "2026-01-01 10:00:00"),
    ],
    "booking": [
        (1, 1001, 1, 1, 1, "2026-11-20", 600, 60, 1500, "completed", "manual", None,
         "2026-11-01 10:00:00", "2026-11-01 10:00:00"),
        (2, 1002, 1, 1, 2, "2026-11-25", 660, 60, 1500, "cancelled", "bot", "client",
         "2026-11-01 10:00:00", "2026-11-02 10:00:00"),
    ],
    "break": [(1, 1, "2026-11-25", 720, 60)],
    "day_off": [(1, 1, "2026-11-26")],
    "outbox": [(1, 7001, "master_new_booking", 1, "{}", "ru", "k1", "sent", 1,
                "2026-11-01 10:00:00", "", "2026-11-01 10:00:00", "2026-11-01 10:00:01")],
}


def build_v1(path: Path) -> None:
    """A salon file exactly as version 1 wrote it, with rows in every table."""
    con = sqlite3.connect(path)
    con.executescript(migrations.V1_SCHEMA)
    con.execute("INSERT INTO schema_version (version) VALUES (1)")
    for table, rows in V1_ROWS.items():
        marks = ",".join("?" * len(rows[0]))
        con.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
    con.commit()
    con.close()


# Version 3 turned the master's single shift (whole hours) into weekly hours: the master row keeps
# every other column, and work_hours holds the shift in minutes on all seven weekdays.
V3_MASTER = [(1, 7001, "Anna", None, "", 60, 1, "2026-01-01 10:00:00", "week", None, None, None)]
V3_HOURS = [(1, "week", day, 9 * 60, 21 * 60) for day in range(7)]


def kept_rows(path: Path) -> None:
    """Every row of V1_ROWS is in the file (the master's as version 3 reshaped it)."""
    for table, rows in V1_ROWS.items():
        if table == "master":
            assert table_rows(path, "master", 12) == V3_MASTER
            con = sqlite3.connect(path)
            hours = con.execute("SELECT master_id, kind, day, start, last_start FROM work_hours "
                                "ORDER BY day").fetchall()
            con.close()
            assert hours == V3_HOURS
            continue
        assert table_rows(path, table, len(rows[0])) == rows, table


def table_rows(path: Path, table: str, width: int) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return [row[:width] for row in con.execute(f'SELECT * FROM "{table}" ORDER BY rowid')]
    finally:
        con.close()


def open_at_once(target: str, tmp_path: Path, timeout: float) -> None:
    """Three processes open the old salon `target` (a file or a server's URL) at the same time:
    every one of them succeeds and finds it at the latest version."""
    code = (
        "import sys; from mtime_tui.core.storage import db, migrations; "
        "db.open_database(sys.argv[1]); print(migrations.current_version())"
    )
    env = dict(os.environ, MTIME_DATA_DIR=str(tmp_path / "data"))
    procs = [subprocess.Popen([sys.executable, "-c", code, target], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    results = [p.communicate(timeout=timeout) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], results
    assert [out.strip() for out, _ in results] == [str(migrations.LATEST)] * 3


def test_v1_file_upgrades_with_every_row_kept(db_path, fixed_clock):
    build_v1(db_path)
    db.open_database(db_path)
    try:
        assert migrations.current_version() == migrations.LATEST
        kept_rows(db_path)
        # Migration 4: each booking is a one-service visit of its service, duration and price.
        assert table_rows(db_path, "visit_service", 6) == [
            (1, 1, 0, 1, 60, 1500),
            (2, 2, 0, 1, 60, 1500),
        ]
        # Migration 2 filled the search columns from the names already there.
        assert [c.id for c in clients.search_clients("иван")] == [1]
        assert [c.id for c in clients.search_clients("ПЕТРОВ")] == [1]
        assert Booking.get(Booking.number == 1002).client.first_name == "John"
        # Migration 12: the one default branch, built from the salon's settings, holds it all.
        (only,) = branches.list_branches()
        assert (only.id, only.name, only.timezone) == (1, "Old Salon", "Europe/Moscow")
        assert {m.branch_id for m in Master.select()} == {1}
        assert {s.branch_id for s in Service.select()} == {1}
        assert not branches.is_chain()
        # ...and the models work on the upgraded file.
        assert Client.select().count() == 2
    finally:
        db.close_database()
    snapshots = list(
        (db_path.parent / "backups").glob(f"salon-before-v{migrations.LATEST}-from-v1-*.db")
    )
    assert len(snapshots) == 1
    assert table_rows(snapshots[0], "schema_version", 2)[0][1] == 1
    assert table_rows(snapshots[0], "booking", 2) == [(1, 1001), (2, 1002)]


def test_new_file_needs_no_snapshot_and_opening_twice_is_a_no_op(db_path, fixed_clock):
    db.open_database(db_path)
    db.close_database()
    db.open_database(db_path)
    assert migrations.current_version() == migrations.LATEST
    db.close_database()
    assert not list(db_path.parent.glob("backups/*.db"))


def assert_schema_has_the_models() -> None:
    """Every column and index models.py has is in the open database (peewee reads the schema of
    either engine)."""
    missing = []
    for model in ALL_MODELS:
        table = model._meta.table_name
        have = {c.name for c in database.get_columns(table)}
        missing += [f"{table}.{f.column_name}" for f in model._meta.sorted_fields
                    if f.column_name not in have]
        indexes = {i.name for i in database.get_indexes(table)}
        missing += [f"index {index._name}" for index in model._meta.fields_to_index()
                    if index._name not in indexes]
    assert not missing, f"models.py has these but no migration creates them: {missing}"


def test_migrated_schema_has_everything_the_models_use(db_path, fixed_clock):
    """When models.py gains a field or an index, a migration must add it: this test says which."""
    build_v1(db_path)
    db.open_database(db_path)
    try:
        assert_schema_has_the_models()
    finally:
        db.close_database()


def test_newer_file_is_refused_untouched(db_path, fixed_clock):
    build_v1(db_path)
    con = sqlite3.connect(db_path)
    con.execute("UPDATE schema_version SET version = 99")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseUnavailable) as err:
        db.open_database(db_path)
    db.close_database()
    assert "newer" in err.value.message("en") and "99" in err.value.message("en")
    assert db_path.read_bytes() == before


def test_foreign_sqlite_file_is_refused(db_path, fixed_clock):
    con = sqlite3.connect(db_path)
    con.execute("CREATE TABLE notes (text TEXT)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseUnavailable) as err:
        db.open_database(db_path)
    db.close_database()
    assert "not an mtime-tui salon" in err.value.message("en")
    assert err.value.message("ru") != err.value.message("en")


def test_failed_upgrade_leaves_the_file_at_its_version(db_path, fixed_clock, monkeypatch):
    build_v1(db_path)

    def broken() -> None:
        database.execute_sql("ALTER TABLE client ADD COLUMN half_done TEXT")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setitem(migrations.STEPS, 2, broken)
    with pytest.raises(DatabaseUnavailable):
        db.open_database(db_path)
    db.close_database()
    assert table_rows(db_path, "schema_version", 2)[0][1] == 1
    con = sqlite3.connect(db_path)
    assert "half_done" not in {r[1] for r in con.execute("PRAGMA table_info(client)")}
    con.close()


def test_processes_opening_an_old_file_at_once_upgrade_it_once(db_path, tmp_path):
    """Say the TUI and `mtime-tui bot` start together on an old file: one upgrades, none fails."""
    build_v1(db_path)
    open_at_once(str(db_path), tmp_path, timeout=60)
    kept_rows(db_path)
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == 1
    con.close()
