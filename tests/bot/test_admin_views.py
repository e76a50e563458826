"""The admin on the phone: every master's bookings by date, ⚠️ new across masters, any status."""

from __future__ import annotations

import pytest

from mtime_tui.bot.telegram import callbacks as cb
from mtime_tui.core.booking import bookings
from mtime_tui.core.people import masters
from mtime_tui.core.settings import add_admin
from mtime_tui.core.storage.db import write_transaction
from mtime_tui.core.storage.models import (
    BY_CLIENT,
    CANCELLED,
    CONFIRMED,
    PENDING,
    SOURCE_MANUAL,
    Booking,
)
from tests.bot.conftest import MARIA_TID
from tests.bot.staff_seed import client, labels, make, start_staff


@pytest.fixture
def booked(seed, admin):
    """Tomorrow: 1001 Maria 10:00 (Anna, pending), 1002 Olga 11:00 (Boris, confirmed);
    1003 Olga in 3 days (pending)."""
    anna = client("Anna", "+79123456789", telegram_id=1001)
    boris = client("Boris", "+79123456780")
    make(seed.maria, seed.haircut, 1, 10, anna)
    make(seed.olga, seed.haircut, 1, 11, boris, SOURCE_MANUAL)
    make(seed.olga, seed.haircut, 3, 9, anna)
    return seed


def numbers_on(user, msg) -> list[int]:
    return [cb.decode(d)[0] for _, d in user.buttons(msg) if d and d.startswith("a:v:")]


@pytest.mark.both_engines  # representative: this module's flow on PostgreSQL too (CI time)
def test_all_masters_on_a_date_and_a_status_change(runner, fake, booked, admin):
    boss = fake.user(admin, first_name="Boss", language_code="en")
    anna = fake.user(1001, first_name="Anna", language_code="en")
    menu = start_staff(boss, "This is the admin menu")
    assert labels(boss, menu) == ["⚠️ New bookings, all masters: 2", "🗂 All bookings by date",
                                  "📊 Statistics",
                                  "📝 Book for myself", "📋 My bookings"]
    boss.clear()
    boss.press("🗂 All bookings by date")
    calendar = boss.wait_for("All masters. Choose a date")
    assert "24•" in labels(boss, calendar) and "26•" in labels(boss, calendar)
    boss.clear()
    boss.press("24•")
    day = boss.wait_for("Tue, 24 Nov, all masters: 2")
    assert labels(boss, day)[:2] == ["⏳ 10:00 · Maria · Haircut · Anna",
                                     "✅ 11:00 · Olga · Haircut · Boris"]
    assert numbers_on(boss, day) == [1001, 1002]
    boss.clear()
    boss.press("⏳ 10:00 · Maria · Haircut · Anna")
    card = boss.wait_for("Status: Awaiting confirmation")
    assert "Master: Maria" in card.text and "8 (912) 345-67-89" in card.text
    assert labels(boss, card)[:4] == ["✅ Confirm", "✔️ Completed", "🚫 No-show",
                                      "❌ Cancel (by the salon)"]
    boss.clear()
    boss.press("✅ Confirm")
    boss.wait_for("Done: the booking is “Confirmed”. The client will be told.")
    assert Booking.get(Booking.number == 1001).status == CONFIRMED
    anna.wait_for("Your booking № 1001 is confirmed")
    boss.clear()
    boss.press("❌ Cancel (by the salon)")
    boss.wait_for("Done: the booking is “Cancelled”")
    assert Booking.get(Booking.number == 1001).status == CANCELLED
    anna.wait_for("The salon has cancelled your booking № 1001")
    boss.clear()
    boss.press("⏳ Back to “awaiting confirmation”")  # restoring re-checks the time
    boss.wait_for("Done: the booking is “Awaiting confirmation”")
    assert Booking.get(Booking.number == 1001).status == PENDING
    boss.clear()
    boss.press("⬅️ Back")
    boss.wait_for("Tue, 24 Nov, all masters: 2")


