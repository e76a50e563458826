"""Reading working time: what `schedule.plan_day` needs, for many masters and dates at once.

Two queries answer any block of (masters, dates): one for the plans without dates (weekly hours,
cycle hours, recurring breaks), one for everything dated (bookings, one-off breaks, days off,
exceptions, vacations) — so fourteen days of "any master" cost two queries, not one per slot.
`day_plans` is the answer the journal and the Working time month shade: per master and date, the
working hours and the blocked ranges with their kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..storage.models import (
    CANCELLED,
    Booking,
    Break,
    DateException,
    DayOff,
    Master,
    RecurringBreak,
    Vacation,
    WorkHours,
    database,
)
from .schedule import CYCLE, WEEK, DayPlan, Hours, Repeat, Schedule, plan_day


@dataclass
class DayLoad:
    """What is dated on one master's day: active bookings, one-off breaks, a day off, a vacation,
    an exception's hours."""

    bookings: list[tuple[int, int]] = field(default_factory=list)
    breaks: list[tuple[int, int]] = field(default_factory=list)
    day_off: bool = False
    vacation: bool = False
    exception: Hours | None = None

    def plan(self, schedule: Schedule, day: dt.date) -> DayPlan:
        return plan_day(
            schedule, day, exception=self.exception, vacation=self.vacation,
            day_off=self.day_off, breaks=self.breaks,
        )


EMPTY = DayLoad()


def _date(value, cache: dict[str, dt.date]) -> dt.date:
    if isinstance(value, str):
        parsed = cache.get(value)
        if parsed is None:
            parsed = cache[value] = dt.date.fromisoformat(value[:10])
        return parsed
    return value


def day_loads(
    master_ids: Sequence[int],
    first: dt.date,
    last: dt.date,
    *,
    exclude_booking_id: int | None = None,
    with_bookings: bool = True,
) -> dict[tuple[int, dt.date], DayLoad]:
    """Everything dated of `master_ids` from `first` to `last`, in one query on the (master,
    date) indexes. Keys absent from the result are days with nothing dated on them.
    `with_bookings=False` leaves the bookings out (plans only: months, statistics)."""
    if not master_ids:
        return {}
    q = database.param  # the engine's placeholder
    marks = ",".join(q for _ in master_ids)
    ids = [int(m) for m in master_ids]
    span = [first.isoformat(), last.isoformat()]
    t = {m: m._meta.table_name for m in (Booking, Break, DayOff, DateException, Vacation)}
    where = f"master_id IN ({marks}) AND date BETWEEN {q} AND {q}"
    parts = [
        f'SELECT master_id, date, start, duration, 1, CAST(NULL AS DATE) FROM "{t[Break]}" WHERE {where}',
        f'SELECT master_id, date, 0, 0, 2, CAST(NULL AS DATE) FROM "{t[DayOff]}" WHERE {where}',
        f"SELECT master_id, date, start, last_start, 3, CAST(NULL AS DATE) "
        f'FROM "{t[DateException]}" WHERE {where}',
        f'SELECT master_id, first, 0, 0, 4, last FROM "{t[Vacation]}" '
        f"WHERE master_id IN ({marks}) AND first <= {q} AND last >= {q}",
    ]
    params = [*ids, *span, *ids, *span, *ids, *span, *ids, span[1], span[0]]
    if with_bookings:
        parts.insert(0, f'SELECT master_id, date, start, duration, 0, CAST(NULL AS DATE) FROM "{t[Booking]}" '
                        f"WHERE {where} AND status != {q} AND id != {q}")
        params = [*ids, *span, CANCELLED, exclude_booking_id or -1, *params]
    sql = " UNION ALL ".join(parts)
    loads: dict[tuple[int, dt.date], DayLoad] = {}
    dates: dict[str, dt.date] = {}  # a fortnight of rows carries a dozen distinct dates
    for master_id, day, a, b, kind, until in database.execute_sql(sql, params):
        day = _date(day, dates)
        if kind == 4:
            run = max(day, first)
            end = min(_date(until, dates), last)
            while run <= end:
                loads.setdefault((master_id, run), DayLoad()).vacation = True
                run += dt.timedelta(days=1)
            continue
        load = loads.get((master_id, day))
        if load is None:
            load = loads[(master_id, day)] = DayLoad()
        if kind == 0:
            load.bookings.append((a, a + b))
        elif kind == 1:
            load.breaks.append((a, a + b))
        elif kind == 2:
            load.day_off = True
        else:
            load.exception = (a, b)
    return loads


