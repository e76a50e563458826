"""Part 6 — who may do what, for the client's actions (tests/bot/test_permissions.py covers the
staff's): view, cancel and reschedule a booking, each pressed with its exact callback data (as a
forger would send it) by the client who owns the booking, another client, the booking's master,
another master, an admin, the owner after being blocked, and a stranger. SPEC "People": a client
may see, reschedule and cancel *own* bookings; authorisation is by the update's Telegram user
only. Where that does not allow it: "this menu is out of date" and nothing changes.

A blocked client keeps seeing, moving and cancelling their existing bookings: SPEC forbids them
only to *book* (an interpretation — see docs/RELIABILITY.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from mtime_tui.bot.telegram import callbacks as cb
from mtime_tui.core import settings
from mtime_tui.core.booking import bookings
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import CANCELLED, SOURCE_BOT, Booking, Outbox
from tests.conftest import TODAY

from .conftest import ADMIN_TID, MASTER_TIDS

pytestmark = [pytest.mark.stress, pytest.mark.both_engines]

DAY = TODAY + dt.timedelta(days=1)
OWNER, OTHER_CLIENT, STRANGER = 403_001, 403_002, 403_999
ACTORS = {
    "owner": OWNER,
    "other client": OTHER_CLIENT,
    "master of the booking": MASTER_TIDS[0],
    "other master": MASTER_TIDS[1],
    "admin": ADMIN_TID,
    "blocked owner": OWNER,
    "stranger": STRANGER,
}
ALLOWED = {"owner", "blocked owner"}

# (action, values after the booking number, marker of the allowed answer, changes the booking)
N = "{n}"
TABLE = [
    (cb.MY_CARD, (), "№ {n}", False),
    (cb.MY_CANCEL, (), "Cancel booking № {n}", False),
    (cb.MY_MOVE, (), "Choose a new date", False),
    (cb.MY_MOVE_DATE, (DAY,), "Free times on", False),
    (cb.MY_MOVE_TIME, (DAY, 720), "Move booking № {n}", False),
    (cb.MY_MOVE_YES, (DAY, 720), "Your booking is moved", True),
    (cb.MY_CANCEL_YES, (), "is cancelled", True),
]


def snapshot() -> list[tuple]:
    return [(b.number, b.status, b.date, b.start, b.cancelled_by)
            for b in Booking.select().order_by(Booking.number)]


@pytest.fixture
def two_clients(runner, fake, shop):
    """The owner (pending booking with Anna at 10:00) and another client (Boris at 11:00)."""
    settings.add_admin(ADMIN_TID, "Boss")
    made = {}
    for tid, phone, master, hour in ((OWNER, "+79170000401", shop.anna, 10),
                                     (OTHER_CLIENT, "+79170000402", shop.boris, 11)):
        client = clients.telegram_client(tid, first_name=f"C{tid}", language="en")
        clients.set_phone(client.id, phone)
        made[tid] = bookings.create_booking(service_id=shop.haircut.id, client_id=client.id,
                                            day=DAY, start=hour * 60, master_id=master.id,
                                            source=SOURCE_BOT)
    for tid in (*MASTER_TIDS, ADMIN_TID):
        fake.allow(tid)
    return made


@pytest.mark.parametrize("actor", list(ACTORS))
def test_the_clients_actions_for_every_kind_of_user(runner, fake, two_clients, actor,
                                                    error_log):
    number = two_clients[OWNER].number
    if actor == "blocked owner":
        clients.block_client(clients.telegram_client(OWNER, first_name="", language="en").id,
                             "no-shows")
    user = fake.user(ACTORS[actor], first_name=actor.title(), language_code="en")
    outcomes = []
    for action, values, marker, changes in TABLE:
        before, rows = snapshot(), Outbox.select().count()
        user.clear()
        # On a message the bot cannot edit (an old one): every answer is a new message.
        query = user.press_data(cb.encode(action, number, *values), message_id=10**6)
        user.wait_answer(query, timeout=10)
        if actor in ALLOWED:
            user.wait_for(marker.format(n=number), timeout=10)
            if changes:
                assert snapshot() != before, action
            else:
                assert snapshot() == before, action
            outcomes.append((action, "allowed"))
        else:
            user.wait_for("out of date", timeout=10)
            assert snapshot() == before and Outbox.select().count() == rows, action
            outcomes.append((action, "refused"))
    booking = Booking.get(Booking.number == number)
    if actor in ALLOWED:
        assert (booking.status, booking.start, booking.cancelled_by) == (CANCELLED, 720, "client")
    else:
        assert (booking.status, booking.start) == ("pending", 600)
    other = two_clients[OTHER_CLIENT]
    assert Booking.get(Booking.number == other.number).status == "pending"
    # "My bookings" shows each person only their own.
    user.clear()
    user.press_data(cb.encode(cb.MY))
    listing = user.wait_for(lambda m: "bookings" in (m.text or ""), timeout=10)
    assert not [d for _, d in listing.buttons() if d and d.endswith(f":{number}")]
    assert error_log.lines() == []
