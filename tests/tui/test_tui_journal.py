"""The journal (Today, issue 11; docs/JOURNAL.md): one column per master working that day, rows
by the salon's granularity, bookings as blocks, free time free, breaks and time off shaded; keys
and clicks; another day; live updates from another thread and another program."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys

import pytest

from mtime_tui.bot.telegram.events import BOOKING_CREATED, BotEvent
from mtime_tui.core import settings
from mtime_tui.core.booking import bookings, work_plans, working_time
from mtime_tui.core.storage.models import (
    CANCELLED,
    CONFIRMED,
    PENDING,
    SOURCE_BOT,
    SOURCE_MANUAL,
    Booking,
)
from mtime_tui.screens.base import BookingsChanged
from mtime_tui.screens.booking_card import BookingCard
from mtime_tui.screens.booking_wizard import NewBookingScreen
from mtime_tui.screens.dialogs import ConfirmModal
from mtime_tui.screens.today import TodayScreen
from mtime_tui.widgets.journal_grid import JournalGrid
from mtime_tui.widgets.journal_layout import BOOKED, BREAK, FREE, OFF, PAST

from .conftest import SIZE, TODAY, settle, type_into, until

pytestmark = pytest.mark.anyio
TOMORROW = TODAY + dt.timedelta(days=1)


def grid_of(app) -> JournalGrid:
    return app.screen.query_one(JournalGrid)


def column(grid: JournalGrid, name: str) -> int:
    """The grid column (1-based; 0 is the time) of the master called `name`."""
    names = [c.master.name for c in grid.journal.columns]
    return names.index(name) + 1


def row(grid: JournalGrid, hhmm: str) -> int:
    hours, minutes = map(int, hhmm.split(":"))
    return (hours * 60 + minutes - grid.journal.first) // grid.journal.step


def kind_at(grid: JournalGrid, name: str, hhmm: str) -> str:
    return grid.cell_at(row(grid, hhmm), column(grid, name)).kind


async def put_cursor(pilot, grid: JournalGrid, name: str, hhmm: str) -> None:
    grid.focus()
    grid.move_cursor(row=row(grid, hhmm), column=column(grid, name), animate=False)
    await pilot.pause()


async def test_one_column_per_working_master_rows_by_the_smallest_interval(app_factory,
                                                                           shell_salon):
    """Anna 9–20 by 30, Boris 10–18 by 60, Vera 10–16 by 30: rows of 30 minutes from 09:00 to
    the end of Anna's last slot (20:30); the four bookings as blocks; shift edges shaded."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        grid = grid_of(app)
        journal = grid.journal
        assert [c.master.name for c in journal.columns] == [
            "Anna Petrova", "Boris Ivanov", "Vera Sokolova"]
        assert journal.step == 30
        assert (journal.first, journal.end) == (9 * 60, 20 * 60 + 30)
        assert sorted(grid.numbers()) == [1001, 1002, 1003, 1004]
        assert grid.header_labels() == ["Anna Petrova", "Boris Ivanov", "Vera Sokolova"]
        # Anna's colouring at 14:00 (120 min) spans four rows, one block
        top = grid.cell_at(row(grid, "14:00"), column(grid, "Anna Petrova"))
        assert (top.kind, top.line, top.lines, top.booking.number) == (BOOKED, 0, 4, 1003)
        assert kind_at(grid, "Anna Petrova", "16:00") == FREE
        assert kind_at(grid, "Boris Ivanov", "09:00") == OFF  # before his shift
        assert kind_at(grid, "Boris Ivanov", "19:00") == OFF  # after his last slot (18–19)
        assert kind_at(grid, "Boris Ivanov", "18:30") == FREE
        assert kind_at(grid, "Anna Petrova", "09:00") == PAST  # now is 09:00
        assert "Monday, 23 November 2026 · today · bookings: 4" in str(
            app.screen.query_one("#today-date").render())


async def test_breaks_days_off_and_an_off_master_with_a_booking(app_factory, shell_salon):
    """Lunch is shaded; a master on a day off is left out unless a booking remains on it —
    then the column shows, shaded, with the booking (it is never hidden)."""
    s = shell_salon
    work_plans.add_recurring_break(s.anna.id, "13:00", 60, range(7), on_outside="keep")
    working_time.add_day_off(s.vera.id, TODAY, confirm_cancel=True)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = grid_of(app)
        assert [c.master.name for c in grid.journal.columns] == ["Anna Petrova", "Boris Ivanov"]
        assert kind_at(grid, "Anna Petrova", "13:00") == BREAK
        assert kind_at(grid, "Anna Petrova", "13:30") == BREAK
        assert "Break" in grid.cell_text(row(grid, "13:00"), 1)
    work_plans.set_week(s.boris.id, [None] * 7, on_outside="keep")  # his bookings are kept
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = grid_of(app)
        boris = grid.journal.columns[column(grid, "Boris Ivanov") - 1]
        assert not boris.working and [b.number for b in boris.bookings] == [1002, 1004]
        assert "Boris Ivanov (off)" in grid.header_labels()
        assert kind_at(grid, "Boris Ivanov", "13:00") == OFF
        assert kind_at(grid, "Boris Ivanov", "11:00") == BOOKED