def test_restoring_a_cancelled_booking_whose_time_was_taken_is_refused(
    runner, fake, booked, admin
):
    bookings.cancel(1001, by=BY_CLIENT)
    make(booked.maria, booked.haircut, 1, 10, client("Vera", "+79123456781"))
    boss = fake.user(admin, first_name="Boss", language_code="en")
    start_staff(boss, "admin menu")
    boss.clear()
    boss.press_data("a:v:1001:2")
    boss.wait_for("Status: Cancelled")
    boss.clear()
    boss.press("✅ Confirm")
    boss.wait_for("That time is now taken by another booking or a break")
    assert Booking.get(Booking.number == 1001).status == CANCELLED


def test_new_bookings_across_all_masters(runner, fake, booked, admin):
    boss = fake.user(admin, first_name="Boss", language_code="en")
    start_staff(boss, "admin menu")
    boss.clear()
    boss.press("⚠️ New bookings, all masters: 2")
    new = boss.wait_for("New bookings, all masters: 2")
    assert numbers_on(boss, new) == [1001, 1003]
    assert labels(boss, new)[1] == "⏳ Thu, 26 Nov 09:00 · Olga · Haircut · Anna"
    boss.clear()
    boss.press("⏳ Thu, 26 Nov 09:00 · Olga · Haircut · Anna")
    boss.wait_for("Master: Olga")
    boss.press("✔️ Completed")
    boss.wait_for("“Completed”")
    boss.clear()
    boss.press("⬅️ Back")
    back = boss.wait_for("New bookings, all masters: 1")
    assert numbers_on(boss, back) == [1001]


def test_a_master_who_is_also_an_admin_gets_both_menus(runner, fake, booked):
    add_admin(MARIA_TID, "Maria")
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    menu = start_staff(maria)
    got = labels(maria, menu)
    assert got.index("⚠️ New bookings: 1") < got.index("🗂 All bookings by date")
    assert "⚠️ New bookings, all masters: 2" in got
    # Her admin card of Olga's booking offers every status.
    maria.clear()
    maria.press_data("a:v:1002:2")
    card = maria.wait_for("Master: Olga")
    assert "⏳ Back to “awaiting confirmation”" in labels(maria, card)


def test_the_admin_writes_to_the_client_through_the_bot(runner, fake, booked, admin):
    boss = fake.user(admin, first_name="Boss", language_code="en")
    anna = fake.user(1001, first_name="Anna", language_code="en")
    start_staff(boss, "admin menu")
    boss.clear()
    boss.press_data("a:v:1001:2")
    boss.wait_for("Master: Maria")
    boss.press("✉️ Write to the client")
    boss.wait_for("Type the message for Anna (booking № 1001)")
    boss.send("   ")
    boss.wait_for("Write the message first")
    boss.clear()
    boss.send("Please come 5 min early <b>today</b> & smile")
    boss.wait_for("The message is on its way to the client")
    note = anna.wait_for("A message from Test Salon")
    assert "Please come 5 min early <b>today</b> & smile" in note.text  # shown, not parsed
    # Boris is not on Telegram: no button, and a forged one is refused.
    boss.clear()
    boss.press_data("a:v:1002:2")
    card = boss.wait_for("Master: Olga")
    assert "✉️ Write to the client" not in labels(boss, card)
    boss.clear()
    boss.press_data("a:w:1002:2")
    boss.wait_for("out of date")
    # A master cannot use it (not even for their own booking's client).
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    maria.clear()
    maria.press_data("a:w:1001:2")
    maria.wait_for("out of date")
    assert len([m for m in fake.sent_to(1001) if "A message from" in (m.text or "")]) == 1


def test_a_blocked_masters_bookings_stay_visible_to_the_admin(runner, fake, booked, admin):
    with write_transaction():
        masters.set_master_active(booked.maria.id, False)
    boss = fake.user(admin, first_name="Boss", language_code="en")
    start_staff(boss, "admin menu")
    boss.clear()
    boss.press_data("a:dl:20261124:0")
    day = boss.wait_for("Tue, 24 Nov, all masters: 2")
    assert numbers_on(boss, day) == [1001, 1002]
    boss.press("⏳ 10:00 · Maria · Haircut · Anna")
    boss.wait_for("Master: Maria")
    boss.clear()
    boss.press("❌ Cancel (by the salon)")
    boss.wait_for("Done: the booking is “Cancelled”")
    assert Booking.get(Booking.number == 1001).status == CANCELLED
