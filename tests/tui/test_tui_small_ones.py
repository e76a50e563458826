"""Issue 11, defect 12 — the small ones: Home/End in tables, one warning sign, Settings naming
"Admins on Telegram" twice, and the client card's "client since" after their first visit."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Label, Static

from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import Client
from mtime_tui.screens.clients import ClientCard

from .conftest import SIZE, settle, until
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


async def test_the_demo_notice_leaves_help_and_the_footer_keys_visible(app_factory):
    """The demo salon's notice lay over F1's help for its whole timeout."""
    app = app_factory("ru")
    app.startup_notice = "No salon database yet at /home/x/salon.db: showing the demo salon " * 2
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await until(pilot, lambda: bool(app.screen.query("Toast")), "the notice is shown")
        footer = app.screen.query_one("Footer").region
        assert all(not toast.region.overlaps(footer) for toast in app.screen.query("Toast"))
        await pilot.press("f1")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.pause(0.2)
        assert not app.screen.query("Toast")


async def test_a_marked_day_keeps_its_column(salon):
    """"вых." under a day off moved the date one column left of the other days' numbers."""
    from textual.geometry import Region

    from mtime_tui.core import settings
    from mtime_tui.core.booking import working_time
    from mtime_tui.widgets import MonthCalendar

    from .booking_fixtures import new_app, seed_salon

    s = seed_salon()
    working_time.add_day_off(s.anna.id, dt.date(2026, 11, 29))
    settings.save(tui_language="ru")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.switch_mode("working_time")
        await settle(pilot)
        calendar = app.screen.query_one("#wt-off-calendar", MonthCalendar)
        lines = {}
        for cell in calendar.query("#month-days > *"):
            if cell.day in (dt.date(2026, 11, 22), dt.date(2026, 11, 29)):
                strips = cell.render_lines(Region(0, 0, cell.size.width, 2))
                lines[cell.day.day] = [strip.text for strip in strips]
    assert lines[29][1].strip() == "вых."
    assert lines[29][0].index("29") == lines[22][0].index("22")
