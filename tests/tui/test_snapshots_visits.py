"""Pictures of visits of several services (issue 13): the wizard's ticks and totals, the booking
card of a two-service visit and its services dialog, the day's table — at 80×24, 120×36 and
200×50, in English and Russian. SVGs in snapshots/test_snapshots_visits/."""

from __future__ import annotations

import pytest

from mtime_tui.core import settings
from mtime_tui.core.booking import bookings
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import SOURCE_MANUAL
from mtime_tui.i18n import set_language
from mtime_tui.screens.booking_card import BookingCard
from mtime_tui.widgets import MonthCalendar
from tests.tui.booking_fixtures import TUESDAY, new_app, seed_salon, settle
from tests.tui.test_tui_booking_wizard import highlight

SIZES = {"small": (80, 24), "medium": (120, 36), "large": (200, 50)}


@pytest.fixture
def seeded(salon):
    s = seed_salon()
    client = clients.find_or_create_by_phone("+79123456789", "Olga", "Smirnova")
    s.visit = bookings.create_booking(
        service_ids=[s.haircut.id, s.colour.id], client_id=client.id, day=TUESDAY,
        start=10 * 60, master_id=s.anna.id, source=SOURCE_MANUAL)
    other = clients.find_or_create_by_phone("+79001112233", "Константин", "Преображенский")
    bookings.create_booking(service_id=s.manicure.id, client_id=other.id, day=TUESDAY,
                            start=11 * 60, master_id=s.boris.id, source=SOURCE_MANUAL)
    return s


@pytest.fixture
def russian(seeded):
    settings.save(tui_language="ru")
    yield seeded
    set_language("en")


async def _ticked(pilot) -> None:
    await pilot.app.switch_mode("new_booking")
    await settle(pilot)
    screen = pilot.app.screen
    highlight(screen.query_one("#master-list"), "Anna")
    await pilot.press("enter")
    await settle(pilot)
    options = screen.query_one("#service-list")
    highlight(options, "Haircut")
    await pilot.press("space")
    highlight(options, "Colouring")
    await pilot.press("space")
    await settle(pilot)


async def _card(pilot) -> None:
    await pilot.app.switch_mode("today")
    await settle(pilot)
    pilot.app.push_screen(BookingCard(1001))
    await settle(pilot)


async def _services(pilot) -> None:
    await _card(pilot)
    await pilot.press("v")
    await settle(pilot)


async def _day(pilot) -> None:
    await pilot.app.switch_mode("calendar")
    await settle(pilot)
    pilot.app.screen.query_one("#calendar-month", MonthCalendar).show_day(TUESDAY)
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("size", list(SIZES))
def test_wizard_two_services_ticked(seeded, snap_compare, size):
    assert snap_compare(new_app(), terminal_size=SIZES[size], run_before=_ticked)


@pytest.mark.parametrize("size", list(SIZES))
def test_card_of_a_two_service_visit(seeded, snap_compare, size):
    assert snap_compare(new_app(), terminal_size=SIZES[size], run_before=_card)


def test_visit_services_dialog(seeded, snap_compare):
    assert snap_compare(new_app(), terminal_size=SIZES["medium"], run_before=_services)


def test_day_table_with_a_visit(seeded, snap_compare):
    assert snap_compare(new_app(), terminal_size=SIZES["small"], run_before=_day)


def test_wizard_two_services_ticked_ru(russian, snap_compare):
    assert snap_compare(new_app(), terminal_size=SIZES["small"], run_before=_ticked)


def test_card_of_a_two_service_visit_ru(russian, snap_compare):
    assert snap_compare(new_app(), terminal_size=SIZES["small"], run_before=_card)


def test_visit_services_dialog_ru(russian, snap_compare):
    assert snap_compare(new_app(), terminal_size=SIZES["small"], run_before=_services)
