"""Part 4 — Telegram trouble. The stand-in answers 5xx for a real 30 seconds, 429 with
retry_after, 403 for one recipient, drops connections → the bot keeps running and catches up
without a restart; every outbox row reaches its chat exactly once (compared with what the
stand-in received); the state shows (BotRunner.state, on_event). The clock ticks in real time
here (TickingClock), so the outbox's real back-off decides when rows go out again."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter

import pytest

from mtime_tui.bot.telegram.events import DELIVERY_FAILED, STATE_CHANGED
from mtime_tui.core import settings
from mtime_tui.core.booking import bookings
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import (
    OUT_SENT,
    OUT_UNREACHABLE,
    SOURCE_MANUAL,
    Outbox,
    TelegramUser,
    database,
)
from tests.conftest import TODAY

from .conftest import ADMIN_TID, MASTER_TIDS

pytestmark = pytest.mark.stress

DAY = TODAY + dt.timedelta(days=3)  # far from any reminder
OUTAGE = 30.0  # seconds, as the issue asks
FIGURES: dict[str, object] = {}


def telegram_clients(fake, count: int, base: int = 400_000):
    made = []
    for i in range(count):
        tid = base + i
        fake.user(tid, first_name=f"T{i}", language_code="en")
        client = clients.telegram_client(tid, first_name=f"T{i}", language="en")
        made.append(clients.set_phone(client.id, f"+7917{base // 1000:03d}{i:04d}"))
    return made


def open_chats(fake):
    for tid in (*MASTER_TIDS, ADMIN_TID):
        fake.allow(tid)
    settings.add_admin(ADMIN_TID, "Boss")


class Booker:
    """Manual bookings one after another (the TUI), each of a different start."""

    def __init__(self, shop) -> None:
        self.shop = shop
        self.places = [(m, day, 9 * 60 + 60 * h) for day in (DAY, DAY + dt.timedelta(days=1))
                       for h in range(8) for m in (shop.anna.id, shop.boris.id)]

    def book(self, client):
        master_id, day, start = self.places.pop(0)
        return bookings.create_booking(service_id=self.shop.haircut.id, client_id=client.id,
                                       day=day, start=start, master_id=master_id,
                                       source=SOURCE_MANUAL)


def delivered_once(fake, rows) -> list[str]:
    """Problems: a row whose chat did not get its booking's message exactly once per row."""
    want = Counter((r.chat_id, r.booking.number) for r in rows)
    problems = []
    for (chat, number), n in want.items():
        got = [m for m in fake.sent_to(chat) if f"№ {number}" in (m.text or "")]
        if len(got) != n:
            problems.append(f"chat {chat} booking {number}: {len(got)} messages for {n} rows")
    return problems


def sends_ok(fake) -> list:
    return [c for c in fake.calls if c.method == "sendMessage" and c.ok]


def test_a_30_second_5xx_outage_loses_nothing_and_sends_nothing_twice(
    runner, fake, shop, ticking_clock, bot_events, error_log
):
    open_chats(fake)
    people = telegram_clients(fake, 12)
    booker = Booker(shop)
    thread = runner._thread
    before = booker.book(people[0])
    fake.wait_until(lambda: Outbox.select().where(Outbox.status != OUT_SENT).count() == 0,
                    timeout=15)

    fake.outage(seconds=OUTAGE, mode="error", status=502)
    began = time.monotonic()
    caller = fake.user(499_999, first_name="Late", language_code="en")
    caller.send("/start")  # written during the outage: answered when Telegram is back
    made = []

    def tui():  # the owner books phone callers through the outage, one every ~2.5 s
        database.connect(reuse_if_open=True)
        try:
            for person in people[1:]:
                made.append(booker.book(person))
                time.sleep(OUTAGE / len(people))
        finally:
            database.close()

    writer = threading.Thread(target=tui)
    writer.start()
    fake.wait_until(lambda: runner.state == "unreachable", timeout=15)
    writer.join(timeout=OUTAGE + 10)
    assert runner.alive and runner._thread is thread
    remaining = OUTAGE - (time.monotonic() - began)
    if remaining > 0:
        time.sleep(remaining)  # bounded: the outage ends by itself after OUTAGE seconds
    ended = time.monotonic()
    rows = list(Outbox.select())
    fake.wait_until(lambda: all(Outbox.get_by_id(r.id).status == OUT_SENT for r in rows),
                    timeout=120)
    caller.wait_for("Welcome", timeout=60)
    caught_up = time.monotonic()
    fake.wait_until(lambda: runner.state == "running", timeout=30)

    assert runner.alive and runner._thread is thread  # never restarted
    assert delivered_once(fake, rows) == []
    assert len(sends_ok(fake)) == len(rows) + caller_messages(fake, caller)
    states = [e.text for e in bot_events if e.kind == STATE_CHANGED]
    assert "unreachable" in states and states[-1] == "running"
    assert error_log.lines() == []
    after = [c.at - ended for c in sends_ok(fake) if c.at > ended]
    attempts = [Outbox.get_by_id(r.id).attempts for r in rows]
    FIGURES.update(outage_s=OUTAGE, rows=len(rows), bookings=len(made) + 1,
                   failed_calls=sum(1 for c in fake.calls if not c.ok),
                   max_attempts=max(attempts), catch_up_s=round(caught_up - ended, 1),
                   max_delay_after_outage_s=round(max(after), 1))
    print(f"\noutage figures: {FIGURES}")
    assert before.number < made[0].number


