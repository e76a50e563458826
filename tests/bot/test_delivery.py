"""Outbox delivery through the real runner: outages, 429, 403, 400, reminders once.

The clock is pinned (FixedClock): a row that must wait (back-off, retry_after) becomes due only
when the test moves the clock, so "it waited" is checked exactly, without sleeping.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mtime_tui.bot.telegram import sender as sender_mod
from mtime_tui.bot.telegram.events import DELIVERY_FAILED, STATE_CHANGED, BotEvent
from mtime_tui.bot.telegram.runner import BotRunner
from mtime_tui.core.booking import bookings
from mtime_tui.core.messaging import notify, outbox
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import (
    OUT_FAILED,
    OUT_PENDING,
    OUT_SENT,
    OUT_UNREACHABLE,
    SOURCE_BOT,
    SOURCE_MANUAL,
    Outbox,
    TelegramUser,
)
from tests.bot.conftest import MARIA_TID, TOMORROW
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.both_engines

ANNA = 1001


def anna_client():
    client = clients.telegram_client(ANNA, first_name="Anna", language="en")
    return clients.set_phone(client.id, "+79123456789")


def phone_client(phone="+79123456780"):
    return clients.find_or_create_by_phone(phone, "Walk", "In")


def new_booking(seed, client, start=600, source=SOURCE_BOT, day=TOMORROW):
    return bookings.create_booking(service_id=seed.haircut.id, client_id=client.id, day=day,
                                   start=start, master_id=seed.maria.id, source=source)


def texts_to(fake, chat_id, needle):
    return [m.text for m in fake.sent_to(chat_id) if needle in (m.text or "")]


def row_status(row_id):
    return Outbox.get_by_id(row_id).status


@pytest.mark.parametrize("mode", ["error", "drop"])
def test_an_outage_loses_nothing_and_sends_nothing_twice(
    runner, fake, seed, fixed_clock, events, mode
):
    fake.allow(MARIA_TID)
    fake.user(ANNA, first_name="Anna", language_code="en")
    fake.outage(mode=mode, status=502)
    client = anna_client()
    first = new_booking(seed, client, start=600)
    second = new_booking(seed, client, start=660)
    rows = list(Outbox.select())
    assert len(rows) == 4  # master and client, twice
    # The first failure stops the batch: the rest wait for the next round, still pending.
    fake.wait_until(lambda: any(Outbox.get_by_id(r.id).attempts for r in rows), timeout=10)
    fake.wait_until(lambda: runner.state == "unreachable")
    fixed_clock.advance(minutes=1)  # another round of attempts while Telegram is still down
    fake.wait_until(lambda: sum(Outbox.get_by_id(r.id).attempts for r in rows) >= 2, timeout=10)
    assert {row_status(r.id) for r in rows} == {OUT_PENDING}

    fake.restore()

    def all_sent_as_time_goes_by() -> bool:
        # The clock stands still: a retry scheduled during the last round (relative to "now")
        # comes due only when time moves, so move it a minute each time we look.
        fixed_clock.advance(minutes=1)
        return {row_status(r.id) for r in rows} == {OUT_SENT}

    fake.wait_until(all_sent_as_time_goes_by, timeout=10)
    for number in (first.number, second.number):
        assert len(texts_to(fake, MARIA_TID, f"№ {number}")) == 1
        assert len(texts_to(fake, ANNA, f"№ {number}")) == 1
    fake.wait_until(lambda: runner.state == "running", timeout=10)
    states = [e.text for e in events if e.kind == STATE_CHANGED]
    assert states[-2:] == ["unreachable", "running"]


def test_retry_after_is_honoured(runner, fake, seed, fixed_clock):
    fake.allow(MARIA_TID)
    fake.fail("sendMessage", 429, retry_after=30)
    booking = new_booking(seed, phone_client(), source=SOURCE_MANUAL)
    (row,) = Outbox.select()
    fake.wait_until(lambda: Outbox.get_by_id(row.id).last_error != "")
    waiting = Outbox.get_by_id(row.id)
    assert waiting.status == OUT_PENDING
    assert waiting.attempts == 0  # the message was fine; the bot was only too fast
    assert waiting.next_attempt_at == FIXED_NOW.replace(tzinfo=None) + dt.timedelta(seconds=30)
    assert texts_to(fake, MARIA_TID, f"№ {booking.number}") == []

    fixed_clock.advance(seconds=30)
    fake.wait_until(lambda: row_status(row.id) == OUT_SENT)
    assert len(texts_to(fake, MARIA_TID, f"№ {booking.number}")) == 1


def test_a_403_marks_the_recipient_unreachable(runner, fake, seed, events):
    TelegramUser.create(telegram_id=MARIA_TID, first_name="Maria")
    fake.forbid(MARIA_TID)
    booking = new_booking(seed, phone_client(), source=SOURCE_MANUAL)
    (row,) = Outbox.select()
    fake.wait_until(lambda: row_status(row.id) == OUT_UNREACHABLE)
    assert TelegramUser.get_by_id(MARIA_TID).unreachable
    assert "blocked" in Outbox.get_by_id(row.id).last_error
    fake.wait_until(lambda: any(e.kind == DELIVERY_FAILED for e in events))
    assert BotEvent(DELIVERY_FAILED, booking.number, Outbox.get_by_id(row.id).last_error) in events


def test_a_master_who_never_started_the_bot_is_unreachable(runner, fake, seed):
    new_booking(seed, phone_client(), source=SOURCE_MANUAL)  # Maria never wrote to the bot
    (row,) = Outbox.select()
    fake.wait_until(lambda: row_status(row.id) == OUT_UNREACHABLE)
    assert "initiate" in Outbox.get_by_id(row.id).last_error


def test_a_bad_request_fails_at_once(runner, fake, seed, events):
    fake.allow(MARIA_TID)
    fake.fail("sendMessage", 400, description="Bad Request: can't parse entities")
    new_booking(seed, phone_client(), source=SOURCE_MANUAL)
    (row,) = Outbox.select()
    fake.wait_until(lambda: row_status(row.id) == OUT_FAILED)
    assert "parse entities" in Outbox.get_by_id(row.id).last_error
    fake.wait_until(lambda: any(e.kind == DELIVERY_FAILED for e in events))


def test_rows_written_while_the_bot_was_off_go_out_when_it_starts(bot_settings, fake, seed):
    fake.allow(MARIA_TID)
    booking = new_booking(seed, phone_client(), source=SOURCE_MANUAL)
    bot = BotRunner(poll_timeout=1, sender_interval=0.1)
    bot.start()
    try:
        fake.wait_until(lambda: texts_to(fake, MARIA_TID, f"№ {booking.number}"))
    finally:
        bot.stop()
    assert row_status(Outbox.get().id) == OUT_SENT


def test_a_stop_in_the_middle_of_a_batch_leaves_the_rest_due_at_once(
        bot_settings, fake, seed, fixed_clock, monkeypatch):
    """The bot is stopped while it sends a batch: the row whose turn it was and the rows after it
    are due again at once (the next start sends them), not held for the rest of their claim."""
    fake.allow(MARIA_TID)
    for start in (600, 660, 720):  # written while the bot was off: one batch of three
        new_booking(seed, phone_client(f"+7912345678{start // 60 - 10}"), start=start,
                    source=SOURCE_MANUAL)
    first, *rest = Outbox.select().order_by(Outbox.id)
    deliver = sender_mod.OutboxSender.deliver

    async def deliver_then_stop(self, row, settings):
        try:
            return await deliver(self, row, settings)
        finally:
            self.finish()  # as `BotRunner.stop` does, while the batch is under way

    monkeypatch.setattr(sender_mod.OutboxSender, "deliver", deliver_then_stop)
    bot = BotRunner(poll_timeout=1, sender_interval=0.1)
    bot.start()
    try:
        fake.wait_until(lambda: row_status(first.id) == OUT_SENT)
    finally:
        bot.stop()
    assert len(fake.sent_to(MARIA_TID)) == 1
    assert sorted(r.id for r in outbox.due()) == [r.id for r in rest]  # the clock has not moved


def test_reminders_are_sent_once_even_across_a_restart(runner, fake, seed, fixed_clock):
    fake.user(ANNA, first_name="Anna", language_code="en")
    booking = new_booking(seed, anna_client(), start=10 * 60)  # Tue 10:00 Moscow = 07:00 UTC
    fake.wait_until(lambda: texts_to(fake, ANNA, "We have received"))

    fixed_clock.advance(hours=1)  # Mon 07:00 UTC: 24 hours before
    fake.wait_until(lambda: texts_to(fake, ANNA, "visit is in 24 h"))
    fixed_clock.advance(minutes=20)  # still within the reminder's grace
    runner.stop()
    again = BotRunner(poll_timeout=1, sender_interval=0.1, reminder_interval=0.1)
    again.start()
    try:
        notify.message_client(booking.client_id, "sync point")  # written after the start-up
        fake.wait_until(lambda: texts_to(fake, ANNA, "sync point"))
        assert len(texts_to(fake, ANNA, "visit is in 24 h")) == 1

        fixed_clock.set(dt.datetime(2026, 11, 24, 5, 0, tzinfo=dt.UTC))  # 2 hours before
        fake.wait_until(lambda: texts_to(fake, ANNA, "visit is in 2 h"))
        notify.message_client(booking.client_id, "second sync")
        fake.wait_until(lambda: texts_to(fake, ANNA, "second sync"))
    finally:
        again.stop()
    assert len(texts_to(fake, ANNA, "visit is in 24 h")) == 1
    assert len(texts_to(fake, ANNA, "visit is in 2 h")) == 1
    reminder = texts_to(fake, ANNA, "visit is in 2 h")[0]
    assert "№ 1001" in reminder and "10:00" in reminder and "1 Main St" in reminder


def test_admins_hear_of_new_bookings_and_cancellations(runner, fake, admin, seed):
    fake.allow(admin)
    fake.allow(MARIA_TID)
    booking = new_booking(seed, phone_client(), source=SOURCE_MANUAL)
    bookings.cancel(booking.number, by="salon")
    fake.wait_until(lambda: len(fake.sent_to(admin)) == 2)
    first, second = (m.text for m in fake.sent_to(admin))
    assert "Новая запись № 1001" in first and "Walk In" in first and "Maria" in first
    assert "Запись № 1001 отменена" in second


def test_the_client_hears_what_the_salon_does(runner, fake, seed):
    fake.user(ANNA, first_name="Anna", language_code="en")
    client = anna_client()
    first = new_booking(seed, client, start=600)
    second = new_booking(seed, client, start=660)
    bookings.set_status(first.number, "confirmed")
    bookings.reschedule(first.number, day=TOMORROW, start=12 * 60, by="salon")
    bookings.cancel(second.number, by="salon")  # still pending: declined
    fake.wait_until(lambda: texts_to(fake, ANNA, "could not accept"))
    assert texts_to(fake, ANNA, "booking № 1001 is confirmed")
    (moved,) = texts_to(fake, ANNA, "has moved your booking № 1001")
    assert "12:00" in moved and "(was Tue, 24 Nov 10:00)" in moved
    assert "№ 1002" in texts_to(fake, ANNA, "could not accept")[0]
