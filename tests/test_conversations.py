"""core.messaging.conversations: what a client writes is kept and reaches the right staff; who may answer."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from mtime_tui.core import settings
from mtime_tui.core.booking import bookings
from mtime_tui.core.errors import NotAllowed, ValidationError
from mtime_tui.core.messaging import conversations
from mtime_tui.core.people import clients, masters, services
from mtime_tui.core.storage.models import SOURCE_MANUAL, Outbox
from tests.conftest import TODAY

pytestmark = pytest.mark.both_engines

ADMIN = 7001


@pytest.fixture
def shop(salon):
    settings.add_admin(ADMIN)
    cut = services.create_service(name="Cut", duration=60)
    maria = masters.create_master(telegram_id=5001, name="Maria", shift_start=9, shift_end=18,
                                  interval=60)
    olga = masters.create_master(telegram_id=5002, name="Olga", shift_start=9, shift_end=18,
                                 interval=60)
    masters.add_master_services(maria.id, [cut.id])
    masters.add_master_services(olga.id, [cut.id])
    anna = clients.telegram_client(1001, first_name="Anna", language="en")
    return cut, maria, olga, anna


def book(cut, master, client, day):
    return bookings.create_booking(service_id=cut.id, client_id=client.id, day=day, start=600,
                                   master_id=master.id, source=SOURCE_MANUAL)


def test_a_client_message_goes_to_every_admin_once(shop):
    *_, anna = shop
    conversations.client_wrote(anna.id, "hi\x00 there\r\nsecond line")
    [row] = Outbox.select().where(Outbox.kind == "client_message")
    assert row.chat_id == ADMIN
    payload = json.loads(row.payload)
    assert payload["text"] == "hi there\nsecond line" and payload["client_id"] == anna.id
    with pytest.raises(ValidationError):
        conversations.client_wrote(anna.id, "   ")
    conversations.client_wrote(anna.id, "", photo="AgAC-file")  # a photo alone is a message


def test_masters_write_only_about_their_own_recent_bookings(shop, fixed_clock):
    cut, maria, olga, anna = shop
    assert conversations.may_write(ADMIN, anna.id) is True
    assert conversations.may_write(maria.telegram_id, anna.id) is False
    old = book(cut, maria, anna, TODAY + dt.timedelta(days=1))
    assert conversations.may_write(maria.telegram_id, anna.id).id == maria.id
    assert conversations.may_write(olga.telegram_id, anna.id) is False
    bookings.cancel(old.number, by="salon")
    assert conversations.may_write(maria.telegram_id, anna.id) is False
    book(cut, maria, anna, TODAY + dt.timedelta(days=2))
    fixed_clock.advance(days=conversations.MASTER_WINDOW_DAYS + 3)
    assert conversations.may_write(maria.telegram_id, anna.id) is False  # long ago now


def test_a_reply_is_kept_queued_and_reads_what_came_before(shop):
    cut, maria, _olga, anna = shop
    conversations.client_wrote(anna.id, "question")
    assert conversations.unread_count() == 1
    message = conversations.reply(anna.id, "answer", author=ADMIN)
    assert message.outbox.chat_id == anna.telegram_id
    assert conversations.unread_count() == 0
    phone_only = clients.find_or_create_by_phone("89120000000", "Walk")
    with pytest.raises(NotAllowed):
        conversations.reply(phone_only.id, "hello")
    with pytest.raises(ValidationError):
        conversations.reply(anna.id, "x" * 5000)


def test_the_clients_answer_reaches_the_master_who_wrote(shop, fixed_clock):
    cut, maria, _olga, anna = shop
    book(cut, maria, anna, TODAY + dt.timedelta(days=1))
    conversations.reply(anna.id, "bring the photo", author=maria.telegram_id, master_id=maria.id)
    conversations.client_wrote(anna.id, "ok")
    chats = sorted(r.chat_id for r in Outbox.select().where(Outbox.kind == "client_message"))
    assert chats == sorted([ADMIN, maria.telegram_id])
    fixed_clock.advance(days=15)
    conversations.client_wrote(anna.id, "much later")
    later = [r.chat_id for r in Outbox.select().where(Outbox.kind == "client_message")][2:]
    assert later == [ADMIN]


def test_inbox_latest_first_with_unread_counts(shop):
    *_, anna = shop
    bob = clients.telegram_client(1002, first_name="Bob")
    conversations.client_wrote(anna.id, "one")
    conversations.client_wrote(bob.id, "two")
    conversations.client_wrote(anna.id, "three")
    items = conversations.inbox()
    assert [(i.client.id, i.last.text, i.unread) for i in items] == [
        (anna.id, "three", 2), (bob.id, "two", 1)]
    conversations.mark_read(anna.id)
    assert [i.unread for i in conversations.inbox()] == [0, 1]