def caller_messages(fake, user) -> int:
    return len([c for c in sends_ok(fake) if c.params.get("chat_id") in (user.id, str(user.id))])


def test_429_retry_after_is_obeyed_and_nothing_is_sent_twice(runner, fake, shop, ticking_clock,
                                                               error_log):
    """One row (a phone caller's booking: only the master hears), two 429s with retry_after=2."""
    for tid in MASTER_TIDS:
        fake.allow(tid)
    caller = clients.find_or_create_by_phone("+79170000001", "Phone", "Caller")
    fake.fail("sendMessage", 429, count=2, retry_after=2)
    began = time.monotonic()
    booking = Booker(shop).book(caller)
    [row] = list(Outbox.select())
    fake.wait_until(lambda: Outbox.get_by_id(row.id).status == OUT_SENT, timeout=20)
    calls = [c for c in fake.calls if c.method == "sendMessage"]
    assert [c.status for c in calls] == [429, 429, 200]
    assert calls[1].at - calls[0].at >= 1.9 and calls[2].at - calls[1].at >= 1.9
    assert Outbox.get_by_id(row.id).attempts == 0  # a 429 is not a failed attempt
    assert delivered_once(fake, [row]) == []
    assert runner.state == "running" and error_log.lines() == []
    print(f"\n429 figures: booking №{booking.number} delivered after two 429s in "
          f"{calls[2].at - began:.1f}s")


def test_403_for_one_recipient_marks_only_them(runner, fake, shop, ticking_clock, bot_events,
                                               error_log):
    open_chats(fake)
    people = telegram_clients(fake, 4)
    booker = Booker(shop)
    blocked = people[1]
    fake.forbid(blocked.telegram_id)
    TelegramUser.create(telegram_id=blocked.telegram_id, first_name="T1")
    for person in people:
        booker.book(person)
    rows = list(Outbox.select())
    fake.wait_until(lambda: all(Outbox.get_by_id(r.id).status in (OUT_SENT, OUT_UNREACHABLE)
                                for r in rows), timeout=30)
    theirs = [r for r in rows if r.chat_id == blocked.telegram_id]
    others = [r for r in rows if r.chat_id != blocked.telegram_id]
    assert theirs and all(Outbox.get_by_id(r.id).status == OUT_UNREACHABLE for r in theirs)
    assert all(Outbox.get_by_id(r.id).status == OUT_SENT for r in others)
    assert TelegramUser.get_by_id(blocked.telegram_id).unreachable
    assert delivered_once(fake, others) == []
    assert [c for c in fake.calls if c.status == 403]  # it was tried, once
    assert len([c for c in fake.calls if c.status == 403]) == len(theirs)
    fake.wait_until(lambda: any(e.kind == DELIVERY_FAILED for e in bot_events), timeout=5)
    assert runner.state == "running" and error_log.lines() == []


@pytest.mark.parametrize("mode", ["drop", "hang"])
def test_dropped_and_hung_connections_recover_without_a_restart(runner, fake, shop, ticking_clock,
                                                                error_log, mode):
    open_chats(fake)
    people = telegram_clients(fake, 6)
    booker = Booker(shop)
    thread = runner._thread
    fake.fail("sendMessage", drop=True, count=3)
    booker.book(people[0])
    fake.outage(seconds=5, mode=mode)
    for person in people[1:]:
        booker.book(person)
    rows = list(Outbox.select())
    fake.wait_until(lambda: all(Outbox.get_by_id(r.id).status == OUT_SENT for r in rows),
                    timeout=90)
    assert delivered_once(fake, rows) == []
    assert len(sends_ok(fake)) == len(rows)
    user = people[0]
    fake.user(user.telegram_id).send("/start")
    fake.user(user.telegram_id).wait_for("Welcome", timeout=30)
    assert runner._thread is thread and runner.alive
    fake.wait_until(lambda: runner.state == "running", timeout=30)
    assert error_log.lines() == []


def test_an_answer_lost_after_telegram_took_the_message_is_at_least_once(
    runner, fake, shop, ticking_clock, error_log
):
    """Telegram answers later than the bot's read timeout (3 s): the message was delivered, the
    bot does not know and sends it again. Nothing is lost; the duplicates are counted (by design
    at least once — see docs/RELIABILITY.md)."""
    for tid in MASTER_TIDS:
        fake.allow(tid)
    caller = clients.find_or_create_by_phone("+79170000002", "Slow", "Line")
    fake.set_latency(4, "sendMessage")
    Booker(shop).book(caller)
    [row] = list(Outbox.select())
    fake.wait_until(lambda: Outbox.get_by_id(row.id).attempts >= 1, timeout=20)
    fake.set_latency(0, "sendMessage")
    fake.wait_until(lambda: Outbox.get_by_id(row.id).status == OUT_SENT, timeout=30)
    timed_out = Outbox.get_by_id(row.id).attempts

    def copies():
        return [m for m in fake.sent_to(row.chat_id)
                if f"№ {row.booking.number}" in (m.text or "")]

    # Each timed-out attempt was taken by Telegram all the same (its answer came too late), and
    # the last one went through: one copy more than the attempts that timed out — the duplicate
    # this test is about. Wait for the late ones to land rather than for a time.
    fake.wait_until(lambda: len(copies()) >= timed_out + 1, timeout=15)
    assert timed_out >= 1 and len(copies()) == timed_out + 1
    assert runner.state == "running" and error_log.lines() == []
    print(f"\nslow-answer figures: 1 row, {timed_out} timed-out attempt(s), "
          f"{len(copies())} copies delivered")
