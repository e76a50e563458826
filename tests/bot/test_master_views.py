"""The master's lists (⚠️ new, today, 7 days, 30 days, by date) and the card's status actions."""

from __future__ import annotations

import pytest

from mtime_tui.bot.telegram import callbacks as cb
from mtime_tui.core import settings
from mtime_tui.core.storage.db import write_transaction
from mtime_tui.core.storage.models import (
    BY_SALON,
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    PENDING,
    SOURCE_MANUAL,
    Booking,
)
from tests.bot.conftest import MARIA_TID, OLGA_TID
from tests.bot.staff_seed import client, labels, make, start_staff


@pytest.fixture
def booked(seed):
    """Maria: 1001 today (pending), 1002 tomorrow (confirmed), 1003 in 5 days (pending),
    1004 in 20 days (confirmed). Olga: 1005 today, 1006 in 2 days, 1007 in 6 days."""
    settings.save(horizon_days=30)
    anna = client("Anna", "+79123456789", telegram_id=1001)
    boris = client("Boris", "+79123456780")
    vera = client("Vera", "+79123456781")
    h, c, maria, olga = seed.haircut, seed.colour, seed.maria, seed.olga
    make(maria, h, 0, 10, anna)
    make(maria, h, 1, 11, boris, SOURCE_MANUAL)
    make(maria, c, 5, 10, vera)
    make(maria, h, 20, 9, anna, SOURCE_MANUAL)
    make(olga, h, 0, 11, boris)
    make(olga, h, 2, 10, vera, SOURCE_MANUAL)
    make(olga, h, 6, 12, anna)
    return seed


def numbers_on(user, msg) -> list[int]:
    """The booking numbers a list's buttons open (decoded from their data)."""
    found = []
    for _, data in user.buttons(msg):
        decoded = cb.decode(data)
        if decoded and decoded.action in ("m:v", "a:v"):
            found.append(decoded[0])
    return found


def wait_card(user, number):
    """The card of booking `number` (not the notifications about it in the same chat)."""
    return user.wait_for(lambda m: f"№ {number}" in (m.text or "") and "Status:" in m.text)


def open_list(user, label, header):
    user.clear()
    user.press(label)
    return user.wait_for(header)


def test_each_list_shows_only_the_masters_own_bookings(runner, fake, booked):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    menu = start_staff(maria)
    assert labels(maria, menu)[:4] == ["⚠️ New bookings: 2", "📅 Today", "🗓 7 days", "📆 30 days"]
    assert "📝 Book for myself" in labels(maria, menu)

    new = open_list(maria, "⚠️ New bookings: 2", "New bookings: 2")
    assert numbers_on(maria, new) == [1001, 1003]
    today = open_list(maria, "🧰 Staff menu", "master menu")
    today = open_list(maria, "📅 Today", "Today, Mon, 23 Nov: 1")
    assert numbers_on(maria, today) == [1001]
    assert labels(maria, today)[0] == "⏳ 10:00 · Haircut · Anna"
    open_list(maria, "🧰 Staff menu", "master menu")
    week = open_list(maria, "🗓 7 days", "The next 7 days: 3")
    assert numbers_on(maria, week) == [1001, 1002, 1003]
    assert labels(maria, week)[1] == "✅ Tue, 24 Nov 11:00 · Haircut · Boris"
    open_list(maria, "🧰 Staff menu", "master menu")
    month = open_list(maria, "📆 30 days", "The next 30 days: 4")
    assert numbers_on(maria, month) == [1001, 1002, 1003, 1004]

    olga = fake.user(OLGA_TID, first_name="Olga", language_code="en")
    start_staff(olga)
    month = open_list(olga, "📆 30 days", "The next 30 days: 3")
    assert numbers_on(olga, month) == [1005, 1006, 1007]


def test_by_date_on_the_calendar(runner, fake, booked):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    start_staff(maria)
    calendar = open_list(maria, "🔎 By date", "Choose a date")
    days = labels(maria, calendar)
    assert "November 2026" in days and "Mon" in days
    assert "28•" in days and "23•" in days and "25" in days  # Olga's day has no dot for Maria
    maria.clear()
    maria.press("28•")
    day = maria.wait_for("Sat, 28 Nov: 1")
    assert numbers_on(maria, day) == [1003]
    maria.clear()
    maria.press("⬅️ Back")
    maria.wait_for("Choose a date")
    maria.press("25")
    maria.wait_for("No bookings on Wed, 25 Nov")
    # The arrows turn the month; December holds the booking in 20 days (13 Dec).
    maria.press("⬅️ Back")
    maria.clear()
    maria.press("▶️")
    december = maria.wait_for(lambda m: "December 2026" in labels(maria, m))
    assert "13•" in labels(maria, december)
    # A forged month far away shows the nearest month the calendar allows.
    maria.clear()
    maria.press_data("m:cm:20300101")
    far = maria.wait_for("Choose a date")
    assert "May 2027" in labels(maria, far)


