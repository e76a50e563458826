"""The journal's day (core/booking/journal.py) and its cells (widgets/journal_layout.py), docs/JOURNAL.md:
columns, rows by the salon's granularity, blocks, shading."""

from __future__ import annotations

import datetime as dt

import pytest

from mtime_tui.core.booking import bookings, journal, work_plans
from mtime_tui.core.people import clients, masters, services
from mtime_tui.core.reports import outcomes
from mtime_tui.core.storage.models import NO_SHOW, SOURCE_MANUAL, Booking
from mtime_tui.widgets.journal_layout import (
    BOOKED,
    BREAK,
    FREE,
    OFF,
    PAST,
    JournalCells,
    journal_cells,
)
from tests.conftest import TODAY

TOMORROW = TODAY + dt.timedelta(days=1)


def _salon():
    cut = services.create_service(name="Cut", duration=60)
    long = services.create_service(name="Long", duration=150)
    anna = masters.create_master(telegram_id=1, name="Anna", shift_start=10, shift_end=18,
                                 interval=45)
    boris = masters.create_master(telegram_id=2, name="Boris", shift_start=9, shift_end=17,
                                  interval=60)
    for m in (anna, boris):
        masters.add_master_services(m.id, [cut.id, long.id])
    olga = clients.find_or_create_by_phone("+79123456789", "Olga", "S")
    return cut, long, anna, boris, olga


def test_rows_are_the_smallest_interval_at_most_30_minutes(salon):
    _salon()
    day = journal.day_journal(TOMORROW)
    assert day.step == 30  # 45 and 60: at most 30 per row
    # Anna's starts are 10:00, 10:45 … 17:30 (18:00 is not on her grid): her last slot ends
    # at 18:15, so the rows run to 18:30; Boris's last slot is 17:00–18:00
    assert (day.first, day.end) == (9 * 60, 18 * 60 + 30)
    assert day.end % 30 == 0 and day.rows == (day.end - day.first) // 30
    masters.create_master(telegram_id=3, name="Vera", shift_start=11, shift_end=15, interval=15)
    assert journal.day_journal(TOMORROW).step == 15


def test_rows_run_to_the_latest_booking_end_past_the_shift(salon):
    cut, long, anna, boris, olga = _salon()
    bookings.create_booking(service_id=long.id, client_id=olga.id, day=TOMORROW, start=17 * 60,
                            master_id=boris.id, source=SOURCE_MANUAL)
    day = journal.day_journal(TOMORROW)
    assert day.end == 19 * 60 + 30  # 17:00 + 150 min, past every shift


def test_an_off_master_shows_only_with_a_booking_and_cancelled_ones_are_not_drawn(salon):
    cut, long, anna, boris, olga = _salon()
    made = bookings.create_booking(service_id=cut.id, client_id=olga.id, day=TOMORROW,
                                   start=9 * 60, master_id=boris.id, source=SOURCE_MANUAL)
    work_plans.set_week(boris.id, [None] * 7, on_outside="keep")
    day = journal.day_journal(TOMORROW)
    assert [(c.master.name, c.working) for c in day.columns] == [("Anna", True), ("Boris", False)]
    bookings.cancel(made.number, by="salon")
    day = journal.day_journal(TOMORROW)
    assert [c.master.name for c in day.columns] == ["Anna"] and day.cancelled == 1
    masters.set_master_active(anna.id, False)  # blocked: left out
    assert journal.day_journal(TOMORROW).columns == []


def test_cells_booking_blocks_breaks_slots_and_time_off(salon):
    cut, long, anna, boris, olga = _salon()
    work_plans.add_recurring_break(boris.id, "13:00", 60, range(7), on_outside="keep")
    bookings.create_booking(service_id=cut.id, client_id=olga.id, day=TOMORROW, start=10 * 60,
                            master_id=boris.id, source=SOURCE_MANUAL)
    day = journal.day_journal(TOMORROW)
    cells = journal_cells(day)[[c.master.name for c in day.columns].index("Boris")]

    def at(hhmm: str):
        h, m = map(int, hhmm.split(":"))
        return cells[(h * 60 + m - day.first) // day.step]

    assert (at("10:00").kind, at("10:00").line, at("10:00").lines) == (BOOKED, 0, 2)
    assert (at("10:30").kind, at("10:30").line) == (BOOKED, 1)
    assert at("11:00").kind == FREE and at("11:30").start == 11 * 60  # one hour slot, two rows
    assert at("13:00").kind == BREAK and at("13:30").kind == BREAK
    assert at("18:00").kind == OFF  # after his last slot (17:00–18:00)
    today = journal.day_journal(TODAY)
    first = journal_cells(today)[1]
    assert first[0].kind == PAST  # 09:00 today: now


def test_lazy_cells_are_the_cells_each_column_worked_out_when_asked(salon):
    """The grid's cells (JournalCells) are journal_cells, a column at a time: another day's
    grid works out the columns it draws, not all of them."""
    cut, long, anna, boris, olga = _salon()
    bookings.create_booking(service_id=long.id, client_id=olga.id, day=TOMORROW, start=10 * 60,
                            master_id=anna.id, source=SOURCE_MANUAL)
    day = journal.day_journal(TOMORROW)
    lazy = JournalCells(day)
    assert len(lazy) == len(day.columns) == 2 and lazy._columns == [None, None]
    assert lazy[-1] == journal_cells(day)[1] and lazy._columns[0] is None
    assert list(lazy) == journal_cells(day) and lazy[0:1] == journal_cells(day)[:1]
    with pytest.raises(IndexError):
        lazy[2]


@pytest.mark.both_engines
def test_the_days_clients_no_shows_are_counted_and_flagged(salon):
    cut, long, anna, boris, olga = _salon()
    ivan = clients.find_or_create_by_phone("+79123456780", "Ivan", "P")
    for n, day in enumerate((TODAY - dt.timedelta(days=9), TODAY - dt.timedelta(days=8))):
        Booking.create(number=900 + n, master=anna, service=cut, client=olga, date=day,
                       start=600, duration=60, price=0, status=NO_SHOW, source=SOURCE_MANUAL)
    for client in (olga, ivan):
        bookings.create_booking(service_id=cut.id, client_id=client.id, day=TOMORROW,
                                start=(10 if client is olga else 12) * 60, master_id=boris.id,
                                source=SOURCE_MANUAL)
    assert outcomes.no_show_counts([olga.id, ivan.id, olga.id]) == {olga.id: 2}
    assert outcomes.no_show_counts([]) == {}
    assert journal.day_journal(TOMORROW).flagged == {olga.id: 2}  # the flag is at 2
