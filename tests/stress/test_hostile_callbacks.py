"""Part 5, the bot's side — hostile callback data through the real bot: random strings and bytes,
forged actions with other people's booking numbers, and replayed old buttons. Every press is
answered; nothing in the database changes that the presser may not change; no one sees the error
handler's apology and nothing is logged as an error."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtime_tui.bot.telegram import callbacks as cb
from mtime_tui.core.booking import bookings
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import BY_CLIENT, CANCELLED, SOURCE_BOT, Booking, Client, Outbox
from tests.conftest import TODAY

pytestmark = [pytest.mark.stress, pytest.mark.both_engines]

DAY = TODAY + dt.timedelta(days=1)
BORIS, MALLORY = 402_001, 402_666
FORGED_ACTIONS = ["my:v", "my:c", "my:cy", "my:r", "m:c", "m:d", "m:ok", "m:ns", "m:k", "m:ky",
                  "m:v", "a:v", "a:s", "my:rd", "my:ry", "my:rt", "bk:ok", "bk:t", "bk:n", "mb:ok",
                  "mt:oy", "mt:bs", "mt:br", "a:dl", "m:dl", "m:l", "st", "mn", "nop"]


def state() -> tuple:
    return ([tuple(b.__data__.items()) for b in Booking.select().order_by(Booking.id)],
            [tuple(c.__data__.items()) for c in Client.select().order_by(Client.id)],
            Outbox.select().count())


def forged(numbers):
    values = st.one_of(st.sampled_from(numbers), st.integers(-3, 2**32).map(str),
                       st.sampled_from(["20261124", "20261301", "1000", "2400", "0", "", "x"]))
    return st.builds(lambda a, vs: ":".join([a, *vs]), st.sampled_from(FORGED_ACTIONS),
                     st.lists(values, max_size=5))


def fits(data: str) -> bool:
    return 0 < len(data.encode()) <= 64


@pytest.fixture
def victim(runner, fake, shop):
    """Boris (a client) holds a pending bot booking; Mallory, a stranger, presses things."""
    boris = clients.telegram_client(BORIS, first_name="Boris", language="en")
    clients.set_phone(boris.id, "+79170000300")
    booking = bookings.create_booking(service_id=shop.haircut.id, client_id=boris.id, day=DAY,
                                      start=600, master_id=shop.anna.id, source=SOURCE_BOT)
    fake.user(BORIS, first_name="Boris", language_code="en")
    return booking


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.one_of(
    st.text(min_size=1, max_size=64).filter(fits),
    st.binary(min_size=1, max_size=64).map(lambda b: b.decode("utf-8", "replace")).filter(fits),
    forged(["1001", "1002", "999999"]).filter(fits),
))
def test_random_and_forged_callback_data_change_nothing(runner, fake, victim, error_log, data):
    mallory = fake.user(MALLORY, first_name="Mallory", language_code="en")
    before = state()
    query = mallory.press_data(data)
    mallory.wait_answer(query, timeout=10)
    fake.wait_fetched()
    assert state() == before, data
    assert error_log.lines() == [], data
    assert not [m for m in mallory.messages if "Something went wrong" in (m.text or "")]


def test_replayed_old_buttons_are_refused_or_show_what_is(runner, fake, shop, victim, error_log):
    boris = fake.user(BORIS)
    number = victim.number
    boris.send("/start")
    boris.wait_for("Welcome")
    # An old "Move to 11:00" from before the booking was cancelled.
    move = cb.encode(cb.MY_MOVE_YES, number, DAY, 660)
    bookings.cancel(number, by=BY_CLIENT)
    rows = Outbox.select().count()
    boris.clear()
    boris.press_data(cb.encode(cb.MY_CANCEL_YES, number))  # the old "Yes, cancel" again
    boris.wait_for(f"Booking № {number} is cancelled")
    boris.clear()
    boris.press_data(move)
    boris.wait_for("out of date")
    assert Booking.get(Booking.number == number).status == CANCELLED
    assert Booking.get(Booking.number == number).start == 600
    # The master's old Confirm under the new-booking notification: nothing changes.
    fake.allow(shop.anna.telegram_id)
    anna = fake.user(shop.anna.telegram_id, first_name="Anna", language_code="en")
    anna.press_data(cb.encode(cb.MASTER_CONFIRM, number))
    anna.wait_for("Nothing changed")
    assert Booking.get(Booking.number == number).status == CANCELLED
    assert Outbox.select().count() == rows  # no one is told anything twice
    assert error_log.lines() == []
