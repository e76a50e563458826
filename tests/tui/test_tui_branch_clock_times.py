"""The seat's clock in the inbox and the broadcasts list (docs/BRANCHES.md "Time zones"): a seat
on a Vladivostok branch reads a message's and a broadcast's time on Vladivostok's clock, the main
branch's seat on the salon's."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from mtime_tui.core import seat
from mtime_tui.core.messaging import broadcasts, conversations
from mtime_tui.core.people import branches, clients
from mtime_tui.core.storage.models import Broadcast, TelegramUser
from mtime_tui.screens.broadcasts import BroadcastsScreen
from mtime_tui.screens.inbox import InboxScreen

from .conftest import SIZE, settle

pytestmark = pytest.mark.anyio


@pytest.fixture
def far_chain(shell_salon):
    """East in Vladivostok; Mira chose it in the bot and wrote at 06:00 UTC (09:00 in Moscow,
    16:00 in Vladivostok), as did Nina, of no branch yet; East sent a broadcast then too."""
    east = branches.add_branch("East", "Svetlanskaya 5", timezone="Asia/Vladivostok")
    mira = clients.telegram_client(9201, first_name="Mira", language="en")
    TelegramUser.get_or_create(telegram_id=9201)
    branches.remember_branch(9201, east.id)
    conversations.client_wrote(mira.id, "Is there parking?")
    nina = clients.telegram_client(9202, first_name="Nina", language="en")  # of no branch yet
    conversations.client_wrote(nina.id, "Hello")
    broadcasts.create("East opens at 8", broadcasts.Audience(branch=east.id))
    return east


async def _inbox_rows(app, pilot) -> list[tuple[str, str]]:
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)
    assert isinstance(app.screen, InboxScreen)
    table = app.screen.query_one("#inbox-table", DataTable)
    return sorted((str(table.get_row_at(i)[0]), str(table.get_row_at(i)[1]))
                  for i in range(table.row_count))


@pytest.mark.parametrize(("on_east", "shown"), [
    (True, [("Mira", "23.11 16:00"), ("Nina", "23.11 16:00")]),
    (False, [("Nina", "23.11 09:00")]),  # Mira is East's client: not in the main inbox
])
async def test_a_message_s_time_is_on_the_seat_s_clock(app_factory, far_chain, on_east, shown):
    seat.choose_branch(far_chain.id if on_east else 1)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        assert await _inbox_rows(app, pilot) == shown


async def test_a_branch_s_broadcast_time_is_on_its_seat_s_clock(app_factory, far_chain):
    seat.choose_branch(far_chain.id)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, BroadcastsScreen)
        await app.workers.wait_for_complete()
        await settle(pilot)
        table = app.screen.query_one("#broadcasts-table", DataTable)
        assert table.row_count == 1 and str(table.get_row_at(0)[0]) == "23.11 16:00"
    assert Broadcast.get().branch_id == far_chain.id


async def test_an_invitation_s_expiry_is_on_the_seat_s_clock(app_factory, far_chain):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from mtime_tui.core import settings
    from mtime_tui.core.storage.models import Invitation
    from mtime_tui.screens.clients import ClientCard
    from mtime_tui.screens.invitation import InvitationModal

    settings.save(bot_username="salon_test_bot")
    seat.choose_branch(far_chain.id)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await settle(pilot)
        await pilot.press("o")  # the first client: phone only
        await settle(pilot)
        assert isinstance(app.screen, ClientCard)
        await pilot.press("i")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, InvitationModal)
        expires = Invitation.get().expires_at.replace(tzinfo=dt.UTC)
        assert modal.expires == f"{expires.astimezone(ZoneInfo('Asia/Vladivostok')):%d.%m.%Y %H:%M}"
