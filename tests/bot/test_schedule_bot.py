"""Working time in the bot: clients are offered what the plans say (one master and any master),
"About" shows the salon's hours from the patterns, masters see their schedule and take vacations
and recurring breaks themselves; the booking rules (cut-off, upcoming limit) are honoured."""

from __future__ import annotations

import datetime as dt

import pytest

from mtime_tui.core import settings
from mtime_tui.core.booking import work_plans
from mtime_tui.core.people import masters
from mtime_tui.core.storage.models import (
    CANCELLED,
    PENDING,
    SOURCE_BOT,
    SOURCE_MANUAL,
    Booking,
    Vacation,
)
from tests.bot.conftest import MARIA_TID, TOMORROW, book
from tests.bot.staff_seed import client, make, start_staff
from tests.conftest import TODAY

NINE_TO_SIX = ("9:00", "18:00")


def dates_offered(user, master: str) -> list[str]:
    user.clear()
    user.send("/start")
    user.wait_for("Welcome")
    user.press("Book")
    user.wait_for("Choose a service")
    user.press("Haircut")
    user.wait_for("Choose a master")
    user.clear()
    user.press(master)
    return [t for t, _ in user.buttons(user.wait_for("Choose a date"))]


def test_no_sunday_for_masters_off_on_sundays_one_master_and_any(runner, fake, seed):
    for m in (seed.maria, seed.olga):
        work_plans.set_week(m.id, [NINE_TO_SIX] * 6 + [None])
    anna = fake.user(1001, first_name="Anna", language_code="en")
    for master in ("Maria", "Any master"):
        offered = dates_offered(anna, master)
        assert "Sat, 28 Nov" in offered and "Mon, 30 Nov" in offered, offered
        assert not [t for t in offered if t.startswith("Sun")], offered
    # With Olga working Sundays, "any master" offers them again, Maria still not.
    work_plans.set_week(seed.olga.id, [NINE_TO_SIX] * 7)
    assert "Sun, 29 Nov" in dates_offered(anna, "Any master")
    assert "Sun, 29 Nov" not in dates_offered(anna, "Maria")


@pytest.mark.both_engines  # representative: this module's flow on PostgreSQL too (CI time)
def test_no_1330_start_for_an_hour_when_lunch_is_14_to_15_by_30(runner, fake, seed):
    masters.update_master(seed.maria.id, interval=30)
    work_plans.set_week(seed.maria.id, [NINE_TO_SIX] * 7)
    work_plans.add_recurring_break(seed.maria.id, "14:00", 60, range(7))
    anna = fake.user(1001, first_name="Anna", language_code="en")
    dates_offered(anna, "Maria")
    anna.clear()
    anna.press("Tue, 24 Nov")
    times = [t for t, _ in anna.buttons(anna.wait_for("Free times"))]
    assert "13:00" in times and "15:00" in times and "09:00" in times and "18:00" in times
    assert "13:30" not in times and "14:00" not in times and "14:30" not in times


def test_about_shows_the_salons_hours_from_the_patterns(runner, fake, seed):
    work_plans.set_week(seed.maria.id, [("9:30", "19:00")] * 5 + [("10:00", "16:00"), None])
    work_plans.set_week(seed.olga.id, [("11:00", "20:00")] * 5 + [None, None])
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.wait_for("Welcome")
    anna.clear()
    anna.press("About")
    about = anna.wait_for("Address")
    assert "Mon–Fri 09:30–20:00" in about.text and "Sat 10:00–16:00" in about.text, about.text
    assert "Sun" not in about.text


def test_a_master_sees_the_week_and_the_next_fourteen_days(runner, fake, seed):
    work_plans.set_week(seed.maria.id, [NINE_TO_SIX] * 5 + [("10:00", "14:00"), None])
    work_plans.add_recurring_break(seed.maria.id, "13:00", 60, range(5))
    work_plans.add_vacation(seed.maria.id, TODAY + dt.timedelta(days=9),
                            TODAY + dt.timedelta(days=10))
    work_plans.set_exception(seed.maria.id, TODAY + dt.timedelta(days=6), ("12:00", "15:00"))
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    start_staff(maria)
    for label, text in (("🕐 My working time", "days off and breaks"),
                        ("📅 My schedule", "Your schedule")):
        maria.clear()
        maria.press(label)
        shown = maria.wait_for(text)
    text = shown.text
    assert "Every week: Mon–Fri 09:00–18:00, Sat 10:00–14:00" in text
    assert "13:00–14:00 · Mon, Tue, Wed, Thu, Fri" in text
    assert "Tue, 24 Nov — 09:00–18:00 · ☕ 13:00–14:00" in text
    assert "Sat, 28 Nov — 10:00–14:00" in text
    assert "Sun, 29 Nov — 12:00–15:00 (changed hours)" in text
    assert "Wed, 2 Dec — 🌴 vacation" in text and "Thu, 3 Dec — 🌴 vacation" in text
    assert "Sun, 6 Dec — off" in text
    assert text.count("\n") < 40 and len(text) < 4096


