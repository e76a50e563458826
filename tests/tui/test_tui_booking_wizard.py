"""The manual booking wizard, driven by keys over a real salon file."""

from __future__ import annotations

import threading

import pytest

from mtime_tui.core.booking import bookings
from mtime_tui.core.people import clients, services
from mtime_tui.core.storage.models import CONFIRMED, SOURCE_MANUAL, Booking, Client, Outbox
from mtime_tui.widgets import MonthCalendar, SlotGrid
from tests.tui.booking_fixtures import TUESDAY, book, open_section, seed_salon, settle

pytestmark = pytest.mark.anyio


@pytest.fixture
def seeded(salon):
    return seed_salon()


def highlight(option_list, text: str) -> None:
    """Put the highlight on the option whose label contains `text`."""
    for index in range(option_list.option_count):
        if text in str(option_list.get_option_at_index(index).prompt):
            option_list.highlighted = index
            return
    raise AssertionError(f"no option {text!r}")


async def _to_phone_step(pilot, screen, *, master="Anna", service="Haircut", hour=None):
    """Master → service → date (Tuesday) → a time; leaves the wizard at the phone step."""
    highlight(screen.query_one("#master-list"), master)
    await pilot.press("enter")
    await settle(pilot)
    assert screen.step == "service"
    highlight(screen.query_one("#service-list"), service)
    await pilot.press("enter")
    await settle(pilot)
    assert screen.step == "date"
    calendar = screen.query_one("#date-calendar", MonthCalendar)
    calendar.show_day(TUESDAY)
    await pilot.press("enter")
    await settle(pilot)
    assert screen.step == "time"
    grid = screen.query_one("#time-grid", SlotGrid)
    if hour is not None:
        grid.cursor = grid.starts.index(hour * 60)
    await pilot.press("enter")
    await settle(pilot)
    assert screen.step == "phone"
    return grid


async def _type(pilot, text: str) -> None:
    await pilot.press(*text)


async def test_whole_wizard_books_and_notifies_the_master(seeded):
    async with open_section("new_booking") as pilot:
        app = pilot.app
        screen = app.screen
        await _to_phone_step(pilot, screen, hour=10)
        await _type(pilot, "8 (912) 000-11-22")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.step == "name"
        await _type(pilot, "Vera")
        await pilot.press("enter")
        await _type(pilot, "Sokolova")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.step == "review"
        review = str(screen.query_one("#review-text").render())
        for text in ("Anna Petrova", "Haircut", "1 500 ₽", "1 h", "24.11.2026", "10:00",
                     "Vera Sokolova", "8 (912) 000-11-22"):
            assert text in review
        await pilot.click("#review-book")
        await settle(pilot)
        assert screen.step == "done"
        booking = Booking.get()
        assert "1001" in str(screen.query_one("#done-text").render())
    assert (booking.number, booking.date, booking.start) == (1001, TUESDAY, 600)
    assert booking.master_id == seeded.anna.id and booking.service_id == seeded.haircut.id
    assert booking.status == CONFIRMED and booking.source == SOURCE_MANUAL
    client = Client.get(Client.phone == "+79120001122")
    assert (client.first_name, client.last_name) == ("Vera", "Sokolova")
    assert booking.client_id == client.id
    assert Outbox.select().where(Outbox.chat_id == seeded.anna.telegram_id).count() == 1


async def test_known_phone_skips_the_name_step(seeded):
    known = clients.find_or_create_by_phone("+79123456789", "Olga", "Smirnova")
    async with open_section("new_booking") as pilot:
        app = pilot.app
        screen = app.screen
        await _to_phone_step(pilot, screen)
        await _type(pilot, "+7 912 345 67 89")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.step == "review"
        assert "Olga Smirnova" in str(screen.query_one("#review-text").render())
        await pilot.press("escape")
        await settle(pilot)
        assert screen.step == "phone"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # Book has the focus on review
        await settle(pilot)
        assert screen.step == "done"
    assert Booking.get().client_id == known.id
    assert Client.select().count() == 1


