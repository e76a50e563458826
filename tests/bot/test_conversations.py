"""Two-way messages through the real bot and the stand-in (issue 16): a client writes, admins
get it with Reply, the reply reaches the client; photos; masters about their own bookings only."""

from __future__ import annotations

import pytest

from mtime_tui.core.booking import bookings
from mtime_tui.core.messaging import conversations
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import (
    FROM_CLIENT,
    FROM_SALON,
    SOURCE_MANUAL,
    ChatMessage,
    Client,
)
from tests.bot.conftest import ADMIN_TID, MARIA_TID, OLGA_TID, TOMORROW

ANNA = 1001


@pytest.fixture
def anna(fake):
    return fake.user(ANNA, first_name="Anna", language_code="en")


@pytest.fixture
def staff_chats(fake, admin):
    for chat in (ADMIN_TID, MARIA_TID, OLGA_TID):
        fake.allow(chat)


def admin_messages(fake, needle):
    return [m for m in fake.sent_to(ADMIN_TID) if needle in (m.text or "")]


@pytest.mark.both_engines  # representative: this module's flow on PostgreSQL too (CI time)
def test_typed_text_reaches_the_admin_and_the_reply_reaches_the_client(
        runner, fake, anna, staff_chats, events):
    anna.send("Can I come <b>earlier</b> & bring my dog?")
    anna.wait_for("sent to the salon")
    [forwarded] = fake.wait_until(lambda: admin_messages(fake, "bring my dog"))
    assert "<b>earlier</b> & bring" in forwarded.text  # escaped: shown as typed
    assert "Anna" in forwarded.text
    [(label, data)] = forwarded.buttons()
    assert "Ответить" in label and data.startswith("cv:r:")  # in the admin's language (ru)
    assert any(e.kind == "client_message" for e in events)
    # The admin presses Reply and types the answer.
    boss = fake.user(ADMIN_TID, first_name="Boss", language_code="en")
    boss.press("Ответить", msg=forwarded)
    boss.wait_for("Write your message to Anna")
    boss.send("Yes, 5 minutes earlier is fine")
    boss.wait_for("Sent to Anna")
    answer = anna.wait_for("5 minutes earlier")
    assert "Write to the salon" in answer.buttons()[0][0]
    client = Client.get(Client.telegram_id == ANNA)
    kept = [(m.direction, m.text) for m in conversations.thread(client.id)]
    assert kept == [(FROM_CLIENT, "Can I come <b>earlier</b> & bring my dog?"),
                    (FROM_SALON, "Yes, 5 minutes earlier is fine")]


def test_write_to_the_salon_button_and_a_photo(runner, fake, anna, staff_chats):
    anna.send("/start")
    anna.wait_for("Welcome")
    anna.press("Write to the salon")
    anna.wait_for("Write your message to the salon")
    anna.send_photo(caption="Like this, please")
    anna.wait_for("sent to the salon")
    photo = fake.wait_until(lambda: [m for m in fake.sent_to(ADMIN_TID) if m.photo])[0]
    assert "Like this, please" in photo.caption
    message = ChatMessage.get(ChatMessage.direction == FROM_CLIENT)
    assert message.photo == photo.photo  # the file_id is kept and sent on


@pytest.mark.parametrize("typed", ["&" * 4096, "😀" * 4000])
def test_a_long_message_still_fits_telegrams_limits(runner, fake, anna, staff_chats, typed):
    anna.send(typed)
    anna.wait_for("sent to the salon")
    [forwarded] = fake.wait_until(lambda: admin_messages(fake, typed[:3]))
    assert len(forwarded.text.encode("utf-16-le")) // 2 <= 4096


def test_a_master_writes_about_their_own_booking_and_hears_the_answer(
        runner, fake, seed, anna, staff_chats):
    client = clients.telegram_client(ANNA, first_name="Anna", language="en")
    booking = bookings.create_booking(service_id=seed.haircut.id, client_id=client.id,
                                      day=TOMORROW, start=600, master_id=seed.maria.id,
                                      source=SOURCE_MANUAL)
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    olga = fake.user(OLGA_TID, first_name="Olga", language_code="en")
    assert conversations.may_write(MARIA_TID, client.id) is not False
    assert conversations.may_write(OLGA_TID, client.id) is False
    # Olga forges Maria's button: refused, nothing sent.
    olga.press_data(f"cv:r:{client.id}")
    olga.wait_answer()
    olga.send("hello from olga")
    maria.press_data(f"cv:r:{client.id}")
    maria.wait_for("Write your message to Anna")
    maria.send("Please come 10 minutes early")
    maria.wait_for("Sent to Anna")
    anna.wait_for("Maria from")
    assert not [m for m in fake.sent_to(ANNA) if "hello from olga" in (m.text or "")]
    # Anna answers: the admin and Maria hear it, Olga does not.
    anna.send("OK, thanks!")
    fake.wait_until(lambda: [m for m in fake.sent_to(MARIA_TID) if "OK, thanks" in (m.text or "")])
    fake.wait_until(lambda: admin_messages(fake, "OK, thanks"))
    assert not [m for m in fake.sent_to(OLGA_TID) if "OK, thanks" in (m.text or "")]
    assert booking.number


def test_staff_typing_outside_a_dialogue_get_their_menu_not_the_inbox(
        runner, fake, seed, staff_chats):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    maria.send("hello?")
    maria.wait_for(lambda m: bool(m.buttons()))
    assert not ChatMessage.select().exists()
