"""What each cell of the journal is (docs/JOURNAL.md) — pure, so the rules can be tested alone.

A cell is one master's row of time: a booking (a line of its block), free time (bookable, or
passed), a break, or time off (before or after the shift, a day off, a vacation).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.booking.journal import JournalDay, MasterDay
from ..core.storage.models import Booking

FREE = "free"  # bookable: inside the shift, nothing on it, not passed
PAST = "past"  # free time whose start has passed
OFF = "off"  # outside the shift, a day off, a vacation
BREAK = "break"  # a one-off or recurring break
BOOKED = "booked"


@dataclass(frozen=True)
class Cell:
    kind: str
    start: int  # free: the slot's start on the master's grid; a break or booking: its start
    booking: Booking | None = None
    line: int = 0  # which row of its block (booking, break, run of free slot or off time)
    lines: int = 1  # how many rows the block spans

    @property
    def block(self) -> tuple:
        """What the cursor treats as one stop: a booking, a slot, a break, a run of time off."""
        if self.booking is not None:
            return (BOOKED, self.booking.number)
        return (self.kind, self.start)


def _booking_rows(column: MasterDay, journal: JournalDay) -> dict[int, Booking]:
    rows: dict[int, Booking] = {}
    step, first = journal.step, journal.first
    for booking in column.bookings:
        top = max(0, (booking.start - first) // step)
        bottom = max(top, (booking.end - first + step - 1) // step - 1)
        for row in range(top, min(bottom, journal.rows - 1) + 1):
            rows.setdefault(row, booking)  # overlapping kept bookings: the earlier one shows
    return rows


def _plain_cell(column: MasterDay, journal: JournalDay, row: int) -> Cell:
    t = journal.row_start(row)
    end = t + journal.step
    plan = column.plan
    if plan.hours is None:
        return Cell(OFF, journal.first)
    work_start, work_end = plan.hours[0], column.work_end() or 0
    if end <= work_start or t >= work_end:
        return Cell(OFF, journal.first if t < work_start else work_end)
    for blocked in plan.blocked:
        if blocked.start < end and t < blocked.end:
            return Cell(BREAK, blocked.start)
    interval = column.master.interval or journal.step
    start = work_start + max(0, (t - work_start) // interval) * interval
    passed = journal.past or (journal.now is not None and start <= journal.now)
    return Cell(PAST if passed else FREE, start)


def column_cells(column: MasterDay, journal: JournalDay) -> list[Cell]:
    """The column's cells, top to bottom, each knowing its line within its block."""
    booked = _booking_rows(column, journal)
    raw: list[Cell] = [
        Cell(BOOKED, booked[row].start, booked[row]) if row in booked
        else _plain_cell(column, journal, row)
        for row in range(journal.rows)
    ]
    cells: list[Cell] = []
    blocks = [c.block for c in raw]
    row = 0
    while row < len(raw):
        block = blocks[row]
        end = row
        while end + 1 < len(raw) and blocks[end + 1] == block:
            end += 1
        span = end - row + 1
        for line in range(span):
            c = raw[row + line]
            cells.append(Cell(c.kind, c.start, c.booking, line, span))
        row = end + 1
    return cells


def journal_cells(journal: JournalDay) -> list[list[Cell]]:
    """Per column (master), per row."""
    return [column_cells(column, journal) for column in journal.columns]