def test_a_master_takes_a_vacation_over_a_booking_with_a_confirmation(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    booking = make(seed.maria, seed.haircut, 2, 10, client("Anna", "+79123456789", 1001),
                   SOURCE_MANUAL)
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    start_staff(maria)
    for label, text in (("🕐 My working time", "days off and breaks"),
                        ("🌴 Vacations", "no vacations planned"),
                        ("➕ Add a vacation", "first day of the vacation"),
                        ("24", "last day of the vacation"),
                        ("27", "You have 1 booking(s)")):
        maria.clear()
        maria.press(label)
        shown = maria.wait_for(text)
    assert "№ 1001" in shown.text and Booking.get_by_id(booking.id).status != CANCELLED
    maria.clear()
    maria.press("❌ Cancel them and add the vacation")
    done = maria.wait_for("added")
    assert "1 booking(s) cancelled" in done.text
    vacation = Vacation.get()
    assert (vacation.first, vacation.last) == (TOMORROW, TODAY + dt.timedelta(days=4))
    assert Booking.get_by_id(booking.id).status == CANCELLED
    anna.wait_for("The salon has cancelled your booking № 1001")


def test_a_master_adds_a_recurring_lunch(runner, fake, seed):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    start_staff(maria)
    for label, text in (("🕐 My working time", "days off and breaks"),
                        ("🔁 Recurring breaks", "no recurring breaks"),
                        ("➕ Add a recurring break", "When does the break start"),
                        ("11:00", "How long"), ("30 min", "Press the weekdays"),
                        ("✅ Sun", "Sat")):
        maria.clear()
        maria.press(label)
        maria.wait_for(text)
    maria.clear()
    maria.press("✅ Add the break")
    maria.wait_for("Break added: 11:00–11:30")
    (brk,) = work_plans.recurring_breaks(seed.maria.id)
    assert (brk.start, brk.duration, brk.weekdays) == (660, 30, 0b0111111)


def _recurring_lunch_over(maria, hour: str) -> object:
    """Maria asks for a recurring 30-minute break at `hour` on every weekday; the screen."""
    for label, text in (("🕐 My working time", "days off and breaks"),
                        ("🔁 Recurring breaks", "no recurring breaks"),
                        ("➕ Add a recurring break", "When does the break start"),
                        (hour, "How long"), ("30 min", "Press the weekdays")):
        maria.clear()
        maria.press(label)
        shown = maria.wait_for(text)
    return shown


def test_a_recurring_break_over_a_booking_can_keep_it(runner, fake, seed):
    """Issue 12's rule, in the bot as in the TUI: over upcoming bookings the master chooses —
    keep them (nothing cancelled, nobody told) or cancel them."""
    anna = fake.user(1001, first_name="Anna", language_code="en")
    booking = make(seed.maria, seed.haircut, 2, 10, client("Anna", "+79123456789", 1001),
                   SOURCE_MANUAL)
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    start_staff(maria)
    shown = _recurring_lunch_over(maria, "10:00")
    assert "№ 1001" in shown.text and "keep them as they are" in shown.text
    labels = [t for t, _ in maria.buttons(shown)]
    assert "❌ Cancel them and add the break" in labels
    assert "📌 Keep them and add the break" in labels
    maria.clear()
    anna.clear()
    maria.press("📌 Keep them and add the break")
    done = maria.wait_for("Break added: 10:00–10:30")
    assert "1 booking(s) at that time kept as they are" in done.text
    (brk,) = work_plans.recurring_breaks(seed.maria.id)
    assert (brk.start, brk.duration) == (600, 30)
    assert Booking.get_by_id(booking.id).status != CANCELLED
    assert not [m for m in anna.messages if "cancelled" in (m.text or "")]


def test_a_recurring_break_over_a_booking_can_cancel_it(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    booking = make(seed.maria, seed.haircut, 2, 10, client("Anna", "+79123456789", 1001),
                   SOURCE_MANUAL)
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    start_staff(maria)
    _recurring_lunch_over(maria, "10:00")
    maria.clear()
    maria.press("❌ Cancel them and add the break")
    done = maria.wait_for("Break added: 10:00–10:30")
    assert "1 booking(s) cancelled" in done.text
    assert Booking.get_by_id(booking.id).status == CANCELLED
    anna.wait_for("The salon has cancelled your booking № 1001")


def test_too_late_to_change_online_says_call_the_salon(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    book(anna)  # Tue 24 Nov 10:00: 25 hours from now (Mon 09:00)
    settings.save(client_change_hours=26)
    anna.clear()
    anna.press("My bookings")
    anna.wait_for("Your upcoming bookings")
    anna.clear()
    anna.press("Tue, 24 Nov 10:00")
    card = anna.wait_for("Awaiting confirmation")
    assert "№ 1001" in card.text
    assert "until 26 h before the visit" in card.text and "+7 900 000-00-00" in card.text
    labels = [t for t, _ in anna.buttons(card)]
    assert not [t for t in labels if "Cancel" in t or "Reschedule" in t], labels
    assert Booking.get().status == PENDING


def test_the_fourth_upcoming_booking_is_refused_in_the_clients_language(runner, fake, seed):
    anna = fake.user(1001, first_name="Анна", language_code="ru")
    who = client("Анна", "+79123456789", 1001)
    for hour in (9, 10, 11):
        make(seed.olga, seed.haircut, 1, hour, who, SOURCE_BOT)
    anna.send("/start")
    anna.wait_for("Добро пожаловать")
    anna.clear()
    anna.press("Записаться")
    refused = anna.wait_for("предстоящих записей")
    assert "3" in refused.text
    assert Booking.select().count() == 3
