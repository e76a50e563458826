"""Backups: consistent copies while the salon keeps writing — SQLite's backup API for a file,
`pg_dump -Fc` for a PostgreSQL database (the same checks on both engines)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from mtime_tui.core.errors import DomainError
from mtime_tui.core.people import clients, masters, services
from mtime_tui.core.storage import backup, db
from mtime_tui.core.storage.models import Booking

from .conftest import FIXED_NOW, TODAY
from .engine_helpers import copies_of, copy_integrity, copy_numbers

pytestmark = pytest.mark.both_engines


@pytest.fixture
def people(salon):
    m = masters.create_master(telegram_id=1, name="Anna", shift_start=9, shift_end=21, interval=60)
    s = services.create_service(name="Cut", duration=60)
    c = clients.find_or_create_by_phone("89123456789", "Ivan", "")
    return m, s, c


def test_copy_while_another_thread_writes(people, tmp_path):
    m, s, c = people
    stop = threading.Event()
    committed: list[int] = []
    errors: list[BaseException] = []

    def writer() -> None:
        # peewee gives this thread its own connection to the same database.
        try:
            number = 1001
            while not stop.is_set() and number < 1001 + 5000:
                # one a day: never two at once for the master (PostgreSQL's constraint holds)
                Booking.create(number=number, master=m, service=s, client=c,
                               date=TODAY + dt.timedelta(days=number - 1001), start=600,
                               duration=60, status="confirmed")
                committed.append(number)
                number += 1
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread
            errors.append(exc)
        finally:
            db.database.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = []
        for i in range(3):
            while len(committed) < 20 * (i + 1) and thread.is_alive():
                threading.Event().wait(0.005)
            before = len(committed)
            copies.append((backup.backup(tmp_path / f"copy{i}.db"), before))
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not errors, errors
    for path, before in copies:
        assert copy_integrity(path) == "ok"
        got = copy_numbers(path)
        assert len(got) >= before  # every booking committed before the copy began is in it
        assert got == list(range(1001, 1001 + len(got)))  # and nothing half-done: a clean prefix
    assert not list(tmp_path.glob(".*.tmp"))


def test_default_destination_is_the_backups_folder(people, salon):
    folder, stem, suffix = copies_of(salon)
    path = backup.backup()
    assert path.parent == folder
    assert path.name == f"{stem}-20261123-090000{suffix}"  # the salon's wall clock
    assert copy_integrity(path) == "ok"


def test_destination_folder_or_file(people, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    assert backup.backup(folder).parent == folder
    new_folder = tmp_path / "new" / "place"
    assert backup.backup(str(new_folder) + "/").parent == new_folder  # typed as a folder
    target = tmp_path / "mine.db"
    assert backup.backup(target) == target
    assert backup.backup(target) == target  # an older backup may be replaced
    assert copy_numbers(target) == []


@pytest.mark.sqlite_only  # a server's database is no file a copy could overwrite
def test_refuses_to_overwrite_the_database_file(people, salon):
    with pytest.raises(DomainError) as err:
        backup.backup(salon)
    assert "database itself" in err.value.message("en")
    assert err.value.message("ru") != err.value.message("en")


def test_refuses_dangerous_destinations(people, tmp_path):
    readonly = tmp_path / "ro.db"
    backup.backup(readonly)
    readonly.chmod(0o444)
    with pytest.raises(DomainError) as err:
        backup.backup(readonly)
    assert "read-only" in err.value.message("en")
    document = tmp_path / "thesis.txt"
    document.write_text("years of work")
    with pytest.raises(DomainError) as err:
        backup.backup(document)
    assert "not a database" in err.value.message("en")
    assert document.read_text() == "years of work"
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DomainError):  # its folder cannot be made: a file stands there
        backup.backup(blocker / "sub" / "x.db")
    for e in (err.value,):
        assert e.message("ru") != e.message("en")


def test_daily_snapshot_once_a_day_keeps_14(people, salon):
    _, stem, suffix = copies_of(salon)
    first = backup.daily_snapshot(now=FIXED_NOW)
    assert first.name == f"{stem}-daily-2026-11-23{suffix}"
    assert backup.daily_snapshot(now=FIXED_NOW + dt.timedelta(hours=5)) is None
    for day in range(1, 20):
        assert backup.daily_snapshot(now=FIXED_NOW + dt.timedelta(days=day)) is not None
    kept = backup.daily_snapshots(first.parent, stem)
    assert len(kept) == 14
    assert kept[0].name == f"{stem}-daily-2026-11-29{suffix}"
    assert kept[-1].name == f"{stem}-daily-2026-12-12{suffix}"
    other = first.parent / "demo-daily-2026-01-01.db"  # another database's snapshots: untouched
    other.write_bytes(b"")
    backup.daily_snapshot(now=FIXED_NOW + dt.timedelta(days=30))
    assert other.exists()


def test_default_folder_that_cannot_be_made(people, salon):
    blocker = copies_of(salon)[0]
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the backups folder should be")
    with pytest.raises(DomainError) as err:
        backup.backup()
    assert "Cannot write the backup" in err.value.message("en")
