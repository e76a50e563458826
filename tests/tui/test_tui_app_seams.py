"""The app's seams: a bot change refreshes an open card, the first-run notice, daily upkeep."""

from __future__ import annotations

import datetime as dt
import gc
import subprocess
import sys
import threading

import pytest
from textual.notifications import Notify

from mtime_tui.bot.telegram.events import BOOKING_CHANGED, BotEvent
from mtime_tui.core.booking import bookings
from mtime_tui.core.people import masters
from mtime_tui.core.storage.models import COMPLETED, Break
from mtime_tui.screens.base import BookingsChanged
from mtime_tui.screens.booking_card import BookingCard
from mtime_tui.widgets.card_fields import CardFields

from .conftest import SIZE, TODAY, settle

pytestmark = pytest.mark.anyio


def card_text(card: BookingCard) -> str:
    return card.query_one(CardFields).text


async def test_a_bot_change_updates_the_open_booking_card(app_factory, shell_salon):
    app = app_factory()
    number = shell_salon.today[0].number
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        journal = app.screen.query_one("#journal")
        journal.focus()
        assert journal.move_to_booking(number)
        await pilot.press("enter")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, BookingCard)
        assert "Completed" not in card_text(card)

        def bot_thread() -> None:  # the master marks it done in the bot, which tells the app
            bookings.set_status(number, COMPLETED)
            app.post_message(BookingsChanged(BotEvent(BOOKING_CHANGED, number)))

        worker = threading.Thread(target=bot_thread)
        worker.start()
        worker.join(5)
        await settle(pilot)
        assert app.screen is card
        assert "Completed" in card_text(card)


