"""Breaks and days off: only on free time, all or nothing, the confirm-and-cancel path of a day
off over bookings, and the daily clean-up."""

from __future__ import annotations

import datetime as dt

import pytest

from mtime_tui.core.booking import bookings, slots, working_time
from mtime_tui.core.errors import Conflict, NotFound, SlotTaken, ValidationError
from mtime_tui.core.messaging import notify
from mtime_tui.core.storage.models import (
    BY_SALON,
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    SOURCE_BOT,
    SOURCE_MANUAL,
    Break,
    DayOff,
    Outbox,
)
from tests import salon_rows as rows
from tests.conftest import FIXED_NOW, TODAY
from tests.salon_rows import hm

pytestmark = pytest.mark.both_engines

TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture
def shop(salon):
    cut = rows.service("Haircut", duration=90)
    anna = rows.master("Anna", cut, telegram_id=5_000_001)
    olga = rows.client("Olga", telegram_id=7_000_001)
    ivan = rows.client("Ivan")
    return type("Shop", (), dict(cut=cut, anna=anna, olga=olga, ivan=ivan))


def book(shop, start, *, client=None, day=TOMORROW, source=SOURCE_BOT):
    return bookings.create_booking(service_id=shop.cut.id, client_id=(client or shop.olga).id,
                                   day=day, start=hm(start), master_id=shop.anna.id, source=source)


def test_free_break_slots_skip_bookings_breaks_and_the_past(shop):
    book(shop, "10:00")  # 10:00–11:30 takes the 10:00 and 11:00 slots
    Break.create(master=shop.anna, date=TOMORROW, start=hm("14:00"), duration=60)
    free = working_time.free_break_slots(shop.anna.id, TOMORROW)
    assert hm("09:00") in free and hm("12:00") in free and hm("21:00") in free
    assert hm("10:00") not in free and hm("11:00") not in free and hm("14:00") not in free
    today = working_time.free_break_slots(shop.anna.id, TODAY)  # now is 09:00
    assert today[0] == hm("10:00")


def test_add_several_breaks_at_once_and_they_hide_slots(shop):
    made = working_time.add_breaks(shop.anna.id, TOMORROW, [hm("13:00"), hm("12:00")])
    assert [b.start for b in made] == [hm("12:00"), hm("13:00")]
    assert all(b.duration == 60 for b in made)
    free = slots.free_starts(shop.anna, shop.cut, TOMORROW)
    assert hm("11:00") not in free  # 11:00–12:30 runs into the break
    assert hm("12:00") not in free and hm("13:00") not in free
    assert hm("14:00") in free
    assert [b.start for b in working_time.breaks_on(shop.anna.id, TOMORROW)] == [720, 780]
    assert working_time.days_with_breaks(shop.anna.id) == [TOMORROW]


def test_breaks_are_all_or_nothing(shop):
    book(shop, "10:00")
    with pytest.raises(SlotTaken) as err:
        working_time.add_breaks(shop.anna.id, TOMORROW, [hm("09:00"), hm("11:00"), hm("15:00")])
    assert "11:00" in str(err.value) and "15:00" not in str(err.value)
    assert Break.select().count() == 0
    with pytest.raises(SlotTaken):  # not a candidate of the shift
        working_time.add_breaks(shop.anna.id, TOMORROW, [hm("09:30")])
    with pytest.raises(SlotTaken):  # in the past
        working_time.add_breaks(shop.anna.id, TODAY, [hm("09:00")])
    working_time.add_breaks(shop.anna.id, TOMORROW, [hm("15:00")])
    with pytest.raises(SlotTaken):  # already a break
        working_time.add_breaks(shop.anna.id, TOMORROW, [hm("15:00")])
    assert working_time.add_breaks(shop.anna.id, TOMORROW, []) == []
    with pytest.raises(NotFound):
        working_time.add_breaks(999, TOMORROW, [hm("15:00")])


def test_remove_breaks(shop):
    working_time.add_breaks(shop.anna.id, TOMORROW, [hm("12:00"), hm("13:00"), hm("14:00")])
    assert working_time.remove_breaks(shop.anna.id, TOMORROW, [hm("13:00")]) == 1
    assert [b.start for b in working_time.breaks_on(shop.anna.id, TOMORROW)] == [720, 840]
    assert working_time.remove_breaks(shop.anna.id, TOMORROW) == 2
    assert working_time.days_with_breaks(shop.anna.id) == []


