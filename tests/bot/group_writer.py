"""A writer process for the group-commit crash and race tests:
`python -m tests.bot.group_writer DB MODE SIZE FIRST`, in a fresh interpreter.

It runs the bot's writer (`dbcalls.run_db_grouped`) in an asyncio loop, as the bot does, and books
through it the salon `seed()` made: slot number i is master i % 2, day 1 + i // 24 from the
suite's pinned today, hour 9 + (i // 2) % 12, client 8_000_000 + i. Each group is SIZE Books
queued behind a busy writer (so they form one group), their wish "g<group>"; it prints
`answered <slot>` (flushed) for every Book answered, so the parent knows what was acknowledged.

- `after-commit`: one group from slot FIRST, then a call that SIGKILLs the process from its
  after-commit callback — after the group's COMMIT, before any answer.
- `before-commit`: the same, but the last call SIGKILLs it — the group's writes done, no COMMIT.
- `loop`: groups from slot FIRST on, until the slots run out (`DONE`); the parent kills it.
- `race`: SIZE Books of slot 0 by clients FIRST, FIRST + 1, …: prints `booked <client>` or
  `taken <client>` for each.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sys
import threading

FIXED_NOW = dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.UTC)  # tests/conftest.FIXED_NOW
TODAY = dt.date(2026, 11, 23)
SLOTS = 2 * 12 * 13  # two masters, 12 hours a day, the horizon's 13 days after today
CLIENT_BASE = 8_000_000


def seed(clients: int = SLOTS) -> None:
    """In the open salon: a 60-minute service, two masters 9–21 every day, `clients` clients."""
    from mtime_tui.core.storage.models import Client, database
    from tests import salon_rows as rows

    with database.atomic():
        cut = rows.service("Haircut", duration=60)
        rows.master("Anna", cut, telegram_id=5_000_001)
        rows.master("Maria", cut, telegram_id=5_000_002)
        Client.insert_many([dict(first_name=f"Client {i}", telegram_id=CLIENT_BASE + i,
                                 phone=f"+7913{i:07d}", language="en")
                            for i in range(clients)]).execute()


def slot(i: int) -> tuple[int, dt.date, int]:
    """(master index, day, start) of slot `i`."""
    return i % 2, TODAY + dt.timedelta(days=1 + i // 24), (9 + (i // 2) % 12) * 60


def slot_of(master: int, day: dt.date, start: int) -> int:
    """The slot number of master index `master` at `start` on `day` (`slot`'s inverse)."""
    return 24 * ((day - TODAY).days - 1) + 2 * (start // 60 - 9) + master


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(db: str, mode: str, size: int, first: int) -> int:
    from mtime_tui.bot.telegram import dbcalls
    from mtime_tui.core import clock
    from mtime_tui.core.booking import bookings
    from mtime_tui.core.errors import SlotTaken
    from mtime_tui.core.storage import db as storage
    from mtime_tui.core.storage.models import SOURCE_BOT, Client, Master, Service

    clock.set_clock(clock.FixedClock(FIXED_NOW))
    storage.open_database(db)
    service = Service.get()
    staff = list(Master.select().order_by(Master.id))
    client_ids = dict(Client.select(Client.telegram_id, Client.id).tuples())

    def book(i: int, who: int, wish: str):
        master, day, start = slot(i)
        return bookings.create_booking(
            service_ids=[service.id], client_id=client_ids[CLIENT_BASE + who], day=day,
            start=start, master_id=staff[master].id, source=SOURCE_BOT, comment=wish)

    def die_after_the_commit() -> None:
        storage.after_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))

    def die_now() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    async def answered(i: int, call) -> None:
        await call
        say(f"answered {i}")

    async def group(g: int, start: int, last=None) -> None:
        gate = threading.Event()
        busy = asyncio.ensure_future(dbcalls.run_db(gate.wait, 10))
        tasks = [asyncio.ensure_future(answered(i, dbcalls.run_db_grouped(book, i, i, f"g{g}")))
                 for i in range(start, start + size)]
        if last is not None:
            tasks.append(asyncio.ensure_future(dbcalls.run_db_grouped(last)))
        await asyncio.sleep(0.02)  # all queued behind the busy call: one group
        gate.set()
        await busy
        await asyncio.gather(*tasks)

    async def race() -> None:
        async def one(who: int) -> None:
            try:
                await dbcalls.run_db_grouped(book, 0, who, "race")
                say(f"booked {who}")
            except SlotTaken:
                say(f"taken {who}")

        await asyncio.gather(*(one(first + k) for k in range(size)))

    async def run() -> None:
        if mode == "race":
            await race()
        elif mode in ("after-commit", "before-commit"):
            await group(0, first, die_after_the_commit if mode == "after-commit" else die_now)
        else:
            g = first // size
            while (g + 1) * size <= SLOTS:
                await group(g, g * size)
                g += 1
            say("DONE")

    try:
        asyncio.run(run())
    finally:
        dbcalls.shutdown()
    say("not killed")
    return 0


if __name__ == "__main__":
    target, mode, size, first = sys.argv[1:5]
    sys.exit(main(target, mode, int(size), int(first)))
