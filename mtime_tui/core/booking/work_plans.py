"""Changing a master's working time (SPEC "Working time"; "Breaks, days off, vacations").

Each change is written inside `write_transaction()` and then re-checks the master's upcoming
bookings against the new plan. Bookings the change puts outside the hours (a day no longer
worked, a start before the first or after the last start, a break over them) make it a Conflict
listing them — and nothing is written — unless the caller says what to do with them: `CANCEL`
(the salon cancels them, clients notified) or, for a change of hours, `KEEP`. A vacation, like a
day off, can only cancel them. Times are minutes after midnight or text as people type it
("9:30"); `(start, last_start)` pairs are the day's first and last start (inclusive).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import TypeVar

from ...i18n import N_
from ..errors import Conflict, NotFound, ValidationError
from ..people import branches
from ..storage.db import write_transaction
from ..storage.models import (
    BY_SALON,
    Booking,
    DateException,
    Master,
    RecurringBreak,
    Vacation,
    WorkHours,
)
from .booking_queries import upcoming_bookings
from .bookings import cancel_in_transaction
from .day_plans import EMPTY, day_loads, schedules
from .schedule import CYCLE, DAY_MINUTES, WEEK, Hours, outside, parse_time, weekdays_mask

log = logging.getLogger(__name__)

ASK = "ask"  # bookings put outside the hours: raise Conflict listing them, write nothing
CANCEL = "cancel"  # the salon cancels them (clients notified)
KEEP = "keep"  # they stay as they are (a change of hours only)

CYCLE_MAX = 28  # days on or off in a cycle
VACATION_MAX_DAYS = 366

T = TypeVar("T")

OUTSIDE_HOURS = N_("This change puts {count} upcoming booking(s) outside the master's hours. "
                   "Cancel them or keep them?")
IN_VACATION = N_("The master has {count} booking(s) in this vacation. Cancel them and add the "
                 "vacation?")


def _master(master_id: int) -> Master:
    master = Master.get_or_none(Master.id == master_id)
    if master is None:
        raise NotFound("This master was not found")
    return master


def _today(now: dt.datetime | None, master_id: int | None = None) -> dt.date:
    """Today on the master's branch clock (docs/BRANCHES.md), the salon's without a master."""
    return branches.master_today(master_id, now=now)


def clean_time(value: object, field: str) -> int:
    try:
        return parse_time(value)
    except ValueError:
        raise ValidationError("Enter a time from 0:00 to 23:59, e.g. 9:30", field=field) from None


def clean_hours(value: object, field: str = "hours") -> Hours | None:
    """None, '' or 'off' -> a day off; a (start, last start) pair -> minutes, checked."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "off")):
        return None
    try:
        start, last = value  # type: ignore[misc]
    except (TypeError, ValueError):
        raise ValidationError("Enter a time from 0:00 to 23:59, e.g. 9:30", field=field) from None
    first, final = clean_time(start, f"{field}.start"), clean_time(last, f"{field}.end")
    if final < first:
        raise ValidationError("The shift cannot end before it starts", field=f"{field}.end")
    return first, final


# The re-check.


def _outside(master: Master, bookings: list[Booking]) -> list[Booking]:
    """Which of `bookings` the master's plan as written now puts outside the hours."""
    if not bookings:
        return []
    plan = schedules([master])[master.id]
    loads = day_loads([master.id], bookings[0].date, bookings[-1].date)
    return [
        b for b in bookings
        if outside(loads.get((master.id, b.date), EMPTY).plan(plan, b.date), b.start, b.duration)
    ]


def upcoming_outside(master_id: int, *, now: dt.datetime | None = None) -> list[Booking]:
    """The master's upcoming bookings that the current plan puts outside the hours (kept ones)."""
    master = _master(master_id)
    return _outside(master, upcoming_bookings(master_id=master_id, now=now))


def _changed(
    master_id: int,
    change: Callable[[Master], T],
    *,
    on_outside: str,
    now: dt.datetime | None,
    message: str = OUTSIDE_HOURS,
) -> tuple[T, list[Booking]]:
    """Apply `change` in one write transaction and re-check the upcoming bookings: the ones it
    newly puts outside the hours are cancelled, kept, or (ASK) make it a Conflict and roll back."""
    if on_outside not in (ASK, CANCEL, KEEP):
        raise ValueError(f"on_outside must be ask, cancel or keep, not {on_outside!r}")
    with write_transaction():
        master = _master(master_id)
        upcoming = upcoming_bookings(master_id=master_id, now=now)
        before = {b.id for b in _outside(master, upcoming)}
        result = change(master)
        master = _master(master_id)
        hit = [b for b in _outside(master, upcoming) if b.id not in before]
        if hit and on_outside == ASK:
            raise Conflict(message, items=hit, count=len(hit))
        if on_outside == CANCEL:
            for booking in hit:
                cancel_in_transaction(booking, BY_SALON, now)
    if hit:
        log.info("master %s: working time changed, %d booking(s) %s", master_id, len(hit),
                 "cancelled" if on_outside == CANCEL else "kept outside the hours")
    return result, hit


