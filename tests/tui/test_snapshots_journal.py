"""Pictures of the journal (Today, issue 11) at 80x24, 120x36 and 200x50 in English and Russian:
four masters, bookings in every status, a wish, a client flagged for no-shows, a lunch break,
a master's late start. Regenerate with --snapshot-update and look at them as pictures."""

from __future__ import annotations

import datetime as dt

import pytest

from mtime_tui.core import settings
from mtime_tui.core.booking import bookings, work_plans
from mtime_tui.core.people import masters
from mtime_tui.core.storage.models import COMPLETED, NO_SHOW, SOURCE_BOT, SOURCE_MANUAL, Booking
from mtime_tui.i18n import set_language

from .conftest import TODAY, seed_shell_salon, settle

SIZES = [(80, 24), (120, 36), (200, 50)]


@pytest.fixture
def busy_day(salon):
    s = seed_shell_salon()
    work_plans.add_recurring_break(s.anna.id, "13:00", 60, range(7), on_outside="keep")
    masters.add_master_services(s.vera.id, [s.manicure.id])
    lena = masters.create_master(telegram_id=444, name="Elena Kuznetsova", shift_start=12,
                                 shift_end=20, interval=30)
    masters.add_master_services(lena.id, [s.haircut.id, s.manicure.id])

    def book(master, service_ids, hour, client, minute=0, source=SOURCE_MANUAL, comment="",
             now=None):
        return bookings.create_booking(service_ids=service_ids, client_id=client.id, day=TODAY,
                                       start=hour * 60 + minute, master_id=master.id,
                                       source=source, comment=comment, now=now)

    early = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)  # booked the day before
    done = book(s.anna, [s.haircut.id], 9, s.pavel, now=early)
    bookings.set_status(done.number, COMPLETED)
    book(s.vera, [s.manicure.id], 10, s.olga, source=SOURCE_BOT, comment="Short nails, please")
    book(lena, [s.haircut.id, s.manicure.id], 12, s.olga, minute=30)
    for day in (dt.date(2026, 11, 16), dt.date(2026, 11, 18)):  # Pavel did not come twice
        Booking.create(number=900 + day.day, master=s.boris, service=s.manicure, client=s.pavel,
                       date=day, start=600, duration=45, price=0, status=NO_SHOW,
                       source=SOURCE_MANUAL)
    return s


@pytest.fixture(params=["en", "ru"])
def language(request, busy_day):
    settings.save(tui_language=request.param)
    yield request.param
    set_language("en")


async def _journal(pilot) -> None:
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_journal(language, size, snap_compare):
    from mtime_tui.app import make_app

    assert snap_compare(make_app(start_bot=False), terminal_size=size, run_before=_journal)


def test_journal_tomorrow_cursor_on_a_booking(busy_day, snap_compare):
    """Another day, the cursor moved onto a booking with the keys."""
    from mtime_tui.app import make_app

    bookings.create_booking(service_ids=[busy_day.colouring.id], client_id=busy_day.olga.id,
                            day=TODAY + dt.timedelta(days=1), start=11 * 60,
                            master_id=busy_day.anna.id, source=SOURCE_MANUAL)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        grid = pilot.app.screen.query_one("#journal")
        grid.focus()
        await pilot.press("up")  # to the top of the day (09:00 … 11:00 free and slots)
        for _ in range(4):
            await pilot.press("down")
        await settle(pilot)

    assert snap_compare(make_app(start_bot=False), terminal_size=(120, 36),
                        run_before=run_before)
