"""In a group the bot shows nothing and stores nothing: its screens hold phones, names and
bookings. A command there gets one line saying where to write; a press gets the same as a notice."""

from __future__ import annotations

import pytest

from mtime_tui.bot.telegram.private_chats import ONLY_PRIVATE
from mtime_tui.core.storage.models import Client, TelegramUser
from mtime_tui.i18n import tr
from tests.fakegram.markup import command_entities

GROUP_ID = -100500


def from_group(fake, user, **fields) -> None:
    """`user` writes in a group the bot was added to."""
    w = fake.world
    with w.cond:
        msg = w.add_message(GROUP_ID, from_bot=False, **fields)
        w.started.add(GROUP_ID)
        payload = w.message_dict(msg)
        payload["chat"] = {"id": GROUP_ID, "type": "group", "title": "Salon friends"}
        payload["from"] = w.profiles[user.id]
        w.push_update("message", payload)


def group_texts(fake) -> list[str]:
    with fake.world.lock:
        state = fake.world.chats.get(GROUP_ID)
        return [m.text for m in state.messages.values() if m.from_bot] if state else []


def settle(user) -> None:
    """The user's next private /start is answered only after their group updates (one person's
    updates are handled in order), so by then the group ones are done."""
    user.clear()
    user.send("/start")
    user.wait_for("Welcome")


@pytest.mark.both_engines  # representative: this module's flow on PostgreSQL too (CI time)
def test_a_command_in_a_group_gets_one_line_and_stores_nothing(runner, fake, seed):
    ann = fake.user(9101, first_name="Ann", language_code="ru")
    from_group(fake, ann, text="/start", entities=command_entities("/start"))
    fake.wait_until(lambda: group_texts(fake), timeout=5)
    assert group_texts(fake) == [tr(ONLY_PRIVATE, "ru")]
    assert TelegramUser.get_or_none(TelegramUser.telegram_id == 9101) is None
    assert Client.select().count() == 0


def test_text_and_a_contact_in_a_group_are_ignored(runner, fake, seed):
    bob = fake.user(9102, first_name="Bob", language_code="en")
    from_group(fake, bob, text="hello everyone")
    from_group(fake, bob, contact={"phone_number": "+79123456789", "first_name": "Bob",
                                   "user_id": 9102})
    settle(bob)  # in private the bot answers as usual
    assert group_texts(fake) == []
    assert Client.get_or_none(Client.phone == "+79123456789") is None


def test_a_button_pressed_in_a_group_gets_a_notice_only(runner, fake, seed):
    cid = fake.user(9103, first_name="Cid", language_code="en")
    w = fake.world
    with w.cond:
        w.started.add(GROUP_ID)
        msg = w.add_message(GROUP_ID, from_bot=True, text="Choose:")
        query = w.new_query(cid.id, GROUP_ID, msg, "book")
        message = w.message_dict(msg)
        message["chat"] = {"id": GROUP_ID, "type": "group", "title": "Salon friends"}
        w.push_update("callback_query", {"id": query.query_id, "from": w.profiles[cid.id],
                                         "chat_instance": "-1", "data": "book",
                                         "message": message})
    fake.wait_until(lambda: w.answers.get(cid.id), timeout=5)
    (answer,) = w.answers[cid.id]
    assert answer["text"] == tr(ONLY_PRIVATE, "en") and answer["show_alert"]
    settle(cid)
    assert group_texts(fake) == ["Choose:"]  # nothing sent there, nothing edited into a menu
    with w.lock:
        assert w.chats[GROUP_ID].messages[msg.message_id].text == "Choose:"
