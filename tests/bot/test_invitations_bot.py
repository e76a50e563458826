"""Deep links through the real bot and the stand-in: t.me/<bot>?start=<token> opened and
Start pressed (forged, expired, used, another user's; SPEC "Clients")."""

from __future__ import annotations

import pytest

from mtime_tui.core import settings
from mtime_tui.core.booking import bookings
from mtime_tui.core.people import clients, invitations
from mtime_tui.core.storage.models import SOURCE_MANUAL, Client
from tests.bot.conftest import MARIA_TID, TOMORROW

VERA = 3101
IVAN = 3102


@pytest.fixture
def walk_in(seed):
    return clients.find_or_create_by_phone("89123456789", "Vera", "Petrova")


def open_link(fake, user_id, token, **profile):
    profile.setdefault("language_code", "en")
    user = fake.user(user_id, first_name=profile.pop("first_name", "Vera"), **profile)
    user.clear()
    user.send(f"/start {token}")
    return user


def test_the_bot_remembers_its_name_for_the_links(runner, fake):
    fake.wait_until(lambda: settings.load().bot_username == fake.bot_username, timeout=5)


@pytest.mark.both_engines  # representative: this module's flow on PostgreSQL too (CI time)
def test_a_link_binds_the_user_and_then_their_notices_come(runner, fake, seed, walk_in):
    fake.allow(MARIA_TID)
    token = invitations.create_invitation(walk_in.id).token
    vera = open_link(fake, VERA, token, language_code="en")
    reply = vera.wait_for("Welcome, Vera")
    assert "linked to your profile" in reply.text
    assert any("Book" in text for text, _ in vera.buttons(reply))  # the main menu follows
    assert Client.get_by_id(walk_in.id).telegram_id == VERA
    # From now on the salon's bookings for her reach her Telegram.
    bookings.create_booking(service_id=seed.haircut.id, client_id=walk_in.id, day=TOMORROW,
                            start=600, master_id=seed.maria.id, source=SOURCE_MANUAL)
    vera.wait_for("is confirmed")
    # Start again with the same link: a friendly "already", nothing changes.
    vera.clear()
    vera.send(f"/start {token}")
    vera.wait_for("already linked to your profile")


def test_a_forged_token_binds_nothing(runner, fake, walk_in):
    invitations.create_invitation(walk_in.id)
    for token in ("AAAAAAAAAAAA", "<b>x</b>", "x" * 80):
        user = open_link(fake, VERA, token)
        user.wait_for("not valid")
    assert Client.get_by_id(walk_in.id).telegram_id is None
    assert Client.get_or_none(Client.telegram_id == VERA) is None


def test_an_expired_token_binds_nothing(runner, fake, walk_in, fixed_clock):
    token = invitations.create_invitation(walk_in.id).token
    fixed_clock.advance(days=settings.load().invitation_days, seconds=1)
    open_link(fake, VERA, token).wait_for("has expired")
    assert Client.get_by_id(walk_in.id).telegram_id is None


def test_a_used_token_binds_nobody_else(runner, fake, walk_in):
    token = invitations.create_invitation(walk_in.id).token
    open_link(fake, VERA, token).wait_for("Welcome")
    ivan = open_link(fake, IVAN, token, first_name="Ivan", language_code="ru")
    ivan.wait_for("уже использована")  # in his language
    assert Client.get_by_id(walk_in.id).telegram_id == VERA
    assert Client.get_or_none(Client.telegram_id == IVAN) is None


def test_another_users_client_is_never_moved(runner, fake, walk_in):
    token = invitations.create_invitation(walk_in.id).token
    # Meanwhile Vera shared this phone from her own Telegram: the client is hers now.
    Client.update(telegram_id=VERA).where(Client.id == walk_in.id).execute()
    open_link(fake, IVAN, token, first_name="Ivan", language_code="en").wait_for(
        "already linked to another Telegram account")
    assert Client.get_by_id(walk_in.id).telegram_id == VERA


def test_a_plain_start_is_still_the_menu(runner, fake):
    user = fake.user(VERA, first_name="Vera", language_code="en")
    user.send("/start")
    user.wait_for("Welcome to")