def test_day_off_without_bookings(shop):
    assert working_time.add_day_off(shop.anna.id, TOMORROW) == []
    assert working_time.days_off(shop.anna.id) == [TOMORROW]
    assert slots.free_starts(shop.anna, shop.cut, TOMORROW) == []
    assert working_time.free_break_slots(shop.anna.id, TOMORROW) == []
    assert working_time.add_day_off(shop.anna.id, TOMORROW) == []  # again: nothing changes
    working_time.remove_day_off(shop.anna.id, TOMORROW)
    assert working_time.days_off(shop.anna.id) == []
    assert slots.free_starts(shop.anna, shop.cut, TOMORROW)


def test_day_off_over_bookings_needs_confirmation_then_cancels_and_notifies(shop):
    b1 = book(shop, "10:00")
    b2 = book(shop, "14:00", client=shop.ivan, source=SOURCE_MANUAL)
    other_day = book(shop, "10:00", day=TOMORROW + dt.timedelta(days=1))
    Outbox.delete().execute()
    with pytest.raises(Conflict) as err:
        working_time.add_day_off(shop.anna.id, TOMORROW)
    assert [b.number for b in err.value.items] == [b1.number, b2.number]
    assert "2" in err.value.message("en")
    assert DayOff.select().count() == 0
    assert bookings.get_booking(b1.number).status != CANCELLED
    cancelled = working_time.add_day_off(shop.anna.id, TOMORROW, confirm_cancel=True)
    assert [b.number for b in cancelled] == [b1.number, b2.number]
    for number in (b1.number, b2.number):
        b = bookings.get_booking(number)
        assert (b.status, b.cancelled_by) == (CANCELLED, BY_SALON)
    assert bookings.get_booking(other_day.number).status != CANCELLED
    # Olga is on Telegram and hears it ("declined": it was still pending); Ivan has only a phone.
    assert [(o.chat_id, o.kind) for o in Outbox.select()] == [(7_000_001, notify.CLIENT_DECLINED)]
    assert working_time.days_off(shop.anna.id) == [TOMORROW]


def test_day_off_ignores_finished_bookings(shop, fixed_clock):
    b = book(shop, "10:00", day=TODAY, source=SOURCE_MANUAL)
    bookings.set_status(b.number, COMPLETED)
    assert working_time.add_day_off(shop.anna.id, TODAY) == []
    assert bookings.get_booking(b.number).status == COMPLETED


def test_day_off_in_the_past_is_refused(shop):
    with pytest.raises(ValidationError):
        working_time.add_day_off(shop.anna.id, TODAY - dt.timedelta(days=1))


def test_cleanup_past_removes_only_old_breaks_and_days_off(shop, fixed_clock):
    working_time.add_breaks(shop.anna.id, TOMORROW, [hm("12:00")])
    working_time.add_day_off(shop.anna.id, TOMORROW + dt.timedelta(days=1))
    Break.create(master=shop.anna, date=TODAY - dt.timedelta(days=3), start=hm("12:00"), duration=60)
    DayOff.create(master=shop.anna, date=TODAY - dt.timedelta(days=2))
    assert working_time.cleanup_past() == 2
    assert Break.select().count() == 1 and DayOff.select().count() == 1
    fixed_clock.set(FIXED_NOW + dt.timedelta(days=3))
    assert working_time.cleanup_past() == 2
    assert Break.select().count() == 0 and DayOff.select().count() == 0
    assert working_time.cleanup_past() == 0


def test_a_booking_on_a_new_break_or_day_off_is_refused(shop):
    """Old keyboards: the slot was offered before the master took a break / a day off."""
    offered = slots.free_starts(shop.anna, shop.cut, TOMORROW)
    assert hm("12:00") in offered
    working_time.add_breaks(shop.anna.id, TOMORROW, [hm("12:00")])
    with pytest.raises(SlotTaken):
        book(shop, "12:00")
    working_time.add_day_off(shop.anna.id, TOMORROW + dt.timedelta(days=1))
    with pytest.raises(SlotTaken):
        book(shop, "12:00", day=TOMORROW + dt.timedelta(days=1))
    b = book(shop, "16:00")
    assert b.status != CONFIRMED  # bot booking, pending
