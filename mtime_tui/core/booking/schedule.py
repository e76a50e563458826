"""A master's hours on a date (SPEC "Working time") — pure, so every rule can be tested alone.

Precedence, from SPEC: a one-date exception (other hours, or an extra working day); then a
vacation or a day off; then the weekly pattern or the cycle. Recurring breaks (on their weekdays)
and one-off breaks block time inside a working day as bookings do. Hours are `(start,
last_start)` in minutes after midnight, salon wall clock; `last_start` is *inclusive*: the last
time a client can start, so a booking may run past it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ...i18n import N_, tr

DAY_MINUTES = 24 * 60
WEEK = "week"
CYCLE = "cycle"
ALL_WEEKDAYS = 0b1111111  # bit 0 = Monday … bit 6 = Sunday

# What decided a date (DayPlan.kind).
BY_EXCEPTION = "exception"
BY_VACATION = "vacation"
BY_DAY_OFF = "day_off"
BY_WEEK = "week"
BY_CYCLE = "cycle"
# The kind of a blocked range inside a working day.
ONE_OFF_BREAK = "break"
RECURRING_BREAK = "recurring_break"

Hours = tuple[int, int]


@dataclass(frozen=True)
class Repeat:
    """A recurring break: `duration` minutes from `start` on the weekdays of `weekdays`."""

    start: int
    duration: int
    weekdays: int = ALL_WEEKDAYS
    id: int | None = None

    def on(self, day: dt.date) -> bool:
        return bool(self.weekdays >> day.weekday() & 1)


@dataclass(frozen=True)
class Schedule:
    """A master's plan without dates: the week, or the cycle, and the recurring breaks."""

    interval: int
    kind: str = WEEK
    week: tuple[Hours | None, ...] = (None,) * 7  # Monday … Sunday; None = off
    cycle_on: int = 0
    cycle_off: int = 0
    anchor: dt.date | None = None
    cycle_hours: tuple[Hours | None, ...] = ()  # one per working day of the cycle
    repeats: tuple[Repeat, ...] = ()

    def cycle_hours_on(self, day: dt.date) -> Hours | None:
        """The cycle's hours on `day`: day 0 is the anchor, days 0 … on−1 work, then off."""
        length = self.cycle_on + self.cycle_off
        if self.anchor is None or length <= 0 or not self.cycle_hours:
            return None
        index = (day - self.anchor).days % length  # Python's % keeps dates before the anchor
        if index >= self.cycle_on:
            return None
        return self.cycle_hours[index % len(self.cycle_hours)]

    def planned_hours(self, day: dt.date) -> Hours | None:
        """The pattern's or the cycle's hours, before exceptions, vacations and days off."""
        if self.kind == CYCLE:
            return self.cycle_hours_on(day)
        return self.week[day.weekday()]


@dataclass(frozen=True)
class Blocked:
    """A range [start, end) of a working day that clients cannot take, and why."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class DayPlan:
    """A master's day: what decided it, the hours (None: not working) and the blocked ranges."""

    kind: str
    hours: Hours | None
    blocked: tuple[Blocked, ...] = field(default=())

    @property
    def working(self) -> bool:
        return self.hours is not None


def plan_day(
    schedule: Schedule,
    day: dt.date,
    *,
    exception: Hours | None = None,
    vacation: bool = False,
    day_off: bool = False,
    breaks: tuple[tuple[int, int], ...] | list[tuple[int, int]] = (),
) -> DayPlan:
    """The master's plan for `day` by SPEC's precedence; `breaks` are the one-off [start, end)."""
    if exception is not None:
        kind, hours = BY_EXCEPTION, exception
    elif vacation:
        return DayPlan(BY_VACATION, None)
    elif day_off:
        return DayPlan(BY_DAY_OFF, None)
    else:
        kind = BY_CYCLE if schedule.kind == CYCLE else BY_WEEK
        hours = schedule.planned_hours(day)
    if hours is None:
        return DayPlan(kind, None)
    blocked = [Blocked(s, e, ONE_OFF_BREAK) for s, e in breaks]
    blocked += [
        Blocked(r.start, min(r.start + r.duration, DAY_MINUTES), RECURRING_BREAK)
        for r in schedule.repeats
        if r.on(day)
    ]
    blocked.sort(key=lambda b: (b.start, b.end))
    return DayPlan(kind, hours, tuple(blocked))