async def test_wrong_phone_and_empty_name_are_rejected(seeded):
    async with open_section("new_booking") as pilot:
        app = pilot.app
        screen = app.screen
        await _to_phone_step(pilot, screen)
        await _type(pilot, "12345")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.step == "phone"
        error = screen.query_one("#phone-error")
        assert str(error.render()).strip() and error.region.height > 0  # said, and visible
        screen.query_one("#phone-input").value = ""
        await _type(pilot, "89120001122")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.step == "name"
        assert not str(screen.query_one("#phone-error").render()).strip()
        await pilot.click("#name-next")
        await settle(pilot)
        assert screen.step == "name"
        error = screen.query_one("#first-name-error")
        assert str(error.render()).strip() and error.region.height > 0
    assert Booking.select().count() == 0
    assert Client.select().count() == 0


async def test_blocked_service_disappears(seeded):
    async with open_section("new_booking") as pilot:
        app = pilot.app
        screen = app.screen
        await pilot.press("enter")  # Anna
        await settle(pilot)
        options = screen.query_one("#service-list")
        assert options.option_count == 2
        services.set_service_active(seeded.colour.id, False)
        screen.refresh_data()
        await settle(pilot)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(labels) == 1 and "Haircut" in labels[0]


async def test_escape_goes_back_a_step(seeded):
    async with open_section("new_booking") as pilot:
        app = pilot.app
        screen = app.screen
        await _to_phone_step(pilot, screen)
        for expected in ("time", "date", "service", "master"):
            await pilot.press("escape")
            await settle(pilot)
            assert screen.step == expected


async def test_lost_race_goes_back_to_fresh_times(seeded):
    async with open_section("new_booking") as pilot:
        app = pilot.app
        screen = app.screen
        grid = await _to_phone_step(pilot, screen, hour=12)
        await _type(pilot, "89120001122")
        await pilot.press("enter")
        await _type(pilot, "Vera")
        await pilot.press("enter")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.step == "review"

        def other_admin() -> None:  # another connection takes 12:00 meanwhile
            book(seeded.anna, seeded.haircut, TUESDAY, 12, phone="+79990000000", first="Bot")

        thread = threading.Thread(target=other_admin)
        thread.start()
        thread.join(10)
        await pilot.click("#review-book")
        await settle(pilot)
        assert screen.step == "time"
        assert 12 * 60 not in grid.starts and 11 * 60 in grid.starts
        assert any("just taken" in n.message for n in app._notifications)
    assert Booking.select().count() == 1
    assert bookings.get_booking(1001).client.first_name == "Bot"


async def test_blocked_client_cannot_be_booked(seeded):
    blocked = clients.find_or_create_by_phone("+79123456789", "Olga", "Smirnova")
    clients.block_client(blocked.id, "no-shows")
    async with open_section("new_booking") as pilot:
        screen = pilot.app.screen
        await _to_phone_step(pilot, screen)
        await _type(pilot, "89123456789")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.step == "phone"
        assert "no-shows" in str(screen.query_one("#phone-error").render())
    assert Booking.select().count() == 0


async def test_done_step_starts_a_new_booking(seeded):
    async with open_section("new_booking") as pilot:
        screen = pilot.app.screen
        await _to_phone_step(pilot, screen)
        await _type(pilot, "89120001122")
        await pilot.press("enter")
        await _type(pilot, "Vera")
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.press("enter")  # Book
        await settle(pilot)
        assert screen.step == "done"
        await pilot.press("enter")  # a double tap on Book: nothing more happens
        await settle(pilot)
        assert screen.step == "done"
        await pilot.press("escape")  # a new booking
        await settle(pilot)
        assert screen.step == "master" and screen.master is None
        assert screen.query_one("#phone-input").value == ""
    assert Booking.select().count() == 1
