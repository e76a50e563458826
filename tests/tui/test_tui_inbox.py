"""The inbox and a client's conversation in the TUI (issue 16)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Static

from mtime_tui.core.messaging import conversations
from mtime_tui.core.storage.models import FROM_SALON, ChatMessage, Client, Outbox
from mtime_tui.screens.clients import ClientCard
from mtime_tui.screens.inbox import ConversationModal, InboxScreen

from .conftest import SIZE, settle

pytestmark = pytest.mark.anyio


@pytest.fixture
def chats(shell_salon):
    Client.update(telegram_id=9001).where(Client.id == shell_salon.olga.id).execute()
    conversations.client_wrote(shell_salon.pavel.id, "Is parking free?")
    conversations.client_wrote(shell_salon.olga.id, "Can I move to 12?")
    conversations.client_wrote(shell_salon.olga.id, "[b]or 13[/b]")
    return shell_salon


async def open_inbox_from_today(pilot, new_messages: int) -> DataTable:
    """Today warns of `new_messages` new messages from clients; I opens the inbox: its table."""
    await settle(pilot)
    warnings = str(pilot.app.screen.query_one("#today-warnings", Static).render())
    assert f"New messages from clients: {new_messages}" in warnings
    await pilot.press("i")
    await settle(pilot)
    assert isinstance(pilot.app.screen, InboxScreen)
    return pilot.app.screen.query_one("#inbox-table", DataTable)


def inbox_names(table: DataTable) -> list[str]:
    return [table.get_row_at(i)[0].plain for i in range(table.row_count)]


async def test_today_shows_new_messages_and_the_inbox_answers(app_factory, chats):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        table = await open_inbox_from_today(pilot, new_messages=3)
        assert inbox_names(table) == ["Olga Smirnova", "Pavel Kim"]  # the latest first
        assert table.get_row_at(0)[2] == "2"
        assert table.get_row_at(0)[3].plain == "[b]or 13[/b]"  # markup stays text
        await pilot.press("enter")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ConversationModal)
        thread = str(modal.query_one("#thread", Static).render())
        assert "Can I move to 12?" in thread and "[b]or 13[/b]" in thread
        assert conversations.unread_count() == 1  # opened: Olga's are read
        modal.query_one("#reply", Input).focus()
        await pilot.press(*"Yes, 12:00 is free", "enter")
        await settle(pilot)
        reply = ChatMessage.get(ChatMessage.direction == FROM_SALON)
        assert reply.text == "Yes, 12:00 is free" and reply.client_id == chats.olga.id
        assert Outbox.get(Outbox.kind == "message").chat_id == 9001
        assert "Yes, 12:00 is free" in str(modal.query_one("#thread", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        table = app.screen.query_one("#inbox-table", DataTable)
        assert table.get_row_at(0)[2] == ""  # nothing new from Olga any more


async def test_a_phone_only_client_cannot_be_answered_here(app_factory, chats):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await settle(pilot)
        table = app.screen.query_one("#clients-table", DataTable)
        table.move_cursor(row=2)  # Pavel Kim
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ClientCard) and app.screen.client.id == chats.pavel.id
        await pilot.press("w")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ConversationModal)
        assert "Is parking free?" in str(modal.query_one("#thread", Static).render())
        assert not modal.query("#reply")