async def test_the_booking_card_hides_the_screen_below(app_factory, shell_salon):
    """The card's background is opaque: under a translucent one Textual renders (and tints) the
    whole Today screen into every update of the card, which made opening it slow."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        journal = app.screen.query_one("#journal")
        journal.focus()
        journal.move_to_booking(shell_salon.today[0].number)
        await pilot.press("enter")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, BookingCard)
        assert card.styles.background.a == 1
        assert card.styles.background == app.screen_stack[0].styles.background


async def test_the_startup_notice_is_shown_as_a_toast(app_factory):
    seen: list[str] = []

    def hook(message) -> None:
        if isinstance(message, Notify):
            seen.append(message.notification.message)

    app = app_factory()
    app.startup_notice = "This is the demo salon [b]x[/b]"
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await settle(pilot)
    assert "This is the demo salon [b]x[/b]" in seen


async def test_no_notice_no_toast(app_factory):
    seen: list[Notify] = []
    app = app_factory()
    async with app.run_test(size=SIZE, message_hook=lambda m: isinstance(m, Notify)
                            and seen.append(m)) as pilot:
        await settle(pilot)
    assert seen == []


async def test_daily_upkeep_runs_after_the_salons_midnight_in_a_worker(
    app_factory, fixed_clock, monkeypatch
):
    from mtime_tui.core.storage import upkeep

    threads: list[threading.Thread] = []
    real_run = upkeep.run

    def run(**kwargs):  # the real upkeep; noting which thread it ran in
        threads.append(threading.current_thread())
        return real_run(**kwargs)

    monkeypatch.setattr(upkeep, "run", run)
    anna = masters.create_master(telegram_id=1, name="A", shift_start=9, shift_end=18, interval=60)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # 09:00 Monday in Moscow (06:00 UTC) -> 00:05 Tuesday Moscow: 15 h 05 min away
        assert app.upkeep_timer is not None
        assert app.upkeep_timer._interval == pytest.approx(15 * 3600 + 5 * 60)
        first = app.upkeep_timer

        Break.create(master=anna, date=TODAY, start=600, duration=60)  # past after midnight
        fixed_clock.set(dt.datetime(2026, 11, 23, 21, 5, tzinfo=dt.UTC))
        app._upkeep_due()  # what the timer calls when it fires
        await settle(pilot)
        assert threads and threads[0] is not threading.main_thread()
        assert Break.select().count() == 0
        assert app.upkeep_timer is not first  # armed again for the next night: 24 h on
        assert app.upkeep_timer._interval == pytest.approx(24 * 3600)


async def test_the_starts_upkeep_waits_for_the_first_paint_and_runs_in_a_worker(
    salon, fixed_clock, monkeypatch
):
    """The program's start (`upkeep_on_start`, what cli asks for) leaves the day's upkeep — the
    snapshot copies the whole file — until the first screen is painted, then runs it off the UI
    thread: the snapshot is there afterwards, and nothing of it happened before the paint."""
    from mtime_tui.app import make_app
    from mtime_tui.core.storage import backup, db, upkeep

    seen: list[tuple[threading.Thread, bool, bool]] = []
    real_run = upkeep.run

    def run(**kwargs):
        seen.append((threading.current_thread(), app.first_painted, app.screen.id != "_default"))
        return real_run(**kwargs)

    monkeypatch.setattr(upkeep, "run", run)
    folder = db.db_path().parent / "backups"
    app = make_app(start_bot=False, upkeep_on_start=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(seen) == 1
        thread, painted, section = seen[0]
        assert thread is not threading.main_thread() and painted and section
    assert [p.name for p in backup.daily_snapshots(folder, "salon")] == ["salon-daily-2026-11-23.db"]


async def test_an_app_built_without_upkeep_on_start_runs_none(app_factory, monkeypatch):
    from mtime_tui.core.storage import upkeep

    calls: list[object] = []
    monkeypatch.setattr(upkeep, "run", lambda **kwargs: calls.append(kwargs))
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert calls == []  # tests' apps (and the midnight timer's first hours) take no snapshot


async def test_the_bot_thread_starts_after_the_first_paint(salon, monkeypatch):
    """Starting the bot imports python-telegram-bot (more than all of the TUI's own imports):
    it runs in a worker once the first screen is painted, never before."""
    from mtime_tui.app import make_app
    from mtime_tui.screens.bot_link import BotLink

    seen: list[tuple[bool, bool]] = []
    monkeypatch.setattr(BotLink, "start", lambda self: seen.append(
        (threading.current_thread() is threading.main_thread(), app.first_painted)))
    app = make_app(start_bot=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert seen == [(False, True)]


async def test_the_collector_off_for_the_start_is_on_again_once_painted(salon):
    """cli._tui turns the cyclic garbage collector off for the start (everything made until the
    first paint lives as long as the program); the app turns it on once the first screen is
    painted — and a test's app (no `collect_after_paint`) leaves it alone."""
    from mtime_tui.app import make_app

    app = make_app(start_bot=False, collect_after_paint=True)
    gc.disable()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.first_painted and gc.isenabled()
    finally:
        gc.enable()


def test_the_tui_command_turns_the_collector_back_on_whatever_happens(monkeypatch, tmp_path):
    from mtime_tui import cli

    def fail(_args):
        assert not gc.isenabled()  # off while the start runs
        raise RuntimeError("cannot start")

    monkeypatch.setattr(cli, "prepare_tui", fail)
    monkeypatch.setenv("MTIME_LOG_DIR", str(tmp_path))
    assert cli.main(["--db", str(tmp_path / "salon.db")]) == 1
    assert gc.isenabled()


# What a key opens, a server's engine, phone parsing, Help and the bot: none of them is read
# before the first paint (issue 17: the start in a terminal against bare Textual).
NOT_AT_START = (
    "phonenumbers",
    "playhouse.migrate",
    "mtime_tui.core.storage.postgresql",
    "psycopg2",  # peewee imports it at its import: hidden then (mtime_tui/__init__.py)
    "mtime_tui.screens.booking_card",
    "mtime_tui.screens.branch_picker",
    "mtime_tui.screens.dialogs",
    "mtime_tui.screens.inbox",
    "mtime_tui.screens.help",
    "markdown_it",
    "telegram",
)


def test_the_start_imports_only_what_the_first_screen_needs():
    code = ("import sys, mtime_tui.cli, mtime_tui.app, mtime_tui.screens.today\n"
            "print(chr(10).join(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    imported = set(done.stdout.split())
    assert "mtime_tui.screens.today" in imported
    assert [name for name in NOT_AT_START if name in imported] == []


async def test_the_footers_question_of_a_sections_keys_walks_no_widgets(app_factory, shell_salon):
    """The footer asks every key's state (`check_action`) on each switch and focus move; a
    query there walks the whole screen each time — 238 widgets in Working time made its switch
    ~100 ms. Asked on every section, on each of their tabs, no query is made."""
    from textual.dom import DOMNode
    from textual.widgets import TabbedContent

    from mtime_tui.screens.nav import SECTIONS

    walks: list[str] = []
    original = DOMNode.walk_children  # under query, query_one and the rest

    def walks_during_the_footers_question(where: str) -> None:
        def counted(node, *args, **kwargs):  # noqa: ANN001, ANN202 - DOMNode's own signature
            walks.append(where)
            return original(node, *args, **kwargs)

        patch = pytest.MonkeyPatch()
        patch.setattr(DOMNode, "walk_children", counted)
        try:
            assert app.screen.active_bindings
        finally:
            patch.undo()

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        for mode, _title in SECTIONS:
            await app.switch_mode(mode)
            await settle(pilot)
            walks_during_the_footers_question(mode)
            for tabs in app.screen.query(TabbedContent):
                for pane in list(tabs.query("TabPane")):
                    tabs.active = pane.id
                    await settle(pilot)
                    walks_during_the_footers_question(f"{mode}, tab {pane.id}")
    assert walks == []
