"""A booking made in the bot: its notices go to the sender in memory after the booking's commit
(no claim of the outbox of their own), each sent once — and a bot that dies between the commit
and the send leaves them to be sent when their claim runs out, as a claimed row always was."""

from __future__ import annotations

import pytest

from mtime_tui.bot.telegram import sender as sender_mod
from mtime_tui.core.messaging import outbox
from mtime_tui.core.storage.models import OUT_SENT, Booking, Outbox
from tests.bot.conftest import MARIA_TID, book

pytestmark = pytest.mark.both_engines

ANNA = 1001


@pytest.fixture
def claimed(monkeypatch):
    """The ids of every row `outbox.due()` claimed."""
    ids: list[int] = []
    due = outbox.due

    def recording(*args, **kwargs):
        rows = due(*args, **kwargs)
        ids.extend(r.id for r in rows)
        return rows

    monkeypatch.setattr(outbox, "due", recording)
    return ids


def notices_of(fake, chat_id, number):
    return [m for m in fake.sent_to(chat_id) if f"№ {number}" in (m.text or "")]


def test_a_bot_bookings_notices_go_out_once_without_a_claim_of_their_own(
        runner, fake, seed, claimed):
    fake.allow(MARIA_TID)
    anna = fake.user(ANNA, first_name="Anna", language_code="en")
    book(anna)
    number = Booking.get().number
    fake.wait_until(lambda: notices_of(fake, MARIA_TID, number) and notices_of(fake, ANNA, number))
    rows = list(Outbox.select())
    fake.wait_until(lambda: {Outbox.get_by_id(r.id).status for r in rows} == {OUT_SENT})
    assert len(rows) == 2
    assert claimed == []  # handed in memory: the outbox was never claimed for them
    assert len(notices_of(fake, MARIA_TID, number)) == 1
    assert len([m for m in fake.sent_to(ANNA) if "received your booking" in (m.text or "")]) == 1


def test_a_bot_that_dies_between_the_commit_and_the_send_sends_them_after_the_claim(
        runner, fake, seed, fixed_clock, claimed, monkeypatch):
    """The handed rows never reach the sender (as if the process died right after the commit):
    nothing goes out until the claim runs out; then `due()` takes them and each goes out once."""
    async def lost(self):  # what was handed is gone, as with the process
        self._handed.clear()
        return True

    monkeypatch.setattr(sender_mod.OutboxSender, "deliver_handed", lost)
    fake.allow(MARIA_TID)
    anna = fake.user(ANNA, first_name="Anna", language_code="en")
    book(anna)
    number = Booking.get().number
    rows = list(Outbox.select())
    assert len(rows) == 2
    fixed_clock.advance(seconds=outbox.CLAIM_SECONDS - 1)
    with pytest.raises(TimeoutError):  # still claimed: no sender may send them
        fake.wait_until(lambda: notices_of(fake, MARIA_TID, number), timeout=0.6)
    assert claimed == []
    fixed_clock.advance(seconds=1)  # the claim has run out
    fake.wait_until(lambda: {Outbox.get_by_id(r.id).status for r in rows} == {OUT_SENT})
    assert sorted(claimed) == sorted(r.id for r in rows)
    assert len(notices_of(fake, MARIA_TID, number)) == 1
    assert len([m for m in fake.sent_to(ANNA) if "received your booking" in (m.text or "")]) == 1


def test_rows_handed_but_not_sent_when_the_bot_stops_are_due_at_once(
        runner, fake, seed, fixed_clock, monkeypatch):
    """A clean stop: what was handed and not yet sent is released (due now), not left waiting
    for the whole claim."""
    held = []

    async def busy(self):  # the sender is busy elsewhere: the rows wait in memory
        held.extend(r for r in self._handed if r not in held)
        return True

    monkeypatch.setattr(sender_mod.OutboxSender, "deliver_handed", busy)
    fake.allow(MARIA_TID)
    anna = fake.user(ANNA, first_name="Anna", language_code="en")
    book(anna)
    fake.wait_until(lambda: len(held) == 2)
    runner.stop(timeout=5)
    assert fake.sent_to(MARIA_TID) == []
    assert {r.id for r in outbox.due()} == {r.id for r in held}  # due now, not in 30 s
