"""Visits of several services in the TUI (issue 13): the wizard ticks several with totals, the
booking card lists them and lets the admin add or take away one, the tables name them."""

from __future__ import annotations

import pytest

from mtime_tui.core.booking import bookings, visits
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import SOURCE_MANUAL, Booking
from mtime_tui.screens.booking_card import BookingCard
from mtime_tui.screens.visit_services import VisitServicesModal
from mtime_tui.widgets import MonthCalendar, SlotGrid
from mtime_tui.widgets.booking_table import BookingTable, visit_title
from tests.tui.booking_fixtures import TUESDAY, open_section, seed_salon, settle
from tests.tui.test_tui_booking_wizard import highlight

pytestmark = pytest.mark.anyio


@pytest.fixture
def seeded(salon):
    return seed_salon()


def visit(s, ids, hour, *, phone="+79123456789"):
    client = clients.find_or_create_by_phone(phone, "Olga", "Smirnova")
    return bookings.create_booking(service_ids=ids, client_id=client.id, day=TUESDAY,
                                   start=hour * 60, master_id=s.anna.id, source=SOURCE_MANUAL)


async def test_the_wizard_ticks_two_services_and_books_one_visit(seeded):
    async with open_section("new_booking") as pilot:
        screen = pilot.app.screen
        highlight(screen.query_one("#master-list"), "Anna")
        await pilot.press("enter")
        await settle(pilot)
        services_list = screen.query_one("#service-list")
        assert "Space: tick several" in str(screen.query_one("#service-total").render())
        highlight(services_list, "Haircut")
        await pilot.press("space")
        highlight(services_list, "Colouring")
        await pilot.press("space")
        await settle(pilot)
        total = str(screen.query_one("#service-total").render())
        assert "Haircut + Colouring" in total and "2 services · 2 h 30 min · 5 500 ₽" in total
        assert "☑ Haircut" in str(services_list.get_option_at_index(1).prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.step == "date" and [s.name for s in screen.services] == [
            "Haircut", "Colouring"]
        screen.query_one("#date-calendar", MonthCalendar).show_day(TUESDAY)
        await pilot.press("enter")
        await settle(pilot)
        grid = screen.query_one("#time-grid", SlotGrid)
        assert grid.starts[-1] == 21 * 60  # a visit may run past the shift's last start
        grid.cursor = grid.starts.index(10 * 60)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"89120001122", "enter")
        await settle(pilot)
        await pilot.press(*"Vera", "enter", *"Sokolova", "enter")
        await settle(pilot)
        review = str(screen.query_one("#review-text").render())
        for text in ("Services", "Haircut — 1 500 ₽, 1 h", "Colouring — 4 000 ₽, 1 h 30 min",
                     "5 500 ₽", "2 h 30 min"):
            assert text in review, text
        await pilot.click("#review-book")
        await settle(pilot)
        assert screen.step == "done"
    booking = Booking.get(Booking.number == 1001)
    assert (booking.duration, booking.price, booking.start) == (150, 5500, 600)
    assert visits.service_names(booking) == ["Haircut", "Colouring"]


async def test_the_card_lists_the_services_and_the_admin_adds_and_removes_one(seeded):
    first = visit(seeded, [seeded.haircut.id], 10)
    visit(seeded, [seeded.haircut.id], 13, phone="+79001112233")
    async with open_section("today") as pilot:
        app = pilot.app
        app.push_screen(BookingCard(first.number))
        await settle(pilot)
        card = app.screen
        assert "Haircut" in card.query_one("#card-fields").text
        await pilot.press("v")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, VisitServicesModal)
        options = modal.query_one("#visit-services")
        assert str(options.get_option_at_index(0).prompt).startswith("☑ Haircut")
        highlight(options, "Colouring")
        await pilot.press("enter")  # 10:00 + 2 h 30 min = 12:30: fits before the 13:00 one
        await settle(pilot)
        assert visits.service_names(bookings.get_booking(first.number)) == ["Haircut",
                                                                            "Colouring"]
        assert "2 services · 2 h 30 min" in str(modal.query_one("#visit-total").render())
        highlight(options, "Haircut")
        await pilot.press("enter")  # take the haircut away
        await settle(pilot)
        again = bookings.get_booking(first.number)
        assert visits.service_names(again) == ["Colouring"] and again.duration == 90
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is card
        fields = card.query_one("#card-fields").text
        assert "Colouring" in fields and "10:00–11:30" in fields


async def test_a_service_that_would_not_fit_is_refused_in_the_card(seeded):
    first = visit(seeded, [seeded.haircut.id], 10)
    visit(seeded, [seeded.haircut.id], 11, phone="+79001112233")
    async with open_section("today") as pilot:
        app = pilot.app
        app.push_screen(VisitServicesModal(first.number))
        await settle(pilot)
        highlight(app.screen.query_one("#visit-services"), "Colouring")
        await pilot.press("enter")
        await settle(pilot)
        assert visits.service_names(bookings.get_booking(first.number)) == ["Haircut"]
        assert not app.screen.changed


def test_tables_name_the_visits_compactly(seeded):
    short = visit(seeded, [seeded.haircut.id, seeded.colour.id], 10)
    assert visit_title(bookings.get_booking(short.number)) == "Haircut + Colouring"

    class Named:
        def __init__(self, names):
            self._visit_lines = [visits.Line(i, i, n, 10, None) for i, n in enumerate(names)]

    assert visit_title(Named(["Женская стрижка", "Окрашивание волос", "Укладка"])) == \
        "Женская стрижка +2"
    assert visit_title(Named(["Стрижка", "Борода", "Укладка"])) == "Стрижка + Борода +1"
    assert visit_title(Named(["Стрижка", "Борода"])) == "Стрижка + Борода"
    long = visit_title(Named(["Очень длинное название услуги салона", "Борода"]))
    assert long.endswith("… +1") and len(long) <= 20


async def test_the_day_table_shows_the_visits_services(seeded):
    visit(seeded, [seeded.haircut.id, seeded.colour.id], 10)
    async with open_section("calendar") as pilot:
        screen = pilot.app.screen
        screen.query_one("#calendar-month", MonthCalendar).show_day(TUESDAY)
        await pilot.press("enter")
        await settle(pilot)
        table = pilot.app.screen.query_one(BookingTable)
        cells = [str(c) for c in table.get_row_at(0)]
        assert "Haircut + Colouring" in cells