def candidate_starts(hours: Hours | None, interval: int) -> list[int]:
    """Every start a day offers: its start, then each interval, up to and *including* its last
    start (the guide: 9–21 by 60 gives 9:00 … 21:00, 13 starts; 09:30–19:00 by 60 gives 09:30 …
    18:30). None (not working) offers nothing."""
    if interval <= 0:
        raise ValueError("interval must be positive")
    if hours is None:
        return []
    start, last = hours
    return list(range(start, last + 1, interval))


def outside(plan: DayPlan, start: int, duration: int) -> bool:
    """Whether a booking [start, start+duration) falls outside the day's hours: the master does
    not work, it starts before the first or after the last start, or a break overlaps it."""
    if plan.hours is None or not plan.hours[0] <= start <= plan.hours[1]:
        return True
    end = start + duration
    return any(b.start < end and start < b.end for b in plan.blocked)


def parse_time(value: object) -> int:
    """'9', '09:30', '9.30' or minutes as an int -> minutes after midnight (0 … 23:59).
    Raises ValueError; callers turn it into a message in the user's language."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        minutes = value
    else:
        text = str(value).strip().replace(".", ":")
        if not text:
            raise ValueError(value)
        hours, _, mins = text.partition(":")
        if not hours.isdigit() or (mins and not (mins.isdigit() and len(mins) == 2)):
            raise ValueError(value)
        if int(hours) > 23 or int(mins or 0) > 59:
            raise ValueError(value)
        minutes = int(hours) * 60 + int(mins or 0)
    if not 0 <= minutes < DAY_MINUTES:
        raise ValueError(value)
    return minutes


def format_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def hours_text(hours: Hours | None) -> str:
    """'09:30–19:00' (the last start), or '' for a day off."""
    if hours is None:
        return ""
    return f"{format_time(hours[0])}–{format_time(hours[1])}"


def weekdays_mask(weekdays: list[int] | tuple[int, ...] | set[int]) -> int:
    """[0, 1, 2, 3, 4] (Monday … Friday) -> the bit mask of RecurringBreak.weekdays."""
    mask = 0
    for wd in weekdays:
        if not 0 <= int(wd) <= 6:
            raise ValueError(wd)
        mask |= 1 << int(wd)
    return mask


def mask_weekdays(mask: int) -> list[int]:
    return [wd for wd in range(7) if mask >> wd & 1]


WEEKDAY_SHORT = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def span(schedule: Schedule) -> Hours | None:
    """The earliest first start and the latest last start of the plan's working days."""
    days = [h for h in (schedule.cycle_hours if schedule.kind == CYCLE else schedule.week) if h]
    if not days:
        return None
    return min(h[0] for h in days), max(h[1] for h in days)


def compact_text(schedule: Schedule) -> str:
    """A table cell: '09:00–21:00' (the week's span), '2/2 09–21' for a cycle, '—' for none."""
    hours = span(schedule)
    if hours is None:
        return "—"
    if schedule.kind == CYCLE:
        return f"{schedule.cycle_on}/{schedule.cycle_off} {hours[0] // 60:02d}–{hours[1] // 60:02d}"
    return hours_text(hours)


def week_text(schedule: Schedule, lang: str | None = None) -> str:
    """'Mon–Fri 09:00–18:00, Sat 10:00–16:00' (days off left out); a cycle as '2/2 from
    01.12.2026, 09:00–21:00'."""
    if schedule.kind == CYCLE:
        hours = sorted({hours_text(h) for h in schedule.cycle_hours if h})
        return tr("{on}/{off} from {date}: {hours}", lang, on=schedule.cycle_on,
                  off=schedule.cycle_off, hours=", ".join(hours) or "—",
                  date=schedule.anchor.strftime("%d.%m.%Y") if schedule.anchor else "—")
    week = schedule.week
    if all(h is None for h in week):
        return tr("no working days", lang)
    if len(set(week)) == 1:
        return tr("every day {hours}", lang, hours=hours_text(week[0]))
    parts = []
    day = 0
    while day < 7:
        run = day
        while run + 1 < 7 and week[run + 1] == week[day]:
            run += 1
        if week[day] is not None:
            names = tr(WEEKDAY_SHORT[day], lang)
            if run > day:
                names += "–" + tr(WEEKDAY_SHORT[run], lang)
            parts.append(f"{names} {hours_text(week[day])}")
        day = run + 1
    return ", ".join(parts)
