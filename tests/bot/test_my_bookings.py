"""My bookings: cancel and reschedule; forged and foreign buttons change nothing."""

from __future__ import annotations

import os

import pytest

from mtime_tui.bot.telegram.events import BOOKING_CHANGED, BotEvent
from mtime_tui.core.storage.models import BY_CLIENT, CANCELLED, PENDING, Booking
from tests.bot.conftest import MARIA_TID, TOMORROW, book

pytestmark = pytest.mark.both_engines


def snapshot():
    return list(Booking.select().order_by(Booking.id).dicts())


def test_cancel_with_a_confirmation(runner, fake, seed, events):
    fake.allow(MARIA_TID)
    anna = fake.user(1001, first_name="Anna", language_code="en")
    book(anna)
    anna.press("My bookings")
    listing = anna.wait_for("Your upcoming bookings")
    assert [t for t, _ in anna.buttons(listing)][0] == "Tue, 24 Nov 10:00 · Haircut"
    anna.press("Tue, 24 Nov 10:00")
    card = anna.wait_for("Awaiting confirmation")
    assert "№ 1001" in card.text
    anna.press("Cancel the booking")
    anna.wait_for("Cancel booking № 1001 on Tue, 24 Nov at 10:00?")
    anna.press("No, keep it")
    anna.wait_for("Awaiting confirmation")
    assert Booking.get().status == PENDING
    anna.press("Cancel the booking")
    anna.press("Yes, cancel it")
    done = anna.wait_for("Booking № 1001 is cancelled")
    assert "You have no upcoming bookings" in done.text
    booking = Booking.get()
    assert (booking.status, booking.cancelled_by) == (CANCELLED, BY_CLIENT)
    fake.wait_until(lambda: any("cancelled booking № 1001" in (m.text or "").lower()
                                or "отменил запись № 1001" in (m.text or "")
                                for m in fake.sent_to(MARIA_TID)))
    assert BotEvent(BOOKING_CHANGED, booking_number=1001) in events


def test_reschedule_to_another_free_time(runner, fake, seed):
    fake.allow(MARIA_TID)
    anna = fake.user(1001, first_name="Anna", language_code="en")
    book(anna)
    for label, screen in (("My bookings", "upcoming"), ("Tue, 24 Nov 10:00", "№ 1001"),
                          ("Reschedule", "new date")):
        anna.clear()
        anna.press(label)
        anna.wait_for(screen)
    anna.press("Tue, 24 Nov")
    times = anna.wait_for("Free times on Tue, 24 Nov")
    offered = [t for t, _ in anna.buttons(times)]
    assert "10:00" not in offered and "12:00" in offered  # its own time is not a "new" one
    anna.press("12:00")
    anna.wait_for("Move booking № 1001 from Tue, 24 Nov 10:00 to Tue, 24 Nov 12:00?")
    anna.press("Move it")
    moved = anna.wait_for("Your booking is moved")
    assert "12:00" in moved.text
    booking = Booking.get()
    assert (booking.date, booking.start, booking.master_id) == (TOMORROW, 720, seed.maria.id)
    fake.wait_until(lambda: any("1001" in (m.text or "") and "12:00" in (m.text or "")
                                and "10:00" in (m.text or "") for m in fake.sent_to(MARIA_TID)))


def test_a_lost_race_while_rescheduling_offers_the_times_again(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    boris = fake.user(1002, first_name="Boris", language_code="en")
    book(anna)
    for label, screen in (("My bookings", "upcoming"), ("Tue, 24 Nov 10:00", "№ 1001"),
                          ("Reschedule", "new date"), ("Tue, 24 Nov", "Free times"),
                          ("12:00", "Move booking")):
        anna.clear()
        anna.press(label)
        anna.wait_for(screen)
    book(boris, phone="+79123456780", time="12:00")
    anna.clear()
    anna.press("Move it")
    again = anna.wait_for("time was just taken")
    assert "12:00" not in [t for t, _ in anna.buttons(again)]
    assert Booking.get(Booking.number == 1001).start == 600


@pytest.mark.parametrize("verb", ["my:v", "my:c", "my:cy", "my:r"])
def test_another_clients_booking_number_is_refused(runner, fake, seed, verb):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    mallory = fake.user(1666, first_name="Mallory", language_code="en")
    book(anna)
    book(mallory, phone="+79123456780", time="11:00")
    before = snapshot()
    mallory.clear()
    mallory.press_data(f"{verb}:1001")
    refused = mallory.wait_for("This menu is out of date")
    assert "Anna" not in refused.text and "10:00" not in refused.text
    assert snapshot() == before
    mallory.press_data("my:ry:1001:20261124:1200", refused.message_id)
    mallory.wait_answer()
    fake.wait_until(lambda: fake.calls_of("editMessageText")[-1]["message_id"]
                    == refused.message_id)
    # the edited message itself (the outbox's "we have received" may arrive at any moment)
    edited = next(m for m in mallory.messages if m.message_id == refused.message_id)
    assert "out of date" in edited.text
    assert snapshot() == before


@pytest.mark.parametrize(
    "data",
    [
        "bk:ok:1:1:20261124:1000:",
        "bk:ok:99:1:20261124:1000",  # no such service
        "bk:ok:2:2:20261124:1000",  # Olga does not do colour
        "bk:ok:1:1:20270124:1000",  # beyond the horizon
        "bk:ok:1:1:20261120:1000",  # the past
        "bk:ok:1:1:20261124:1015",  # not one of Maria's starts
        "bk:ok:1:1:20261124:1800",  # after her shift
        "m:c:1001",  # a master's button pressed by a client
        "m:d:1001",
        "hello",
        "\x00\xff",
        "bk:t:1:1:20261124:0930; DROP TABLE booking",
    ],
)
def test_forged_data_changes_nothing(runner, fake, seed, data):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    done = book(anna, time="12:00")
    before = snapshot()
    anna.clear()
    anna.press_data(data, done.message_id)
    assert anna.wait_answer() is not None
    fresh = anna.wait_for(lambda m: m.message_id == done.message_id)  # the screen was replaced
    assert "Booked" not in fresh.text and "Traceback" not in fresh.text
    assert fresh.buttons()  # always a way on: a menu, the dates or the times
    assert snapshot() == before


def test_random_bytes_get_the_out_of_date_answer(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.wait_for("Welcome")
    anna.clear()
    data = os.urandom(24).decode("latin-1")
    anna.press_data(data)
    assert anna.wait_answer().get("text") == "This menu is out of date"
    menu = anna.wait_for("out of date")
    assert "📝 Book" in [t for t, _ in anna.buttons(menu)]


def test_a_button_on_an_inaccessible_message_still_gets_a_menu(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.wait_for("Welcome")
    anna.clear()
    anna.press_data("my:v:4242", message_id=999)
    anna.wait_answer()
    anna.wait_for("out of date")
