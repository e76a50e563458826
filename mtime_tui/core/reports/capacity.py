"""Working minutes of the masters over a range of dates: the denominator of occupancy.

One function, `working_minutes`, answers "how many minutes could each master have taken clients
on these dates", from the masters' working time exactly as the slot engine sees it
(`day_plans.day_plans`: the weekly pattern or cycle, exceptions, vacations, days off): the day's
hours (its first start up to and including the last start, plus one interval — the last slot
itself), less the breaks (one-off and recurring) inside them, and nothing on a day not worked.

Past breaks, days off, vacations and exceptions are removed by the daily upkeep (SPEC "Breaks,
days off"), so for dates before today the working minutes are what the pattern or cycle says.
"""

from __future__ import annotations

import datetime as dt

from ..booking.day_plans import EMPTY, day_loads, schedules
from ..booking.schedule import CYCLE, DAY_MINUTES, DayPlan, Schedule
from ..storage.models import Master


def day_minutes(plan: DayPlan, interval: int) -> int:
    """Minutes one day offers: its hours plus the last slot, less the breaks inside them."""
    if plan.hours is None:
        return 0
    start, end = plan.hours[0], min(plan.hours[1] + interval, DAY_MINUTES)
    covered, edge = 0, start
    for b in sorted(plan.blocked, key=lambda b: b.start):  # merged as they come, clipped
        lo, hi = max(b.start, edge), min(b.end, end)
        if hi > lo:
            covered += hi - lo
            edge = hi
    return max(end - start - covered, 0)


def working_minutes(first: dt.date, last: dt.date, *, branch: int | None = None) -> dict[int, int]:
    """Minutes each active master (of one branch, or of all) works from `first` to `last`
    (inclusive), by master id.

    Two queries for every master and date (the plans without dates, and what is dated), then
    one loop over masters x days — never over bookings. A day with nothing dated on it is its
    pattern's (or cycle's) day alone, so its minutes are worked out once per master and weekday
    and cycle day, and the other days of a year only add them up (as `day_plans` would plan them).
    """
    if last < first:
        return {}
    query = Master.select().where(Master.active == True)  # noqa: E712 - peewee
    if branch is not None:
        query = query.where(Master.branch == branch)
    masters = list(query)
    if not masters:
        return {}
    plans_of = schedules(masters)
    loads = day_loads([m.id for m in masters], first, last, with_bookings=False)
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    result = dict.fromkeys((m.id for m in masters), 0)
    for m in masters:
        schedule = plans_of[m.id]
        plain: dict[tuple[int, int], int] = {}  # (weekday, cycle day) -> minutes
        total = 0
        for day in days:
            load = loads.get((m.id, day))
            if load is not None:
                total += day_minutes(load.plan(schedule, day), m.interval)
                continue
            key = (day.weekday(), _cycle_day(schedule, day))
            minutes = plain.get(key)
            if minutes is None:
                minutes = plain[key] = day_minutes(EMPTY.plan(schedule, day), m.interval)
            total += minutes
        result[m.id] = total
    return result


def _cycle_day(schedule: Schedule, day: dt.date) -> int:
    """Which day of its cycle `day` is (0 for a weekly pattern): with the weekday, all that a
    plain day's plan depends on (schedule.plan_day)."""
    length = schedule.cycle_on + schedule.cycle_off
    if schedule.kind != CYCLE or schedule.anchor is None or length <= 0:
        return 0
    return (day - schedule.anchor).days % length
