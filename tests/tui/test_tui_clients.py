"""Clients section: search in a thread, paging, the card with history, block with a reason."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from mtime_tui.core.booking import bookings
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import CANCELLED, COMPLETED, Client
from mtime_tui.screens.clients import PAGE, ClientCard, ClientsScreen
from mtime_tui.screens.dialogs import TextInputModal

from .conftest import SIZE, settle, type_into

pytestmark = pytest.mark.anyio


async def open_clients(pilot) -> ClientsScreen:
    await pilot.press("8")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ClientsScreen)
    return pilot.app.screen


def names(screen: ClientsScreen) -> list[str]:
    table = screen.query_one("#clients-table", DataTable)
    return [table.get_row_at(i)[0].plain for i in range(table.row_count)]


async def test_search_by_phone_and_by_name(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_clients(pilot)
        assert sorted(names(screen)) == ["Irina Orlova", "Olga Smirnova", "Pavel Kim"]
        await pilot.press("slash")
        await pilot.press(*"8 (900) 555")
        await settle(pilot)
        assert names(screen) == ["Pavel Kim"]
        await type_into(pilot, "#client-search", "olg")
        await settle(pilot)
        assert names(screen) == ["Olga Smirnova"]
        await type_into(pilot, "#client-search", "nobody")
        await settle(pilot)
        assert names(screen) == []
        assert "0 clients" in str(screen.query_one("#clients-count", Static).render())


async def test_thousands_of_clients_load_a_page_at_a_time(app_factory):
    app = app_factory()
    Client.insert_many(
        [{"phone": f"+7912{n:07d}", "first_name": f"Client{n:04d}"} for n in range(PAGE * 3 + 5)]
    ).execute()
    clients.reindex_names()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_clients(pilot)
        table = screen.query_one("#clients-table", DataTable)
        assert table.row_count == PAGE
        assert "100 of 305" in str(screen.query_one("#clients-count", Static).render())
        await pilot.press("m")
        await settle(pilot)
        assert table.row_count == 2 * PAGE
        table.move_cursor(row=table.row_count - 1)  # reaching the end loads the next page
        await settle(pilot)
        assert table.row_count == 3 * PAGE
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.row_count == 3 * PAGE + 5
        assert "305 clients" in str(screen.query_one("#clients-count", Static).render())


async def test_card_shows_history_and_blocks_with_a_reason(app_factory, shell_salon):
    olga_first, _pavel, pavel_bot, olga_late = shell_salon.today
    bookings.set_status(olga_first.number, COMPLETED)
    bookings.cancel(olga_late.number, by="client")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_clients(pilot)
        table = screen.query_one("#clients-table", DataTable)
        table.move_cursor(row=table.get_row_index(str(shell_salon.olga.id)))
        await pilot.press("enter")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, ClientCard)
        history = str(card.query_one("#card-history", Static).render())
        assert "Visits: 1" in history and "Cancellations: 1" in history
        assert "No-shows: 0" in history
        assert card.query_one("#card-bookings", DataTable).row_count == 2
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, TextInputModal)
        await pilot.press(*"rude")
        await pilot.press("enter")
        await settle(pilot)
        olga = clients.get_client(shell_salon.olga.id)
        assert olga.blocked and olga.block_reason == "rude"
        assert "Blocked: rude" in str(card.query_one("#card-details", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        row = table.get_row(str(shell_salon.olga.id))
        assert str(row[3]) == "blocked"
        # unblock from the table, after a confirmation
        table.move_cursor(row=table.get_row_index(str(shell_salon.olga.id)))
        await pilot.press("b", "y")
        await settle(pilot)
        assert not clients.get_client(shell_salon.olga.id).blocked
    assert bookings.get_booking(olga_late.number).status == CANCELLED


async def test_edit_notes(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_clients(pilot)
        table = screen.query_one("#clients-table", DataTable)
        table.move_cursor(row=table.get_row_index(str(shell_salon.pavel.id)))
        await pilot.press("n")
        await settle(pilot)
        await type_into(pilot, "#text", "Prefers mornings\nAllergic to <ammonia>")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert clients.get_client(shell_salon.pavel.id).notes == (
            "Prefers mornings\nAllergic to <ammonia>")
        assert "Prefers mornings" in table.get_row(str(shell_salon.pavel.id))[4].plain


async def test_a_telegram_clients_card_has_the_telegram_link(app_factory):
    client = clients.telegram_client(98765, first_name="Tanya", language="en")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_clients(pilot)
        app.push_screen(ClientCard(client.id))
        await settle(pilot)
        details = str(app.screen.query_one("#card-details", Static).render())
        assert "Telegram ID: 98765" in details
        assert "tg://user?id=98765" in details
        assert "Visits: 0" in str(app.screen.query_one("#card-history", Static).render())
