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

from ..booking.day_plans import day_plans
from ..booking.schedule import DAY_MINUTES, DayPlan
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

    Two queries for every master and date (`day_plans`), then one loop over masters x days —
    never over bookings.
    """
    if last < first:
        return {}
    query = Master.select().where(Master.active == True)  # noqa: E712 - peewee
    if branch is not None:
        query = query.where(Master.branch == branch)
    masters = list(query)
    if not masters:
        return {}
    result = dict.fromkeys((m.id for m in masters), 0)
    interval = {m.id: m.interval for m in masters}
    for (master_id, _day), plan in day_plans(masters, first, last).items():
        result[master_id] += day_minutes(plan, interval[master_id])
    return result
