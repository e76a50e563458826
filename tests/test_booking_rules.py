"""SPEC "Booking rules": clients cancel or move online until N hours before the visit (default 2),
hold at most K upcoming bookings (default 3); the salon is never bound by either."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from mtime_tui.core import settings
from mtime_tui.core.booking import booking_rules, bookings
from mtime_tui.core.errors import TooLate, TooManyBookings
from mtime_tui.core.storage import db
from mtime_tui.core.storage.models import (
    BY_CLIENT,
    BY_SALON,
    CANCELLED,
    PENDING,
    SOURCE_BOT,
    SOURCE_MANUAL,
    SOURCE_MASTER,
    Booking,
)
from tests import salon_rows as rows
from tests.conftest import FIXED_NOW, TODAY
from tests.salon_rows import hm

pytestmark = pytest.mark.both_engines

TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture
def shop(salon):
    cut = rows.service("Haircut", duration=60)
    anna = rows.master("Anna", cut)
    olga = rows.client("Olga", telegram_id=7_000_001)
    return type("Shop", (), dict(cut=cut, anna=anna, olga=olga))


def book(shop, day, start, source=SOURCE_BOT, client=None):
    return bookings.create_booking(service_id=shop.cut.id, client_id=(client or shop.olga).id,
                                   day=day, start=hm(start), master_id=shop.anna.id, source=source)


def test_the_defaults_are_two_hours_and_three_bookings(salon):
    s = settings.load()
    assert (s.client_change_hours, s.max_upcoming_bookings) == (2, 3)


def test_a_client_cancels_online_until_two_hours_before(shop):
    # Now is 09:00: 11:00 is exactly two hours away (closed), 11:01 would be open; 12:00 is open.
    at_eleven, at_noon = book(shop, TODAY, "11:00"), book(shop, TODAY, "12:00")
    assert not booking_rules.client_may_change(at_eleven)
    assert booking_rules.client_may_change(at_noon)
    settings.save(salon_phone="+7 900 000-00-00")
    with pytest.raises(TooLate) as err:
        bookings.cancel(at_eleven.number, by=BY_CLIENT)
    assert "+7 900 000-00-00" in err.value.message("en") and "2 h" in err.value.message("en")
    assert "+7 900 000-00-00" in err.value.message("ru")
    with pytest.raises(TooLate):
        bookings.reschedule(at_eleven.number, day=TOMORROW, start=hm("10:00"), by=BY_CLIENT)
    assert bookings.get_booking(at_eleven.number).status == PENDING
    assert bookings.cancel(at_noon.number, by=BY_CLIENT).status == CANCELLED
    # The salon may always cancel or move.
    assert bookings.reschedule(at_eleven.number, day=TOMORROW, start=hm("10:00"),
                               by=BY_SALON).start == hm("10:00")
    moved_back = bookings.reschedule(at_eleven.number, day=TODAY, start=hm("11:00"), by=BY_SALON)
    assert bookings.cancel(moved_back.number, by=BY_SALON).status == CANCELLED


def test_the_cut_off_is_a_setting(shop):
    settings.save(client_change_hours=0)
    assert booking_rules.client_may_change(book(shop, TODAY, "10:00"))
    settings.save(client_change_hours=48)
    late = book(shop, TOMORROW, "10:00")
    with pytest.raises(TooLate) as err:
        bookings.cancel(late.number, by=BY_CLIENT)
    assert "48 h" in err.value.message("en") and "contact the salon" in err.value.message("en")


def test_the_fourth_upcoming_booking_is_refused_and_nothing_written(shop):
    for start in ("10:00", "11:00", "12:00"):
        book(shop, TOMORROW, start)
    before = Booking.select().count()
    with pytest.raises(TooManyBookings) as err:
        book(shop, TOMORROW, "13:00")
    assert "3 upcoming" in err.value.message("en")
    assert "3 предстоящих" in err.value.message("ru")
    assert Booking.select().count() == before
    # The salon and the master are not bound by it.
    book(shop, TOMORROW, "14:00", source=SOURCE_MANUAL)
    book(shop, TOMORROW, "15:00", source=SOURCE_MASTER)
    # A cancelled one frees a place; a past or finished one never counts.
    first = Booking.select().order_by(Booking.number).first()
    bookings.cancel(first.number, by=BY_CLIENT)
    settings.save(max_upcoming_bookings=5)
    assert booking_rules.upcoming_count(shop.olga.id) == 4
    book(shop, TOMORROW, "16:00")
    later = FIXED_NOW + dt.timedelta(days=2)
    assert booking_rules.upcoming_count(shop.olga.id, now=later) == 0


def test_a_double_tap_on_the_last_allowed_booking_is_still_the_same_booking(shop):
    settings.save(max_upcoming_bookings=1)
    made = book(shop, TOMORROW, "10:00")
    again = book(shop, TOMORROW, "10:00")
    assert again.already_existed and again.number == made.number


def test_two_taps_at_once_never_pass_the_limit(shop, db_path):
    """Two threads (two connections) booking the client's last allowed place together."""
    settings.save(max_upcoming_bookings=1)
    results = []
    barrier = threading.Barrier(2)

    def attempt(start: str) -> None:
        with db.connection():
            barrier.wait()
            try:
                book(shop, TOMORROW, start)
                results.append("ok")
            except TooManyBookings:
                results.append("refused")

    threads = [threading.Thread(target=attempt, args=(t,)) for t in ("10:00", "12:00")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == ["ok", "refused"]
    assert Booking.select().where(Booking.status != CANCELLED).count() == 1


@pytest.mark.parametrize(("name", "value"), [("client_change_hours", -1),
                                             ("client_change_hours", 169),
                                             ("max_upcoming_bookings", 0),
                                             ("max_upcoming_bookings", "many")])
def test_bad_rule_settings_are_refused(salon, name, value):
    from mtime_tui.core.errors import ValidationError

    with pytest.raises(ValidationError) as err:
        settings.save(**{name: value})
    assert err.value.field == name
    assert getattr(settings.load(), name) == {"client_change_hours": 2,
                                              "max_upcoming_bookings": 3}[name]  # not written
