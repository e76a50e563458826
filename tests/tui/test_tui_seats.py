"""Several seats on one PostgreSQL server: what another seat commits shows at once.

A second TUI or a bot process on the same server books a client; this TUI's Today shows the new
booking without a key being pressed (the seat watcher: LISTEN/NOTIFY, core/storage/pg_watch.py),
and its own writes do not wake it.
"""

from __future__ import annotations

import subprocess
import sys
import threading

import psycopg2
import pytest

from mtime_tui.core.storage.pg_watch import ChangeWatcher, seat_name

from .conftest import SIZE, settle

pytestmark = pytest.mark.anyio

OTHER_SEAT = """
import sys
from mtime_tui.core.booking import bookings; from mtime_tui.core import clock; from mtime_tui.core.storage import db
from mtime_tui.core.storage.models import SOURCE_BOT
from tests.conftest import FIXED_NOW, TODAY
clock.set_clock(clock.FixedClock(FIXED_NOW))
db.open_database(sys.argv[1])
b = bookings.create_booking(service_id=int(sys.argv[2]), client_id=int(sys.argv[3]), day=TODAY,
                            start=18 * 60, master_id=int(sys.argv[4]), source=SOURCE_BOT)
print(b.number)
"""


@pytest.fixture
def engine() -> str:
    return "postgresql"


async def test_another_seats_booking_shows_on_today_at_once(app_factory, shell_salon, db_path):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.seats.ready.wait(10), "the TUI listens to the server"
        journal = app.screen.query_one("#journal")  # Today's journal
        assert len(journal.numbers()) == 4
        other = subprocess.run(
            [sys.executable, "-c", OTHER_SEAT, db_path, str(shell_salon.haircut.id),
             str(shell_salon.pavel.id), str(shell_salon.anna.id)],
            capture_output=True, text=True, timeout=60,
        )
        assert other.returncode == 0, other.stderr
        for _ in range(100):  # no key pressed: the watcher's call reloads Today
            await pilot.pause(0.05)
            if len(journal.numbers()) == 5:
                break
        assert 1005 in journal.numbers()


def test_the_watcher_wakes_for_other_seats_only(pg_url):
    from mtime_tui.core.storage import db

    db.open_database(pg_url)
    woke = threading.Event()
    watcher = ChangeWatcher(pg_url, woke.set).start()
    try:
        assert watcher.ready.wait(10)
        from mtime_tui.core.people import services

        services.create_service(name="Own", duration=30)  # this process: already known here
        assert not woke.wait(1.0)
        conn = psycopg2.connect(pg_url, application_name="mtime-tui 1 (another seat)")
        try:
            with conn, conn.cursor() as cur:
                cur.execute("UPDATE service SET name = 'Renamed' WHERE name = 'Own'")
        finally:
            conn.close()
        assert woke.wait(5)
        assert seat_name().startswith("mtime-tui ")
    finally:
        watcher.stop()
        db.close_database()
