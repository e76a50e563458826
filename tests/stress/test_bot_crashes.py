"""Part 2b — the bot is killed mid-storm (issue 10, "A press is never lost"). The real bot runs in
its own process (`writer_proc bot`) against the stand-in; simulated clients press buttons without
waiting, a few press Book (double taps included), and the bot process is killed with SIGKILL at
random moments and started again, again and again. Afterwards every press has been answered
(none lost: updates are kept in the salon's database until handled, file or server), each
booking was made once, and the figures count what a kill can still repeat (a press answered
twice, a notification sent twice — see docs/RELIABILITY.md)."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import threading
import time
from collections import Counter

import pytest

from mtime_tui.core import settings
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import Booking, TelegramUpdate
from tests.conftest import TODAY

from .conftest import MASTER_TIDS, OVERLAPS_SQL, ROOT, TOKEN, python_cmd

pytestmark = [pytest.mark.stress, pytest.mark.both_engines]

KILLS = {"sqlite": 10, "postgresql": 6}  # fewer on the server: CI's budget is shared
PEOPLE = 12
BOOKERS = 4  # of the people: known clients who press Book on their own time
SEED = 20261125
CHEAP = ["mn", "ab", "bk", "my", "nop"]  # menu, about, services, my bookings, an inert cell


class BotProcess:
    """`writer_proc bot DB`: the real BotRunner in a process of its own, killable."""

    def __init__(self, path, log_path) -> None:
        self.proc = subprocess.Popen(python_cmd("bot", str(path), str(log_path)), cwd=ROOT,
                                     text=True, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        line = self.proc.stdout.readline().strip()
        assert line == "READY", (line, log_path.read_text() if log_path.exists() else "")

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


def test_sigkill_of_the_bot_mid_storm_leaves_no_press_unanswered(salon, shop, fake, tmp_path,
                                                                  engine):
    settings.save(bot_token=TOKEN, bot_api_url=fake.base_url)
    for tid in MASTER_TIDS:
        fake.allow(tid)
    rng = random.Random(SEED)
    day = TODAY + dt.timedelta(days=1)
    people = [fake.user(440_000 + i, first_name=f"P{i}", language_code="en")
              for i in range(PEOPLE)]
    books = {}  # user id → the Book data of their own slot
    for i, person in enumerate(people[:BOOKERS]):
        client = clients.telegram_client(person.id, first_name=f"P{i}", language="en")
        clients.set_phone(client.id, f"+7917000{i:04d}")
        start = 9 * 60 + 60 * i  # one hour apart: nobody races anybody
        books[person.id] = f"bk:ok:{shop.haircut.id}:{shop.anna.id}:{day:%Y%m%d}:{start // 60:02d}00"
    queries: list[tuple[int, str]] = []
    pressing = threading.Event()
    pressing.set()

    tapped_book: set[int] = set()

    def storm() -> None:
        turn = 0
        while pressing.is_set():
            turn += 1
            if turn % 10 == 0:  # every tenth press a booker's Book, in turn: each of them books
                person = people[(turn // 10) % BOOKERS]  # the bookers come first
                data, taps = books[person.id], 2  # a double tap on Book
                tapped_book.add(person.id)
            else:
                person = rng.choice(people)
                data, taps = rng.choice(CHEAP), 1
            for _ in range(taps):
                queries.append((person.id, person.press_data(data)))
            time.sleep(0.02)  # ~50 presses a second at most

    log = tmp_path / "bot.log"
    presser = threading.Thread(target=storm, daemon=True)
    bot = BotProcess(salon, log)
    presser.start()
    started = time.monotonic()
    for _ in range(KILLS[engine]):
        time.sleep(rng.uniform(0.3, 1.2))
        bot.kill()
        time.sleep(rng.uniform(0.0, 0.3))  # presses keep coming while the bot is down
        bot = BotProcess(salon, log)
    deadline = time.monotonic() + 30
    while len(tapped_book) < BOOKERS and time.monotonic() < deadline:
        time.sleep(0.05)  # a short storm: every booker has had a turn before it ends
    pressing.clear()
    presser.join(10)
    world = fake.world
    try:
        fake.wait_until(lambda: all(world.queries[q].answer for _, q in queries), timeout=120)
    except TimeoutError:
        pass
    unanswered = [q for _, q in queries if not world.queries[q].answer]
    answers = Counter(c["callback_query_id"] for c in fake.calls_of("answerCallbackQuery"))
    twice = sum(1 for _, q in queries if answers[q] > 1)
    notes = Counter((m.chat_id, m.text.split("№ ")[1].split()[0]) for tid in MASTER_TIDS
                    for m in fake.sent_to(tid) if "№ " in (m.text or ""))
    kept_open = TelegramUpdate.select().where(TelegramUpdate.done_at.is_null()).count()
    bot.kill()
    from mtime_tui.core.storage.models import database

    overlaps = database.execute_sql(OVERLAPS_SQL).fetchall()
    made = Counter(b.client.telegram_id for b in Booking.select())
    print(f"\nbot crash figures ({engine}): {KILLS[engine]} kills, {len(queries)} presses, "
          f"{len(unanswered)} "
          f"unanswered, {twice} answered twice, {len(made)} bookings "
          f"({sum(made.values())} rows), {sum(n > 1 for n in notes.values())} of "
          f"{len(notes)} notifications sent twice, {kept_open} kept updates left open, "
          f"{time.monotonic() - started:.1f} s")
    assert unanswered == []
    assert all(count == 1 for count in made.values())  # Book twice, after a kill: booked once
    assert set(made) == set(books)
    assert overlaps == []
