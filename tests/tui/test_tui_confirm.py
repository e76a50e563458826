"""One confirmation dialog everywhere (issue 11, defect 4): some defaulted to "No", unblocking a
client defaulted to "Yes", Left/Right did not move between the buttons, and `y` / `n` worked
without being shown."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets import Button, Static

from mtime_tui.core.people import clients
from mtime_tui.screens.dialogs import ConfirmModal

from .conftest import SIZE, settle
from .test_tui_clients import open_clients

pytestmark = pytest.mark.anyio


class Host(App):
    def __init__(self, modal: ConfirmModal) -> None:
        super().__init__()
        self.modal = modal
        self.answers: list[bool | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.modal, self.answers.append)


@pytest.mark.parametrize("danger", [False, True])
async def test_the_safe_choice_is_focused_and_the_keys_are_shown(danger):
    app = Host(ConfirmModal("Do it?", ["one thing"], danger=danger))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        modal = app.modal
        assert modal.focused is modal.query_one("#no", Button)
        keys = " ".join(str(s.render()) for s in modal.query(Static))
        assert "Y" in keys and "N" in keys and "Esc" in keys
        await pilot.press("left")
        assert modal.focused is modal.query_one("#yes", Button)
        await pilot.press("left")  # stays at the end
        assert modal.focused is modal.query_one("#yes", Button)
        await pilot.press("right")
        assert modal.focused is modal.query_one("#no", Button)
        await pilot.press("enter")
        await pilot.pause()
        assert app.answers == [False]


async def test_y_answers_yes_and_enter_after_left_too():
    app = Host(ConfirmModal("Do it?"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("left", "enter")
        await pilot.pause()
        assert app.answers == [True]


async def test_an_enter_out_of_habit_does_not_unblock_a_client(app_factory, shell_salon):
    clients.block_client(shell_salon.olga.id, "rude")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_clients(pilot)
        table = screen.query_one("#clients-table")
        table.move_cursor(row=table.get_row_index(str(shell_salon.olga.id)))
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")
        await settle(pilot)
        assert clients.get_client(shell_salon.olga.id).blocked
