"""Fixtures of the stress and fault suite (issue 5): a busy salon, the Telegram stand-in, the
real bot against it, and the checks every part repeats (no overlap, integrity, no escaped error).

Every loop here is bounded by a count and a deadline; the whole suite runs in a few minutes on
two cores. Run it alone with `python -m pytest -m stress tests/stress`.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from mtime_tui.core import settings
from mtime_tui.core.people import masters, services
from mtime_tui.core.storage.models import Master, Service, database

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:STRESS-token-SECRET-abcdefghijklmno"
ADMIN_TID = 7001
MASTER_TIDS = (5001, 5002)

OVERLAPS_SQL = """
SELECT a.number, b.number FROM booking a JOIN booking b
  ON a.master_id = b.master_id AND a.date = b.date AND a.id < b.id
 WHERE a.status != 'cancelled' AND b.status != 'cancelled'
   AND a.start < b.start + b.duration AND b.start < a.start + a.duration
"""


# What SalonPostgres.integrity_check asks the server, for a connection of the test's own.
PG_INTEGRITY_SQL = (
    "SELECT CASE WHEN count(*) = 0 THEN 'ok' ELSE count(*) || ' constraint(s) not validated' END "
    "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
    "WHERE n.nspname = current_schema() AND NOT c.convalidated"
)


def overlaps() -> list[tuple[int, int]]:
    """Pairs of active bookings of one master that overlap in time (must always be empty)."""
    return [tuple(row) for row in database.execute_sql(OVERLAPS_SQL).fetchall()]


def integrity(path: Path | str | None = None) -> str:
    """The open database's integrity check (either engine), or a file's through its own
    connection."""
    if path is None:
        return database.integrity_check()
    import sqlite3

    con = sqlite3.connect(str(path))
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def python_cmd(*args: str) -> list[str]:
    """A command line that runs `tests.stress.writer_proc` in a fresh interpreter."""
    return [sys.executable, "-m", "tests.stress.writer_proc", *args]


@dataclass
class Shop:
    haircut: Service
    anna: Master
    boris: Master


@pytest.fixture
def shop(salon) -> Shop:
    """Two masters, 09:00–16:00 every 30 minutes (15 starts a day each), one 60-minute service:
    neighbouring starts overlap, so a booking takes two candidate starts away."""
    settings.save(salon_address="1 Main St", salon_phone="+7 900 000-00-00")
    haircut = services.create_service(name="Haircut", duration=60, price=1500)
    anna = masters.create_master(telegram_id=MASTER_TIDS[0], name="Anna", shift_start=9,
                                 shift_end=16, interval=30)
    boris = masters.create_master(telegram_id=MASTER_TIDS[1], name="Boris", shift_start=9,
                                  shift_end=16, interval=30)
    masters.add_master_services(anna.id, [haircut.id])
    masters.add_master_services(boris.id, [haircut.id])
    return Shop(haircut, anna, boris)


@pytest.fixture
def fake():
    from tests.fakegram import FakeTelegram

    server = FakeTelegram(TOKEN)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def bot_events():
    return []


def start_runner(on_event, **knobs):
    """A BotRunner with small test knobs (each may be overridden), started and running."""
    from mtime_tui.bot.telegram.runner import BotRunner

    options = dict(poll_timeout=1, sender_interval=0.1, reminder_interval=5,
                   retry_delays=(0.2, 0.5, 1.0), request_timeout=3)
    options.update(knobs)
    bot = BotRunner(on_event=on_event, **options)
    bot.start()
    return bot


@pytest.fixture
def runner(shop, fake, bot_events):
    """The real bot in its thread against the stand-in; stopped after the test."""
    settings.save(bot_token=TOKEN, bot_api_url=fake.base_url)
    bot = start_runner(bot_events.append)
    fake.wait_until(lambda: bot.state == "running", timeout=15)
    yield bot
    bot.stop(timeout=5)


class ErrorLog(logging.Handler):
    """Every ERROR (or worse) record and every record with a traceback, from any logger."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.exc_info:
            self.records.append(record)

    def lines(self) -> list[str]:
        return [f"{r.name}: {r.getMessage()} {r.exc_info[1]!r}" if r.exc_info
                else f"{r.name}: {r.getMessage()}" for r in self.records]


@pytest.fixture
def error_log():
    """Collects what the bot's error handler (and anything else) logged as an error."""
    handler = ErrorLog()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)


