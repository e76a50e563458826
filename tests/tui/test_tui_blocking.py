"""Blocking a master or a client with upcoming bookings (issue 11, defect 5): the bookings were
left untouched and unmentioned. Now they are listed, to cancel (clients told) or keep."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from mtime_tui.core.booking import bookings
from mtime_tui.core.people import clients, masters
from mtime_tui.core.storage.models import CANCELLED, CONFIRMED, PENDING
from mtime_tui.screens.dialogs import ConfirmModal

from .conftest import SIZE, settle
from .test_tui_clients import open_clients
from .test_tui_masters import open_masters

pytestmark = pytest.mark.anyio


def listed(modal: ConfirmModal) -> list[str]:
    return [str(s.render()) for s in modal.query(".dialog-items Static").results(Static)]


async def block_anna(pilot, shell_salon) -> ConfirmModal:
    screen = await open_masters(pilot)
    table = screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(str(shell_salon.anna.id)))
    await pilot.press("b", "y")
    await settle(pilot)
    assert not masters.get_master(shell_salon.anna.id).active
    modal = pilot.app.screen
    assert isinstance(modal, ConfirmModal)
    return modal


async def test_blocking_a_master_lists_the_bookings_and_keeps_them_by_default(
        app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        modal = await block_anna(pilot, shell_salon)
        items = listed(modal)
        assert len(items) == 2 and all("Anna Petrova" in item for item in items)
        assert "not on Telegram: call 8 (912) 345-67-89" in items[0]
        await pilot.press("enter")  # Keep them: the safe choice
        await settle(pilot)
    olga_10, _p11, pavel_14, _o16 = shell_salon.today
    assert bookings.get_booking(olga_10.number).status == CONFIRMED
    assert bookings.get_booking(pavel_14.number).status == PENDING


async def test_blocking_a_master_may_cancel_their_bookings(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await block_anna(pilot, shell_salon)
        await pilot.press("y")
        await settle(pilot)
        assert any("Bookings cancelled: 2" in n.message for n in app._notifications)
    olga_10, pavel_11, pavel_14, _o16 = shell_salon.today
    assert bookings.get_booking(olga_10.number).status == CANCELLED
    assert bookings.get_booking(pavel_14.number).status == CANCELLED
    assert bookings.get_booking(pavel_11.number).status == CONFIRMED  # Boris's


async def test_blocking_a_client_offers_to_cancel_their_bookings(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_clients(pilot)
        table = screen.query_one("#clients-table")
        table.move_cursor(row=table.get_row_index(str(shell_salon.olga.id)))
        await pilot.press("b")
        await settle(pilot)
        await pilot.press(*"rude", "enter")
        await settle(pilot)
        assert clients.get_client(shell_salon.olga.id).blocked
        modal = app.screen
        assert isinstance(modal, ConfirmModal) and len(listed(modal)) == 2
        await pilot.press("y")
        await settle(pilot)
    olga_10, _p11, _p14, olga_16 = shell_salon.today
    assert bookings.get_booking(olga_10.number).status == CANCELLED
    assert bookings.get_booking(olga_16.number).status == CANCELLED