@pytest.mark.both_engines  # representative: this module's flow on PostgreSQL too (CI time)
def test_status_changes_from_the_card(runner, fake, booked):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    anna = fake.user(1001, first_name="Anna", language_code="en")
    start_staff(maria)
    open_list(maria, "📆 30 days", "The next 30 days")
    maria.press("Tue, 24 Nov 11:00")
    card = wait_card(maria, 1002)
    for part in ("Tue, 24 Nov", "11:00", "Haircut", "Boris", "8 (912) 345-67-80", "Confirmed"):
        assert part in card.text
    assert "Maria" not in card.text
    assert labels(maria, card)[:3] == ["✔️ Completed", "🚫 No-show", "❌ Cancel the booking"]
    maria.clear()
    maria.press("✔️ Completed")
    done = maria.wait_for("Done: the booking is “Completed”")
    assert Booking.get(Booking.number == 1002).status == COMPLETED
    assert labels(maria, done)[0] == "🚫 No-show"
    maria.press("🚫 No-show")
    maria.wait_for("“No-show”")
    assert Booking.get(Booking.number == 1002).status == NO_SHOW

    # The pending one: Confirm; Vera is not on Telegram, so nobody is "told".
    maria.press("⬅️ Back")
    maria.clear()
    maria.press("Sat, 28 Nov 10:00")
    pending = wait_card(maria, 1003)
    assert labels(maria, pending)[:2] == ["✅ Confirm", "❌ Decline"]
    maria.clear()
    maria.press("✅ Confirm")
    confirmed = maria.wait_for("Done: the booking is “Confirmed”")
    assert "told" not in confirmed.text
    assert Booking.get(Booking.number == 1003).status == CONFIRMED

    # Cancelling a confirmed booking asks first; Anna hears of it.
    maria.press("⬅️ Back")
    maria.clear()
    maria.press("Sun, 13 Dec 09:00")
    wait_card(maria, 1004)
    maria.press("❌ Cancel the booking")
    ask = maria.wait_for("Cancel booking № 1004 on Sun, 13 Dec at 09:00 (Anna)?")
    assert "The client will be told" in ask.text
    maria.press("No, keep it")
    wait_card(maria, 1004)
    assert Booking.get(Booking.number == 1004).status == CONFIRMED
    maria.press("❌ Cancel the booking")
    maria.clear()
    maria.press("Yes, cancel it")
    maria.wait_for("Done: the booking is “Cancelled”")
    cancelled = Booking.get(Booking.number == 1004)
    assert (cancelled.status, cancelled.cancelled_by) == (CANCELLED, BY_SALON)
    anna.wait_for("The salon has cancelled your booking № 1004")

    # No pending booking left but 1001: the menu counts one.
    menu = start_staff(maria)
    assert labels(maria, menu)[0] == "⚠️ New bookings: 1"
    with write_transaction():
        Booking.update(status=CONFIRMED).where(Booking.status == PENDING).execute()
    menu = start_staff(maria)
    assert not any("New bookings" in label for label in labels(maria, menu))


def test_long_lists_come_in_pages(runner, fake, seed):
    settings.save(horizon_days=30)
    anna = client("Anna", "+79123456789")
    for offset in range(1, 7):
        for hour in (9, 10, 11, 12):
            make(seed.maria, seed.haircut, offset, hour, anna, SOURCE_MANUAL)
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    start_staff(maria)
    first = open_list(maria, "🗓 7 days", "The next 7 days: 24")
    assert numbers_on(maria, first) == list(range(1001, 1021))
    assert labels(maria, first)[-2:] == ["Later ▶️", "🧰 Staff menu"]
    maria.clear()
    maria.press("Later ▶️")
    second = maria.wait_for(lambda m: numbers_on(maria, m) == list(range(1021, 1025)))
    assert "◀️ Earlier" in labels(maria, second)