class Storm:
    """A writer process (`writer_proc write`) booking in a loop, its acknowledgements read by a
    thread as they come: `booked()` is what had been acknowledged at the moment of the call."""

    def __init__(self, path: Path, run: int, seconds: float | None = None) -> None:
        import subprocess
        import threading

        args = [str(path), str(run)] + ([str(seconds)] if seconds else [])
        self.proc = subprocess.Popen(python_cmd("write", *args), cwd=ROOT, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines: list[str] = []
        self._seen = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            with self._seen:
                self.lines.append(line.strip())
                self._seen.notify_all()
        with self._seen:
            self.lines.append("EOF")
            self._seen.notify_all()

    def wait_acks(self, count: int, timeout: float = 30) -> None:
        with self._seen:
            ok = self._seen.wait_for(
                lambda: sum(x.startswith("B ") for x in self.lines) >= count or "EOF" in self.lines,
                timeout)
        assert ok and "EOF" not in self.lines[:-1], f"the writer stopped: {self.errors()}"

    def booked(self) -> set[int]:
        with self._seen:
            return {int(x[2:]) for x in self.lines if x.startswith("B ")}

    def errors(self) -> str:
        return self.proc.stderr.read() if self.proc.poll() is not None else "(running)"

    def stop(self) -> set[int]:
        """Kill the writer (SIGKILL: no clean-up at all) and return every acknowledged booking."""
        import signal

        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self._reader.join(timeout=10)
        self.proc.stderr.close()
        return self.booked()


class TickingClock:
    """Real time, starting from the suite's pinned "now": back-offs and retry_after elapse as
    they would in the salon, while dates stay those of the seeded salon."""

    def __init__(self, start) -> None:
        import time

        self._start = start
        self._t0 = time.monotonic()

    def now(self):
        import datetime as dt
        import time

        return self._start + dt.timedelta(seconds=time.monotonic() - self._t0)


@pytest.fixture
def ticking_clock(fixed_clock):
    from mtime_tui.core import clock
    from tests.conftest import FIXED_NOW

    ticking = TickingClock(FIXED_NOW)
    clock.set_clock(ticking)
    yield ticking
    clock.set_clock(fixed_clock)


@pytest.fixture
def anyio_backend() -> str:
    """Pilot tests are anyio tests on asyncio (Textual's loop)."""
    return "asyncio"


class Locker:
    """Another program holding the salon's write lock (`writer_proc lock`) for `seconds`: SQLite's
    on a file, the advisory lock (or table locks) on PostgreSQL."""

    def __init__(self, path: Path, seconds: float, kind: str = "immediate") -> None:
        import subprocess

        self.proc = subprocess.Popen(python_cmd("lock", str(path), str(seconds), kind), cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        assert line == "LOCKED", (line, self.proc.stderr.read())

    def release(self) -> None:
        """Wait for the lock to be given up (at the end of its time)."""
        out, err = self.proc.communicate(timeout=60)
        assert "FREE" in out, err


@pytest.fixture
def short_busy(salon, monkeypatch):
    """The busy timeout cut from 10 s to 1 s (and the database reopened) so a lock held "beyond
    the busy timeout" costs seconds; one test keeps the real 10 s. On PostgreSQL the same for the
    server's lock_timeout, which the app sets on each connection."""
    from mtime_tui.core.storage import db, postgresql, sqlite

    monkeypatch.setitem(db.PRAGMAS, "busy_timeout", 1000)
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 1000)
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_MS", 1000)
    monkeypatch.setattr(postgresql, "LOCK_TIMEOUT_MS", 1000)
    db.open_database(salon)
    return salon


def lock_wait_ms(target) -> int:
    """How long the app waits for another program's lock: SQLite's busy timeout, or the
    lock_timeout the app gives each PostgreSQL connection."""
    from mtime_tui.core.storage import db, postgresql

    if isinstance(target, str) and target.startswith("postgresql://"):
        return postgresql.LOCK_TIMEOUT_MS
    return db.BUSY_TIMEOUT_MS


def make_read_only(path: Path) -> None:
    """A read-only file, for real: chmod, and for root (who ignores modes) the immutable flag."""
    import os
    import subprocess

    os.chmod(path, 0o444)
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)


def make_writable(path: Path) -> None:
    import os
    import subprocess

    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    os.chmod(path, 0o644)
