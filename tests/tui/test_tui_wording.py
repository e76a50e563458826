"""Texts that say what will really happen (issue 11, defect 6): cancelling the booking of a
client without Telegram said "the client will be told"; the message dialog's send button said
"Save"; "handed to the bot for sending" showed while the bot was stopped."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Static

from mtime_tui.core.storage.models import SOURCE_MANUAL, Client
from mtime_tui.screens.booking_card import BookingCard
from mtime_tui.screens.dialogs import ConfirmModal, TextInputModal
from tests.tui.booking_fixtures import TUESDAY, book, open_section, seed_salon, settle

pytestmark = pytest.mark.anyio


@pytest.fixture
def booked(salon):
    s = seed_salon()
    return book(s.anna, s.haircut, TUESDAY, 10, source=SOURCE_MANUAL)


async def cancel_question(pilot, number: int) -> str:
    await pilot.app.push_screen(BookingCard(number))
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConfirmModal)
    return str(pilot.app.screen.query_one(".dialog-question", Static).render())


async def test_cancelling_for_a_client_without_telegram_says_to_call(booked):
    async with open_section("bookings") as pilot:
        question = await cancel_question(pilot, booked.number)
    assert "will be told" not in question and "told in Telegram" not in question
    assert "not on Telegram" in question and "8 (912) 345-67-89" in question


async def test_cancelling_for_a_telegram_client_while_no_bot_runs(booked):
    Client.update(telegram_id=424242).where(Client.id == booked.client_id).execute()
    async with open_section("bookings") as pilot:
        question = await cancel_question(pilot, booked.number)
    assert question.endswith("The client is told in Telegram once the bot runs.")


async def test_the_message_dialog_sends_and_says_the_message_waits(booked):
    Client.update(telegram_id=424242).where(Client.id == booked.client_id).execute()
    async with open_section("bookings") as pilot:
        await pilot.app.push_screen(BookingCard(booked.number))
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, TextInputModal)
        assert str(modal.query_one("#save", Button).label) == "Send"
        modal.query_one("#text").insert("See you soon")
        await pilot.press("ctrl+s")
        await settle(pilot)
        toasts = [n.message for n in pilot.app._notifications]
    assert toasts[-1] == ("The message is kept in the conversation. It waits until the bot "
                          "runs: set the bot token in Settings (9).")
    assert not [t for t in toasts if "handed" in t or "queued for the bot" in t]


def test_russian_texts_about_a_client_use_no_gendered_forms():
    """Issue 11, defect 12: confirmations said "Он не сможет записываться" and "не пришёл(а)"
    of every client; the salon's clients are women and men alike, so the wording is neutral
    ("Записаться будет нельзя", "Неявка")."""
    import re

    from mtime_tui.i18n import CATALOGS

    gendered = re.compile(r"пришёл|пришла|приходил\b|\(а\)|\bОн\(а\)|\bОн не\b|\bОна не\b")
    found = {msgid: text for msgid, text in CATALOGS["ru"].items() if gendered.search(text)}
    assert found == {}
