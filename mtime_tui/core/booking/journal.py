"""The day's journal across masters (issue 11, docs/JOURNAL.md): who works on a date, their
hours and breaks, their bookings, and the rows of time the journal shows.

One read answers the whole day: the day's bookings (`booking_queries.bookings_on`, services
attached), every master's plan for the date (`day_plans`, two queries) and the no-show counts
of the day's clients (one query) — so the journal of 30 masters costs a handful of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .. import clock, settings
from ..people import branches
from ..people.masters import list_masters
from ..reports import outcomes
from ..storage.models import Booking, Master
from . import booking_queries
from .day_plans import day_plans
from .schedule import DayPlan

MAX_ROW_MINUTES = 30  # the journal's rows are the smallest master interval, at most this
DEFAULT_DAY = (9 * 60, 21 * 60)  # rows shown when nobody works (an empty journal still has times)


@dataclass
class MasterDay:
    """One column: the master, the day's plan (hours, breaks) and active bookings by start."""

    master: Master
    plan: DayPlan
    bookings: list[Booking] = field(default_factory=list)

    @property
    def working(self) -> bool:
        return self.plan.working

    def work_end(self) -> int | None:
        """The end of the last slot: the last candidate start (the day's start plus whole
        intervals, up to and including the last start) and one interval more."""
        if self.plan.hours is None:
            return None
        start, last = self.plan.hours
        interval = self.master.interval or MAX_ROW_MINUTES
        return start + (last - start) // interval * interval + interval


@dataclass
class JournalDay:
    """Everything the journal shows of one date."""

    day: dt.date
    columns: list[MasterDay]
    step: int  # minutes per row
    first: int  # the first row's start, minutes after midnight
    end: int  # the last row's end
    flagged: dict[int, int]  # client id -> no-shows, for the clients at or over the flag
    cancelled: int  # the day's cancelled bookings (not drawn: their time is free)
    now: int | None = None  # minutes after midnight on the salon's clock, when `day` is today
    past: bool = False  # the whole day lies before today

    @property
    def rows(self) -> int:
        return max(0, (self.end - self.first) // self.step)

    def row_start(self, row: int) -> int:
        return self.first + row * self.step

    def booked(self) -> int:
        return sum(len(c.bookings) for c in self.columns)


def shown_masters(masters: list[Master], plans: dict, day: dt.date,
                  booked: set[int]) -> list[Master]:
    """The journal's columns: every active master who works on `day`, and any master (off that
    day, or blocked) who still has an active booking on it — a booking is never hidden."""
    return [m for m in masters
            if (m.active and plans[(m.id, day)].working) or m.id in booked]


def row_step(columns: list[MasterDay]) -> int:
    """The salon's granularity: the smallest interval of the masters shown, at most 30 min."""
    intervals = [c.master.interval for c in columns if c.master.interval]
    return min([MAX_ROW_MINUTES, *intervals])


def day_journal(day: dt.date, *, now: dt.datetime | None = None,
                branch: int | None = None) -> JournalDay:
    """The journal of `day`: its columns, its rows from the earliest shift start (or booking)
    to the latest booking end (or the end of the last slot)."""
    salon = branches.for_branch(settings.load(), branch)  # the branch's clock: its "now" line
    local = (now or clock.now_utc()).astimezone(salon.tz)
    everything = booking_queries.bookings_on(day, branch=branch)  # a chain: the seat's branch
    active = [b for b in everything if b.is_active]
    masters = list_masters(include_blocked=True, branch=branch)
    plans = day_plans(masters, day, day)
    booked = {b.master_id for b in active}
    columns = [MasterDay(m, plans[(m.id, day)]) for m in shown_masters(masters, plans, day, booked)]
    by_master = {c.master.id: c for c in columns}
    for booking in active:
        by_master[booking.master_id].bookings.append(booking)
    step = row_step(columns)
    starts = [c.plan.hours[0] for c in columns if c.plan.hours] + [b.start for b in active]
    ends = [e for e in (c.work_end() for c in columns) if e is not None] + [b.end for b in active]
    first, end = (min(starts), max(ends)) if starts else DEFAULT_DAY
    first -= first % step
    end = max(end, first + step)
    end += (-(end - first)) % step  # whole rows
    counts = outcomes.no_show_counts(b.client_id for b in active)
    limit = outcomes.flag_limit()
    return JournalDay(
        day=day,
        columns=columns,
        step=step,
        first=first,
        end=end,
        flagged={c: n for c, n in counts.items() if outcomes.is_flagged(n, limit)},
        cancelled=len(everything) - len(active),
        now=local.hour * 60 + local.minute if day == local.date() else None,
        past=day < local.date(),
    )
