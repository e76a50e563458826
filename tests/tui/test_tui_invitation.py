"""Invitations in the TUI: from a client's card and after a manual booking (issue 16)."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Static

from mtime_tui.core import settings
from mtime_tui.core.people import invitations
from mtime_tui.core.storage.models import Client, Invitation
from mtime_tui.screens.clients import ClientCard
from mtime_tui.screens.invitation import InvitationModal
from mtime_tui.widgets.qr_code import QRCode, qr_text

from .conftest import SIZE, settle

pytestmark = pytest.mark.anyio


@pytest.fixture
def known_bot(salon):
    settings.save(bot_username="salon_test_bot")


async def open_card(pilot, row: int) -> ClientCard:
    await pilot.press("8")
    await settle(pilot)
    pilot.app.screen.query_one("#clients-table").move_cursor(row=row)
    await pilot.press("o")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ClientCard)
    return pilot.app.screen


async def test_the_card_invites_a_phone_only_client(app_factory, shell_salon, known_bot):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        card = await open_card(pilot, 0)
        await pilot.press("i")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, InvitationModal)
        [invitation] = Invitation.select().where(Invitation.client == card.client_id)
        link = f"https://t.me/salon_test_bot?start={invitation.token}"
        assert str(modal.query_one("#invite-link", Static).render()) == link
        assert str(modal.query_one(QRCode).render()) == qr_text(link)
        await pilot.press("c")
        assert app.clipboard == link
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ClientCard)
        await pilot.press("i")  # again: the same live invitation, not a new one
        await settle(pilot)
        assert Invitation.select().where(Invitation.client == card.client_id).count() == 1


async def test_a_client_on_telegram_is_not_invited(app_factory, shell_salon, known_bot):
    Client.update(telegram_id=8080).where(Client.id == shell_salon.olga.id).execute()
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await settle(pilot)
        app.screen.query_one("#clients-table").move_cursor(row=1)  # Olga (sorted by name)
        await pilot.press("o")
        await settle(pilot)
        assert app.screen.client.id == shell_salon.olga.id
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ClientCard)
        assert not Invitation.select().exists()


async def test_without_the_bots_name_the_modal_says_what_to_do(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_card(pilot, 0)
        await pilot.press("i")
        await settle(pilot)
        text = str(app.screen.query_one("#invite-error", Static).render())
        assert "bot token" in text
        assert not Invitation.select().exists()


def test_the_qr_code_encodes_the_link_and_fits_80x24():
    link = invitations.link("A" * 12, "a" * 32)  # the longest bot name Telegram allows
    lines = qr_text(link).splitlines()
    assert len(lines) <= 19 and max(len(line) for line in lines) <= 40
    assert set("".join(lines)) <= set("█▀▄ ")


async def test_the_wizard_offers_an_invitation_after_a_manual_booking(known_bot, salon):
    from tests.tui.booking_fixtures import new_app, seed_bookings, seed_salon
    from tests.tui.test_snapshots_booking import wizard_to_review

    seed_bookings(seed_salon())
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.switch_mode("new_booking")
        await settle(pilot)
        await wizard_to_review()(pilot)
        await pilot.press("enter")
        await settle(pilot)
        button = app.screen.query_one("#done-invite", Button)
        assert button.display
        button.press()
        await settle(pilot)
        assert isinstance(app.screen, InvitationModal)
        assert Invitation.select().count() == 1


async def test_the_wizard_takes_a_wish_and_the_card_shows_it(salon):
    from mtime_tui.core.storage.models import Booking
    from mtime_tui.screens.booking_card import BookingCard
    from tests.tui.booking_fixtures import new_app, seed_bookings, seed_salon
    from tests.tui.test_snapshots_booking import wizard_to_review

    seed_bookings(seed_salon())
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.switch_mode("new_booking")
        await settle(pilot)
        await wizard_to_review()(pilot)
        await settle(pilot)
        app.screen.query_one("#comment-input").focus()
        await pilot.press(*"[b]Short[/b] please")
        app.screen.query_one("#review-book", Button).press()
        await settle(pilot)
        booking = Booking.select().order_by(Booking.id.desc()).first()
        assert booking.comment == "[b]Short[/b] please"
        app.push_screen(BookingCard(booking.number))
        await settle(pilot)
        rows = [row for w in app.screen.query("CardFields") for row in w.rows]
        assert ("Wish", "[b]Short[/b] please") in [(str(a), str(b)) for a, b in rows]
