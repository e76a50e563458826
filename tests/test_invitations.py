"""Invitations (core.people.invitations): single use, expiry, never moving a client with another
Telegram ID, and a Telegram user who had written before joining the invited client."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from mtime_tui.core import settings
from mtime_tui.core.booking import bookings
from mtime_tui.core.errors import NotAllowed
from mtime_tui.core.people import clients, invitations, masters, services
from mtime_tui.core.storage.models import SOURCE_MANUAL, Booking, Client, Invitation
from tests.conftest import FIXED_NOW, TODAY

pytestmark = pytest.mark.both_engines


@pytest.fixture
def walk_in(salon):
    return clients.find_or_create_by_phone("89123456789", "Vera", "Petrova")


def test_a_link_is_bound_to_its_client_and_expires_after_the_setting(walk_in):
    settings.save(invitation_days=3)
    invitation = invitations.create_invitation(walk_in.id)
    assert invitation.client_id == walk_in.id
    assert invitations.valid_shape(invitation.token)
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=3)
    assert invitations.link(invitation.token, "salon_bot") == (
        f"https://t.me/salon_bot?start={invitation.token}")
    assert invitations.link(invitation.token, "") == ""  # the bot never started: no link
    assert len(invitations.link(invitation.token, "x" * 32)) <= 64  # a small QR code


def test_binding_once_then_used_then_already(walk_in):
    token = invitations.create_invitation(walk_in.id).token
    result = invitations.redeem(token, 4242, first_name="V", language="en")
    assert result.outcome == invitations.BOUND
    fresh = Client.get_by_id(walk_in.id)
    assert fresh.telegram_id == 4242 and fresh.language == "en"
    assert fresh.first_name == "Vera"  # the salon's name stays
    assert invitations.redeem(token, 4242).outcome == invitations.ALREADY
    assert invitations.redeem(token, 5555).outcome == invitations.USED
    assert Client.get_by_id(walk_in.id).telegram_id == 4242
    assert Client.get_or_none(Client.telegram_id == 5555) is None


def test_expired_and_forged_bind_nothing(walk_in, fixed_clock):
    settings.save(invitation_days=7)
    token = invitations.create_invitation(walk_in.id).token
    fixed_clock.advance(days=7)
    assert invitations.redeem(token, 4242).outcome == invitations.EXPIRED
    assert invitations.redeem(token[:-1] + ("A" if token[-1] != "A" else "B"), 4242).outcome == (
        invitations.FORGED)
    for junk in ("", "x", "../../etc", "a" * 65, "<b>hi</b>", "валидный-токен"):
        assert invitations.redeem(junk, 4242).outcome == invitations.FORGED
    assert Client.get_by_id(walk_in.id).telegram_id is None


def test_a_client_with_another_telegram_id_is_never_moved(walk_in):
    token = invitations.create_invitation(walk_in.id).token
    Client.update(telegram_id=9999).where(Client.id == walk_in.id).execute()  # bound meanwhile
    assert invitations.redeem(token, 4242).outcome == invitations.TAKEN
    assert Client.get_by_id(walk_in.id).telegram_id == 9999
    with pytest.raises(NotAllowed):
        invitations.create_invitation(walk_in.id)


def test_a_telegram_user_with_a_client_row_joins_the_invited_client(walk_in):
    haircut = services.create_service(name="Cut", duration=60)
    maria = masters.create_master(telegram_id=1, name="Maria", shift_start=9, shift_end=18,
                                  interval=60)
    masters.add_master_services(maria.id, [haircut.id])
    own = clients.telegram_client(4242, first_name="Verochka", language="ru")
    booking = bookings.create_booking(service_id=haircut.id, client_id=own.id,
                                      day=TODAY + dt.timedelta(days=1), start=600,
                                      master_id=maria.id, source=SOURCE_MANUAL)
    token = invitations.create_invitation(walk_in.id).token
    result = invitations.redeem(token, 4242)
    assert result.outcome == invitations.BOUND and result.client.id == walk_in.id
    assert Booking.get_by_id(booking.id).client_id == walk_in.id
    assert Client.get_or_none(Client.id == own.id) is None


def test_a_telegram_user_who_is_a_client_with_another_phone_is_refused(walk_in):
    other = clients.telegram_client(4242, first_name="Other")
    clients.set_phone(other.id, "89220000000")
    token = invitations.create_invitation(walk_in.id).token
    assert invitations.redeem(token, 4242).outcome == invitations.OTHER_CLIENT
    assert Client.get_by_id(walk_in.id).telegram_id is None
    assert Invitation.get(Invitation.token == token).used_at is None  # still usable


def test_two_people_racing_with_one_link_bind_one(walk_in, db_path):
    from mtime_tui.core.storage import db

    token = invitations.create_invitation(walk_in.id).token
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def press(user_id: int) -> None:
        with db.connection():
            barrier.wait()
            outcomes.append(invitations.redeem(token, user_id).outcome)

    threads = [threading.Thread(target=press, args=(uid,)) for uid in (4001, 4002)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == [invitations.BOUND, invitations.USED]
    assert Client.get_by_id(walk_in.id).telegram_id in (4001, 4002)


def test_latest_for_reuses_a_live_invitation(walk_in, fixed_clock):
    first = invitations.create_invitation(walk_in.id)
    assert invitations.latest_for(walk_in.id).id == first.id
    fixed_clock.set(FIXED_NOW + dt.timedelta(days=8))
    assert invitations.latest_for(walk_in.id) is None