# The week and the cycle.


def week_of(master_id: int) -> list[Hours | None]:
    """The weekly pattern, Monday … Sunday (None: off)."""
    return list(schedules([_master(master_id)])[master_id].week)


def _write_hours(master_id: int, kind: str, hours: Sequence[Hours | None]) -> None:
    WorkHours.delete().where((WorkHours.master == master_id) & (WorkHours.kind == kind)).execute()
    rows = [
        {"master": master_id, "kind": kind, "day": i, "start": h[0], "last_start": h[1]}
        for i, h in enumerate(hours)
        if h is not None
    ]
    if rows:
        WorkHours.insert_many(rows).execute()


def set_week(
    master_id: int,
    week: Sequence[object],
    *,
    on_outside: str = ASK,
    now: dt.datetime | None = None,
) -> list[Booking]:
    """Set the weekly pattern (seven days, Monday first: None for off or (start, last start))
    and make it the master's plan. Returns the bookings it put outside the hours."""
    if len(week) != 7:
        raise ValueError("a week has seven days")
    clean = [clean_hours(day, f"day{i}") for i, day in enumerate(week)]

    def change(master: Master) -> None:
        _write_hours(master.id, WEEK, clean)
        Master.update(schedule=WEEK).where(Master.id == master.id).execute()

    return _changed(master_id, change, on_outside=on_outside, now=now)[1]


def set_cycle(
    master_id: int,
    *,
    on: object,
    off: object,
    anchor: dt.date,
    hours: object,
    on_outside: str = ASK,
    now: dt.datetime | None = None,
) -> list[Booking]:
    """Make the master's plan a cycle: `on` working days, then `off` days off, from `anchor`
    (its first working day). `hours` is one (start, last start) for every working day, or a
    list with one per working day of the cycle."""
    days_on, days_off = _cycle_days(on, "on"), _cycle_days(off, "off")
    if not isinstance(anchor, dt.date):
        raise ValidationError("Choose the first working day of the cycle", field="anchor")
    if isinstance(hours, list):
        if len(hours) != days_on:
            raise ValidationError("Give hours for each working day of the cycle", field="hours")
        per_day = [clean_hours(h, f"hours{i}") for i, h in enumerate(hours)]
        if any(h is None for h in per_day):
            raise ValidationError("Give hours for each working day of the cycle", field="hours")
    else:
        one = clean_hours(hours)
        if one is None:
            raise ValidationError("Give hours for each working day of the cycle", field="hours")
        per_day = [one] * days_on

    def change(master: Master) -> None:
        _write_hours(master.id, CYCLE, per_day)
        Master.update(schedule=CYCLE, cycle_on=days_on, cycle_off=days_off,
                      cycle_anchor=anchor).where(Master.id == master.id).execute()

    return _changed(master_id, change, on_outside=on_outside, now=now)[1]


def _cycle_days(value: object, field: str) -> int:
    try:
        days = int(str(value).strip())
    except ValueError:
        days = 0
    if not 1 <= days <= CYCLE_MAX:
        raise ValidationError("A cycle has 1 to {max} days on and 1 to {max} off", field=field,
                              max=CYCLE_MAX)
    return days


def use_week(master_id: int, *, on_outside: str = ASK, now: dt.datetime | None = None) -> list[Booking]:
    """Go back from the cycle to the weekly pattern kept beside it."""

    def change(master: Master) -> None:
        Master.update(schedule=WEEK).where(Master.id == master.id).execute()

    return _changed(master_id, change, on_outside=on_outside, now=now)[1]


# Recurring breaks.


