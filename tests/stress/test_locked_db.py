"""Part 7 — a locked or unwritable database. Another program holds SQLite's write lock (BEGIN
IMMEDIATE, then sleeps), or the file is read-only: nothing is changed or corrupted, reads go on,
and writes work again once it clears. The user's side (a clear message, no traceback) is checked
for the bot and the TUI too: a clear message, no traceback.

On PostgreSQL (issue 14) the other program is another seat mid-write (the salon's advisory lock)
or one holding table locks, and the wait is the server's lock_timeout the app sets."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from mtime_tui.core import settings
from mtime_tui.core.booking import booking_queries, bookings
from mtime_tui.core.errors import DatabaseUnavailable
from mtime_tui.core.people import clients
from mtime_tui.core.storage import db
from mtime_tui.core.storage.models import SOURCE_MANUAL, Booking
from tests.conftest import TODAY

from .conftest import (
    TOKEN,
    Locker,
    integrity,
    lock_wait_ms,
    make_read_only,
    make_writable,
    start_runner,
)

pytestmark = [pytest.mark.stress, pytest.mark.both_engines]

DAY = TODAY + dt.timedelta(days=1)


def book(shop, client, start: int = 600):
    return bookings.create_booking(service_id=shop.haircut.id, client_id=client.id, day=DAY,
                                   start=start, master_id=shop.anna.id, source=SOURCE_MANUAL)


def snapshot() -> list[tuple]:
    return [(b.number, b.status, b.start) for b in Booking.select().order_by(Booking.number)]


def test_a_lock_shorter_than_the_busy_timeout_is_waited_out(shop, salon):
    """The real 10 s busy timeout: a writer holding the lock for 2 s only delays the booking."""
    client = clients.find_or_create_by_phone("+79170000100", "Wait", "Out")
    assert lock_wait_ms(salon) == 10_000
    locker = Locker(salon, 2)
    began = time.monotonic()
    made = book(shop, client)
    waited = time.monotonic() - began
    locker.release()
    assert waited >= 1.0 and made.number == 1001
    assert integrity() == "ok"
    print(f"\nlock figures: a 2 s lock delayed a booking by {waited:.2f}s")


def test_the_real_busy_timeout_then_nothing_changed_and_writes_resume(shop, salon):
    """A lock held beyond the real 10 s: the booking is refused after ~10 s, the file is sound,
    reads went on during it, and the next booking works once the lock is gone."""
    client = clients.find_or_create_by_phone("+79170000101", "Locked", "Out")
    first = book(shop, client, start=540)
    before = snapshot()
    locker = Locker(salon, 12)
    assert booking_queries.bookings_on(DAY)  # readers are not blocked by a write lock
    began = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as refused:
        book(shop, client, start=660)
    waited = time.monotonic() - began
    assert "The database is busy" in refused.value.message("en")
    assert "занята" in refused.value.message("ru") or refused.value.message("ru") != \
        refused.value.message("en")
    assert snapshot() == before
    locker.release()
    assert integrity() == "ok"
    again = book(shop, client, start=660)
    assert again.number == first.number + 1
    print(f"\nlock figures: refused after {waited:.1f}s ({type(refused.value).__name__})")


def test_a_write_lock_beyond_the_timeout_changes_nothing(shop, short_busy):
    client = clients.find_or_create_by_phone("+79170000102", "Short", "Wait")
    book(shop, client, start=540)
    before = snapshot()
    locker = Locker(short_busy, 6)
    for start in (600, 660, 720):
        with pytest.raises(DatabaseUnavailable, match="busy"):
            book(shop, client, start=start)
    locker.release()
    assert snapshot() == before and integrity() == "ok"
    assert book(shop, client, start=600).number == 1002


def test_a_short_wait_gives_up_while_the_other_program_still_holds_the_lock(shop, salon):
    """The TUI's workers and UI-thread reads, and the bot's keeps, wait briefly (`short_wait`):
    "busy" comes while the other program still holds the lock, not after the whole timeout — on
    PostgreSQL too (short_wait did nothing there: a write waited the 10 s lock_timeout, the UI
    thread's reads under a table lock as long)."""
    from mtime_tui.screens.db_work import quick_reads

    client = clients.find_or_create_by_phone("+79170000105", "Short", "Wait")
    before = snapshot()
    locker = Locker(salon, 5, "exclusive")  # readers wait too
    try:
        with pytest.raises(DatabaseUnavailable, match="busy"), db.database.short_wait(300):
            book(shop, client, start=600)
        with pytest.raises(DatabaseUnavailable, match="busy"), quick_reads():
            booking_queries.bookings_on(DAY)
        assert locker.proc.poll() is None, "busy came only after the lock had gone"
    finally:
        locker.release()
    assert snapshot() == before
    assert book(shop, client, start=600).number == 1001  # the usual wait again afterwards


@pytest.mark.sqlite_only  # the file's own mode
def test_a_read_only_file_keeps_its_data_and_writes_resume(shop, salon):
    client = clients.find_or_create_by_phone("+79170000103", "Read", "Only")
    book(shop, client, start=540)
    before = snapshot()
    db.close_database()
    make_read_only(salon)
    try:
        db.open_database(salon)  # opens: the salon can still be looked at
        assert [b.number for b in booking_queries.bookings_on(DAY)] == [1001]
        assert settings.load().salon_name == "Test Salon"
        with pytest.raises(DatabaseUnavailable, match="read-only"):
            book(shop, client, start=600)
        assert snapshot() == before
    finally:
        db.close_database()
        make_writable(salon)
    db.open_database(salon)
    assert integrity() == "ok"
    assert book(shop, client, start=600).number == 1002


def test_the_bot_under_a_lock_answers_without_a_traceback_and_books_after(
    shop, short_busy, fake
):
    """A client presses Book while another program holds the lock beyond the busy timeout:
    they get a message (no traceback, nothing booked), and Book works once the lock is gone."""
    settings.save(bot_token=TOKEN, bot_api_url=fake.base_url)
    anna = fake.user(401_001, first_name="Anna", language_code="en")
    client = clients.telegram_client(anna.id, first_name="Anna", language="en")
    clients.set_phone(client.id, "+79170000104")
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
        review = anna.last
        data = dict(anna.buttons(review))["✅ Book"]
        locker = Locker(short_busy, 4)
        anna.clear()
        anna.press("✅ Book", msg=review)
        reply = anna.wait_for(lambda m: bool(m.text), timeout=15)
        for leak in ("Traceback", "OperationalError", "sqlite", "locked", "psycopg", "lock_timeout"):
            assert leak not in reply.text
        assert Booking.select().count() == 0
        locker.release()
        anna.clear()
        anna.press_data(data, review.message_id)  # the old button carries the whole choice
        anna.wait_for("Booked!", timeout=15)
        assert Booking.select().count() == 1 and integrity() == "ok"
        assert bot.alive and bot.state == "running"
    finally:
        bot.stop(timeout=5)


@pytest.mark.anyio
async def test_the_tui_master_form_under_a_lock_says_busy_and_saves_after(shop, short_busy):
    """The owner saves a new master while another program holds the lock: the form stays open
    with the busy line and nothing is saved while the lock holds (no crash); once it clears the
    save goes through by itself (the write waits in a worker, issue 10) and the form closes."""
    from textual.widgets import Static

    from mtime_tui.app import make_app
    from mtime_tui.core.storage.models import Master
    from mtime_tui.screens.masters import MasterForm
    from tests.tui.conftest import until

    settings.save(tui_language="en")
    app = make_app(start_bot=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MasterForm)
        for name, value in (("telegram_id", "444"), ("name", "Dina"), ("shift_start", "9"),
                            ("shift_end", "18"), ("interval", "30")):
            form.query_one(f"#{name}").value = value

        def says_busy() -> bool:
            line = str(form.query_one("#form-error", Static).render())
            return "busy" in line or any("busy" in str(n.message) for n in app._notifications)

        locker = Locker(short_busy, 10)
        try:
            await pilot.press("ctrl+s")
            await until(pilot, says_busy, "the busy line")
            assert locker.proc.poll() is None, "busy was said only after the lock had gone"
            assert app.screen is form
            assert not Master.select().where(Master.telegram_id == 444).exists()
        finally:
            locker.release()
        await until(pilot, lambda: app.screen is not form, "the form saved once the lock went")
    assert Master.get(Master.telegram_id == 444).name == "Dina"


def test_a_read_behind_an_exclusive_lock_stalls_no_one_else(shop, short_busy, fake, error_log):
    """Issue 10: the bot's reads ran on its event loop, so a read waiting for another program's
    EXCLUSIVE lock (a big commit, a VACUUM) stalled every user. Now a screen's reads wait in a
    reading worker: while Anna's Book waits for the file, Boris's press is answered at once."""
    settings.save(bot_token=TOKEN, bot_api_url=fake.base_url)
    anna = fake.user(402_101, first_name="Anna", language_code="en")
    boris = fake.user(402_102, first_name="Boris", language_code="en")
    bot = start_runner(None)
    try:
        fake.wait_until(lambda: bot.state == "running", timeout=15)
        for person in (anna, boris):
            person.send("/start")
            person.wait_for("Welcome")
        locker = Locker(short_busy, 3, "exclusive")  # readers wait too (1 s busy timeout)
        anna.clear()
        waiting = anna.press("Book")  # its screen reads the services: waits for the file
        boris.wait_answer(boris.press_data("nop"), timeout=10)
        # Boris has his answer while Anna's screen still waits for the file: she has only the
        # greeting, unchanged (her press itself was answered first thing).
        assert fake.world.queries[waiting].answer
        assert len(anna.messages) == 1 and not anna.messages[0].edited
        reply = anna.wait_for(lambda m: bool(m.text), timeout=15)
        locker.release()
        assert "busy" in reply.text or "Choose a service" in reply.text, reply.text
        assert not [r for r in error_log.records if r.exc_info], error_log.lines()
    finally:
        bot.stop(timeout=5)
