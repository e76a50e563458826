"""core.booking.waitlist: a full day's waitlist, told in the order they joined when time frees up, and
two clients racing for the freed slot end with one booking (threads, separate connections)."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest

from mtime_tui.core.booking import bookings, waitlist, working_time
from mtime_tui.core.errors import NotAllowed, SlotTaken
from mtime_tui.core.people import clients, masters, services
from mtime_tui.core.storage import db
from mtime_tui.core.storage.models import BY_CLIENT, SOURCE_MANUAL, Booking, Outbox, WaitlistEntry
from tests.conftest import TODAY

pytestmark = pytest.mark.both_engines

DAY = TODAY + dt.timedelta(days=1)


@pytest.fixture
def full_day(salon):
    """One master, 10:00–11:00 every 60 min (two starts), both booked tomorrow."""
    cut = services.create_service(name="Cut", duration=60)
    maria = masters.create_master(telegram_id=5001, name="Maria", shift_start=10, shift_end=11,
                                  interval=60)
    masters.add_master_services(maria.id, [cut.id])
    taken = []
    for n, start in enumerate((600, 660)):
        holder = clients.find_or_create_by_phone(f"8912000000{n}", f"Holder{n}")
        taken.append(bookings.create_booking(service_id=cut.id, client_id=holder.id, day=DAY,
                                             start=start, master_id=maria.id,
                                             source=SOURCE_MANUAL))
    waiting = [clients.telegram_client(7000 + n, first_name=f"W{n}", language="en")
               for n in range(3)]
    return cut, maria, taken, waiting


def offers():
    return [(r.chat_id, json.loads(r.payload)["starts"])
            for r in Outbox.select().where(Outbox.kind == "waitlist_free").order_by(Outbox.id)]


def test_a_full_day_is_offered_and_free_days_are_not(full_day):
    cut, maria, _taken, waiting = full_day
    assert waitlist.full_dates([cut.id], maria.id) == [DAY]
    assert waitlist.full_dates([cut.id], None) == [DAY]
    with pytest.raises(NotAllowed):
        waitlist.join(waiting[0].id, [cut.id], maria.id, DAY + dt.timedelta(days=1))
    first = waitlist.join(waiting[0].id, [cut.id], maria.id, DAY)
    assert waitlist.join(waiting[0].id, [cut.id], maria.id, DAY).id == first.id  # one place


def test_freed_time_is_told_in_the_order_they_joined_once(full_day, fixed_clock):
    cut, maria, taken, waiting = full_day
    for person in (waiting[2], waiting[0]):  # W2 joined first
        waitlist.join(person.id, [cut.id], maria.id, DAY)
        fixed_clock.advance(seconds=1)
    assert waitlist.check() == 0  # nothing free yet
    bookings.cancel(taken[1].number, by=BY_CLIENT)
    assert waitlist.check() == 2
    assert offers() == [(7002, [660]), (7000, [660])]
    assert waitlist.check() == 0  # each told once about 11:00
    working_time.add_breaks(maria.id, DAY, [660])  # taken again (a break), then freed again
    waitlist.check()
    working_time.remove_breaks(maria.id, DAY, [660])
    assert waitlist.check() == 2  # a removed break frees time: told again


def test_two_clients_racing_for_the_freed_slot_book_once(full_day, db_path):
    cut, maria, taken, waiting = full_day
    entries = [waitlist.join(p.id, [cut.id], maria.id, DAY) for p in waiting[:2]]
    bookings.cancel(taken[0].number, by=BY_CLIENT)
    waitlist.check()
    barrier = threading.Barrier(2)
    results: list[object] = []

    def press(entry, person):
        with db.connection():
            barrier.wait()
            try:
                results.append(waitlist.book(entry.id, person.id, 600))
            except SlotTaken as exc:
                results.append(exc)

    threads = [threading.Thread(target=press, args=(e, p)) for e, p in zip(entries, waiting[:2], strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    booked = [r for r in results if isinstance(r, Booking)]
    assert len(booked) == 1 and sum(isinstance(r, SlotTaken) for r in results) == 1
    active = Booking.select().where((Booking.date == DAY) & (Booking.start == 600)
                                    & (Booking.status != "cancelled"))
    assert active.count() == 1
    loser = next(e for e in entries if e.client_id != booked[0].client_id)
    assert WaitlistEntry.get_by_id(loser.id).ended_at is None  # stays on the list
    winner = next(e for e in entries if e.client_id == booked[0].client_id)
    assert WaitlistEntry.get_by_id(winner.id).booking_id == booked[0].id


def test_entries_end_after_their_date(full_day, fixed_clock):
    cut, maria, _taken, waiting = full_day
    entry = waitlist.join(waiting[0].id, [cut.id], maria.id, DAY)
    assert [e.id for e in waitlist.entries_of(waiting[0].id)] == [entry.id]
    fixed_clock.advance(days=2)
    waitlist.check()
    assert WaitlistEntry.get_by_id(entry.id).ended_at is not None
    assert waitlist.entries_of(waiting[0].id) == []
    assert waitlist.leave(entry.id, waiting[0].id) is False


def starts_offered_to(telegram_id):
    return [starts for chat, starts in offers() if chat == telegram_id]


def test_a_move_frees_the_old_time_and_the_waitlist_hears_it(full_day):
    cut, maria, taken, waiting = full_day
    waitlist.join(waiting[0].id, [cut.id], maria.id, DAY)
    bookings.reschedule(taken[1].number, day=DAY + dt.timedelta(days=1), start=660, by="salon")
    assert waitlist.check() == 1
    assert starts_offered_to(7000) == [[660]]


def test_longer_hours_on_that_weekday_are_told_too(full_day):
    from mtime_tui.core.booking import work_plans

    cut, maria, _taken, waiting = full_day
    waitlist.join(waiting[0].id, [cut.id], maria.id, DAY)
    week = [(600, 660)] * 7
    week[DAY.weekday()] = (600, 720)  # the last start 12:00 that day now
    work_plans.set_week(maria.id, week)
    assert waitlist.check() == 1
    assert starts_offered_to(7000) == [[720]]


def test_any_master_hears_when_another_masters_day_off_is_removed(full_day):
    cut, maria, _taken, waiting = full_day
    olga = masters.create_master(telegram_id=5002, name="Olga", shift_start=14, shift_end=15,
                                 interval=60)
    masters.add_master_services(olga.id, [cut.id])
    working_time.add_day_off(olga.id, DAY)
    assert waitlist.full_dates([cut.id], None) == [DAY]  # Maria's taken, Olga's off
    waitlist.join(waiting[0].id, [cut.id], None, DAY)
    assert waitlist.check() == 0
    working_time.remove_day_off(olga.id, DAY)
    assert waitlist.check() == 1
    assert starts_offered_to(7000) == [[840, 900]]


def test_a_client_holds_at_most_ten_waitlists(full_day):
    cut, maria, _taken, waiting = full_day
    holder = clients.find_or_create_by_phone("89120000099", "Holder")
    days = [DAY + dt.timedelta(days=n) for n in range(waitlist.MAX_ENTRIES + 1)]
    for day in days[1:]:  # fill ten more days
        for start in (600, 660):
            bookings.create_booking(service_id=cut.id, client_id=holder.id, day=day, start=start,
                                    master_id=maria.id, source=SOURCE_MANUAL)
    for day in days[:-1]:
        waitlist.join(waiting[0].id, [cut.id], maria.id, day)
    with pytest.raises(NotAllowed) as refused:
        waitlist.join(waiting[0].id, [cut.id], maria.id, days[-1])
    assert "leave one" in refused.value.message("en")
    assert len(waitlist.entries_of(waiting[0].id)) == waitlist.MAX_ENTRIES
    assert waitlist.join(waiting[0].id, [cut.id], maria.id, days[0]).date == days[0]  # again


def test_an_entry_ends_when_its_client_books_that_day_another_way(full_day):
    cut, maria, taken, waiting = full_day
    with_maria = waitlist.join(waiting[0].id, [cut.id], maria.id, DAY)
    with_anyone = waitlist.join(waiting[1].id, [cut.id], None, DAY)
    olga = masters.create_master(telegram_id=5002, name="Olga", shift_start=14, shift_end=15,
                                 interval=60)  # a new master, and both book her by phone
    masters.add_master_services(olga.id, [cut.id])
    for person, start in ((waiting[0], 840), (waiting[1], 900)):
        bookings.create_booking(service_id=cut.id, client_id=person.id, day=DAY, start=start,
                                master_id=olga.id, source=SOURCE_MANUAL)
    waitlist.check()
    assert WaitlistEntry.get_by_id(with_maria.id).ended_at is None  # Olga is not Maria
    assert WaitlistEntry.get_by_id(with_anyone.id).ended_at is not None  # any master: done
    bookings.cancel(taken[0].number, by=BY_CLIENT)
    bookings.create_booking(service_id=cut.id, client_id=waiting[0].id, day=DAY, start=600,
                            master_id=maria.id, source=SOURCE_MANUAL)  # booked it by phone
    waitlist.check()
    assert WaitlistEntry.get_by_id(with_maria.id).ended_at is not None
    assert offers() == []
