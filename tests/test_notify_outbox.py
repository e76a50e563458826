"""Reminders, messages to clients, and the outbox's delivery bookkeeping (claim, back-off,
retry_after, giving up, unreachable users, what the TUI shows as undelivered)."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest

from mtime_tui.core import settings as salon_settings
from mtime_tui.core.booking import bookings
from mtime_tui.core.errors import NotAllowed, NotFound, ValidationError
from mtime_tui.core.messaging import notify, outbox
from mtime_tui.core.storage import upkeep
from mtime_tui.core.storage.models import (
    BY_CLIENT,
    CONFIRMED,
    OUT_FAILED,
    OUT_PENDING,
    OUT_SENT,
    OUT_UNREACHABLE,
    SOURCE_BOT,
    SOURCE_MANUAL,
    Booking,
    Outbox,
    TelegramUser,
    database,
)
from tests import salon_rows as rows
from tests.conftest import FIXED_NOW, TODAY
from tests.salon_rows import hm

pytestmark = pytest.mark.both_engines

TOMORROW = TODAY + dt.timedelta(days=1)
CLIENT_TG = 7_000_001


@pytest.fixture
def shop(salon):
    cut = rows.service("Haircut", duration=60)
    anna = rows.master("Anna", cut, telegram_id=5_000_001)
    olga = rows.client("Olga", telegram_id=CLIENT_TG, language="en")
    ivan = rows.client("Ivan")
    return type("Shop", (), dict(cut=cut, anna=anna, olga=olga, ivan=ivan))


def book(shop, day, start, *, client=None, source=SOURCE_BOT, now=None):
    return bookings.create_booking(service_id=shop.cut.id, client_id=(client or shop.olga).id,
                                   day=day, start=hm(start), master_id=shop.anna.id,
                                   source=source, now=now)


def reminders():
    return [
        (json.loads(o.payload)["hours"], json.loads(o.payload)["number"])
        for o in Outbox.select().where(Outbox.kind == notify.CLIENT_REMINDER).order_by(Outbox.id)
    ]


# Reminders.


def test_reminders_24_and_2_hours_before_each_once(shop, fixed_clock):
    b = book(shop, TOMORROW + dt.timedelta(days=1), "12:00")  # Wed 12:00, booked Mon 09:00
    assert notify.enqueue_due_reminders() == 0
    fixed_clock.set(FIXED_NOW + dt.timedelta(days=1, hours=3))  # Tue 12:00: 24 h before
    assert notify.enqueue_due_reminders() == 1
    assert notify.enqueue_due_reminders() == 0  # once
    fixed_clock.advance(minutes=30)
    assert notify.enqueue_due_reminders() == 0
    fixed_clock.set(FIXED_NOW + dt.timedelta(days=2, hours=1))  # Wed 10:00: 2 h before
    assert notify.enqueue_due_reminders() == 1
    assert reminders() == [(24, b.number), (2, b.number)]
    row = Outbox.select().where(Outbox.kind == notify.CLIENT_REMINDER).first()
    assert (row.chat_id, row.language, row.booking_id) == (CLIENT_TG, "en", b.id)


def test_no_reminder_for_cancelled_phone_only_or_past_bookings(shop, fixed_clock):
    day = TOMORROW + dt.timedelta(days=1)
    cancelled = book(shop, day, "12:00")
    bookings.cancel(cancelled.number, by=BY_CLIENT)
    book(shop, day, "14:00", client=shop.ivan, source=SOURCE_MANUAL)  # no Telegram
    fixed_clock.set(FIXED_NOW + dt.timedelta(days=1, hours=3))
    assert notify.enqueue_due_reminders() == 0


def test_a_reminder_is_not_sent_late(shop, fixed_clock):
    """The laptop was off when the 24-hour reminder was due; 5 hours later it is not sent."""
    book(shop, TOMORROW + dt.timedelta(days=1), "12:00")
    fixed_clock.set(FIXED_NOW + dt.timedelta(days=1, hours=8))
    assert notify.enqueue_due_reminders() == 0
    fixed_clock.set(FIXED_NOW + dt.timedelta(days=1, hours=3, minutes=50))  # within the hour
    assert notify.enqueue_due_reminders() == 1


def test_booking_made_after_the_reminder_time_gets_only_the_later_reminder(shop, fixed_clock):
    b = book(shop, TODAY, "20:00")  # booked 11 h before: the 24-hour reminder time has passed
    fixed_clock.set(FIXED_NOW + dt.timedelta(hours=9))  # 18:00: 2 h before
    assert notify.enqueue_due_reminders() == 1
    assert reminders() == [(2, b.number)]


def test_moved_booking_is_reminded_again_for_its_new_time(shop, fixed_clock):
    b = book(shop, TOMORROW, "12:00")
    fixed_clock.set(FIXED_NOW + dt.timedelta(hours=1))  # Mon 10:00 — not yet
    bookings.reschedule(b.number, day=TOMORROW, start=hm("11:00"), by=BY_CLIENT)
    fixed_clock.set(FIXED_NOW + dt.timedelta(days=1))  # Tue 09:00: 2 h before 11:00
    assert notify.enqueue_due_reminders() == 1
    assert json.loads(Outbox.get(Outbox.kind == notify.CLIENT_REMINDER).payload)["start"] == hm("11:00")


def test_reminder_hours_come_from_settings(shop, fixed_clock):
    salon_settings.save(reminder_hours="5")
    book(shop, TOMORROW, "12:00")
    fixed_clock.set(FIXED_NOW + dt.timedelta(days=1, hours=-2))  # Tue 07:00: 5 h before
    assert notify.enqueue_due_reminders() == 1
    assert reminders()[0][0] == 5


# Messages and enqueue.


def test_message_client(shop):
    row = notify.message_client(shop.olga.id, "  Please bring your card  ")
    assert (row.chat_id, row.kind, row.language) == (CLIENT_TG, notify.MESSAGE, "en")
    assert json.loads(row.payload) == {"text": "Please bring your card"}
    with pytest.raises(NotAllowed):
        notify.message_client(shop.ivan.id, "hi")
    with pytest.raises(ValidationError):
        notify.message_client(shop.olga.id, "   ")
    with pytest.raises(ValidationError):
        notify.message_client(shop.olga.id, "x" * 5000)
    with pytest.raises(NotFound):
        notify.message_client(999, "hi")


def test_enqueue_dedup_and_unknown_kind(shop):
    assert notify.enqueue(1, notify.MESSAGE, payload={"text": "a"}, dedup_key="k") is not None
    assert notify.enqueue(1, notify.MESSAGE, payload={"text": "a"}, dedup_key="k") is None
    with pytest.raises(ValueError):
        notify.enqueue(1, "telegram_from_mars")


def test_staff_language_from_their_telegram(shop):
    assert notify.staff_language(5_000_001) == "ru"
    rows.telegram_user(5_000_001, language="en")
    assert notify.staff_language(5_000_001) == "en"


# The outbox.


def make_rows(n, *, now=FIXED_NOW):
    return [notify.enqueue(100 + i, notify.MESSAGE, payload={"text": str(i)}, now=now)
            for i in range(n)]


def test_due_is_oldest_first_limited_and_claims(shop):
    made = make_rows(5)
    later = notify.enqueue(200, notify.MESSAGE, payload={"text": "later"},
                           now=FIXED_NOW + dt.timedelta(minutes=5))
    first = outbox.due(limit=3)
    assert [r.id for r in first] == [r.id for r in made[:3]]
    second = outbox.due(limit=10)  # the first three are claimed, `later` is not due yet
    assert [r.id for r in second] == [r.id for r in made[3:]]
    assert outbox.due() == []
    # A claim runs out: a sender that died mid-send does not lose the row.
    after = FIXED_NOW + dt.timedelta(minutes=6)
    assert {r.id for r in outbox.due(now=after)} == {r.id for r in made} | {later.id}


def test_two_senders_never_get_the_same_row(shop):
    make_rows(60)
    got: list[list[int]] = [[], []]
    barrier = threading.Barrier(2)

    def sender(i):
        database.connect(reuse_if_open=True)
        try:
            barrier.wait(timeout=30)
            while rows_ := outbox.due(limit=7):
                got[i].extend(r.id for r in rows_)
        finally:
            database.close()

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not set(got[0]) & set(got[1])
    assert len(got[0]) + len(got[1]) == 60


def test_mark_sent(shop):
    (row,) = make_rows(1)
    outbox.due()
    outbox.mark_sent(row.id)
    row = Outbox.get_by_id(row.id)
    assert row.status == OUT_SENT and row.sent_at == FIXED_NOW.replace(tzinfo=None)
    assert outbox.counts()[OUT_SENT] == 1


def test_back_off_doubles_and_is_capped():
    assert [outbox.backoff(n) for n in range(1, 11)] == [2, 4, 8, 16, 32, 64, 128, 256, 300, 300]


def test_mark_retry_backs_off_and_honours_retry_after(shop):
    (row,) = make_rows(1)
    outbox.mark_retry(row.id, "timed out")
    r = Outbox.get_by_id(row.id)
    assert (r.status, r.attempts, r.last_error) == (OUT_PENDING, 1, "timed out")
    assert r.next_attempt_at == FIXED_NOW.replace(tzinfo=None) + dt.timedelta(seconds=2)
    outbox.mark_retry(row.id, "timed out")
    assert Outbox.get_by_id(row.id).next_attempt_at == FIXED_NOW.replace(tzinfo=None) + dt.timedelta(seconds=4)
    outbox.mark_retry(row.id, "Flood control", retry_after=37)
    r = Outbox.get_by_id(row.id)
    assert r.attempts == 2  # a 429 is not a failed attempt
    assert r.next_attempt_at == FIXED_NOW.replace(tzinfo=None) + dt.timedelta(seconds=37)
    assert outbox.due() == []
    assert [x.id for x in outbox.due(now=FIXED_NOW + dt.timedelta(seconds=37))] == [row.id]


def test_gives_up_after_max_attempts_but_not_within_keep_trying(shop, fixed_clock):
    (row,) = make_rows(1)
    for _ in range(outbox.MAX_ATTEMPTS + 3):
        outbox.mark_retry(row.id, "network down")
    r = Outbox.get_by_id(row.id)
    assert r.status == OUT_PENDING  # only minutes old: an outage must not lose it
    fixed_clock.set(FIXED_NOW + outbox.KEEP_TRYING)
    outbox.mark_retry(row.id, "still down")
    r = Outbox.get_by_id(row.id)
    assert (r.status, r.last_error) == (OUT_FAILED, "still down")
    outbox.mark_retry(row.id, "ignored")  # a failed row stays failed
    assert Outbox.get_by_id(row.id).status == OUT_FAILED
    assert [x.id for x in outbox.undelivered()] == [row.id]


def test_mark_failed_and_unreachable_and_undelivered(shop):
    a, b, c, d = make_rows(4)
    rows.telegram_user(b.chat_id)
    outbox.mark_failed(a.id, "Bad Request: can't parse entities")
    outbox.mark_unreachable(b.id, "Forbidden: bot was blocked by the user")
    outbox.mark_retry(c.id, "timed out")
    outbox.mark_sent(d.id)
    assert Outbox.get_by_id(a.id).status == OUT_FAILED
    assert Outbox.get_by_id(b.id).status == OUT_UNREACHABLE
    assert TelegramUser.get_by_id(b.chat_id).unreachable is True
    assert {r.id for r in outbox.undelivered()} == {a.id, b.id, c.id}
    assert outbox.counts() == {OUT_PENDING: 1, OUT_SENT: 1, OUT_FAILED: 1, OUT_UNREACHABLE: 1,
                               "retrying": 1}
    assert outbox.requeue([a.id]) == 1
    assert Outbox.get_by_id(a.id).status == OUT_PENDING
    assert outbox.requeue() == 1
    assert {r.id for r in outbox.due()} == {a.id, b.id}  # c is backing off


def test_mark_unreachable_for_someone_who_never_started(shop):
    (row,) = make_rows(1)
    outbox.mark_unreachable(row.id, "Forbidden: bot can't initiate conversation")
    assert Outbox.get_by_id(row.id).status == OUT_UNREACHABLE
    assert TelegramUser.select().count() == 0  # "not started" stays visible as such


def test_daily_upkeep_purges_what_is_done_and_old_and_keeps_what_is_still_needed(shop):
    long_ago = FIXED_NOW - dt.timedelta(days=outbox.RETENTION_DAYS + 10)
    sent, failed, unreachable, waiting = make_rows(4, now=long_ago)
    outbox.mark_sent(sent.id)
    outbox.mark_failed(failed.id, "Bad Request: chat not found")
    outbox.mark_unreachable(unreachable.id, "Forbidden: bot was blocked by the user")
    (recent,) = make_rows(1, now=FIXED_NOW - dt.timedelta(days=outbox.RETENTION_DAYS - 1))
    outbox.mark_sent(recent.id)
    upcoming, past = book(shop, TOMORROW, "10:00"), book(shop, TOMORROW, "12:00")
    Booking.update(date=TODAY - dt.timedelta(days=95)).where(Booking.id == past.id).execute()
    Outbox.update(status=OUT_SENT, created_at=long_ago.replace(tzinfo=None)).where(
        Outbox.booking.in_([upcoming.id, past.id])).execute()
    of_upcoming = {r.id for r in Outbox.select().where(Outbox.booking == upcoming.id)}
    assert of_upcoming and Outbox.select().where(Outbox.booking == past.id).exists()

    result = upkeep.run(now=FIXED_NOW)

    kept = {r.id for r in Outbox.select()}
    assert kept == {waiting.id, recent.id, *of_upcoming}  # pending, recent, a visit to come
    assert result.purged == 3 + len(of_upcoming)  # sent, failed, unreachable + the past visit's
    assert upkeep.run(now=FIXED_NOW).purged == 0  # a second run the same day: nothing more


def test_rows_of_a_kind_kept_for_figures_are_never_purged(shop, monkeypatch):
    monkeypatch.setattr(outbox, "KEEP_KINDS", frozenset({notify.MESSAGE}))
    (old,) = make_rows(1, now=FIXED_NOW - dt.timedelta(days=400))
    outbox.mark_sent(old.id)
    assert outbox.purge_done(now=FIXED_NOW) == 0 and Outbox.get_by_id(old.id)


def test_notifications_commit_with_their_cause(shop, monkeypatch):
    """Booking and notifications are one transaction: a failure after the master's row was
    written leaves neither the booking nor that row behind."""
    salon_settings.add_admin(9_000_001)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(notify, "_to_admins", broken)
    with pytest.raises(RuntimeError):
        book(shop, TOMORROW, "10:00")
    assert Booking.select().count() == 0
    assert Outbox.select().count() == 0
    monkeypatch.undo()
    b = book(shop, TOMORROW, "10:00")
    assert b.number == 1001 and Outbox.select().count() == 3
    bookings.set_status(b.number, CONFIRMED)
    assert Outbox.select().count() == 4


def test_idle_ticks_take_no_write_lock(shop, db_path):
    """The sender polls every second and reminders every minute: with nothing to do they must not
    wait for (or block) a writer such as the TUI saving a booking."""
    from tests.engine_helpers import another_writer

    with another_writer(db_path):  # someone else is writing right now
        assert outbox.due() == []
        assert notify.enqueue_due_reminders() == 0
