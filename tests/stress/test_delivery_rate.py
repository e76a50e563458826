"""Part 4, delivery rate under 429s — a finding of this suite, fixed in commit 8d934a8.

Before the fix, after a 429 (or any error that stopped a batch) the rows of the batch the sender
had claimed but not tried stayed claimed for outbox.CLAIM_SECONDS (30 s): Telegram asked to wait
1–2 s, the other notifications waited 30; under flood control a burst crawled at one batch per
30 s (27 rows at 5/s took ~2 minutes). These keep it fixed.
"""

from __future__ import annotations

import time

import pytest

from mtime_tui.core.storage.models import OUT_SENT, Outbox

from .test_telegram_trouble import (
    Booker,
    delivered_once,
    open_chats,
    sends_ok,
    telegram_clients,
)

pytestmark = [pytest.mark.stress, pytest.mark.both_engines]


def test_a_429_holds_back_the_other_rows_only_as_long_as_telegram_asked(
    runner, fake, shop, ticking_clock
):
    open_chats(fake)
    [person] = telegram_clients(fake, 1)
    fake.fail("sendMessage", 429, count=1, retry_after=2)
    began = time.monotonic()
    Booker(shop).book(person)  # three rows: the master, the client, the admin
    rows = list(Outbox.select())
    assert len(rows) == 3
    fake.wait_until(lambda: all(Outbox.get_by_id(r.id).status == OUT_SENT for r in rows),
                    timeout=10)  # retry_after 2 s + a few ticks; before the fix: ~30 s
    assert time.monotonic() - began < 10
    assert delivered_once(fake, rows) == []


def test_a_burst_under_flood_control_goes_out_at_the_allowed_rate(
    runner, fake, shop, ticking_clock
):
    open_chats(fake)
    people = telegram_clients(fake, 9)
    fake.flood_limit(per_second=5, retry_after=1)
    booker = Booker(shop)
    for person in people:
        booker.book(person)
    rows = list(Outbox.select())
    assert len(rows) == 27
    # 27 messages at 5 a second is ~6 s; allow 30. Before the fix: one batch per 30 s, ~2 min.
    fake.wait_until(lambda: all(Outbox.get_by_id(r.id).status == OUT_SENT for r in rows),
                    timeout=30)
    assert delivered_once(fake, rows) == []
    assert len(sends_ok(fake)) == 27
