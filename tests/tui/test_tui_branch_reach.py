"""Broadcasts and the inbox of the branch a seat works on (docs/BRANCHES.md): the clients of the
branch (who booked there or chose it in the bot); a single-branch salon sees no branch."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Select, Static

from mtime_tui.core import seat
from mtime_tui.core.booking import bookings
from mtime_tui.core.messaging import broadcasts, conversations
from mtime_tui.core.people import branches, clients, masters, services
from mtime_tui.core.storage.models import SOURCE_MANUAL, Broadcast, Client
from mtime_tui.screens.broadcasts import BroadcastForm, BroadcastsScreen

from .conftest import SIZE, TODAY, settle, type_into
from .test_tui_inbox import inbox_names, open_inbox_from_today

pytestmark = pytest.mark.anyio


@pytest.fixture
def chain(shell_salon):
    """East with Dmitry and Mira, his client; Olga and Pavel are the main branch's."""
    east = branches.add_branch("East", "Svetlanskaya 5")
    shave = services.create_service(name="Shave", duration=60, branch=east.id)
    dmitry = masters.create_master(telegram_id=444, name="Dmitry", shift_start=9, shift_end=20,
                                   interval=60, branch=east.id)
    masters.add_master_services(dmitry.id, [shave.id])
    mira = clients.find_or_create_by_phone("+79001234567", "Mira")
    bookings.create_booking(service_id=shave.id, client_id=mira.id, day=TODAY, start=15 * 60,
                            master_id=dmitry.id, source=SOURCE_MANUAL)
    for n, client in enumerate((shell_salon.olga, shell_salon.pavel, mira)):
        Client.update(telegram_id=9100 + n).where(Client.id == client.id).execute()
    conversations.client_wrote(mira.id, "Is there parking in East?")
    conversations.client_wrote(shell_salon.olga.id, "Can I move to 12?")
    return east


async def open_broadcasts(pilot) -> BroadcastsScreen:
    await pilot.press("8")
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, BroadcastsScreen)
    return pilot.app.screen


async def test_a_broadcast_from_a_branch_seat_goes_to_its_clients(app_factory, chain):
    seat.choose_branch(chain.id)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_broadcasts(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BroadcastForm)
        assert "To the clients of East" in str(form.query_one("#broadcast-branch").render())
        await type_into(pilot, "#text", "East opens at 8 tomorrow, {first_name}!")
        await settle(pilot)
        assert "Recipients: 1" in str(form.query_one("#broadcast-count", Static).render())
        assert "Mira" in str(form.query_one("#broadcast-preview", Static).render())
        offered = [str(label) for label, _value in form.query_one("#master", Select)._options]
        assert [x for x in offered if x] == ["Dmitry"]  # East's masters only
        await pilot.press("ctrl+s")
        await settle(pilot)
        sent = Broadcast.get()
        assert broadcasts.Audience.from_json(sent.audience).branch == chain.id
        assert sent.total == 1
    seat.choose_branch(1)
    again = app_factory()
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_broadcasts(pilot)
        await again.workers.wait_for_complete()
        await settle(pilot)
        assert screen.query_one("#broadcasts-table", DataTable).row_count == 0  # East's only


async def test_the_inbox_of_a_branch_seat(app_factory, chain):
    seat.choose_branch(chain.id)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        table = await open_inbox_from_today(pilot, new_messages=1)
        assert inbox_names(table) == ["Mira"]


async def test_a_single_salon_broadcast_names_no_branch(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_broadcasts(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert not app.screen.query("#broadcast-branch")