def add_recurring_break(
    master_id: int,
    start: object,
    duration: object,
    weekdays: Sequence[int],
    *,
    on_outside: str = ASK,
    now: dt.datetime | None = None,
) -> tuple[RecurringBreak, list[Booking]]:
    """A break of `duration` minutes from `start` on `weekdays` (0 = Monday), every week."""
    begin = clean_time(start, "start")
    try:
        length = int(str(duration).strip())
    except ValueError:
        length = 0
    if not 1 <= length <= DAY_MINUTES - begin:
        raise ValidationError("The break must last at least a minute and end by midnight",
                              field="duration")
    if not weekdays:
        raise ValidationError("Choose at least one weekday", field="weekdays")
    mask = weekdays_mask(weekdays)

    def change(master: Master) -> RecurringBreak:
        return RecurringBreak.create(master=master.id, start=begin, duration=length, weekdays=mask)

    return _changed(master_id, change, on_outside=on_outside, now=now)


def remove_recurring_break(master_id: int, break_id: int) -> None:
    """Removing a break only frees time: no booking can fall outside."""
    with write_transaction():
        RecurringBreak.delete().where(
            (RecurringBreak.master == master_id) & (RecurringBreak.id == break_id)
        ).execute()


def recurring_breaks(master_id: int) -> list[RecurringBreak]:
    return list(
        RecurringBreak.select()
        .where(RecurringBreak.master == master_id)
        .order_by(RecurringBreak.start, RecurringBreak.id)
    )


# Vacations.


def add_vacation(
    master_id: int,
    first: dt.date,
    last: dt.date,
    *,
    confirm_cancel: bool = False,
    now: dt.datetime | None = None,
) -> tuple[Vacation, list[Booking]]:
    """A vacation from `first` to `last` (both included). Upcoming bookings in it make this a
    Conflict listing them, unless `confirm_cancel`: then the salon cancels them (clients
    notified) and they are returned."""
    if last < first:
        raise ValidationError("The vacation cannot end before it starts", field="last")
    if first < _today(now, master_id):
        raise ValidationError("A vacation cannot start in the past", field="first")
    if (last - first).days + 1 > VACATION_MAX_DAYS:
        raise ValidationError("A vacation is at most {days} days", field="last",
                              days=VACATION_MAX_DAYS)

    def change(master: Master) -> Vacation:
        other = (
            Vacation.select()
            .where((Vacation.master == master.id) & (Vacation.first <= last)
                   & (Vacation.last >= first))
            .first()
        )
        if other is not None:
            raise ValidationError("This overlaps the vacation {first} – {last}", field="first",
                                  first=_as_date(other.first).strftime("%d.%m.%Y"),
                                  last=_as_date(other.last).strftime("%d.%m.%Y"))
        return Vacation.create(master=master.id, first=first, last=last)

    return _changed(
        master_id, change, on_outside=CANCEL if confirm_cancel else ASK, now=now,
        message=IN_VACATION,
    )


def remove_vacation(master_id: int, vacation_id: int) -> None:
    with write_transaction():
        Vacation.delete().where(
            (Vacation.master == master_id) & (Vacation.id == vacation_id)
        ).execute()


def vacations(master_id: int, *, now: dt.datetime | None = None) -> list[Vacation]:
    """Vacations not over yet, by their first day."""
    return list(
        Vacation.select()
        .where((Vacation.master == master_id) & (Vacation.last >= _today(now, master_id)))
        .order_by(Vacation.first)
    )


def _as_date(value) -> dt.date:
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


# One-date exceptions.


def set_exception(
    master_id: int,
    day: dt.date,
    hours: object,
    *,
    on_outside: str = ASK,
    now: dt.datetime | None = None,
) -> list[Booking]:
    """Other hours on one date, or an extra working day: wins over a vacation, a day off and
    the pattern or cycle on that date."""
    if day < _today(now, master_id):
        raise ValidationError("This day has already passed", field="day")
    clean = clean_hours(hours)
    if clean is None:
        raise ValidationError("Enter the hours of that day", field="hours")

    def change(master: Master) -> None:
        DateException.delete().where(
            (DateException.master == master.id) & (DateException.date == day)
        ).execute()
        DateException.create(master=master.id, date=day, start=clean[0], last_start=clean[1])

    return _changed(master_id, change, on_outside=on_outside, now=now)[1]


def remove_exception(
    master_id: int, day: dt.date, *, on_outside: str = ASK, now: dt.datetime | None = None
) -> list[Booking]:
    """The date goes back to what the vacation, day off, pattern or cycle say."""

    def change(master: Master) -> None:
        DateException.delete().where(
            (DateException.master == master.id) & (DateException.date == day)
        ).execute()

    return _changed(master_id, change, on_outside=on_outside, now=now)[1]


def exceptions(master_id: int, *, now: dt.datetime | None = None) -> list[DateException]:
    return list(
        DateException.select()
        .where((DateException.master == master_id) & (DateException.date >= _today(now, master_id)))
        .order_by(DateException.date)
    )
