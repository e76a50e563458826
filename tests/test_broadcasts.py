"""core.broadcasts: who is in an audience, as the salon's data says (issue 16)."""

from __future__ import annotations

import pytest

from mtime_tui.core import broadcasts, masters, outbox
from mtime_tui.core.models import Client, Outbox, TelegramUser

pytestmark = pytest.mark.both_engines


def test_a_403_keeps_an_imported_client_out_of_the_next_audience(salon):
    """A client known by Telegram ID only (imported from an old system; never wrote to the bot)
    who answers 403 is unreachable from then on: not counted, not tried again."""
    Client.create(telegram_id=424242, first_name="Imported", language="ru")
    Client.create(telegram_id=434343, first_name="Reachable", language="ru")
    first = broadcasts.create("News", broadcasts.Audience())
    assert broadcasts.start(first.id) == 2
    row = Outbox.get((Outbox.broadcast == first.id) & (Outbox.chat_id == 424242))
    outbox.mark_unreachable(row.id, "Forbidden: bot can't initiate conversation with a user")
    assert broadcasts.count(broadcasts.Audience()) == 1
    again = broadcasts.create("More news", broadcasts.Audience())
    assert broadcasts.start(again.id) == 1
    assert [r.chat_id for r in Outbox.select().where(Outbox.broadcast == again.id)] == [434343]


def test_a_403_from_a_masters_chat_does_not_count_as_their_start(salon):
    maria = masters.create_master(telegram_id=5001, name="Maria", shift_start=9, shift_end=18,
                                  interval=60)
    row = Outbox.create(chat_id=maria.telegram_id, kind="message", payload="{}", language="en")
    outbox.mark_unreachable(row.id, "Forbidden")
    assert [m.id for m in masters.masters_not_started()] == [maria.id]
    assert not TelegramUser.select().exists()
