"""Services section: the add/edit form with per-field messages, block/unblock with confirmation."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from mtime_tui.core.booking import slots
from mtime_tui.core.people import services
from mtime_tui.core.storage.models import Service
from mtime_tui.screens.dialogs import ConfirmModal
from mtime_tui.screens.services import ServiceForm, ServicesScreen

from .conftest import SIZE, settle, type_into

pytestmark = pytest.mark.anyio


async def open_services(pilot) -> ServicesScreen:
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ServicesScreen)
    return pilot.app.screen


async def fill_form(pilot, *, name="", description="", price="", duration="") -> None:
    await type_into(pilot, "#name", name)
    await type_into(pilot, "#description", description)
    await type_into(pilot, "#price", price)
    await type_into(pilot, "#duration", duration)


def error_text(screen, field: str) -> str:
    return str(screen.query_one(f"#error-{field}", Static).render())


async def test_create_a_service_through_the_form(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_services(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ServiceForm)
        await fill_form(pilot, name="Haircut", description="Wash and cut", price="1500",
                        duration="75")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        [service] = services.list_services()
        assert (service.name, service.description, service.price, service.duration) == (
            "Haircut", "Wash and cut", 1500, 75)
        table = screen.query_one("#services-table", DataTable)
        assert table.row_count == 1
        assert [str(c) for c in table.get_row_at(0)[:3]] == ["Haircut", "1 500 ₽", "75 min"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "Haircut", "duration": "0"}, "duration", "The duration must be 5 to 720 minutes"),
        ({"name": "Haircut", "duration": ""}, "duration", "The duration is required"),
        ({"name": "Haircut", "duration": "60", "price": "-5"}, "price", "The price must be 0 to"),
        ({"name": "Haircut", "duration": "60", "price": "12.50"}, "price", "Enter a whole number"),
        ({"name": "", "duration": "60"}, "name", "The name is required"),
        ({"name": "   ", "duration": "60"}, "name", "The name is required"),
        ({"name": "x" * 10_000, "duration": "60"}, "name", "Too long: at most 100 characters"),
    ],
)
async def test_wrong_input_is_shown_next_to_the_field_and_nothing_is_saved(
    app_factory, fields, field, message
):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_services(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        await fill_form(pilot, **fields)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form, "the form stays open"
        assert error_text(form, field).startswith(message)
        assert form.query_one(f"#field-{field}").has_class("-invalid")
        assert Service.select().count() == 0
        await pilot.press("escape")
        await settle(pilot)
        assert Service.select().count() == 0


async def test_html_and_markup_in_a_name_are_stored_and_shown_as_text(app_factory):
    app = app_factory()
    name = "<b>Cut</b> [bold]x[/bold]"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_services(pilot)
        await pilot.press("a")
        await settle(pilot)
        await fill_form(pilot, name=name, duration="30")
        await pilot.press("enter")  # Enter in a field saves too
        await settle(pilot)
        assert services.list_services()[0].name == name
        cell = screen.query_one("#services-table", DataTable).get_row_at(0)[0]
        assert cell.plain == name


async def test_edit_a_service_keeps_the_form_values(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_services(pilot)
        table = screen.query_one("#services-table", DataTable)
        table.move_cursor(row=table.get_row_index(str(shell_salon.haircut.id)))
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert form.query_one("#name").value == "Haircut"
        assert form.query_one("#price").value == "1 500"
        await type_into(pilot, "#price", "")
        await type_into(pilot, "#duration", "90")
        await pilot.press("ctrl+s")
        await settle(pilot)
        service = services.get_service(shell_salon.haircut.id)
        assert (service.price, service.duration) == (None, 90)


async def test_block_a_service_after_confirmation_hides_it_from_booking(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_services(pilot)
        table = screen.query_one("#services-table", DataTable)
        table.move_cursor(row=table.get_row_index(str(shell_salon.manicure.id)))
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # said no: nothing changes
        await settle(pilot)
        assert services.get_service(shell_salon.manicure.id).active
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not services.get_service(shell_salon.manicure.id).active
        assert shell_salon.manicure.id not in {s.id for s in slots.bookable_services()}
        row = table.get_row(str(shell_salon.manicure.id))
        assert str(row[3]) == "blocked"
        await pilot.press("b", "y")
        await settle(pilot)
        assert services.get_service(shell_salon.manicure.id).active


async def test_every_wrong_field_is_marked_at_once(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_services(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        await fill_form(pilot, name="", price="-1", duration="721")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_text(form, "name") == "The name is required"
        assert error_text(form, "price").startswith("The price must be 0 to")
        assert error_text(form, "duration") == "The duration must be 5 to 720 minutes"
        assert form.focused is form.query_one("#name")
        assert Service.select().count() == 0


async def test_the_form_takes_the_apps_own_price_and_refuses_a_duplicate_name(app_factory):
    """Issue 11, defect 10: a duplicate name was accepted silently, "1 500" was refused as a
    price, and the duration's placeholder "60" looked like a value."""
    services.create_service(name="Haircut", duration=60, price=1500)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_services(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        placeholder = form.query_one("#duration").placeholder
        assert not placeholder.strip().isdigit()
        await fill_form(pilot, name="haircut", price="1 500 ₽", duration="75")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert error_text(form, "name") == "There is already a service named Haircut"
        assert error_text(form, "price") == ""
        assert Service.select().count() == 1
        await type_into(pilot, "#name", "Beard trim")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        beard = Service.get(Service.name == "Beard trim")
        assert (beard.price, beard.duration) == (1500, 75)
        # editing shows the price as the table does, and saves it back unchanged
        table = screen.query_one("#services-table", DataTable)
        table.move_cursor(row=table.get_row_index(str(beard.id)))
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#price").value == "1 500"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Service.get_by_id(beard.id).price == 1500
