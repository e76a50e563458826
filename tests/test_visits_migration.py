"""Migration 4 on a file made by the release before visits: every booking becomes a one-service
visit, nothing is lost, and the upgraded salon books visits of several services."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from mtime_tui.core.booking import bookings, slots, visits
from mtime_tui.core.storage import db, migrations
from mtime_tui.core.storage.models import SOURCE_MANUAL, Booking, Client, Master, Service

RELEASE_FILE = Path(__file__).parent / "data" / "salon-v2-demo.db"
TABLES = (
    "setting", "admin", "telegram_user", "service", "master", "master_service", "client",
    "booking", "break", "day_off", "outbox",
)  # fmt: skip


def dump(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in TABLES}
    finally:
        con.close()


def test_release_file_upgrades_to_one_service_visits_with_nothing_lost(tmp_path, fixed_clock):
    path = tmp_path / "salon.db"
    shutil.copy(RELEASE_FILE, path)
    before = dump(path)
    assert sqlite3.connect(path).execute("SELECT version FROM schema_version").fetchone() == (2,)
    assert len(before["booking"]) > 50

    db.open_database(path)
    try:
        assert migrations.current_version() == migrations.LATEST
        con = sqlite3.connect(path)
        lines = con.execute(
            "SELECT booking_id, position, service_id, duration, price FROM visit_service "
            "ORDER BY booking_id"
        ).fetchall()
        old = con.execute(
            "SELECT id, 0, service_id, duration, price FROM booking ORDER BY id"
        ).fetchall()
        con.close()
        assert lines == old  # one line per booking: its service, duration and price as booked
        after = dump(path)
        for table in TABLES:
            kept = before[table]
            if table == "master":  # migration 6 turned the shift columns into weekly hours
                kept = [row[:5] + row[7:] for row in kept]
            width = len(kept[0]) if kept else 0
            assert [row[:width] for row in after[table]] == kept, table

        # The upgraded salon reads its old bookings as visits and books a visit of two services.
        old_booking = Booking.select().order_by(Booking.number).first()
        assert visits.service_names(old_booking) == [old_booking.service.name]
        anna = Master.get(Master.name == "Анна Смирнова")
        cut = Service.get(Service.name == "Женская стрижка")
        styling = Service.get(Service.name == "Укладка")
        day = dt.date(2026, 11, 24)
        start = slots.free_starts(anna, (cut.id, styling.id), day)[0]
        visit = bookings.create_booking(
            service_ids=[cut.id, styling.id], client_id=Client.select().first().id, day=day,
            start=start, master_id=anna.id, source=SOURCE_MANUAL,
        )
        assert visit.duration == 105 and visit.price == 3500
        assert visits.title(bookings.get_booking(visit.number)) == "Женская стрижка + Укладка"
    finally:
        db.close_database()
    snapshots = list(path.parent.glob(f"backups/salon-before-v{migrations.LATEST}-from-v2-*.db"))
    assert len(snapshots) == 1
    assert dump(snapshots[0]) == before
