"""A broadcast to 5,000 clients through the stand-in (issue 16): 429s and 403s in it, a restart
in the middle; each client gets it exactly once, none of the excluded, and the bot never sends
more than Telegram allows (about 30 a second). Bounded: about 4 minutes at the bot's 25/s."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from mtime_tui.core import settings
from mtime_tui.core.messaging import broadcasts
from mtime_tui.core.storage.models import Client, TelegramUser, database
from tests.stress.conftest import TOKEN, start_runner

pytestmark = pytest.mark.stress

N = 5000
BASE = 600_000
LIMIT_PER_SECOND = 30
TEXT = "Hello {first_name}, Friday is free"


@pytest.fixture
def wide_fake():
    from tests.fakegram import FakeTelegram

    server = FakeTelegram(TOKEN, open_chats=True)
    server.start()
    yield server
    server.stop()


def sends(fake):
    return [c for c in fake.calls if c.method == "sendMessage"]


def test_5000_clients_each_once_under_429s_403s_and_a_restart(shop, wide_fake, ticking_clock):
    fake = wide_fake
    rows = [{"telegram_id": BASE + i, "first_name": f"C{i}", "language": "en"} for i in range(N)]
    with database.atomic():
        for start in range(0, N, 500):
            Client.insert_many(rows[start:start + 500]).execute()
    ids = {c.telegram_id: c.id for c in Client.select(Client.id, Client.telegram_id)}
    blocked = [BASE + i for i in range(0, 100)]
    opted_out = [BASE + i for i in range(100, 200)]
    unreachable = [BASE + i for i in range(200, 300)]
    forbidden = {BASE + i for i in range(300, 550)}  # 403 when the bot tries
    Client.update(blocked=True).where(Client.telegram_id.in_(blocked)).execute()
    for tid in opted_out:
        broadcasts.opt_out(tid)
    TelegramUser.insert_many([{"telegram_id": t, "unreachable": True} for t in unreachable]
                             ).execute()
    for tid in forbidden:
        fake.forbid(tid)
    excluded = set(blocked) | set(opted_out) | set(unreachable)
    expected = N - len(excluded)

    b = broadcasts.create(TEXT, broadcasts.Audience())
    assert broadcasts.start(b.id) == expected
    settings.save(bot_token=TOKEN, bot_api_url=fake.base_url)
    fake.fail("sendMessage", 429, count=4, retry_after=1)  # flood control answers, now and then
    fake.flood_limit(per_second=LIMIT_PER_SECOND, retry_after=1)
    began = time.monotonic()
    bot = start_runner(lambda e: None, sender_interval=0.05)
    fake.wait_until(lambda: bot.state == "running", timeout=15)
    try:
        fake.wait_until(lambda: len(sends(fake)) >= 1500, timeout=150)
    finally:
        bot.stop(timeout=5)  # the laptop is closed in the middle
    fake.fail("sendMessage", 429, count=2, retry_after=1)
    bot = start_runner(lambda e: None, sender_interval=0.05)
    try:
        fake.wait_until(lambda: broadcasts.figures(b.id).left == 0, timeout=300)
    finally:
        bot.stop(timeout=5)
    elapsed = time.monotonic() - began

    delivered = Counter(c.params["chat_id"] for c in sends(fake) if c.ok)
    assert set(delivered.values()) == {1}  # nobody twice
    reached = {int(chat) for chat in delivered}
    assert reached == set(range(BASE, BASE + N)) - excluded - forbidden  # nobody lost
    tried = {int(c.params["chat_id"]) for c in sends(fake)}
    assert not tried & excluded  # the blocked, opted out and unreachable never tried
    figures = broadcasts.figures(b.id)
    assert (figures.sent, figures.unreachable, figures.left) == (
        expected - len(forbidden), len(forbidden), 0)
    # Telegram's limit: no second of the run with more than 30 messages tried.
    stamps = sorted(c.at for c in sends(fake))
    worst, j = 0, 0
    for i, t in enumerate(stamps):
        while stamps[j] <= t - 1.0:
            j += 1
        worst = max(worst, i - j + 1)
    assert worst <= LIMIT_PER_SECOND, worst
    assert elapsed < 400
    assert ids  # the clients were there
    print(f"\n{expected} recipients in {elapsed:.0f} s, the busiest second {worst} messages")
