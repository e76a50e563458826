"""The bot's own notification rows handed to its sender in memory (`outbox.handing`): written
already claimed in their cause's transaction, exactly as `due()` claims, handed only after the
commit — and left for `due()` when the claim runs out, so a crash between the commit and the send
loses nothing and the resend window stays the claim's."""

from __future__ import annotations

import datetime as dt

import pytest

from mtime_tui.core.booking import bookings
from mtime_tui.core.errors import SlotTaken
from mtime_tui.core.messaging import notify, outbox
from mtime_tui.core.storage import db
from mtime_tui.core.storage.models import OUT_PENDING, SOURCE_BOT, Outbox
from tests import salon_rows as rows
from tests.conftest import FIXED_NOW, TODAY
from tests.salon_rows import hm

pytestmark = pytest.mark.both_engines

TOMORROW = TODAY + dt.timedelta(days=1)
NOW = FIXED_NOW.replace(tzinfo=None)
CLAIMED = NOW + dt.timedelta(seconds=outbox.CLAIM_SECONDS)


@pytest.fixture
def shop(salon):
    cut = rows.service("Haircut", duration=60)
    anna = rows.master("Anna", cut, telegram_id=5_000_001)
    olga = rows.client("Olga", telegram_id=7_000_001, language="en")
    return type("Shop", (), dict(cut=cut, anna=anna, olga=olga, target=salon))


def book(shop, start="10:00", client=None):
    return bookings.create_booking(service_id=shop.cut.id, client_id=(client or shop.olga).id,
                                   day=TOMORROW,
                                   start=hm(start), master_id=shop.anna.id, source=SOURCE_BOT)


def stored(row_id: int) -> Outbox:
    return Outbox.get_by_id(row_id)


def test_a_bookings_rows_are_claimed_in_its_transaction_and_handed_after_its_commit(shop):
    handed, committed_then = [], []

    def take(row):
        handed.append(row)
        committed_then.append(Outbox.select().where(Outbox.id == row.id).exists())

    with outbox.handing(take):
        booking = book(shop)
    assert [r.kind for r in handed] == [notify.MASTER_NEW_BOOKING, notify.CLIENT_RECEIVED]
    assert committed_then == [True, True]
    for row in handed:
        assert row.booking_id == booking.id
        kept = stored(row.id)  # what due() would have written when it claims
        assert (kept.status, kept.attempts, kept.next_attempt_at) == (OUT_PENDING, 0, CLAIMED)
        assert kept.created_at == NOW
        assert outbox.still_claimed(row)
    assert outbox.due() == []  # nobody claims them again: no second sender, no second claim


def test_a_crash_between_the_commit_and_the_send_leaves_them_due_after_the_claim(shop):
    """The process dies right after the commit: the handed rows never reach a sender. They come
    due exactly when a claim by `due()` would have run out — not later, not sooner."""
    with outbox.handing(lambda row: None):  # handed into the void: the process died
        book(shop)
    assert outbox.due(now=FIXED_NOW + dt.timedelta(seconds=outbox.CLAIM_SECONDS - 1)) == []
    again = outbox.due(now=FIXED_NOW + dt.timedelta(seconds=outbox.CLAIM_SECONDS))
    assert [r.kind for r in again] == [notify.MASTER_NEW_BOOKING, notify.CLIENT_RECEIVED]


def test_a_rolled_back_booking_hands_nothing(shop):
    book(shop)  # not handed: due at once, as before
    handed = []
    with outbox.handing(handed.append), pytest.raises(SlotTaken):
        book(shop, client=rows.client("Ivan", telegram_id=7_000_002))  # taken: rolled back
    assert handed == []
    assert {r.next_attempt_at for r in Outbox.select()} == {NOW}
    assert len(outbox.due()) == 2


def test_rows_written_outside_a_transaction_or_outside_the_block_are_due_at_once(shop):
    handed = []
    with outbox.handing(handed.append):
        plain = notify.enqueue(200, notify.MESSAGE, payload={"text": "hello"})  # autocommit
    after = book(shop)  # the block has ended
    assert handed == []
    assert stored(plain.id).next_attempt_at == NOW
    assert {r.next_attempt_at for r in Outbox.select().where(Outbox.booking == after.id)} == {NOW}


def test_at_most_a_batch_is_handed_the_rest_is_due_as_usual(shop):
    handed = []
    with outbox.handing(handed.append), db.write_transaction():
        made = [notify.enqueue(300 + i, notify.MESSAGE, payload={"text": str(i)})
                for i in range(outbox.HAND_LIMIT + 5)]
    assert [r.id for r in handed] == [r.id for r in made[:outbox.HAND_LIMIT]]
    assert [r.id for r in outbox.due(limit=50)] == [r.id for r in made[outbox.HAND_LIMIT:]]


def test_a_claim_nearly_run_out_is_left_to_due(shop):
    handed = []
    with outbox.handing(handed.append):
        book(shop)
    row = handed[0]
    half = outbox.CLAIM_SECONDS / 2
    assert outbox.still_claimed(row, now=FIXED_NOW + dt.timedelta(seconds=half))
    assert not outbox.still_claimed(row, now=FIXED_NOW + dt.timedelta(seconds=half + 1))


CRASHING_WRITER = """
import datetime as dt, os, signal, sys
from mtime_tui.core import clock
from mtime_tui.core.booking import bookings
from mtime_tui.core.messaging import outbox
from mtime_tui.core.storage.db import open_database
from mtime_tui.core.storage.models import SOURCE_BOT
target, service, master, client, day, start = sys.argv[1:]
clock.set_clock(clock.FixedClock(dt.datetime.fromisoformat(os.environ["NOW"])))
open_database(target)
def die(row):  # the moment after the commit, before any send: killed
    os.kill(os.getpid(), signal.SIGKILL)
with outbox.handing(die):
    bookings.create_booking(service_id=int(service), client_id=int(client), day=dt.date.fromisoformat(day),
                            start=int(start), master_id=int(master), source=SOURCE_BOT)
print("not killed")
"""


def test_a_writer_killed_right_after_the_commit_leaves_the_rows_due_after_the_claim(shop):
    """A real process, SIGKILLed by its own after-commit callback: the booking and its two
    notices are in the database, pending, claimed — due exactly when a claim runs out."""
    import os
    import signal
    import subprocess
    import sys

    from mtime_tui.core.storage.models import Booking

    target = shop.target
    child = subprocess.run(
        [sys.executable, "-c", CRASHING_WRITER, str(target), str(shop.cut.id), str(shop.anna.id),
         str(shop.olga.id), TOMORROW.isoformat(), str(hm("10:00"))],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "NOW": FIXED_NOW.isoformat()})
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert "not killed" not in child.stdout
    (booking,) = Booking.select()
    notices = list(Outbox.select().where(Outbox.booking == booking.id).order_by(Outbox.id))
    assert [(r.kind, r.status, r.next_attempt_at) for r in notices] == [
        (notify.MASTER_NEW_BOOKING, OUT_PENDING, CLAIMED), (notify.CLIENT_RECEIVED, OUT_PENDING,
                                                           CLAIMED)]
    assert outbox.due(now=FIXED_NOW + dt.timedelta(seconds=outbox.CLAIM_SECONDS - 1)) == []
    again = outbox.due(now=FIXED_NOW + dt.timedelta(seconds=outbox.CLAIM_SECONDS))
    assert [r.id for r in again] == [r.id for r in notices]
