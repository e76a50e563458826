"""Masters section: the form with per-field messages, services of a master, block/unblock."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, SelectionList, Static

from mtime_tui.core.booking import slots, work_plans
from mtime_tui.core.people import masters
from mtime_tui.core.storage.models import Master, MasterService
from mtime_tui.screens.masters import MasterForm, MasterServicesForm, MastersScreen

from .conftest import SIZE, settle, type_into

pytestmark = pytest.mark.anyio

GOOD = {
    "name": "Dina",
    "telegram_id": "444",
    "shift_start": "9:30",
    "shift_end": "18",
    "interval": "30",
}


async def open_masters(pilot) -> MastersScreen:
    await pilot.press("3")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MastersScreen)
    return pilot.app.screen


async def fill(pilot, fields: dict) -> None:
    for name, value in fields.items():
        await type_into(pilot, f"#{name}", value)


def error_text(screen, field: str) -> str:
    return str(screen.query_one(f"#error-{field}", Static).render())


def select_row(screen: MastersScreen, master: Master) -> None:
    table = screen.query_one("#masters-table", DataTable)
    table.move_cursor(row=table.get_row_index(str(master.id)))


async def test_create_a_master_and_give_services(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_masters(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, MasterForm)
        await fill(pilot, {**GOOD, "about": "Ten years of colouring"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        dina = Master.get(Master.telegram_id == 444)
        assert (dina.name, dina.interval, dina.about) == ("Dina", 30, "Ten years of colouring")
        assert work_plans.week_of(dina.id) == [(9 * 60 + 30, 18 * 60)] * 7
        assert "Dina" in str(screen.query_one("#masters-warnings", Static).render())
        # the cursor is on the new master: open its services and tick two
        await pilot.press("s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MasterServicesForm)
        choices = form.query_one("#services", SelectionList)
        choices.select(shell_salon.haircut.id)
        choices.select(shell_salon.colouring.id)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert {s.id for s in masters.master_services(dina.id)} == {
            shell_salon.haircut.id,
            shell_salon.colouring.id,
        }
        assert dina.id in {m.id for m in slots.masters_for_service(shell_salon.haircut.id)}
        assert "Dina" not in str(screen.query_one("#masters-warnings", Static).render())
        # and take one away again
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one("#services", SelectionList).deselect(shell_salon.haircut.id)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert {s.id for s in masters.master_services(dina.id)} == {shell_salon.colouring.id}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"telegram_id": "111"}, "telegram_id", "A master with this Telegram ID already exists"),
        ({"telegram_id": "abc"}, "telegram_id", "A Telegram ID is a positive whole number"),
        ({"telegram_id": "-5"}, "telegram_id", "A Telegram ID is a positive whole number"),
        (
            {"shift_start": "18", "shift_end": "9"},
            "shift_end",
            "The shift cannot end before it starts",
        ),
        ({"shift_start": "24"}, "shift_start", "Enter a time from 0:00 to 23:59"),
        ({"shift_end": "9:75"}, "shift_end", "Enter a time from 0:00 to 23:59"),
        ({"interval": "3"}, "interval", "The interval must be 5 to 240 minutes"),
        ({"interval": "241"}, "interval", "The interval must be 5 to 240 minutes"),
        ({"interval": ""}, "interval", "The interval is required"),
        ({"name": ""}, "name", "The name is required"),
        ({"name": "y" * 10_000}, "name", "Too long: at most 100 characters"),
        ({"photo": "/nowhere/anna.jpg"}, "photo", "The photo file does not exist"),
    ],
)
async def test_wrong_input_is_shown_next_to_the_field_and_nothing_is_saved(
    app_factory, shell_salon, changes, field, message
):
    app = app_factory()
    before = Master.select().count()
    async with app.run_test(size=SIZE) as pilot:
        await open_masters(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        await fill(pilot, {**GOOD, **changes})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert error_text(form, field).startswith(message)
        assert form.focused is form.query_one(f"#{field}")
        assert Master.select().count() == before


async def test_html_in_a_masters_name_is_kept_as_text(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_masters(pilot)
        await pilot.press("a")
        await settle(pilot)
        await fill(pilot, {**GOOD, "name": "<i>Dina</i> & [b]co[/b]"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Master.get().name == "<i>Dina</i> & [b]co[/b]"
        cell = screen.query_one("#masters-table", DataTable).get_row_at(0)[0]
        assert cell.plain == "<i>Dina</i> & [b]co[/b]"


async def test_edit_keeps_the_telegram_id_of_the_same_master(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_masters(pilot)
        select_row(screen, shell_salon.anna)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert form.query_one("#telegram_id").value == "111"
        # Hours are shaped in Working time: the form shows the week and does not touch it.
        assert not form.query("#shift_end")
        assert "every day 09:00–20:00" in str(form.query_one("#master-week", Static).render())
        await type_into(pilot, "#interval", "20")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert masters.get_master(shell_salon.anna.id).interval == 20
        assert masters.get_master(shell_salon.anna.id).telegram_id == 111
        assert work_plans.week_of(shell_salon.anna.id) == [(9 * 60, 20 * 60)] * 7


async def test_block_a_master_then_unblock(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_masters(pilot)
        select_row(screen, shell_salon.boris)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not masters.get_master(shell_salon.boris.id).active
        assert shell_salon.boris.id not in {
            m.id for m in slots.masters_for_service(shell_salon.haircut.id)
        }
        await pilot.press("n")  # his two bookings today: kept
        await settle(pilot)
        select_row(screen, shell_salon.boris)
        await pilot.press("b", "y")
        await settle(pilot)
        assert masters.get_master(shell_salon.boris.id).active
        assert (
            MasterService.select().where(MasterService.master == shell_salon.boris.id).count() == 2
        )


async def test_table_shows_who_pressed_start_and_services_count(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_masters(pilot)
        table = screen.query_one("#masters-table", DataTable)
        anna = [str(c) for c in table.get_row(str(shell_salon.anna.id))]
        vera = [str(c) for c in table.get_row(str(shell_salon.vera.id))]
        assert anna[1:] == ["111", "09:00–20:00", "30 min", "2", "active", "yes"]
        assert vera[4:] == ["⚠ 0", "active", "no"]


async def test_every_wrong_field_is_marked_at_once(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_masters(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        await fill(pilot, {**GOOD, "name": "", "telegram_id": "0", "interval": "1"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_text(form, "name") == "The name is required"
        assert error_text(form, "telegram_id").startswith("A Telegram ID is a positive")
        assert error_text(form, "interval") == "The interval must be 5 to 240 minutes"
        assert Master.select().count() == 0


async def test_shift_hours_and_their_order_are_marked_with_the_other_fields(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_masters(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        await fill(pilot, {**GOOD, "name": "", "shift_start": "25", "shift_end": "x"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_text(form, "name") == "The name is required"
        assert error_text(form, "shift_start") == "Enter a time from 0:00 to 23:59, e.g. 9:30"
        assert error_text(form, "shift_end") != ""
        assert form.focused is form.query_one("#name")  # the first wrong field
        # both hours fine but in the wrong order: marked on the same save as a bad interval
        await fill(pilot, {"name": "Dina", "shift_start": "18", "shift_end": "9", "interval": "1"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_text(form, "name") == ""
        assert error_text(form, "shift_start") == ""
        assert error_text(form, "shift_end") == "The shift cannot end before it starts"
        assert error_text(form, "interval") == "The interval must be 5 to 240 minutes"
        assert Master.select().count() == 0
