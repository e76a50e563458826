"""A master books a walk-in or a phone call for themself through the bot."""

from __future__ import annotations

import pytest

from mtime_tui.bot.telegram.events import BOOKING_CREATED, BotEvent
from mtime_tui.core.booking import work_plans
from mtime_tui.core.people import clients, masters
from mtime_tui.core.storage.models import CONFIRMED, SOURCE_MASTER, Booking, Client, Outbox
from tests.bot.conftest import MARIA_TID, OLGA_TID, TOMORROW, settle
from tests.bot.staff_seed import client, dump, labels, make, press_old, start_staff

pytestmark = pytest.mark.both_engines


def to_phone_step(user, *, service="Haircut", day="Tue, 24 Nov", time="10:00"):
    start_staff(user)
    for label, text in (("➕ Book a client for me", "Choose the service"),
                        (service, "Choose a date"), (day, "Free times"),
                        (time, "Type the client's phone number")):
        user.clear()
        user.press(label)
        user.wait_for(text)


def test_a_walk_in_new_client_is_booked_confirmed_without_telling_the_master(
    runner, fake, seed, admin, events
):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    boss = fake.user(admin, first_name="Boss", language_code="en")
    start_staff(boss, "admin menu")
    start_staff(maria)
    maria.clear()
    maria.press("➕ Book a client for me")
    services = maria.wait_for("Choose the service")
    # Each service with its tick box (several make one visit; see tests/bot/test_visits_bot.py).
    assert labels(maria, services)[:4] == ["Colour — 3\u202f000 ₽", "☐", "Haircut — 1\u202f500 ₽",
                                           "☐"]
    to_phone_step(maria)
    maria.send("12345")
    maria.wait_for("Please try again")
    maria.clear()
    maria.send("8 (999) 111-22-33")
    maria.wait_for("A new client with the phone 8 (999) 111-22-33")
    maria.send("Ivan <Petrov>")
    review = maria.wait_for("Please check the booking")
    for part in ("Haircut", "Tue, 24 Nov", "10:00", "Ivan <Petrov>", "8 (999) 111-22-33",
                 "1\u202f500 ₽"):
        assert part in review.text
    data = dict(maria.buttons(review))["✅ Book"]
    maria.clear()
    maria.press_data(data, review.message_id)
    maria.press_data(data, review.message_id)  # a double tap
    maria.wait_for("Booked and confirmed")
    settle(maria)
    assert "Booked and confirmed" in review.text
    booking = Booking.get()
    assert Booking.select().count() == 1
    assert (booking.status, booking.source, booking.master_id, booking.date, booking.start) == (
        CONFIRMED, SOURCE_MASTER, seed.maria.id, TOMORROW, 600)
    ivan = Client.get(Client.phone == "+79991112233")
    assert (ivan.first_name, ivan.last_name, booking.client_id) == ("Ivan", "<Petrov>", ivan.id)
    assert BotEvent(BOOKING_CREATED, booking_number=1001) in events
    # The admin hears; the master, who made it, does not.
    boss.wait_for("New booking № 1001")
    assert Outbox.select().where(Outbox.chat_id == MARIA_TID).count() == 0
    assert not [m for m in fake.sent_to(MARIA_TID) if "New booking" in (m.text or "")]


def test_a_known_phone_goes_straight_to_review_and_the_client_hears(runner, fake, seed):
    anna_client = client("Anna", "+79123456789", telegram_id=1001)
    anna = fake.user(1001, first_name="Anna", language_code="en")
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    to_phone_step(maria, time="11:00")
    maria.send("+7 912 345 67 89")
    review = maria.wait_for("Please check the booking")
    assert "Anna" in review.text
    maria.clear()
    maria.press("✅ Book")
    done = maria.wait_for("Booked and confirmed")
    assert "Anna" in done.text and "Confirmed" in done.text
    assert Booking.get().client_id == anna_client.id
    anna.wait_for("Your booking № 1001 is confirmed")
    maria.press("📋 Open the booking")
    maria.wait_for(lambda m: "Status: Confirmed" in (m.text or "") and "✔️ Completed"
                   in [t for t, _ in m.buttons()])


def test_a_time_taken_meanwhile_offers_the_times_again(runner, fake, seed):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    to_phone_step(maria)
    maria.send("89991112233")
    maria.wait_for("Type their first and last name")
    maria.send("Ivan")
    maria.wait_for("Please check the booking")
    make(seed.maria, seed.haircut, 1, 10, client("Boris", "+79123456780"))
    maria.clear()
    maria.press("✅ Book")
    again = maria.wait_for("time was just taken")
    assert "10:00" not in labels(maria, again) and "11:00" in labels(maria, again)
    assert Booking.select().count() == 1


def test_a_blocked_client_is_not_booked(runner, fake, seed):
    blocked = client("Mallory", "+79995550000")
    clients.block_client(blocked.id, "no-shows")
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    to_phone_step(maria)
    maria.send("8 999 555-00-00")
    maria.wait_for("This client is blocked in the salon (no-shows)")
    before = dump()
    maria.press_data(f"mb:ok:{seed.haircut.id}:20261124:1000:{blocked.id}")
    maria.wait_for("not available")
    assert dump() == before


def test_a_master_books_only_their_own_services(runner, fake, seed):
    olga = fake.user(OLGA_TID, first_name="Olga", language_code="en")
    start_staff(olga)
    olga.press("➕ Book a client for me")
    services = olga.wait_for("Choose the service")
    assert labels(olga, services)[0] == "Haircut — 1\u202f500 ₽"
    assert "Colour — 3\u202f000 ₽" not in labels(olga, services)
    ivan = client("Ivan", "+79991112233")
    before = dump()
    for data in (f"mb:ok:{seed.colour.id}:20261124:1000:{ivan.id}",  # not her service
                 f"mb:s:{seed.colour.id}", f"mb:t:{seed.colour.id}:20261124:1000"):
        assert "out of date" in press_old(olga, data).text
    assert dump() == before


def test_many_times_come_in_pages(runner, fake, seed):
    masters.update_master(seed.olga.id, interval=10)
    work_plans.set_week(seed.olga.id, [("9:00", "21:00")] * 7)  # 73 starts
    olga = fake.user(OLGA_TID, first_name="Olga", language_code="en")
    start_staff(olga)
    for label, text in (("➕ Book a client for me", "Choose the service"),
                        ("Haircut", "Choose a date"), ("Tue, 24 Nov", "Free times")):
        olga.clear()
        olga.press(label)
        first = olga.wait_for(text)
    assert labels(olga, first)[0] == "09:00" and "Later ▶️" in labels(olga, first)
    assert len(labels(olga, first)) < 50
    olga.clear()
    olga.press("Later ▶️")
    later = olga.wait_for(lambda m: "◀️ Earlier" in labels(olga, m))
    assert labels(olga, later)[0] == "15:40"
    olga.press("20:00")
    olga.wait_for("Type the client's phone number")
