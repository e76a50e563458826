"""A chain's client messages by branch (docs/BRANCHES.md "Messages"): a client's message reaches
the admins who see one of the client's branches, and shows in those branches' inboxes; a client
of no branch yet reaches every admin and every inbox — on both engines."""

from __future__ import annotations

import datetime as dt

import pytest

from mtime_tui.core import settings
from mtime_tui.core.messaging import conversations
from mtime_tui.core.people import branches
from mtime_tui.core.storage.models import COMPLETED, DEFAULT_BRANCH, Booking, Outbox, TelegramUser
from tests import salon_rows as rows
from tests.conftest import FIXED_NOW, TODAY
from tests.salon_rows import hm

pytestmark = pytest.mark.both_engines

BOSS, EAST_ADMIN, MAIN_ADMIN = 7001, 7002, 7003


def _visit(master, service, client, day, number):
    stamp = FIXED_NOW.replace(tzinfo=None)
    return Booking.create(number=number, master=master, service=service, client=client, date=day,
                          start=hm("12:00"), duration=60, status=COMPLETED, created_at=stamp,
                          updated_at=stamp)


@pytest.fixture
def chain(salon):
    """Test Salon (main) and East; the boss sees both, each manager one branch."""
    east = branches.add_branch("East", timezone="Asia/Vladivostok")
    for admin in (BOSS, EAST_ADMIN, MAIN_ADMIN):
        settings.add_admin(admin)
    branches.limit_admin(EAST_ADMIN, {east.id})
    branches.limit_admin(MAIN_ADMIN, {DEFAULT_BRANCH})
    cut, east_cut = rows.service(), rows.service(branch=east.id)
    anna, boris = rows.master("Anna", cut), rows.master("Boris", east_cut, branch=east.id)
    return east, (anna, cut), (boris, east_cut)


def _client(name, telegram_id, chose=None):
    client = rows.client(name, telegram_id=telegram_id)
    rows.telegram_user(telegram_id)
    if chose is not None:
        branches.remember_branch(telegram_id, chose)
    return client


def _told(client_id) -> set[int]:
    return {r.chat_id for r in Outbox.select().where(Outbox.kind == "client_message")
            if f'"client_id": {client_id}' in r.payload}


def test_a_client_s_message_reaches_the_admins_of_the_client_s_branch(chain):
    east, (anna, cut), _east_master = chain
    chloe = _client("Chloe", 601, chose=east.id)  # brand new: chose East in the bot
    oleg = _client("Oleg", 602)  # booked in the main branch
    _visit(anna, cut, oleg, TODAY - dt.timedelta(days=3), 4001)
    nina = _client("Nina", 603)  # of no branch yet
    for client in (chloe, oleg, nina):
        conversations.client_wrote(client.id, "Hello")
    assert _told(chloe.id) == {BOSS, EAST_ADMIN}
    assert _told(oleg.id) == {BOSS, MAIN_ADMIN}
    assert _told(nina.id) == {BOSS, EAST_ADMIN, MAIN_ADMIN}  # nobody's message goes unseen
    # The inboxes agree: the same clients as the admins who see each branch.
    seen = lambda branch: {c.client.id for c in conversations.inbox(branch=branch)}  # noqa: E731
    assert seen(east.id) == {chloe.id, nina.id}
    assert seen(DEFAULT_BRANCH) == {oleg.id, nina.id}
    assert seen(None) == {chloe.id, oleg.id, nina.id}
    assert (conversations.unread_count(east.id), conversations.unread_count(DEFAULT_BRANCH),
            conversations.unread_count()) == (2, 2, 3)


def test_only_admins_who_see_the_client_may_answer(chain):
    east, (anna, cut), _east_master = chain
    chloe = _client("Chloe", 601, chose=east.id)
    nina = _client("Nina", 603)
    assert conversations.may_write(EAST_ADMIN, chloe.id) is True
    assert conversations.may_write(BOSS, chloe.id) is True
    assert conversations.may_write(MAIN_ADMIN, chloe.id) is False
    assert conversations.may_write(MAIN_ADMIN, nina.id) is True  # of no branch yet
    # Choosing the main branch later makes Chloe the main branch's client (the last choice).
    branches.remember_branch(601, DEFAULT_BRANCH)
    assert conversations.may_write(MAIN_ADMIN, chloe.id) is True
    assert conversations.may_write(EAST_ADMIN, chloe.id) is False


def test_a_client_of_two_branches_reaches_both(chain):
    east, (anna, cut), (boris, east_cut) = chain
    mira = _client("Mira", 604, chose=east.id)  # chose East, visited the main branch once
    _visit(anna, cut, mira, TODAY - dt.timedelta(days=30), 4002)
    assert branches.client_branches(mira.id) == {DEFAULT_BRANCH, east.id}
    conversations.client_wrote(mira.id, "Hello")
    assert _told(mira.id) == {BOSS, EAST_ADMIN, MAIN_ADMIN}
    (row, *_rest) = Outbox.select().where(Outbox.kind == "client_message")
    assert '"branches": ["Test Salon", "East"]' in row.payload


def test_the_choice_is_kept_even_without_a_start(chain):
    east, *_ = chain
    branches.remember_branch(605, east.id)  # no /start row yet: one is made
    assert TelegramUser.get_by_id(605).branch_id == east.id


def test_a_single_branch_salon_s_messages_reach_every_admin(salon):
    for admin in (BOSS, MAIN_ADMIN):
        settings.add_admin(admin)
    nina = _client("Nina", 603)
    conversations.client_wrote(nina.id, "Hello")
    assert _told(nina.id) == {BOSS, MAIN_ADMIN}
    assert conversations.may_write(MAIN_ADMIN, nina.id) is True
    assert all("branches" not in r.payload for r in Outbox.select())  # no branch anywhere
