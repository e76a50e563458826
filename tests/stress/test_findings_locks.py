"""Findings 2 and 3 of part 7 (a locked database), fixed in commit 769bc87 — these keep them fixed.

Writes made outside `write_transaction` (autocommit: services, block/unblock, admins, …) and reads
under another program's EXCLUSIVE lock (its commit of a big transaction, a `BEGIN EXCLUSIVE`) used
to raise peewee's raw OperationalError: the TUI form crashed the app, the bot answered "something
went wrong", and it showed "this menu is out of date" for a busy database. Now every statement
says DatabaseUnavailable ("The database is busy…"), the form stays open and the bot keeps the
review (docs/RELIABILITY.md, Findings).
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Static

from mtime_tui.core import settings
from mtime_tui.core.booking import booking_queries, bookings
from mtime_tui.core.errors import DatabaseUnavailable
from mtime_tui.core.people import clients, masters, services
from mtime_tui.core.storage.models import SOURCE_MANUAL, Booking
from tests.conftest import TODAY

from .conftest import TOKEN, Locker, start_runner

pytestmark = [pytest.mark.stress, pytest.mark.both_engines]

DAY = TODAY + dt.timedelta(days=1)

WRITES = {
    "create_service": lambda s, c: services.create_service(name="New", duration=30),
    "update_service": lambda s, c: services.update_service(s.haircut.id, name="Renamed"),
    "set_service_active": lambda s, c: services.set_service_active(s.haircut.id, False),
    "set_master_active": lambda s, c: masters.set_master_active(s.anna.id, False),
    "remove_master_services": lambda s, c: masters.remove_master_services(s.boris.id,
                                                                          [s.haircut.id]),
    "block_client": lambda s, c: clients.block_client(c.id, "no-shows"),
    "add_admin": lambda s, c: settings.add_admin(123456, "Boss"),
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_write_outside_write_transaction_under_a_lock_says_busy(shop, short_busy, name):
    client = clients.find_or_create_by_phone("+79170000200", "Lock", "Ed")
    locker = Locker(short_busy, 3)
    try:
        with pytest.raises(DatabaseUnavailable, match="busy"):
            WRITES[name](shop, client)
    finally:
        locker.release()


@pytest.mark.parametrize("call", ["create_booking", "bookings_on", "settings.load"])
def test_reads_under_another_programs_exclusive_lock_say_busy(shop, short_busy, call):
    client = clients.find_or_create_by_phone("+79170000201", "Lock", "Ed")
    actions = {
        "create_booking": lambda: bookings.create_booking(
            service_id=shop.haircut.id, client_id=client.id, day=DAY, start=600,
            master_id=shop.anna.id, source=SOURCE_MANUAL),
        "bookings_on": lambda: booking_queries.bookings_on(DAY),
        "settings.load": settings.load,
    }
    locker = Locker(short_busy, 3, "exclusive")
    try:
        with pytest.raises(DatabaseUnavailable, match="busy"):
            actions[call]()
    finally:
        locker.release()


@pytest.mark.anyio
async def test_the_tui_service_form_under_a_lock_says_busy_stays_open_then_saves(shop, short_busy):
    """The form's write waits in a worker (issue 10): "busy, retrying" under the form while the
    lock holds, the form open; once the lock goes the service is saved and the form closes."""
    from mtime_tui.app import make_app
    from mtime_tui.screens.services import ServiceForm
    from tests.tui.conftest import until

    settings.save(tui_language="en")
    app = make_app(start_bot=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ServiceForm)
        form.query_one("#name").value = "Beard trim"
        form.query_one("#duration").value = "30"
        locker = Locker(short_busy, 3)
        try:
            await pilot.press("ctrl+s")
            await until(pilot, lambda: "busy" in str(form.query_one("#form-error", Static)
                                                     .render()), "the busy line")
            assert locker.proc.poll() is None  # said while the lock holds
            assert app.screen is form  # still open, nothing saved yet
            assert [s.name for s in services.list_services()] == ["Haircut"]
        finally:
            locker.release()
        await until(pilot, lambda: app.screen is not form, "saved after the lock")
    assert sorted(s.name for s in services.list_services()) == ["Beard trim", "Haircut"]


def answers_start(message) -> bool:
    """The bot's answer to /start: the menu, or the busy message."""
    return any(word in (message.text or "") for word in ("Welcome", "busy"))


def test_the_bot_says_the_database_is_busy_and_keeps_the_review(shop, short_busy, fake,
                                                                error_log):
    settings.save(bot_token=TOKEN, bot_api_url=fake.base_url)
    anna = fake.user(401_002, first_name="Anna", language_code="en")
    client = clients.telegram_client(anna.id, first_name="Anna", language="en")
    clients.set_phone(client.id, "+79170000202")
    bot = start_runner(None)
    try:
        fake.wait_until(lambda: bot.state == "running", timeout=15)
        anna.send("/start")
        anna.wait_for("Welcome")
        for label, screen in (("Book", "Choose a service"), ("Haircut", "Choose a master"),
                              ("Anna", "Choose a date"), ("Tue, 24 Nov", "Free times"),
                              ("10:00", "check your booking")):
            anna.press(label)
            anna.wait_for(screen)
        locker = Locker(short_busy, 3)
        anna.clear()
        anna.press("✅ Book")
        reply = anna.wait_for(lambda m: bool(m.text), timeout=15)
        locker.release()
        assert "busy" in reply.text and "out of date" not in reply.text
        anna.press("✅ Book")  # the review (its Book button) is still there: press again
        anna.wait_for("Booked!", timeout=15)
        # /start while locked: a known user has nothing to write, so the menu comes as usual;
        # a new user must be written down, so they get the busy message, not an apology.
        locker = Locker(short_busy, 3)
        anna.clear()
        anna.send("/start")
        reply = anna.wait_for(answers_start, timeout=15)  # not her booking's notification
        assert "Welcome" in reply.text, reply.text
        bob = fake.user(401_003, first_name="Bob", language_code="en")
        bob.send("/start")
        reply = bob.wait_for(answers_start, timeout=15)
        locker.release()
        assert "busy" in reply.text, reply.text
        assert not [r for r in error_log.records if r.exc_info], error_log.lines()
        assert Booking.select().count() == 1
    finally:
        bot.stop(timeout=5)
