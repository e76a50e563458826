"""My working time in the bot: days off (over bookings only with an explicit confirmation) and
breaks (ticked on several free slots, saved, removed; clients are offered what is left)."""

from __future__ import annotations

import pytest

from mtime_tui.core.booking import slots, work_plans, working_time
from mtime_tui.core.people import masters
from mtime_tui.core.storage.models import (
    BY_SALON,
    CANCELLED,
    CONFIRMED,
    SOURCE_MANUAL,
    Booking,
    Break,
)
from tests.bot.conftest import MARIA_TID, OLGA_TID, TOMORROW
from tests.bot.staff_seed import client, day, labels, make, start_staff


def open_section(user, *steps):
    """Press each (button, expected text) in turn from the staff menu."""
    start_staff(user)
    msg = None
    for label, text in steps:
        user.clear()
        user.press(label)
        msg = user.wait_for(text)
    return msg


@pytest.mark.both_engines  # representative: this module's flow on PostgreSQL too (CI time)
def test_a_day_off_over_a_booking_needs_a_confirmation_and_tells_the_client(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    booking = make(seed.maria, seed.haircut, 1, 10, client("Anna", "+79123456789", 1001),
                   SOURCE_MANUAL)
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    open_section(maria, ("🕐 My working time", "days off and breaks"),
                 ("🏖 Days off", "no days off planned"), ("➕ Add a day off", "Choose the day off"))
    maria.clear()
    maria.press("24•")
    ask = maria.wait_for("You have 1 booking(s) on Tue, 24 Nov")
    assert "№ 1001 10:00 · Haircut · Anna" in ask.text
    assert "clients told" in ask.text
    assert Booking.get_by_id(booking.id).status == CONFIRMED  # asking changes nothing
    maria.clear()
    maria.press("❌ Cancel them and add the day off")
    done = maria.wait_for("Tue, 24 Nov is a day off")
    assert "1 booking(s) cancelled" in done.text
    assert "❌ Tue, 24 Nov" in labels(maria, done)
    cancelled = Booking.get_by_id(booking.id)
    assert (cancelled.status, cancelled.cancelled_by) == (CANCELLED, BY_SALON)
    assert working_time.days_off(seed.maria.id) == [TOMORROW]
    anna.wait_for("The salon has cancelled your booking № 1001")
    assert slots.free_starts(seed.maria.id, seed.haircut.id, TOMORROW) == []


def test_a_day_off_on_a_free_day_then_removed(runner, fake, seed):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    open_section(maria, ("🕐 My working time", "days off"), ("🏖 Days off", "no days off"),
                 ("➕ Add a day off", "Choose the day off"), ("26", "Make Thu, 26 Nov a day off?"))
    maria.clear()
    maria.press("✅ Yes, add the day off")
    maria.wait_for("Thu, 26 Nov is a day off.")
    assert working_time.days_off(seed.maria.id) == [day(3)]
    assert working_time.days_off(seed.olga.id) == []
    maria.clear()
    maria.press("❌ Thu, 26 Nov")
    maria.wait_for("Thu, 26 Nov is a working day again")
    assert working_time.days_off(seed.maria.id) == []


def test_a_booking_made_while_the_master_decides_is_shown_before_anything_is_cancelled(
    runner, fake, seed
):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    open_section(maria, ("🕐 My working time", "days off"), ("🏖 Days off", "days off"),
                 ("➕ Add a day off", "Choose the day off"), ("25", "Make Wed, 25 Nov a day off?"))
    late = make(seed.maria, seed.haircut, 2, 11, client("Boris", "+79123456780"))
    maria.clear()
    maria.press("✅ Yes, add the day off")
    again = maria.wait_for("The bookings on that day have changed")
    assert "№ 1001 11:00 · Haircut · Boris" in again.text
    assert working_time.days_off(seed.maria.id) == []
    assert Booking.get_by_id(late.id).is_active
    # A past day cannot be picked, even with a forged button.
    maria.clear()
    maria.press_data("mt:oy:20261120:0:0")
    maria.wait_for("cannot be in the past")
    assert working_time.days_off(seed.maria.id) == []


def test_breaks_ticked_saved_offered_to_nobody_then_removed(runner, fake, seed):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    ticks = open_section(maria, ("🕐 My working time", "days off and breaks"),
                         ("☕ Breaks", "no breaks planned"), ("➕ Add breaks", "Choose the day"),
                         ("24", "Tick the free slots for breaks on Tue, 24 Nov (60 min each)"))
    assert labels(maria, ticks)[:4] == ["09:00", "10:00", "11:00", "12:00"]
    for label, shown in (("10:00", "✅ 10:00"), ("11:00", "✅ 11:00"), ("12:00", "✅ 12:00"),
                         ("✅ 12:00", "12:00")):
        maria.press(label)
        fake.wait_until(lambda shown=shown: shown in labels(maria))
    current = maria.last
    assert current.message_id == ticks.message_id  # only the keyboard changed
    assert labels(maria)[:4] == ["09:00", "✅ 10:00", "✅ 11:00", "12:00"]
    assert fake.calls_of("editMessageReplyMarkup")
    assert Break.select().count() == 0  # nothing saved before Save

    maria.clear()
    maria.press("💾 Save the breaks")
    saved = maria.wait_for("Breaks saved: 10:00, 11:00")
    assert labels(maria, saved)[:2] == ["❌ 10:00–11:00", "❌ 11:00–12:00"]
    assert [b.start for b in working_time.breaks_on(seed.maria.id, TOMORROW)] == [600, 660]
    assert slots.free_starts(seed.maria.id, seed.haircut.id, TOMORROW) == [540, 720]

    # A client is not offered the breaks.
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    for label, text in (("Book", "Choose a service"), ("Haircut", "Choose a master"),
                        ("Maria", "Choose a date"), ("Tue, 24 Nov", "Free times")):
        anna.press(label)
        times = anna.wait_for(text)
    assert [t for t, _ in anna.buttons(times)][:2] == ["09:00", "12:00"]

    maria.clear()
    maria.press("❌ 10:00–11:00")
    left = maria.wait_for("The break at 10:00 is removed")
    assert labels(maria, left)[0] == "❌ 11:00–12:00"
    assert [b.start for b in working_time.breaks_on(seed.maria.id, TOMORROW)] == [660]
    maria.clear()
    maria.press("❌ 11:00–12:00")
    maria.wait_for("No breaks on Tue, 24 Nov")
    assert Break.select().count() == 0


def test_a_slot_taken_while_ticking_gives_a_clear_message_and_a_fresh_list(runner, fake, seed):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    open_section(maria, ("🕐 My working time", "breaks"), ("☕ Breaks", "breaks"),
                 ("➕ Add breaks", "Choose the day"), ("24", "Tick the free slots"))
    maria.press("09:00")
    fake.wait_until(lambda: "✅ 09:00" in labels(maria))
    maria.press("12:00")
    fake.wait_until(lambda: "✅ 12:00" in labels(maria))
    make(seed.maria, seed.haircut, 1, 12, client("Boris", "+79123456780"))
    maria.clear()
    maria.press("💾 Save the breaks")
    fresh = maria.wait_for("These times are no longer free: 12:00")
    assert labels(maria, fresh)[:3] == ["✅ 09:00", "10:00", "11:00"]
    assert Break.select().count() == 0
    maria.clear()
    maria.press("💾 Save the breaks")
    maria.wait_for("Breaks saved: 09:00.")
    assert [b.start for b in working_time.breaks_on(seed.maria.id, TOMORROW)] == [540]


def test_many_slots_come_in_pages_and_keep_their_ticks(runner, fake, seed):
    masters.update_master(seed.olga.id, interval=10)
    work_plans.set_week(seed.olga.id, [("9:00", "21:00")] * 7)  # 73 slots
    olga = fake.user(OLGA_TID, first_name="Olga", language_code="en")
    first = open_section(olga, ("🕐 My working time", "breaks"), ("☕ Breaks", "breaks"),
                         ("➕ Add breaks", "Choose the day"), ("24", "Tick the free slots"))
    assert labels(olga, first)[0] == "09:00" and "18:50" in labels(olga, first)
    assert "19:00" not in labels(olga, first) and "Later ▶️" in labels(olga, first)
    assert sum(1 for b in fake.calls_of("editMessageText")[-1]["reply_markup"]
               ["inline_keyboard"] for _ in b) <= 100
    olga.press("09:00")
    fake.wait_until(lambda: "✅ 09:00" in labels(olga))
    olga.press("Later ▶️")
    second = olga.wait_for(lambda m: "21:00" in labels(olga, m))
    assert labels(olga, second)[0] == "19:00"
    olga.press("20:00")
    fake.wait_until(lambda: "✅ 20:00" in labels(olga))
    assert "💾 Save the breaks (2)" in labels(olga)
    olga.press("◀️ Earlier")
    back = olga.wait_for(lambda m: "✅ 09:00" in labels(olga, m))
    assert "✅ 20:00" not in labels(olga, back)  # on the other page, still remembered
    olga.clear()
    olga.press("💾 Save the breaks")
    olga.wait_for("Breaks saved: 09:00, 20:00.")
    assert [b.start for b in working_time.breaks_on(seed.olga.id, TOMORROW)] == [540, 1200]
    assert [b.duration for b in working_time.breaks_on(seed.olga.id, TOMORROW)] == [10, 10]
    olga.clear()
    olga.press("🗑 Remove all breaks of the day")
    olga.wait_for("Breaks removed: 2.")
    assert Break.select().count() == 0
