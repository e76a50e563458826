"""Part 3 — backups by copy. A plain file copy taken while the app is idle holds every committed
booking (journal_mode=DELETE); `mtime-tui backup` / `core.storage.backup.backup` taken during a write
storm is consistent and holds everything acknowledged before it started; the daily snapshot
rotates (14 kept); a restore from a snapshot opens and works."""

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

from .conftest import ROOT, Storm, integrity

pytestmark = pytest.mark.stress


@pytest.fixture
def storm_salon(salon):
    cut = services.create_service(name="Quick cut", duration=30, price=500)
    for tid, name in ((5001, "Anna"), (5002, "Boris")):
        master = masters.create_master(telegram_id=tid, name=name, shift_start=0, shift_end=23,
                                       interval=30)
        masters.add_master_services(master.id, [cut.id])
    return salon


def numbers_in(path) -> set[int]:
    """Booking numbers in a file (a read-write connection: it rolls back the hot journal a
    killed writer may have left, as the app's own connection would)."""
    con = sqlite3.connect(path)
    try:
        return {n for (n,) in con.execute("SELECT number FROM booking")}
    finally:
        con.close()


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


def test_a_plain_copy_while_idle_holds_every_committed_booking(storm_salon, tmp_path):
    made = book_many(150)
    # Idle: the app's connection is open, no transaction; the owner copies the .db alone.
    assert not database.in_transaction()
    assert not storm_salon.with_name(storm_salon.name + "-journal").exists()
    copy = tmp_path / "copied.db"
    shutil.copy(storm_salon, copy)
    assert integrity(copy) == "ok"
    assert numbers_in(copy) == made
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
        assert integrity(made) == "ok", made
        present = numbers_in(made)
        assert before <= present, f"{kind} backup misses {sorted(before - present)[:10]}"
        assert present <= numbers_in(storm_salon)
    print(f"\nbackup figures: storm acked {len(everything)}; backups "
          + ", ".join(f"{k} {s:.2f}s {len(b)}->{len(numbers_in(m))}" for k, s, b, m in taken))


def test_the_daily_snapshot_rotates_and_a_restore_works(storm_salon, tmp_path):
    made = book_many(20)
    first = dt.datetime(2026, 11, 1, 6, 0, tzinfo=dt.UTC)
    for day in range(20):
        assert backup.daily_snapshot(now=first + dt.timedelta(days=day)) is not None
    assert backup.daily_snapshot(now=first + dt.timedelta(days=19, hours=5)) is None  # once a day
    folder = storm_salon.parent / "backups"
    kept = backup.daily_snapshots(folder, storm_salon.stem)
    assert [p.name for p in kept] == [
        f"salon-daily-2026-11-{d:02d}.db" for d in range(7, 21)]
    assert all(integrity(p) == "ok" for p in kept)

    # Restore: the owner copies the newest snapshot to a new place and opens it.
    restored = tmp_path / "restored" / "salon.db"
    restored.parent.mkdir()
    shutil.copy(kept[-1], restored)
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