def schedules(masters: Iterable[Master | int]) -> dict[int, Schedule]:
    """The plans without dates of `masters` (weekly and cycle hours, recurring breaks, and the
    master's own fields — week or cycle, the cycle, the interval — read fresh, so a Master object
    held since before a change still gets today's plan), one query."""
    ids = list(dict.fromkeys(m if isinstance(m, int) else m.id for m in masters))
    if not ids:
        return {}
    q = database.param  # the engine's placeholder
    marks = ",".join(q for _ in ids)
    sql = (
        f"SELECT master_id, 0, CASE WHEN kind = {q} THEN 1 ELSE 0 END, day, start, last_start, "
        f'NULL FROM "{WorkHours._meta.table_name}" WHERE master_id IN ({marks}) '
        f"UNION ALL SELECT master_id, 1, id, weekdays, start, duration, NULL "
        f'FROM "{RecurringBreak._meta.table_name}" WHERE master_id IN ({marks}) '
        f"UNION ALL SELECT id, 2, CASE WHEN schedule = {q} THEN 1 ELSE 0 END, cycle_on, "
        f'cycle_off, "interval", CAST(cycle_anchor AS TEXT) FROM "{Master._meta.table_name}" '
        f"WHERE id IN ({marks})"
    )
    week: dict[int, list[Hours | None]] = {i: [None] * 7 for i in ids}
    cycle: dict[int, dict[int, Hours]] = {i: {} for i in ids}
    repeats: dict[int, list[Repeat]] = {i: [] for i in ids}
    fields: dict[int, tuple] = {}
    for master_id, source, a, b, c, d, anchor in database.execute_sql(
        sql, [CYCLE, *ids, *ids, CYCLE, *ids]
    ):
        if source == 2:
            fields[master_id] = (a, b, c, d, anchor)
        elif source == 1:
            repeats[master_id].append(Repeat(c, d, b, id=a))
        elif a == 1:
            cycle[master_id][b] = (c, d)
        elif 0 <= b <= 6:
            week[master_id][b] = (c, d)
    return {
        i: _schedule(fields[i], week[i], cycle[i], repeats[i]) for i in ids if i in fields
    }


def _schedule(fields: tuple, week, cycle: dict[int, Hours], repeats: list[Repeat]) -> Schedule:
    is_cycle, on, off, interval, anchor = fields
    on = on or 0
    return Schedule(
        interval=interval,
        kind=CYCLE if is_cycle else WEEK,
        week=tuple(week),
        cycle_on=on,
        cycle_off=off or 0,
        anchor=dt.date.fromisoformat(anchor[:10]) if anchor else None,
        cycle_hours=tuple(cycle.get(i) for i in range(on)),
        repeats=tuple(sorted(repeats, key=lambda r: (r.start, r.id or 0))),
    )


def schedule_of(master: Master | int) -> Schedule:
    master_id = master if isinstance(master, int) else master.id
    return schedules([master_id])[master_id]


def day_plans(
    masters: Sequence[Master], first: dt.date, last: dt.date
) -> dict[tuple[int, dt.date], DayPlan]:
    """Per master and date from `first` to `last`: the day's kind, its hours (None: not working)
    and its blocked ranges with their kind — what the journal and the month views shade."""
    plans_of = schedules(masters)
    loads = day_loads([m.id for m in masters], first, last, with_bookings=False)
    result = {}
    day = first
    while day <= last:
        for m in masters:
            result[(m.id, day)] = loads.get((m.id, day), EMPTY).plan(plans_of[m.id], day)
        day += dt.timedelta(days=1)
    return result


def master_day(master: Master | int, day: dt.date) -> DayPlan:
    """The master's hours and blocked ranges on `day` (SPEC "Working time")."""
    if not isinstance(master, Master):
        master = Master.get_by_id(master)
    return day_plans([master], day, day)[(master.id, day)]
