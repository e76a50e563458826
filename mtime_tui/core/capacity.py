"""Working minutes of the masters over a range of dates: the denominator of occupancy.

One function, `working_minutes`, answers "how many minutes could each master have taken clients
on these dates", from the masters' working time as the slot engine sees it: the day's hours (the
shift start up to and including the last start, plus one interval — the last slot itself), less
the breaks of that date, and nothing on a day off. Statistics ask only this function, so when the
working-time engine changes (weekly patterns, cycles, vacations), this is the one place to follow.

Past breaks and days off are removed by the daily upkeep (SPEC "Breaks, days off"), so for dates
before today the working minutes are the masters' plain hours.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from peewee import fn

from .models import Break, DayOff, Master
from .slots import DAY_MINUTES


def day_hours(master: Master) -> int:
    """Minutes of one working day: from the shift start to the last start, plus the last slot."""
    start = master.shift_start * 60
    end = min(master.shift_end * 60 + master.interval, DAY_MINUTES)
    return max(end - start, 0)


def working_minutes(first: dt.date, last: dt.date) -> dict[int, int]:
    """Minutes each active master works from `first` to `last` (inclusive), by master id.

    Three small queries (masters, days off, breaks grouped by master and date) and one loop over
    masters x days — never over bookings.
    """
    if last < first:
        return {}
    days = (last - first).days + 1
    masters = list(Master.select().where(Master.active == True))  # noqa: E712 - peewee
    if not masters:
        return {}
    off: dict[int, set[str]] = defaultdict(set)
    for master_id, day in (
        DayOff.select(DayOff.master, DayOff.date)
        .where(DayOff.date.between(first, last))
        .tuples()
    ):
        off[master_id].add(str(day)[:10])
    breaks: dict[int, int] = defaultdict(int)
    for master_id, day, minutes in (
        Break.select(Break.master, Break.date, fn.SUM(Break.duration))
        .where(Break.date.between(first, last))
        .group_by(Break.master, Break.date)
        .tuples()
    ):
        if str(day)[:10] not in off[master_id]:
            breaks[master_id] += int(minutes or 0)
    result = {}
    for master in masters:
        working_days = days - len(off[master.id])
        result[master.id] = max(working_days * day_hours(master) - breaks[master.id], 0)
    return result
