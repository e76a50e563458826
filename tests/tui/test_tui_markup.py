"""User text is shown as typed: names and notes with markup-like characters stay plain text."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static
from textual.widgets._data_table import default_cell_formatter

from mtime_tui.core.booking import bookings
from mtime_tui.core.people import clients, masters, services
from mtime_tui.core.storage.models import SOURCE_MANUAL
from mtime_tui.screens.booking_card import BookingCard
from mtime_tui.screens.clients import ClientCard, ClientsScreen
from mtime_tui.widgets import MonthCalendar
from mtime_tui.widgets.booking_table import BookingTable
from mtime_tui.widgets.card_fields import CardFields

from .conftest import SIZE, TODAY, settle

pytestmark = pytest.mark.anyio

FIRST, LAST = "[b]Bold[/b]", "<i>x</i> & [red]"
NAME = f"{FIRST} {LAST}"
SERVICE = "Cut [dim]x[/dim]"
NOTES = "[link=https://example.com]call[/link] first"


def shown_cells(table: DataTable, key: str) -> list[str]:
    """A row's cells as the table draws them (a str cell is parsed as markup when drawn)."""
    return [default_cell_formatter(cell).plain for cell in table.get_row(key)]


def shown_text(screen, selector: str) -> str:
    return " ".join(str(widget.render()) for widget in screen.query(selector))


@pytest.fixture
def hostile(shell_salon) -> int:
    """A client and a service whose names look like markup, booked today at 12:00."""
    client = clients.find_or_create_by_phone("+79110001122", FIRST, LAST)
    clients.update_client(client.id, notes=NOTES)
    cut = services.create_service(name=SERVICE, duration=60)
    masters.add_master_services(shell_salon.anna.id, [cut.id])
    booking = bookings.create_booking(service_id=cut.id, client_id=client.id, day=TODAY,
                                      start=12 * 60, master_id=shell_salon.anna.id,
                                      source=SOURCE_MANUAL)
    return booking.number


async def test_markup_in_names_shows_literally(app_factory, hostile):
    app = app_factory()
    key = str(hostile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        journal = app.screen.query_one("#journal")  # Today's journal: 12:00, Anna
        row = (12 * 60 - journal.journal.first) // journal.journal.step
        block = [journal.cell_text(row + n, 1) for n in range(2)]
        shown = block[0].rstrip().rstrip("…")  # the column's width may cut the name's end
        assert "[b]Bold[/b]" in shown and f"✓ {NAME}".startswith(shown)
        assert block[1].startswith(SERVICE)

        await pilot.press("6")  # the calendar: the day view
        await settle(pilot)
        month = app.screen.query_one("#calendar-month", MonthCalendar)
        month.show_day(TODAY)
        month.focus()
        await pilot.press("enter")
        await settle(pilot)
        day = app.screen.query_one("#calendar-day-table", BookingTable)
        assert NAME in shown_cells(day, key) and SERVICE in shown_cells(day, key)

        day.focus()
        day.move_cursor(row=day.get_row_index(key))
        await pilot.press("enter")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, BookingCard)
        values = [str(value) for _label, value in card.query_one(CardFields).rows]
        assert NAME in values and SERVICE in values
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("8")  # clients: the table and the client's card
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ClientsScreen)
        table = screen.query_one("#clients-table", DataTable)
        row = next(
            shown_cells(table, row_key.value)
            for row_key in table.rows
            if NAME in shown_cells(table, row_key.value)
        )
        assert NOTES in row
        table.focus()
        table.move_cursor(row=[NAME in shown_cells(table, k.value) for k in table.rows].index(True))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClientCard)
        assert str(app.screen.query_one("#card-title", Static).render()) == NAME
        assert f"Notes: {NOTES}" in shown_text(app.screen, "#card-details")


def drawn(widget) -> str:
    """What a widget draws, line by line."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


async def test_markup_in_names_shows_literally_in_the_wizard_and_the_services_form(
    app_factory, shell_salon
):
    masters.update_master(shell_salon.anna.id, name="[b]Anna[/b]")
    cut = services.create_service(name=SERVICE, duration=60)
    masters.add_master_services(shell_salon.anna.id, [cut.id])
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")  # new booking: the master, then the service
        await settle(pilot)
        master_list = app.screen.query_one("#master-list")
        assert "[b]Anna[/b]" in drawn(master_list)
        master_list.focus()
        master_list.highlighted = next(
            i for i in range(master_list.option_count)
            if master_list.get_option_at_index(i).id == str(shell_salon.anna.id)
        )
        await pilot.press("enter")
        await settle(pilot)
        assert SERVICE in drawn(app.screen.query_one("#service-list"))

        await pilot.press("escape", "3")  # masters: Anna's services form
        await settle(pilot)
        table = app.screen.query_one("#masters-table", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index(str(shell_salon.anna.id)))
        await pilot.press("s")
        await settle(pilot)
        assert SERVICE in drawn(app.screen.query_one("#services"))
