"""A chain in the TUI (docs/BRANCHES.md): one branch at a time, picked in the header (Ctrl+B)
and remembered per seat; a single-branch salon sees no branch."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, OptionList, Static

from mtime_tui.core import seat
from mtime_tui.core.people import branches
from mtime_tui.core.storage.models import Master
from mtime_tui.screens.branch_picker import BranchForm, BranchPicker
from mtime_tui.screens.masters import MasterForm, MastersScreen

from .booking_fixtures import seed_east_branch
from .conftest import SIZE, TODAY, settle, type_into

pytestmark = pytest.mark.anyio


@pytest.fixture
def chain(shell_salon):
    east, _ = seed_east_branch(shell_salon.olga, TODAY, 18)
    return east


def journal_bookings(screen) -> int:
    """The bookings Today's journal draws (one block each)."""
    return screen._loaded.journal.booked()


def master_names(screen) -> list[str]:
    table = screen.query_one("#masters-table", DataTable)
    return [str(table.get_row_at(n)[0]) for n in range(table.row_count)]


async def pick(pilot, name: str) -> None:
    await pilot.press("ctrl+b")
    await settle(pilot)
    picker = pilot.app.screen
    assert isinstance(picker, BranchPicker)
    options = picker.query_one(OptionList)
    index = next(n for n in range(options.option_count)
                 if name in str(options.get_option_at_index(n).prompt))
    options.highlighted = index
    await pilot.press("enter")
    await settle(pilot)


async def test_the_seat_works_on_one_branch_and_remembers_it(app_factory, chain):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.title == "Test Salon — main branch"
        assert journal_bookings(app.screen) == 4  # the main branch's four bookings, not Dmitry's
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, MastersScreen)
        assert not any("Dmitry" in n for n in master_names(app.screen))
        await pick(pilot, "East")
        assert app.title == "Test Salon — East"
        assert [n for n in master_names(app.screen)] == ["Dmitry"]
        # A master added now belongs to the branch the seat works on.
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, MasterForm)
        for field, value in {"name": "Egor", "telegram_id": "445", "shift_start": "9",
                             "shift_end": "18", "interval": "60"}.items():
            await type_into(pilot, f"#{field}", value)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Master.get(Master.name == "Egor").branch_id == chain.id
        await pilot.press("1")
        await settle(pilot)
        assert journal_bookings(app.screen) == 1  # Dmitry's one booking today
    assert seat.seat_branch() == chain.id
    again = app_factory()  # the next start on this machine: the same branch
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.branch == chain.id and again.title == "Test Salon — East"


async def test_a_new_branch_from_the_picker(app_factory, chain):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, BranchForm)
        await pilot.press("ctrl+s")  # no name: refused, the form stays
        await settle(pilot)
        assert isinstance(app.screen, BranchForm)
        assert len(branches.list_branches()) == 2
        await type_into(pilot, "#name", "North")
        await type_into(pilot, "#timezone", "Mars/Olympus")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BranchForm)  # an unknown time zone: said, nothing saved
        await type_into(pilot, "#timezone", "Europe/Samara")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BranchPicker)
        north = branches.list_branches()[-1]
        assert (north.name, north.timezone) == ("North", "Europe/Samara")
        await pilot.press("enter")  # the new branch is highlighted: work on it
        await settle(pilot)
        assert app.branch == north.id and app.title == "Test Salon — North"


async def test_a_single_branch_salon_has_no_picker(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.branch is None and app.title == "Test Salon"
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert not isinstance(app.screen, BranchPicker)
        assert journal_bookings(app.screen) == 4


async def test_statistics_sum_the_chain_on_request(app_factory, chain):
    from mtime_tui.screens.statistics import StatisticsScreen

    seat.choose_branch(chain.id)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("0")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatisticsScreen)
        assert screen.report.summary.bookings == 1  # East's one booking this month
        assert "East ·" in str(screen.query_one("#stats-period", Static).render())
        await pilot.press("a")
        await settle(pilot)
        assert screen.report.summary.bookings == 5  # and the main branch's four
        assert {r.name for r in screen.report.by_master} >= {"Dmitry", "Anna Petrova"}
        assert "the whole chain ·" in str(screen.query_one("#stats-period", Static).render())
        await pilot.press("a")
        await settle(pilot)
        assert screen.report.summary.bookings == 1


async def test_a_single_salon_has_no_chain_choice(app_factory, shell_salon):
    from mtime_tui.screens.commands import SectionCommands

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("0")
        await settle(pilot)
        assert "whole_chain" not in {b.binding.action for b in app.screen.active_bindings.values()}
        await pilot.press("a")
        await settle(pilot)
        assert app.screen.report.summary.bookings == 4
        assert "·" not in str(app.screen.query_one("#stats-period", Static).render())
        commands = [text for text, _run, _help in SectionCommands(app.screen)._commands()]
        assert not any("chain" in text.lower() for text in commands)


async def test_the_admins_of_a_branch_from_the_picker(app_factory, chain):
    from textual.widgets import SelectionList

    from mtime_tui.screens.branch_picker import BranchAdminsForm

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pick(pilot, "East")
        await pilot.press("ctrl+b")
        await settle(pilot)
        await pilot.press("a")  # East is highlighted: the seat works on it
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BranchAdminsForm)
        admins = form.query_one("#admins", SelectionList)
        assert admins.selected == [555000111]  # the owner's Telegram admin sees every branch
        admins.deselect(555000111)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert branches.admin_branches(555000111) == {1}


async def test_a_single_salon_adds_its_first_branch_from_the_palette(app_factory, shell_salon):
    from .conftest import until_command

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"add a branch")
        await until_command(pilot, "Add a branch")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BranchForm)
        await type_into(pilot, "#name", "East")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert branches.is_chain()
        assert app.branch == 1 and app.title == "Test Salon — main branch"
        await pilot.press("ctrl+b")  # the key is there now
        await settle(pilot)
        assert isinstance(app.screen, BranchPicker)