async def test_a_block_shows_client_services_status_wish_and_the_no_show_flag(app_factory,
                                                                              shell_salon):
    s = shell_salon
    colouring = Booking.get(Booking.number == 1003)
    colouring.comment = "Please the same shade"
    colouring.save()
    for day in (dt.date(2026, 11, 16), dt.date(2026, 11, 17)):  # Pavel missed two visits
        Booking.create(number=900 + day.day, master=s.boris, service=s.manicure, client=s.pavel,
                       date=day, start=600, duration=45, price=0, status="no_show",
                       source="manual")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = grid_of(app)
        x = column(grid, "Anna Petrova")
        lines = [grid.cell_text(row(grid, t), x).rstrip()
                 for t in ("14:00", "14:30", "15:00", "15:30")]
        assert lines == ["○ ⚠ Pavel Kim", "Colouring", "Pending · no-shows: 2",
                         "✎ Please the same shade"]


async def test_arrows_stop_once_per_booking_and_move_between_masters(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = grid_of(app)
        await put_cursor(pilot, grid, "Anna Petrova", "14:00")
        assert grid.booking_at_cursor().number == 1003
        await pilot.press("down")  # past the whole two-hour block
        assert grid.cursor_coordinate == (row(grid, "16:00"), 1)
        await pilot.press("up")  # back to the block's top
        assert grid.cursor_coordinate == (row(grid, "14:00"), 1)
        await pilot.press("right")  # Boris at 14:00: a free hour slot
        assert grid.cursor_coordinate.column == column(grid, "Boris Ivanov")
        assert grid.cell_at_cursor().kind == FREE and grid.cell_at_cursor().start == 14 * 60
        await pilot.press("down")  # his slots are an hour: two rows
        assert grid.cursor_coordinate.row == row(grid, "15:00")
        await pilot.press("left", "left")  # never onto the time column
        assert grid.cursor_coordinate.column == 1


async def test_enter_on_a_booking_opens_its_card(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = grid_of(app)
        await put_cursor(pilot, grid, "Boris Ivanov", "11:00")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BookingCard) and app.screen.number == 1002


async def test_enter_on_free_time_books_it_straight_from_the_phone(app_factory, shell_salon):
    """Master, date and time come from the slot: the wizard opens at the phone, offers the
    services that fit there, and books that very time."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = grid_of(app)
        await put_cursor(pilot, grid, "Anna Petrova", "13:00")
        await pilot.press("enter")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, NewBookingScreen)
        assert (wizard.step, wizard.master.name, wizard.day, wizard.start) == (
            "phone", "Anna Petrova", TODAY, 13 * 60)
        await type_into(pilot, "#phone-input", "8 912 345-67-89")  # Olga, known
        await pilot.press("enter")
        await settle(pilot)
        assert wizard.step == "service"
        offered = wizard.query_one("#service-list").options
        # Colouring (120 min) would run into the 14:00 booking: only the haircut fits at 13:00
        assert [str(o.prompt) for o in offered] == ["☐ Haircut — 1 500 ₽, 1 h"]
        await pilot.press("enter")
        await settle(pilot)
        assert wizard.step == "review"
        await pilot.press("enter")  # Book is focused
        await until(pilot, lambda: wizard.step == "done", "booked")
        made = Booking.select().order_by(Booking.number.desc()).first()
        assert (made.master.name, made.date, made.start, made.client.first_name) == (
            "Anna Petrova", TODAY, 13 * 60, "Olga")
        await pilot.press("1")
        await settle(pilot)
        assert made.number in grid_of(app).numbers()


async def test_escape_at_the_phone_goes_back_to_the_journal(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await put_cursor(pilot, grid_of(app), "Boris Ivanov", "13:00")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.step == "phone"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)


async def test_time_that_cannot_be_booked_says_why(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await put_cursor(pilot, grid_of(app), "Boris Ivanov", "09:00")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert "The master does not work at this time." in [
            n.message for n in app._notifications]


async def test_a_confirms_the_pending_booking_and_c_cancels_after_the_question(app_factory,
                                                                               shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = grid_of(app)
        await put_cursor(pilot, grid, "Anna Petrova", "14:00")
        await pilot.press("a")
        await settle(pilot)
        assert Booking.get(Booking.number == 1003).status == CONFIRMED
        assert grid.booking_at_cursor().status == CONFIRMED  # redrawn
        await pilot.press("a")  # not pending any more: said so, nothing changes
        await settle(pilot)
        assert "Booking No. 1003 is not waiting for confirmation." in [
            n.message for n in app._notifications]
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # the safe answer
        await settle(pilot)
        assert Booking.get(Booking.number == 1003).status == CONFIRMED
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert Booking.get(Booking.number == 1003).status == CANCELLED
        assert 1003 not in grid.numbers()  # its time is free again
        assert grid.cell_at_cursor().kind == FREE


async def test_brackets_change_the_day_and_t_comes_back(app_factory, shell_salon):
    s = shell_salon
    bookings.create_booking(service_id=s.haircut.id, client_id=s.olga.id, day=TOMORROW,
                            start=15 * 60, master_id=s.anna.id, source=SOURCE_MANUAL)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = grid_of(app)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert grid.journal.day == TOMORROW and grid.numbers() == [1005]
        assert "Tuesday, 24 November 2026 · bookings: 1" in str(
            app.screen.query_one("#today-date").render())
        assert kind_at(grid, "Anna Petrova", "09:00") == FREE  # tomorrow nothing has passed
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert grid.journal.day == TODAY - dt.timedelta(days=1)
        assert kind_at(grid, "Anna Petrova", "12:00") == PAST
        await pilot.press("t")
        await settle(pilot)
        assert grid.journal.day == TODAY and len(grid.numbers()) == 4


async def test_clicks_open_a_booking_and_book_free_time(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = grid_of(app)
        cell = grid.cell_region(row(grid, "10:00"), column(grid, "Anna Petrova"))
        await pilot.click(JournalGrid, offset=(cell.x + 3, cell.y))
        await settle(pilot)
        assert isinstance(app.screen, BookingCard) and app.screen.number == 1001
        await pilot.press("escape")
        await settle(pilot)
        cell = grid.cell_region(row(grid, "12:00"), column(grid, "Anna Petrova"))
        await pilot.click(JournalGrid, offset=(cell.x + 3, cell.y))
        await settle(pilot)
        assert isinstance(app.screen, NewBookingScreen) and app.screen.start == 12 * 60


async def test_a_booking_from_the_bot_thread_appears_without_a_key(app_factory, shell_salon):
    s = shell_salon
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        made = bookings.create_booking(service_id=s.haircut.id, client_id=s.olga.id, day=TODAY,
                                       start=18 * 60, master_id=s.boris.id, source=SOURCE_BOT)
        app.post_message(BookingsChanged(BotEvent(BOOKING_CREATED, booking_number=made.number)))
        await settle(pilot)
        grid = grid_of(app)
        assert made.number in grid.numbers()
        assert grid.cell_at(row(grid, "18:00"), column(grid, "Boris Ivanov")).booking.status \
            == PENDING


OTHER_PROGRAM = """
import sys
from mtime_tui.core.booking import bookings; from mtime_tui.core import clock; from mtime_tui.core.storage import db
from tests.conftest import FIXED_NOW, TODAY
clock.set_clock(clock.FixedClock(FIXED_NOW))
db.open_database(sys.argv[1])
b = bookings.create_booking(service_id=int(sys.argv[2]), client_id=int(sys.argv[3]), day=TODAY,
                            start=17 * 60, master_id=int(sys.argv[4]), source="bot")
print(b.number)
"""


async def test_a_booking_another_program_writes_to_the_file_appears(app_factory, shell_salon,
                                                                    db_path):
    s = shell_salon
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        other = subprocess.run(
            [sys.executable, "-c", OTHER_PROGRAM, str(db_path), str(s.haircut.id),
             str(s.pavel.id), str(s.anna.id)], capture_output=True, text=True, timeout=60)
        assert other.returncode == 0, other.stderr
        number = int(other.stdout)
        await until(pilot, lambda: number in grid_of(app).numbers(),
                    "the other program's booking shows")
        assert sqlite3.connect(db_path).execute("select count(*) from booking").fetchone()[0] == 5


async def test_columns_keep_a_readable_width_and_scroll_sideways(app_factory, shell_salon):
    """At 80 columns two masters show whole; the time column stays when the grid scrolls."""
    from mtime_tui.core.people import masters

    for n in range(6):
        masters.create_master(telegram_id=700 + n, name=f"Extra Master {n}", shift_start=9,
                              shift_end=18, interval=30)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        grid = grid_of(app)
        assert len(grid.journal.columns) == 9
        assert grid.width_of_column >= 18
        two = grid.cell_region(0, 2)
        assert two.right <= grid.scrollable_content_region.width  # two whole masters show
        grid.focus()
        for _ in range(8):
            await pilot.press("right")
        await settle(pilot)
        assert grid.scroll_x > 0  # scrolled sideways to the last master
        last = grid.cell_region(0, 9)
        assert last.x >= 6 and last.right <= grid.scrollable_content_region.width
        line = "".join(segment.text for segment in grid.render_line(1))
        assert line.startswith("09:00")  # the time column stays put
        settings.save(tui_language="en")
