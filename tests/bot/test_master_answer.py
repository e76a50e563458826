"""A client books in the bot → the master is notified → Confirm / Decline → the client hears."""

from __future__ import annotations

import pytest

from mtime_tui.bot.telegram.events import BOOKING_CHANGED, BotEvent
from mtime_tui.core.storage.models import BY_SALON, CANCELLED, CONFIRMED, Booking, Outbox
from tests.bot.conftest import MARIA_TID, book


def start(user, text="master menu"):
    """The master or admin presses /start once (so the bot knows their language)."""
    user.send("/start")
    return user.wait_for(text)


def new_booking_note(fake, master):
    """The master's 🆕 notification with its Confirm / Decline buttons."""
    return master.wait_for(lambda m: "1001" in (m.text or "") and bool(m.buttons()))


def test_confirm_from_the_notification_reaches_the_client(runner, fake, seed, events):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    start(maria)
    anna = fake.user(1001, first_name="Anna", language_code="en")
    book(anna)
    note = new_booking_note(fake, maria)
    assert "New booking № 1001" in note.text
    assert [t for t, _ in note.buttons()] == ["✅ Confirm", "❌ Decline"]

    maria.clear()
    maria.press("✅ Confirm")
    card = maria.wait_for(lambda m: m.message_id == note.message_id and "Confirmed" in m.text)
    assert "Done" in card.text and "The client will be told" in card.text
    assert "Anna" in card.text and "8 (912) 345-67-89" in card.text
    assert "Master:" not in card.text  # a master's card does not name the master
    assert Booking.get().status == CONFIRMED
    anna.wait_for("Your booking № 1001 is confirmed")
    assert BotEvent(BOOKING_CHANGED, booking_number=1001) in events


def test_decline_from_the_notification_reaches_the_client(runner, fake, seed):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="ru")
    start(maria, "меню мастера")
    anna = fake.user(1001, first_name="Anna", language_code="en")
    book(anna)
    note = new_booking_note(fake, maria)
    maria.press("❌ Отклонить")
    maria.wait_for(lambda m: m.message_id == note.message_id and "Отменена" in m.text)
    booking = Booking.get()
    assert (booking.status, booking.cancelled_by) == (CANCELLED, BY_SALON)
    anna.wait_for("the salon could not accept your booking № 1001")


@pytest.mark.both_engines  # representative: this module's flow on PostgreSQL too (CI time)
def test_double_confirm_and_an_old_decline_change_nothing_more(runner, fake, seed):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    start(maria)
    anna = fake.user(1001, first_name="Anna", language_code="en")
    book(anna)
    note = new_booking_note(fake, maria)
    maria.clear()
    maria.press_data("m:c:1001", note.message_id)
    maria.press_data("m:c:1001", note.message_id)
    maria.wait_for("Already done")
    anna.wait_for("is confirmed")
    assert Booking.get().status == CONFIRMED
    confirmations = Outbox.select().where(Outbox.kind == "client_confirmed").count()
    assert confirmations == 1
    # The old keyboard's Decline no longer declines a confirmed booking: it shows it as it is.
    maria.clear()
    maria.press_data("m:d:1001", note.message_id)
    shown = maria.wait_for("Nothing changed")
    assert "Confirmed" in shown.text
    assert Booking.get().status == CONFIRMED
    assert not fake.calls_of("answerCallbackQuery", ok=False)


def test_an_admin_hears_of_every_new_booking_and_cancellation(runner, fake, seed, admin):
    boss = fake.user(admin, first_name="Boss", language_code="en")
    start(boss, "the admin menu")
    fake.allow(MARIA_TID)
    anna = fake.user(1001, first_name="Anna", language_code="en")
    book(anna)
    new = boss.wait_for("New booking № 1001")
    assert "Maria" in new.text and "Anna" in new.text and not new.buttons()
    anna.press("My bookings")
    anna.press("Tue, 24 Nov 10:00")
    anna.press("Cancel the booking")
    anna.press("Yes, cancel it")
    boss.wait_for("Booking № 1001 was cancelled")


def test_confirm_on_an_old_notification_after_the_client_cancelled(runner, fake, seed):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    start(maria)
    anna = fake.user(1001, first_name="Anna", language_code="en")
    book(anna)
    note = new_booking_note(fake, maria)
    anna.press("My bookings")
    anna.press("Tue, 24 Nov 10:00")
    anna.press("Cancel the booking")
    anna.press("Yes, cancel it")
    anna.wait_for("Booking № 1001 is cancelled")
    maria.clear()
    maria.press_data("m:c:1001", note.message_id)
    shown = maria.wait_for("Nothing changed: the booking is “Cancelled” now.")
    assert [t for t, _ in maria.buttons(shown)] == ["⬅️ Back", "🧰 Staff menu"]
    booking = Booking.get()
    assert (booking.status, booking.cancelled_by) == (CANCELLED, "client")
    assert not Outbox.select().where(Outbox.kind == "client_confirmed").exists()
