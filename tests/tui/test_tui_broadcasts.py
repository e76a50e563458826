"""Broadcasts in the TUI (issue 16): compose with a preview and the count, queue in a worker,
pause, resume, cancel."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Select, Static

from mtime_tui.core.messaging import broadcasts
from mtime_tui.core.storage.models import OUT_HELD, OUT_PENDING, Broadcast, Client, Outbox
from mtime_tui.screens.broadcasts import BroadcastForm, BroadcastsScreen
from mtime_tui.screens.dialogs import ConfirmModal

from .conftest import SIZE, settle, type_into

pytestmark = pytest.mark.anyio


@pytest.fixture
def on_telegram(shell_salon):
    for n, client in enumerate((shell_salon.olga, shell_salon.pavel)):
        Client.update(telegram_id=9100 + n).where(Client.id == client.id).execute()
    return shell_salon


async def test_compose_preview_count_queue_pause_resume_cancel(app_factory, on_telegram):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, BroadcastsScreen)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BroadcastForm)
        await type_into(pilot, "#text", "Hi {first_name}, Friday is free!")
        await settle(pilot)
        count = str(form.query_one("#broadcast-count", Static).render())
        assert "Recipients: 2" in count
        preview = str(form.query_one("#broadcast-preview", Static).render())
        assert "Hi Olga, Friday is free!" in preview
        form.query_one("#audience", Select).value = broadcasts.LAPSED
        await settle(pilot)
        assert form.query_one("#field-days").display
        assert "Days" in str(form.query_one("#broadcast-count", Static).render())
        form.query_one("#audience", Select).value = broadcasts.ALL
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BroadcastsScreen)
        await app.workers.wait_for_complete()
        await settle(pilot)
        b = Broadcast.get()
        assert b.status == broadcasts.QUEUED and b.total == 2
        table = app.screen.query_one("#broadcasts-table", DataTable)
        assert table.row_count == 1
        detail = str(app.screen.query_one("#broadcast-detail", Static).render())
        assert "left 2" in detail and "(of 2)" in detail  # whole, where columns are cut
        assert "Hi {first_name}, Friday is free!" in detail
        await pilot.press("p")
        await settle(pilot)
        assert {r.status for r in Outbox.select().where(Outbox.broadcast == b.id)} == {OUT_HELD}
        await pilot.press("p")
        await settle(pilot)
        assert {r.status for r in Outbox.select().where(Outbox.broadcast == b.id)} == {
            OUT_PENDING}
        await pilot.press("x")  # asked first: No (focused, or n) changes nothing
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert broadcasts.figures(b.id).cancelled == 0
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert broadcasts.figures(b.id).cancelled == 2


async def test_a_bad_text_is_refused_in_the_form(app_factory, on_telegram):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await settle(pilot)
        await pilot.press("s", "n")
        await settle(pilot)
        await type_into(pilot, "#text", "Hi {name}")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BroadcastForm)
        assert "first_name" in str(app.screen.query_one("#error-text", Static).render())
        assert not Broadcast.select().exists()


async def test_every_audience_is_counted_and_previewed_in_the_form(app_factory, on_telegram):
    """All clients, visited in a period, by master, by service, not visited for N days: each
    chosen in the form as the owner does, with its count and a preview for one of them."""
    salon = on_telegram
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await settle(pilot)
        await pilot.press("s", "n")
        await settle(pilot)
        form = app.screen
        await type_into(pilot, "#text", "Dear {first_name}")

        def shown() -> tuple[str, str]:
            return (str(form.query_one("#broadcast-count", Static).render()),
                    str(form.query_one("#broadcast-preview", Static).render()))

        async def choose(kind) -> None:
            form.query_one("#audience", Select).value = kind
            await settle(pilot)

        await choose(broadcasts.VISITED)
        assert "period" in shown()[0]  # asks for the dates first
        await type_into(pilot, "#first", "23.11.2026")
        await type_into(pilot, "#last", "23.11.2026")
        await settle(pilot)
        assert "Recipients: 2" in shown()[0]
        await choose(broadcasts.BY_MASTER)
        form.query_one("#master", Select).value = salon.vera.id  # no bookings at all
        await settle(pilot)
        assert "Recipients: 0" in shown()[0] and shown()[1] == ""
        form.query_one("#master", Select).value = salon.boris.id
        await settle(pilot)
        assert "Recipients: 2" in shown()[0]
        await choose(broadcasts.BY_SERVICE)
        form.query_one("#service", Select).value = salon.manicure.id
        await settle(pilot)
        assert "Recipients: 1" in shown()[0] and "Dear Pavel" in shown()[1]
        await choose(broadcasts.LAPSED)
        await type_into(pilot, "#days", "1")
        await settle(pilot)
        assert "Recipients: 0" in shown()[0]  # both came today
        Client.update(blocked=True).where(Client.id == salon.olga.id).execute()
        await choose(broadcasts.ALL)
        assert "Recipients: 1" in shown()[0] and "Dear Pavel" in shown()[1]


async def test_a_broadcast_sent_just_before_a_restart_is_queued_when_the_list_opens(
        app_factory, on_telegram):
    draft = broadcasts.create("Sent, then the power went", broadcasts.Audience())
    assert Broadcast.get_by_id(draft.id).status == broadcasts.DRAFT  # no rows were written
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert Broadcast.get_by_id(draft.id).status == broadcasts.QUEUED
        assert Outbox.select().where(Outbox.broadcast == draft.id).count() == 2
