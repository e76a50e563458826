"""Part 3 — backups by copy. A plain file copy taken while the app is idle holds every committed
booking (journal_mode=DELETE); `mtime-tui backup` / `core.storage.backup.backup` taken during a write
storm is consistent and holds everything acknowledged before it started; the daily snapshot
rotates (14 kept); a restore from a snapshot opens and works.

On PostgreSQL (issue 14) the copies are pg_dump's (custom format) and a restore is pg_restore
into a new database; copying the file by hand is SQLite's own."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest

from mtime_tui.core.booking import bookings, slots
from mtime_tui.core.people import clients, masters, services
from mtime_tui.core.storage import backup, db
from mtime_tui.core.storage.models import SOURCE_MANUAL, Booking, database
from tests.engine_helpers import copies_of, copy_integrity, copy_numbers, numbers_in
from tests.pg_fixtures import drop_database, fresh_database

from .conftest import ROOT, Storm, integrity

pytestmark = [pytest.mark.stress, pytest.mark.both_engines]


@pytest.fixture
def storm_salon(salon):
    cut = services.create_service(name="Quick cut", duration=30, price=500)
    for tid, name in ((5001, "Anna"), (5002, "Boris")):
        master = masters.create_master(telegram_id=tid, name=name, shift_start=0, shift_end=23,
                                       interval=30)
        masters.add_master_services(master.id, [cut.id])
    return salon


def book_many(count: int) -> set[int]:
    """`count` manual bookings from this process, each committed before the next."""
    service = services.list_services()[0]
    made = set()
    for i, (master, day, start) in enumerate(free_places(service.id)):
        if i == count:
            break
        client = clients.find_or_create_by_phone(f"+7913{i:07d}", "Idle", f"Copy{i}")
        made.add(bookings.create_booking(service_id=service.id, client_id=client.id, day=day,
                                         start=start, master_id=master.id,
                                         source=SOURCE_MANUAL).number)
    return made


def free_places(service_id: int):
    for day in reversed(slots.horizon()):  # from the far end: the storm fills from today
        for master in masters.list_masters():
            for start in slots.free_starts(master.id, service_id, day):
                yield master, day, start


@pytest.mark.sqlite_only  # the owner copying the file by hand
def test_a_plain_copy_while_idle_holds_every_committed_booking(storm_salon, tmp_path):
    made = book_many(150)
    # Idle: the app's connection is open, no transaction; the owner copies the .db alone.
    assert not database.in_transaction()
    assert not storm_salon.with_name(storm_salon.name + "-journal").exists()
    copy = tmp_path / "copied.db"
    shutil.copy(storm_salon, copy)
    assert copy_integrity(copy) == "ok"
    assert set(copy_numbers(copy)) == made
    mode = sqlite3.connect(copy).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "delete"  # not WAL: nothing lives in a side file


def test_backups_during_a_write_storm_are_consistent_and_complete(storm_salon, tmp_path):
    storm = Storm(storm_salon, run=1, seconds=40)
    taken = []
    try:
        storm.wait_acks(5)
        for i in range(5):  # core.storage.backup.backup, as the TUI's backup action calls it
            before = storm.booked()
            started = time.monotonic()
            made = backup.backup(tmp_path / f"api-{i}.db")
            taken.append(("api", time.monotonic() - started, before, made))
            time.sleep(0.2)
        for i in range(2):  # the command line, a separate process against the busy file
            before = storm.booked()
            started = time.monotonic()
            done = subprocess.run(
                [sys.executable, "-m", "mtime_tui", "--db", str(storm_salon), "backup",
                 str(tmp_path / f"cli-{i}.db")],
                cwd=ROOT, capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, done.stderr
            taken.append(("cli", time.monotonic() - started, before, tmp_path / f"cli-{i}.db"))
    finally:
        everything = storm.stop()
    assert len(everything) > max(len(t[2]) for t in taken)  # the storm went on meanwhile
    for kind, _seconds, before, made in taken:
        assert copy_integrity(made) == "ok", made
        present = set(copy_numbers(made))
        assert before <= present, f"{kind} backup misses {sorted(before - present)[:10]}"
        assert present <= numbers_in(storm_salon)
    print(f"\nbackup figures: storm acked {len(everything)}; backups "
          + ", ".join(f"{k} {s:.2f}s {len(b)}->{len(copy_numbers(m))}" for k, s, b, m in taken))


def restore(copy, engine: str, tmp_path, request):
    """What the owner does to go back to a copy: a copied file in a new place, or pg_restore of
    the dump into a new database (docs/RELIABILITY.md)."""
    if engine == "sqlite":
        restored = tmp_path / "restored" / "salon.db"
        restored.parent.mkdir()
        shutil.copy(copy, restored)
        return restored
    restored = fresh_database(request.getfixturevalue("pg_server"))
    request.addfinalizer(lambda: (db.close_database(), drop_database(restored)))
    done = subprocess.run(["pg_restore", "--no-owner", f"--dbname={restored}", str(copy)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return restored


def test_the_daily_snapshot_rotates_and_a_restore_works(storm_salon, tmp_path, engine, request):
    made = book_many(20)
    first = dt.datetime(2026, 11, 1, 6, 0, tzinfo=dt.UTC)
    for day in range(20):
        assert backup.daily_snapshot(now=first + dt.timedelta(days=day)) is not None
    assert backup.daily_snapshot(now=first + dt.timedelta(days=19, hours=5)) is None  # once a day
    folder, stem, suffix = copies_of(storm_salon)
    kept = backup.daily_snapshots(folder, stem)
    assert [p.name for p in kept] == [
        f"{stem}-daily-2026-11-{d:02d}{suffix}" for d in range(7, 21)]
    assert all(copy_integrity(p) == "ok" for p in kept)

    # Restore: the newest snapshot into a new place, opened by the app.
    restored = restore(kept[-1], engine, tmp_path, request)
    db.close_database()
    db.open_database(restored)
    assert {b.number for b in Booking.select()} == made
    service = services.list_services()[0]
    master, day, start = next(free_places(service.id))
    client = clients.find_or_create_by_phone("+79995550000", "After", "Restore")
    again = bookings.create_booking(service_id=service.id, client_id=client.id, day=day,
                                    start=start, master_id=master.id, source=SOURCE_MANUAL)
    assert again.number == max(made) + 1
    assert integrity() == "ok"
    # The restored database still refuses what the original refused: two at once for a master.
    from mtime_tui.core.errors import SlotTaken

    other = clients.find_or_create_by_phone("+79995550001", "Second", "Try")
    with pytest.raises(SlotTaken):
        bookings.create_booking(service_id=service.id, client_id=other.id, day=day,
                                start=start, master_id=master.id, source=SOURCE_MANUAL)
