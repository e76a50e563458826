"""Pictures of issue 16's screens: the invitation (link and QR code) at 80x24, 120x36 and
200x50, in English and Russian. Regenerate with `--snapshot-update` and look at them."""

from __future__ import annotations

import pytest

from mtime_tui.core import settings
from mtime_tui.core.people import invitations

from .test_snapshots_shell import opened


@pytest.fixture
def fixed_token(monkeypatch, salon):
    settings.save(bot_username="salon_test_bot")
    monkeypatch.setattr(invitations.secrets, "token_urlsafe", lambda n: "Qx7pL2mZk9Ta")


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 50)])
@pytest.mark.parametrize("language", ["en", "ru"])
def test_invitation(snap_compare, app_factory, shell_salon, fixed_token, language, size):
    assert snap_compare(app_factory(language), terminal_size=size,
                        run_before=opened("clients", "o", "i", row=0))


@pytest.fixture
def chats(shell_salon, fixed_clock):
    from mtime_tui.core.messaging import conversations
    from mtime_tui.core.storage.models import Client

    Client.update(telegram_id=9001).where(Client.id == shell_salon.olga.id).execute()
    conversations.client_wrote(shell_salon.pavel.id, "Is parking free near the salon?")
    conversations.client_wrote(shell_salon.olga.id, "Can I move to 12? [b]or 13[/b]")
    fixed_clock.advance(minutes=5)
    conversations.reply(shell_salon.olga.id, "Yes, 12:00 is free — see you!")


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
@pytest.mark.parametrize("language", ["en", "ru"])
def test_inbox(snap_compare, app_factory, chats, language, size):
    assert snap_compare(app_factory(language), terminal_size=size,
                        run_before=opened("today", "i"))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_conversation(snap_compare, app_factory, chats, language):
    assert snap_compare(app_factory(language), terminal_size=(80, 24),
                        run_before=opened("today", "i", "enter"))


@pytest.fixture
def sent_broadcast(shell_salon, fixed_clock):
    from mtime_tui.core.messaging import broadcasts
    from mtime_tui.core.storage.models import Client, Outbox

    for n, client in enumerate((shell_salon.olga, shell_salon.pavel)):
        Client.update(telegram_id=9100 + n).where(Client.id == client.id).execute()
    b = broadcasts.create("Friday is free, {first_name}: 20% off colouring!",
                          broadcasts.Audience())
    broadcasts.start(b.id)
    Outbox.update(status="sent", sent_at=Outbox.created_at).where(
        (Outbox.broadcast == b.id) & (Outbox.chat_id == 9100)).execute()


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
@pytest.mark.parametrize("language", ["en", "ru"])
def test_broadcasts(snap_compare, app_factory, sent_broadcast, language, size):
    assert snap_compare(app_factory(language), terminal_size=size,
                        run_before=opened("clients", "s"))


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
@pytest.mark.parametrize("language", ["en", "ru"])
def test_broadcast_form(snap_compare, app_factory, sent_broadcast, language, size):
    assert snap_compare(app_factory(language), terminal_size=size,
                        run_before=opened("clients", "s", "n",
                                          fill={"#text": "Hi {first_name}, Friday is free!"}))
