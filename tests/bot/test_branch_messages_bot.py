"""A chain's client messages through the real bot and the stand-in (docs/BRANCHES.md
"Messages"): a new client who chose East writes; East's admin gets it with Reply and answers,
the main branch's admin gets nothing and a forged Reply of theirs is refused."""

from __future__ import annotations

import pytest

from mtime_tui.core import settings
from mtime_tui.core.messaging import conversations
from mtime_tui.core.people import branches, masters, services
from mtime_tui.core.storage.models import DEFAULT_BRANCH, ChatMessage, Client
from tests.bot.conftest import ADMIN_TID, settle

pytestmark = pytest.mark.both_engines

EAST_ADMIN, MAIN_ADMIN = 7002, 7003


@pytest.fixture
def east(seed, admin):
    east = branches.add_branch("East", "Svetlanskaya 5", "+7 423 200-00-00", "Asia/Vladivostok")
    shave = services.create_service(name="Shave", duration=60, price=900, branch=east.id)
    boris = masters.create_master(telegram_id=5003, name="Boris", shift_start=9, shift_end=20,
                                  interval=60, branch=east.id)
    masters.add_master_services(boris.id, [shave.id])
    settings.add_admin(EAST_ADMIN, "East manager")
    settings.add_admin(MAIN_ADMIN, "Main manager")
    branches.limit_admin(EAST_ADMIN, {east.id})
    branches.limit_admin(MAIN_ADMIN, {DEFAULT_BRANCH})
    return east


def _got(fake, chat, needle):
    return [m for m in fake.sent_to(chat) if needle in (m.text or "")]


def test_a_new_client_s_message_reaches_their_branch_s_admins_only(runner, fake, east):
    for chat in (ADMIN_TID, EAST_ADMIN, MAIN_ADMIN):
        fake.allow(chat)
    chloe = fake.user(1001, first_name="Chloe", language_code="en")
    chloe.send("/start")
    chloe.wait_for("Welcome")
    chloe.press("Book")
    chloe.wait_for("Choose a branch")
    chloe.press("East")
    chloe.wait_for("Choose a service")
    chloe.send("Do you shave beards too?")
    chloe.wait_for("sent to the salon")
    [to_east] = fake.wait_until(lambda: _got(fake, EAST_ADMIN, "shave beards"))
    [to_boss] = fake.wait_until(lambda: _got(fake, ADMIN_TID, "shave beards"))  # every branch
    assert "Chloe · 🏢 East" in to_boss.text  # whose client it is
    client = Client.get(Client.telegram_id == 1001)
    assert {c.client.id for c in conversations.inbox(branch=east.id)} == {client.id}
    assert conversations.inbox(branch=DEFAULT_BRANCH) == []
    # The main branch's manager: nothing came, and a forged Reply changes nothing.
    manager = fake.user(MAIN_ADMIN, first_name="Max", language_code="en")
    manager.send("/start")
    manager.wait_for("This is the admin menu")
    manager.clear()
    manager.wait_answer(manager.press_data(f"cv:r:{client.id}"))
    settle(manager)
    assert not any("Write your message to" in (m.text or "") for m in manager.messages)
    assert _got(fake, MAIN_ADMIN, "shave beards") == []
    # East's manager answers it.
    eve = fake.user(EAST_ADMIN, first_name="Eve", language_code="en")
    [(label, _data)] = to_east.buttons()
    eve.press(label, msg=to_east)
    eve.wait_for("Write your message to Chloe")
    eve.send("Yes, we do")
    eve.wait_for("Sent to Chloe")
    chloe.wait_for("Yes, we do")
    assert ChatMessage.select().count() == 2
