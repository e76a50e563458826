"""Helper processes for the crash, backup and lock tests: run as
`python -m tests.stress.writer_proc <mode> <db> [args]` in a fresh interpreter.

- `write DB RUN [SECONDS]`: open the salon with `core.storage.db.open_database` and book in a loop with
  `core.booking.bookings` (every fifth booking is cancelled again), printing `B <number>` after each
  `create_booking` returned and `C <number>` after each `cancel` returned, flushed at once — so
  the parent knows exactly what was acknowledged when it kills the process with SIGKILL.
  RUN makes the clients' phone numbers unique across runs. Stops after SECONDS (if given) or when
  the salon is full; prints `DONE <count>` then.
- `bot DB [LOG]`: the real bot (`BotRunner`) on the salon, its token and Bot API address from the
  settings (the stand-in's); prints `READY` once it polls, then runs until killed.
- `lock DB SECONDS [immediate|exclusive]`: another program holding SQLite's write lock (BEGIN
  IMMEDIATE) or every lock (BEGIN EXCLUSIVE): prints `LOCKED`, sleeps, rolls back, prints `FREE`.
  On PostgreSQL (DB a URL): the salon's write lock and table locks of the same reach
  (`lock_server`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import time

# The suite's pinned "now": Monday 23 November 2026, 09:00 in Moscow (tests/conftest.FIXED_NOW).
FIXED_NOW = dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.UTC)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def write(db: str, run: int, seconds: float | None) -> int:
    from mtime_tui.core import clock
    from mtime_tui.core.booking import bookings, slots
    from mtime_tui.core.errors import SlotTaken
    from mtime_tui.core.people import clients
    from mtime_tui.core.storage.db import open_database
    from mtime_tui.core.storage.models import BY_SALON, SOURCE_MANUAL, Master, Service

    clock.set_clock(clock.FixedClock(FIXED_NOW))
    open_database(db)
    service = Service.select().order_by(Service.id).first()
    staff = list(Master.select().order_by(Master.id))
    deadline = time.monotonic() + seconds if seconds else None
    made = 0
    for day in slots.horizon():
        for master in staff:
            for start in slots.free_starts(master.id, service.id, day):
                if deadline and time.monotonic() > deadline:
                    say(f"DONE {made}")
                    return 0
                made += 1
                client = clients.find_or_create_by_phone(
                    f"+7912{run:03d}{made:04d}", f"Run{run}", f"Client{made}")
                try:
                    booking = bookings.create_booking(
                        service_id=service.id, client_id=client.id, day=day, start=start,
                        master_id=master.id, source=SOURCE_MANUAL)
                except SlotTaken:  # an earlier (killed) run took it meanwhile
                    continue
                say(f"B {booking.number}")
                if booking.number % 5 == 0:
                    bookings.cancel(booking.number, by=BY_SALON)
                    say(f"C {booking.number}")
    say(f"DONE {made}")
    return 0


def lock_server(url: str, seconds: float, kind: str) -> int:
    """SQLite's locks in PostgreSQL's words, on every salon table but the bot's update store (on
    SQLite a file of its own): `immediate` is the salon's write lock (another seat mid-write)
    and EXCLUSIVE MODE (writers wait, readers go on: SQLite's RESERVED lock); `exclusive` is
    ACCESS EXCLUSIVE (readers wait too, as behind an ALTER or a VACUUM FULL)."""
    import psycopg2

    from mtime_tui.core.storage.postgresql import SALON_LOCK

    con = psycopg2.connect(url)
    cur = con.cursor()
    cur.execute("SELECT pg_advisory_xact_lock(%s)", (SALON_LOCK,))
    cur.execute("SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables "
                "WHERE schemaname = current_schema() AND tablename <> 'telegram_update'")
    tables = cur.fetchone()[0]
    mode = "ACCESS EXCLUSIVE" if kind == "exclusive" else "EXCLUSIVE"
    cur.execute(f"LOCK TABLE {tables} IN {mode} MODE")
    say("LOCKED")
    time.sleep(seconds)
    con.rollback()
    con.close()
    say("FREE")
    return 0


def lock(db: str, seconds: float, kind: str) -> int:
    if db.startswith("postgresql://"):
        return lock_server(db, seconds, kind)
    con = sqlite3.connect(db, isolation_level=None, timeout=30)
    con.execute(f"BEGIN {kind.upper()}")
    con.execute("SELECT count(*) FROM booking").fetchone()
    say("LOCKED")
    time.sleep(seconds)
    con.execute("ROLLBACK")
    con.close()
    say("FREE")
    return 0


def bot(db: str, log_path: str | None) -> int:
    """The real bot (BotRunner, its thread, its database workers) in this process, until killed."""
    import logging

    from mtime_tui.bot.telegram.events import RUNNING
    from mtime_tui.bot.telegram.runner import BotRunner
    from mtime_tui.core import clock
    from mtime_tui.core.storage.db import open_database

    if log_path:
        logging.basicConfig(filename=log_path, level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    clock.set_clock(clock.FixedClock(FIXED_NOW))
    open_database(db)
    runner = BotRunner(poll_timeout=1, sender_interval=0.1, reminder_interval=60,
                       retry_delays=(0.2, 0.5), request_timeout=3)
    runner.start()
    deadline = time.monotonic() + 30
    while runner.state != RUNNING and time.monotonic() < deadline:
        time.sleep(0.02)
    say("READY" if runner.state == RUNNING else f"STATE {runner.state}")
    while True:  # until SIGKILL (or SIGTERM)
        time.sleep(1)


def main(argv: list[str]) -> int:
    mode, db, *rest = argv
    if mode == "write":
        return write(db, int(rest[0]), float(rest[1]) if len(rest) > 1 else None)
    if mode == "lock":
        return lock(db, float(rest[0]), rest[1] if len(rest) > 1 else "immediate")
    if mode == "bot":
        return bot(db, rest[0] if rest else None)
    raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
