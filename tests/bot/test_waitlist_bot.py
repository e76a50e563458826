"""The waitlist through the real bot (issue 16): join a full day, time frees up, both hear it in
the order they joined, the first press books, the second hears it is gone and stays listed."""

from __future__ import annotations

import pytest

from mtime_tui.core.booking import bookings
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import BY_SALON, SOURCE_MANUAL, Booking, WaitlistEntry
from tests.bot.conftest import MARIA_TID, OLGA_TID, TOMORROW

DAY_LABEL = "Tue, 24 Nov"


def fill_tomorrow(seed):
    made = []
    for n, start in enumerate((540, 600, 660, 720)):
        holder = clients.find_or_create_by_phone(f"8912000000{n}", f"Holder{n}")
        made.append(bookings.create_booking(service_id=seed.haircut.id, client_id=holder.id,
                                            day=TOMORROW, start=start, master_id=seed.maria.id,
                                            source=SOURCE_MANUAL))
    return made


def join_waitlist(user):
    user.clear()
    user.send("/start")
    user.wait_for("Welcome")
    user.press("Book")
    user.press("Haircut")
    user.press("Maria")
    user.wait_for("Choose a date")
    user.press("Join its waitlist")
    user.wait_for("These days are full")
    user.press(DAY_LABEL)
    user.wait_for("You are on the waitlist")


@pytest.mark.both_engines  # representative: this module's flow on PostgreSQL too (CI time)
def test_join_free_up_first_press_books_second_stays(runner, fake, seed):
    fake.allow(MARIA_TID)
    taken = fill_tomorrow(seed)
    anna = fake.user(1001, first_name="Anna", language_code="en")
    bob = fake.user(1002, first_name="Bob", language_code="en")
    join_waitlist(anna)
    join_waitlist(bob)
    assert WaitlistEntry.select().count() == 2
    anna.clear()
    bob.clear()
    bookings.cancel(taken[1].number, by=BY_SALON)  # 10:00 frees up
    offer_anna = anna.wait_for("Time has freed up", timeout=10)
    offer_bob = bob.wait_for("Time has freed up", timeout=10)
    assert offer_anna.seq < offer_bob.seq  # in the order they joined
    anna.press("Book 10:00", msg=offer_anna)
    anna.wait_for("Booked")
    bob.press("Book 10:00", msg=offer_bob)
    bob.wait_for("already taken")
    live = Booking.select().where((Booking.date == TOMORROW) & (Booking.start == 600)
                                  & (Booking.status != "cancelled"))
    assert [b.client.telegram_id for b in live] == [1001]
    # Bob still waits: My bookings lists it, and he may leave.
    bob.clear()
    bob.send("/start")
    bob.wait_for("Welcome")
    bob.press("My bookings")
    bob.wait_for("waitlist")
    bob.press(DAY_LABEL)
    bob.wait_for("You are on this day's waitlist")
    bob.press("Leave the waitlist")
    bob.wait_for("You have left the waitlist")
    assert WaitlistEntry.select().where(WaitlistEntry.ended_at.is_null()).count() == 0


def test_any_master_joins_a_full_day_and_books_whoever_frees_up(runner, fake, seed):
    fake.allow(MARIA_TID)
    fake.allow(OLGA_TID)
    taken = fill_tomorrow(seed)
    for n, start in enumerate((540, 600, 660, 720)):  # Olga's day too: the day is full
        holder = clients.find_or_create_by_phone(f"8913000000{n}", f"Other{n}")
        taken.append(bookings.create_booking(service_id=seed.haircut.id, client_id=holder.id,
                                             day=TOMORROW, start=start, master_id=seed.olga.id,
                                             source=SOURCE_MANUAL))
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.wait_for("Welcome")
    anna.press("Book")
    anna.press("Haircut")
    anna.press("Any master")
    anna.wait_for("Choose a date")
    anna.press("Join its waitlist")
    anna.wait_for("These days are full")
    anna.press(DAY_LABEL)
    anna.wait_for("You are on the waitlist")
    [entry] = WaitlistEntry.select()
    assert entry.master_id is None
    anna.clear()
    bookings.cancel(taken[-1].number, by=BY_SALON)  # Olga's 12:00 frees up
    offer = anna.wait_for("Time has freed up", timeout=10)
    anna.press("Book 12:00", msg=offer)
    anna.wait_for("Booked")
    [mine] = Booking.select().where(Booking.client == entry.client_id)
    assert (mine.master_id, mine.start) == (seed.olga.id, 720)
