"""Editing a chain in the TUI (docs/BRANCHES.md): E edits a branch and D deletes it in the branch
picker (refused, saying what to do, while masters are left); Masters → M moves a master to
another branch, asking first what happens to their upcoming bookings."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Button, DataTable, OptionList, Static

from mtime_tui.core.people import branches
from mtime_tui.core.storage.models import CANCELLED, Booking, Master
from mtime_tui.screens.branch_picker import BranchForm, BranchPicker
from mtime_tui.screens.dialogs import ConfirmModal
from mtime_tui.screens.master_move import MoveMasterForm
from mtime_tui.screens.masters import MastersScreen
from mtime_tui.screens.week_form import OutsideModal

from .booking_fixtures import seed_east_branch
from .conftest import SIZE, TODAY, settle, type_into
from .test_tui_branches import master_names, pick

pytestmark = pytest.mark.anyio

TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture
def chain(shell_salon):
    """East (Vladivostok) with Dmitry and a booking, West (Moscow's clock) still empty."""
    east, dmitry = seed_east_branch(shell_salon.olga, TOMORROW, 18)
    west = branches.add_branch("West", "Lenina 1")
    return east, west, dmitry


async def open_picker_on(pilot, name: str) -> BranchPicker:
    await pilot.press("ctrl+b")
    await settle(pilot)
    picker = pilot.app.screen
    assert isinstance(picker, BranchPicker)
    options = picker.query_one(OptionList)
    options.highlighted = next(n for n in range(options.option_count)
                               if name in str(options.get_option_at_index(n).prompt))
    return picker


async def delete_from_picker(pilot, name: str) -> None:
    """Ctrl+B, the branch called `name` highlighted, D: the question or the refusal follows."""
    await open_picker_on(pilot, name)
    await pilot.press("d")
    await settle(pilot)


def toasts(app) -> str:
    return " | ".join(str(n.message) for n in app._notifications)


async def test_editing_a_branch_from_the_picker(app_factory, chain):
    east, west, dmitry = chain
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pick(pilot, "East")
        await open_picker_on(pilot, "East")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BranchForm)
        assert form.query_one("#address").value == "Svetlanskaya 5"  # its own fields, filled in
        await type_into(pilot, "#name", "")
        await pilot.press("ctrl+s")  # a branch needs its name: said, nothing saved
        await settle(pilot)
        assert isinstance(app.screen, BranchForm)
        assert "name is required" in str(app.screen.query_one("#error-name", Static).render())
        await type_into(pilot, "#timezone", "Mars/Olympus")
        await type_into(pilot, "#name", "East side")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BranchForm)  # an unknown time zone: said, nothing saved
        assert branches.get_branch(east.id).name == "East"
        await type_into(pilot, "#timezone", "Asia/Tokyo")
        await type_into(pilot, "#phone", "+7 423 200-00-00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BranchPicker)
        got = branches.get_branch(east.id)
        assert (got.name, got.phone, got.timezone) == ("East side", "+7 423 200-00-00",
                                                      "Asia/Tokyo")
        assert "East side" in str(app.screen.query_one(OptionList).get_option_at_index(1).prompt)
        await pilot.press("escape")
        await settle(pilot)
        assert app.title == "Test Salon — East side"  # the header follows the new name


async def test_a_branch_with_masters_is_not_deleted_and_the_owner_is_told_why(app_factory, chain):
    east, west, dmitry = chain
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await delete_from_picker(pilot, "East")
        assert isinstance(app.screen, BranchPicker)  # no question: the refusal says what to do
        said = toasts(app)
        assert "East still has 1 master(s) (Dmitry) and 1 upcoming booking(s)" in said
        assert "Masters → M" in said
        await pilot.press("escape")
        await settle(pilot)
        await delete_from_picker(pilot, "Test Salon")
        assert "cannot be deleted" in toasts(app)
        assert len(branches.list_branches()) == 3


async def test_an_empty_branch_is_deleted_after_the_question(app_factory, chain):
    east, west, dmitry = chain
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await delete_from_picker(pilot, "West")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")  # "Keep it" is focused: nothing happens
        await settle(pilot)
        assert len(branches.list_branches()) == 3
        await delete_from_picker(pilot, "West")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, BranchPicker)
        assert [b.name for b in branches.list_branches()] == ["Test Salon", "East"]
        assert app.screen.query_one(OptionList).option_count == 2
        assert "Branch West deleted" in toasts(app)


