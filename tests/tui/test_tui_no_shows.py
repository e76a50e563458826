"""No-shows in the TUI: the Statistics section lists past visits with no outcome and marks them
with one key; a client with N no-shows is flagged in the wizard and the card, with a one-key
"block?" offer."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from mtime_tui.core import settings
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import CONFIRMED, NO_SHOW, Booking, Client
from mtime_tui.screens.booking_card import BookingCard
from mtime_tui.screens.dialogs import ConfirmModal
from mtime_tui.widgets.booking_table import BookingTable
from tests.reports import fixture_salon
from tests.reports.fixture_salon import NOV
from tests.tui.booking_fixtures import open_section, seed_salon, settle
from tests.tui.test_tui_booking_wizard import _to_phone_step, _type

pytestmark = pytest.mark.anyio


async def test_statistics_lists_visits_with_no_outcome_and_marks_them(app_factory):
    shop = fixture_salon.build()  # Maria's pending visit of the 21st; Olga's 09:00 today
    app = app_factory()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("0")
        await settle(pilot)
        app.screen.query_one("#stats-tabs").active = "tab-outcomes"
        await settle(pilot)
        table = app.screen.query_one("#stats-outcomes", BookingTable)
        table.focus()
        assert table.row_count == 1  # 21 Nov (pending); 09:00 today has not ended yet
        await pilot.press("x")
        await settle(pilot)
        assert Booking.get(Booking.client == shop.maria.id).status == NO_SHOW
        assert table.row_count == 0
        assert app.screen.report.summary.period.first == NOV(1)


def _two_no_shows(client: Client, master, service) -> None:
    for day in (2, 3):
        fixture_salon.visit(master, service, client, NOV(day), 10, NO_SHOW)


async def test_the_wizard_flags_a_client_and_blocks_with_one_key(salon):
    seeded = seed_salon()
    olga = clients.find_or_create_by_phone("+79123456789", "Olga", "Smirnova")
    fixture_salon._numbers = iter(range(9001, 9100))
    _two_no_shows(olga, seeded.anna, seeded.haircut)
    async with open_section("new_booking") as pilot:
        screen = pilot.app.screen
        await _to_phone_step(pilot, screen)
        await _type(pilot, "+7 912 345 67 89")
        await pilot.press("enter")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, ConfirmModal)
        assert "Olga Smirnova did not come 2 times" in modal.question
        await pilot.press("y")
        await settle(pilot)
        assert Client.get_by_id(olga.id).blocked
        assert screen.step == "phone"
        assert "This client is blocked" in str(screen.query_one("#phone-error", Static).render())


async def test_the_card_flags_a_client_and_offers_to_block(salon):
    seeded = seed_salon()
    settings.save(no_show_flag=1)
    olga = clients.find_or_create_by_phone("+79123456789", "Olga", "Smirnova")
    fixture_salon._numbers = iter(range(9001, 9100))
    fixture_salon.visit(seeded.anna, seeded.haircut, olga, NOV(2), 10, NO_SHOW)
    booking = fixture_salon.visit(seeded.anna, seeded.haircut, olga, NOV(24), 10, CONFIRMED)
    async with open_section("bookings") as pilot:
        pilot.app.push_screen(BookingCard(booking.number))
        await settle(pilot)
        card = pilot.app.screen
        flag = str(card.query_one("#card-flag", Static).render())
        assert "Olga Smirnova did not come 1 times" in flag and "B: block" in flag
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("n")  # not now: nothing changes
        await settle(pilot)
        assert not Client.get_by_id(olga.id).blocked
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert Client.get_by_id(olga.id).blocked
        assert str(pilot.app.screen.query_one("#card-flag", Static).render()) == ""
