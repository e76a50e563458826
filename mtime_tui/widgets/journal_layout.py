"""What each cell of the journal is (docs/JOURNAL.md) — pure, so the rules can be tested alone.

A cell is one master's row of time: a booking (a line of its block), free time (bookable, or
passed), a break, or time off (before or after the shift, a day off, a vacation).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, overload

from ..core.booking.journal import JournalDay, MasterDay
from ..core.storage.models import Booking

FREE = "free"  # bookable: inside the shift, nothing on it, not passed
PAST = "past"  # free time whose start has passed
OFF = "off"  # outside the shift, a day off, a vacation
BREAK = "break"  # a one-off or recurring break
BOOKED = "booked"


class Cell(NamedTuple):
    """One master's row of time (a tuple: a day of 30 masters is ~2,000 of them, made anew for
    each day shown — a frozen dataclass cost three times as much to make)."""

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


def _plain_rows(column: MasterDay, journal: JournalDay) -> list[tuple[str, int]]:
    """(kind, start) of every row as if nothing were booked: time off, breaks, free or passed
    slots on the master's own grid."""
    plan = column.plan
    step, first = journal.step, journal.first
    if plan.hours is None:
        return [(OFF, first)] * journal.rows
    work_start, work_end = plan.hours[0], column.work_end() or 0
    interval = column.master.interval or step
    now = journal.now
    rows = []
    for row in range(journal.rows):
        t = first + row * step
        end = t + step
        if end <= work_start or t >= work_end:
            rows.append((OFF, first if t < work_start else work_end))
            continue
        blocked = next((b for b in plan.blocked if b.start < end and t < b.end), None)
        if blocked is not None:
            rows.append((BREAK, blocked.start))
            continue
        start = work_start + max(0, (t - work_start) // interval) * interval
        passed = journal.past or (now is not None and start <= now)
        rows.append((PAST if passed else FREE, start))
    return rows


def column_cells(column: MasterDay, journal: JournalDay) -> list[Cell]:
    """The column's cells, top to bottom, each knowing its line within its block."""
    booked = _booking_rows(column, journal)
    plain = _plain_rows(column, journal)
    # (kind, start, booking, block) per row; a block is what the cursor stops on once
    raw = []
    for row, (kind, start) in enumerate(plain):
        booking = booked.get(row)
        if booking is not None:
            raw.append((BOOKED, booking.start, booking, (BOOKED, booking.number)))
        else:
            raw.append((kind, start, None, (kind, start)))
    cells: list[Cell] = []
    row, count = 0, len(raw)
    while row < count:
        block = raw[row][3]
        end = row + 1
        while end < count and raw[end][3] == block:
            end += 1
        span = end - row
        cells.extend(Cell(kind, start, booking, line, span)
                     for line, (kind, start, booking, _block) in enumerate(raw[row:end]))
        row = end
    return cells


def journal_cells(journal: JournalDay) -> list[list[Cell]]:
    """Per column (master), per row."""
    return [column_cells(column, journal) for column in journal.columns]


class JournalCells(Sequence[list[Cell]]):
    """`journal_cells(journal)`, each column worked out when first asked for: another day's
    grid needs the columns on screen (and the cursor's), not all thirty."""

    def __init__(self, journal: JournalDay) -> None:
        self.journal = journal
        self._columns: list[list[Cell] | None] = [None] * len(journal.columns)

    def __len__(self) -> int:
        return len(self._columns)

    @overload
    def __getitem__(self, index: int) -> list[Cell]: ...

    @overload
    def __getitem__(self, index: slice) -> list[list[Cell]]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        cells = self._columns[index]
        if cells is None:
            cells = self._columns[index] = column_cells(self.journal.columns[index],
                                                        self.journal)
        return cells
