"""Issue 11, defect 12 — the small ones: Home/End in tables, one warning sign, Settings naming
"Admins on Telegram" twice, and the client card's "client since" after their first visit."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Label, Static

from mtime_tui.core import clients
from mtime_tui.core.models import Client
from mtime_tui.screens.clients import ClientCard

from .conftest import SIZE, settle
from .test_tui_clients import open_clients

pytestmark = pytest.mark.anyio


async def test_home_and_end_go_to_the_first_and_last_row(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_clients(pilot)
        table = screen.query_one("#clients-table")
        table.focus()
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("1")  # Today's journal too: the day's first and last row
        await settle(pilot)
        today = app.screen.query_one("#journal")
        today.focus()
        await pilot.press("end")
        assert today.cursor_row == today.row_count - 1 > 0
        await pilot.press("home")
        assert today.cursor_row == 0


async def test_one_warning_sign_on_today(app_factory, shell_salon):
    app = app_factory("ru")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        texts = " ".join(str(s.render()) for s in app.screen.query(Static))
    assert "⚠" in texts and "\ufe0f" not in texts  # no emoji form: it is two cells wide


async def test_settings_names_the_admins_once(app_factory):
    app = app_factory("ru")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("9")
        await settle(pilot)
        texts = [str(w.render()) for w in app.screen.query("Label, Static")
                 if isinstance(w, Label | Static)]
    assert sum(t.startswith("Администраторы в Telegram") for t in texts) == 1


async def test_client_since_is_not_after_the_first_visit(app_factory, shell_salon):
    Client.update(created_at=dt.datetime(2026, 12, 1, 9, 0)).where(
        Client.id == shell_salon.olga.id).execute()
    assert clients.client_history(shell_salon.olga.id).since == dt.date(2026, 11, 23)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_clients(pilot)
        await app.push_screen(ClientCard(shell_salon.olga.id))
        await settle(pilot)
        details = str(app.screen.query_one("#card-details", Static).render())
    assert "Client since: 23.11.2026" in details
