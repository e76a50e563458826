"""Migrations on PostgreSQL: the same versioned list as SQLite, from the frozen v1 translation.

A version-1 database on the server (rows in every table) opens, is snapshotted with pg_dump,
upgraded to the latest schema with every row kept; `mtime-tui migrate --to` copies a file into an
empty database and compares every table; a non-empty target is refused untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import psycopg2
import pytest

from mtime_tui.core import paths
from mtime_tui.core.booking import bookings
from mtime_tui.core.people import clients
from mtime_tui.core.storage import SalonPostgres, db, migrations
from mtime_tui.core.storage.models import SOURCE_MANUAL, Booking, Client, Master, Service
from mtime_tui.core.storage.transfer import canonical
from tests.test_migrations import (
    V1_ROWS,
    V3_HOURS,
    V3_MASTER,
    assert_schema_has_the_models,
    build_v1,
    open_at_once,
)

pytestmark = pytest.mark.timeout(240)


def _server_rows(conn, table: str, width: int) -> list[tuple]:
    with conn.cursor() as cur:
        cur.execute("SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_name = %s ORDER BY ordinal_position", (table,))
        kinds = [k for _, k in cur.fetchall()][:width]
        cur.execute(f'SELECT * FROM "{table}" ORDER BY 1')
        return [tuple(canonical(v, k) for v, k in zip(row[:width], kinds, strict=True))
                for row in cur.fetchall()]


def _kinds(conn, table: str) -> list[str]:
    with conn.cursor() as cur:
        cur.execute("SELECT data_type FROM information_schema.columns "
                    "WHERE table_name = %s ORDER BY ordinal_position", (table,))
        return [k for (k,) in cur.fetchall()]


def _canonical_v1(table: str, conn) -> list[tuple]:
    with conn.cursor() as cur:
        cur.execute("SELECT data_type FROM information_schema.columns "
                    "WHERE table_name = %s ORDER BY ordinal_position", (table,))
        kinds = [k for (k,) in cur.fetchall()]
    return [tuple(canonical(v, k) for v, k in zip(row, kinds, strict=False)) for row in V1_ROWS[table]]


def build_v1_on_server(url: str) -> None:
    """A database exactly as version 1 made it on PostgreSQL, with the same rows as the file."""
    conn = psycopg2.connect(url)
    try:
        with conn, conn.cursor() as cur:
            for statement in SalonPostgres(None).v1_statements(migrations.V1_SCHEMA):
                cur.execute(statement)
            cur.execute("INSERT INTO schema_version (version) VALUES (1)")
            for table, rows in V1_ROWS.items():
                cur.execute("SELECT data_type FROM information_schema.columns "
                            "WHERE table_name = %s ORDER BY ordinal_position", (table,))
                kinds = [k for (k,) in cur.fetchall()]
                marks = ",".join(["%s"] * len(rows[0]))
                for row in rows:
                    cur.execute(f'INSERT INTO "{table}" VALUES ({marks})',
                                [bool(v) if k == "boolean" else v
                                 for v, k in zip(row, kinds, strict=False)])
            for table in ("service", "master", "master_service", "client", "booking", "break",
                          "day_off", "outbox"):  # as the app would have left them
                cur.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), 100)")
    finally:
        conn.close()


def test_a_v1_database_on_the_server_upgrades_with_every_row_kept(pg_empty, fixed_clock):
    build_v1_on_server(pg_empty)
    db.open_database(pg_empty)
    try:
        assert migrations.current_version() == migrations.LATEST
        conn = psycopg2.connect(pg_empty)
        try:
            for table, rows in V1_ROWS.items():
                if table == "master":  # reshaped by the weekly-hours step, as on SQLite
                    kinds = _kinds(conn, "master")
                    assert _server_rows(conn, "master", 12) == [
                        tuple(canonical(v, k) for v, k in zip(row, kinds, strict=False))
                        for row in V3_MASTER]
                    with conn.cursor() as cur:
                        cur.execute("SELECT master_id, kind, day, start, last_start "
                                    "FROM work_hours ORDER BY day")
                        assert cur.fetchall() == V3_HOURS
                    continue
                assert _server_rows(conn, table, len(rows[0])) == _canonical_v1(table, conn), table
        finally:
            conn.close()
        assert [c.id for c in clients.search_clients("иван")] == [1]  # v2 on the server
        assert [c.id for c in clients.search_clients("ПЕТРОВ")] == [1]
        assert Booking.get(Booking.number == 1002).client.first_name == "John"
        (snapshot,) = (paths.data_dir() / "backups").glob("*-before-v*-from-v1-*.dump")
        assert snapshot.read_bytes()[:5] == b"PGDMP"
        made = bookings.create_booking(  # the models work on the upgraded database
            service_id=1, client_id=1, day=dt.date(2026, 11, 24), start=600, master_id=1,
            source=SOURCE_MANUAL)
        assert made.number == 1003
    finally:
        db.close_database()


def test_migrate_copies_a_file_into_an_empty_database_and_everything_compares_equal(
    tmp_path, pg_empty, fixed_clock
):
    source = tmp_path / "salon.db"
    build_v1(source)  # an old file: upgraded on the way
    env = {**os.environ, "MTIME_DATA_DIR": str(tmp_path / "data"),
           "MTIME_LOG_DIR": str(tmp_path / "logs")}
    done = subprocess.run([sys.executable, "-m", "mtime_tui", "--db", str(source), "migrate",
                           "--to", pg_empty], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for table in [*V1_ROWS, "visit_service", "invitation", "schema_version"]:
        (line,) = [x for x in lines if x.split()[:1] == [table]]
        assert line.endswith("equal") and not line.endswith("DIFFERENT"), line
    booking_line = next(x for x in lines if x.startswith("booking "))
    assert booking_line.split()[1:3] == ["2", "2"]
    db.open_database(pg_empty)
    try:
        assert Client.get_by_id(2).blocked is True and Service.get_by_id(2).active is False
        assert Master.get_by_id(1).name == "Anna"
        new = Client.create(first_name="New", phone="+79990001122")  # sequences moved on
        assert new.id == 3
    finally:
        db.close_database()
    again = subprocess.run([sys.executable, "-m", "mtime_tui", "--db", str(source), "migrate",
                            "--to", pg_empty], capture_output=True, text=True, env=env, timeout=120)
    assert again.returncode == 1 and "is not empty" in again.stderr
    assert "Traceback" not in again.stderr


def test_migrate_refuses_a_target_that_is_not_postgresql(tmp_path):
    source = tmp_path / "salon.db"
    build_v1(source)
    from mtime_tui import cli

    assert cli.main(["--db", str(source), "migrate", "--to", str(tmp_path / "other.db")]) == 1
    assert not (tmp_path / "other.db").exists()


# --- what test_migrations.py asks of a file, asked of a server's database ----------------------


def test_the_upgraded_server_schema_has_everything_the_models_use(pg_empty, fixed_clock):
    """When models.py gains a field or an index, a migration must add it on PostgreSQL too."""
    build_v1_on_server(pg_empty)
    db.open_database(pg_empty)
    try:
        assert_schema_has_the_models()
    finally:
        db.close_database()


def _schema_version(url: str) -> list[tuple]:
    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT version FROM schema_version")
            return cur.fetchall()
    finally:
        conn.close()


def test_a_newer_database_is_refused_untouched(pg_empty, fixed_clock):
    from mtime_tui.core.errors import DatabaseUnavailable

    build_v1_on_server(pg_empty)
    conn = psycopg2.connect(pg_empty)
    with conn, conn.cursor() as cur:
        cur.execute("UPDATE schema_version SET version = 99")
    conn.close()
    with pytest.raises(DatabaseUnavailable) as err:
        db.open_database(pg_empty)
    db.close_database()
    assert "newer" in err.value.message("en") and "99" in err.value.message("en")
    assert _schema_version(pg_empty) == [(99,)]
    assert not list((paths.data_dir() / "backups").glob("*.dump"))  # not even a snapshot


def test_a_failed_upgrade_leaves_the_database_at_its_version(pg_empty, fixed_clock,
                                                             monkeypatch):
    """The steps run in one transaction: a step that fails half-way leaves nothing behind."""
    from mtime_tui.core.errors import DatabaseUnavailable
    from mtime_tui.core.storage.models import database

    build_v1_on_server(pg_empty)

    def broken() -> None:
        database.execute_sql('ALTER TABLE "client" ADD COLUMN half_done TEXT')
        database.execute_sql("SELECT 1 / 0")  # the server refuses the step's next statement

    monkeypatch.setitem(migrations.STEPS, 2, broken)
    with pytest.raises(DatabaseUnavailable) as err:  # one clear line, as for a file
        db.open_database(pg_empty)
    db.close_database()
    assert "Cannot open the database" in err.value.message("en") and "division by zero" in str(
        err.value.message("en"))
    assert _schema_version(pg_empty) == [(1,)]
    conn = psycopg2.connect(pg_empty)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT column_name FROM information_schema.columns "
                        "WHERE table_name = 'client'")
            assert "half_done" not in {c for (c,) in cur.fetchall()}
    finally:
        conn.close()
    monkeypatch.undo()
    db.open_database(pg_empty)  # and the real steps then upgrade it
    try:
        assert migrations.current_version() == migrations.LATEST
    finally:
        db.close_database()


def test_processes_opening_an_old_database_at_once_upgrade_it_once(pg_empty, tmp_path):
    """The TUI and `mtime-tui bot` start together on an old database: one upgrades, none fails."""
    build_v1_on_server(pg_empty)
    open_at_once(pg_empty, tmp_path, timeout=120)
    assert _schema_version(pg_empty) == [(migrations.LATEST,)]
    conn = psycopg2.connect(pg_empty)
    try:
        kinds = _kinds(conn, "client")
        assert _server_rows(conn, "client", len(V1_ROWS["client"][0])) == [
            tuple(canonical(v, k) for v, k in zip(row, kinds, strict=False))
            for row in V1_ROWS["client"]]
    finally:
        conn.close()