async def test_deleting_the_last_other_branch_leaves_a_salon_with_no_branch(app_factory, chain):
    east, west, dmitry = chain
    from mtime_tui.core.people import branch_changes

    # East goes first (its master moves home), then West from the picker.
    branch_changes.move_master(dmitry.id, 1, bookings=branch_changes.CANCEL)
    branch_changes.delete_branch(east.id)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pick(pilot, "West")
        await open_picker_on(pilot, "West")
        await pilot.press("d", "y")
        await settle(pilot)
        assert not isinstance(app.screen, BranchPicker)  # nothing to pick from any more
        assert app.branch is None and app.title == "Test Salon"
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert not isinstance(app.screen, BranchPicker)
        assert "pick_branch" not in {b.binding.action for b in app.active_bindings.values()
                                     if app.check_action(b.binding.action, ())}


async def open_masters_on(pilot, branch: str, master: str) -> MastersScreen:
    await pick(pilot, branch)
    await pilot.press("3")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MastersScreen)
    screen.query_one(DataTable).move_cursor(row=master_names(screen).index(master))
    return screen


async def choose_branch(pilot, name: str) -> None:
    form = pilot.app.screen
    assert isinstance(form, MoveMasterForm)
    options = form.query_one("#branch", OptionList)
    options.highlighted = next(n for n in range(options.option_count)
                               if name in str(options.get_option_at_index(n).prompt))
    await pilot.press("enter")
    await settle(pilot)


async def ask_to_move(pilot, branch: str, master: str, to: str) -> OutsideModal:
    """Masters on `branch`, M on `master`, `to` chosen: the question about their bookings."""
    await open_masters_on(pilot, branch, master)
    await pilot.press("m")
    await settle(pilot)
    await choose_branch(pilot, to)
    asked = pilot.app.screen
    assert isinstance(asked, OutsideModal)
    return asked


async def test_moving_a_master_asks_about_their_bookings_then_takes_them_along(app_factory,
                                                                              chain):
    east, west, dmitry = chain
    anna = Master.get(Master.name == "Anna Petrova")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        # Two bookings today: asked, nothing moved yet.
        asked = await ask_to_move(pilot, "Test Salon", "Anna Petrova", "West")
        assert "go along to West (Lenina 1)" in asked.question
        assert len(asked.items) == 2
        assert Master.get_by_id(anna.id).branch_id == 1
        await pilot.click("#back")
        await settle(pilot)
        assert isinstance(app.screen, MoveMasterForm) and Master.get_by_id(anna.id).branch_id == 1
        await choose_branch(pilot, "West")
        app.screen.query_one("#keep-them", Button).press()
        await settle(pilot)
        assert isinstance(app.screen, MastersScreen)
        assert Master.get_by_id(anna.id).branch_id == west.id
        assert "Anna Petrova" not in master_names(app.screen)  # the seat stays on the main one
        assert "now works in West" in toasts(app)
        upcoming = Booking.select().where((Booking.master == anna.id) & (Booking.date == TODAY)
                                          & (Booking.start > 9 * 60))
        assert len(upcoming) == 2 and CANCELLED not in {b.status for b in upcoming}


async def test_a_master_moving_to_another_clock_may_only_cancel_their_bookings(app_factory,
                                                                             chain):
    east, west, dmitry = chain
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        asked = await ask_to_move(pilot, "East", "Dmitry", "West")
        assert "another time zone" in asked.question
        assert not asked.query("#keep-them")  # keeping their time is impossible there
        asked.query_one("#cancel-them", Button).press()
        await settle(pilot)
        assert Master.get_by_id(dmitry.id).branch_id == west.id
        assert Booking.get(Booking.master == dmitry.id).status == CANCELLED


async def test_a_single_salon_has_no_move_key(app_factory, shell_salon):
    from mtime_tui.screens.commands import SectionCommands

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MastersScreen)
        assert not app.screen.check_action("move_branch", ())
        commands = [text for text, _run, _help in SectionCommands(app.screen)._commands()]
        assert not any("branch" in text.lower() for text in commands)
