"""core.reports.statistics against the obvious computation (statistics_oracle.py) on random
salons: every figure of every table, for short and long periods, on both engines — of a single
salon, and of a chain: each branch alone and the whole chain (docs/BRANCHES.md). The passes behind the
section are tuned for speed (index order, FILTER totals, one look at the clients for a period and
the one before it); this says they still count what docs/STATISTICS.md says."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from mtime_tui.core.booking import visits
from mtime_tui.core.people import branches
from mtime_tui.core.reports import statistics as st
from mtime_tui.core.reports.periods import Period
from mtime_tui.core.storage.models import (
    BY_CLIENT,
    BY_SALON,
    CANCELLED,
    STATUSES,
    Booking,
    Break,
    DateException,
    DayOff,
    Master,
    RecurringBreak,
    Vacation,
    WorkHours,
)
from tests import salon_rows as rows
from tests.conftest import FIXED_NOW, salon_tz
from tests.reports import statistics_oracle as oracle

pytestmark = pytest.mark.both_engines

START = dt.date(2026, 9, 20)
SPAN = 90  # bookings from 20 September to 18 December; "today" is 23 November


def random_salon(seed: int, *, chain: bool = False) -> None:
    """A random salon; with `chain`, its masters split between the default branch and a second
    one (each has one at least), the clients shared, so some book in both."""
    rnd = random.Random(seed)
    services = [rows.service(f"S{i}", duration=rnd.choice((30, 45, 60, 90)),
                             price=rnd.choice((None, 800, 1500, 2500))) for i in range(4)]
    masters = []
    for i in range(rnd.randint(2, 4)):
        m = rows.master(f"M{i}", *services, shift_start=rnd.choice((8, 9, 10)),
                        shift_end=rnd.choice((17, 20, 21)), interval=rnd.choice((30, 60)))
        for day in rnd.sample(range(7), rnd.randint(0, 2)):  # days off in the week
            WorkHours.delete().where((WorkHours.master == m) & (WorkHours.day == day)).execute()
        masters.append(m)
    cyc = masters[-1]
    if rnd.random() < 0.5:  # a 2/2 cycle master
        WorkHours.delete().where(WorkHours.master == cyc).execute()
        for day in range(2):
            WorkHours.create(master=cyc, kind="cycle", day=day, start=600, last_start=1080)
        Master.update(schedule="cycle", cycle_on=2, cycle_off=2,
                      cycle_anchor=START + dt.timedelta(days=rnd.randint(0, 3))).where(
            Master.id == cyc.id).execute()
    if rnd.random() < 0.3:
        Master.update(active=False).where(Master.id == masters[0].id).execute()
    if chain:
        other = branches.add_branch("Second").id
        moved = [masters[0], *rnd.sample(masters[1:-1], rnd.randint(0, len(masters) - 2))]
        Master.update(branch=other).where(Master.id.in_([m.id for m in moved])).execute()
    for m in masters:
        RecurringBreak.create(master=m, start=13 * 60, duration=rnd.choice((30, 60)),
                              weekdays=rnd.randint(1, 127))
        for _ in range(rnd.randint(0, 4)):
            day = START + dt.timedelta(days=rnd.randrange(SPAN))
            kind = rnd.randrange(4)
            if kind == 0:
                Break.get_or_create(master=m, date=day, start=rnd.choice((600, 660, 720)),
                                    defaults={"duration": 60})
            elif kind == 1:
                DayOff.get_or_create(master=m, date=day)
            elif kind == 2:
                DateException.get_or_create(master=m, date=day,
                                            defaults={"start": 720, "last_start": 900})
            else:
                Vacation.create(master=m, first=day, last=day + dt.timedelta(days=rnd.randint(0, 5)))
    people = [rows.client(f"C{i}") for i in range(rnd.randint(3, 10))]
    free: dict[tuple, int] = {}  # (master, date) -> the first free minute: no two overlap
    for n in range(rnd.randint(0, 120)):
        status = rnd.choice(STATUSES)
        chosen = rnd.sample(services, rnd.randint(1, 3))
        master = rnd.choice(masters)
        day = START + dt.timedelta(days=rnd.randrange(SPAN))
        start = free.get((master.id, day), 8 * 60) + rnd.choice((0, 15, 60))
        duration = sum(s.duration for s in chosen)
        if start + duration > 23 * 60:
            continue
        free[(master.id, day)] = start + duration
        b = Booking.create(
            number=1001 + n, master=master, service=chosen[0], client=rnd.choice(people),
            date=day, start=start, duration=duration,
            price=rnd.choice((None, sum(s.price or 0 for s in chosen), 1234)),
            status=status, source=rnd.choice(("bot", "manual", "master")),
            cancelled_by=rnd.choice((BY_CLIENT, BY_SALON, None)) if status == CANCELLED else None,
        )
        if rnd.random() < 0.8:  # the rest read as their own one service, as core.visits reads them
            visits.write_lines(b, [visits.Line(i, s.id, s.name, s.duration, s.price)
                                   for i, s in enumerate(chosen)])


def periods(seed: int) -> list[Period]:
    rnd = random.Random(seed * 7 + 1)
    out = [Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30)),  # this month
           Period(dt.date(2026, 11, 23), dt.date(2026, 11, 23)),  # today
           Period(dt.date(2026, 9, 1), dt.date(2026, 12, 31))]  # long: the other plan for clients
    for _ in range(3):
        first = START + dt.timedelta(days=rnd.randrange(-10, SPAN))
        out.append(Period(first, first + dt.timedelta(days=rnd.choice((0, 6, 29, 80)))))
    return out


def _figures(s: st.Summary) -> dict:
    return {
        "by_status": s.by_status, "by_source": s.by_source,
        "cancelled_by_client": s.cancelled_by_client, "cancelled_by_salon": s.cancelled_by_salon,
        "revenue": s.revenue, "priced_completed": s.priced_completed,
        "expected_revenue": s.expected_revenue, "expected_visits": s.expected_visits,
        "clients": s.clients, "new_clients": s.new_clients,
        "booked_minutes": s.booked_minutes, "working_minutes": s.working_minutes,
    }


def _table(table: list[st.Row]) -> dict[int, dict]:
    out = {}
    for r in table:
        out[r.key] = dict(bookings=r.bookings, active=r.active, completed=r.completed,
                          no_shows=r.no_shows, cancelled=r.cancelled, revenue=r.revenue,
                          booked_minutes=r.booked_minutes)
        if r.working_minutes is not None:
            out[r.key]["working_minutes"] = r.working_minutes
    return out


def _check(period: Period) -> None:
    now_local = FIXED_NOW.astimezone(salon_tz())
    r = st.report(period)
    assert _figures(r.summary) == oracle.summary(period, now_local), period
    assert _figures(r.previous) == oracle.summary(period.previous(), now_local), period
    assert _figures(st.summary(period)) == _figures(r.summary), period
    assert _table(r.by_master) == oracle.by_master(period), period
    assert _table(r.by_service) == oracle.by_service(period), period
    series = oracle.days(period)
    assert [(d.date, d.bookings, d.revenue) for d in r.days] == series.pop(None), period
    assert {k: [(d.date, d.bookings, d.revenue) for d in v]
            for k, v in r.master_days.items()} == series, period


@pytest.mark.parametrize("seed", range(6))
def test_report_equals_the_obvious_count(salon, seed):
    random_salon(seed)
    for period in periods(seed):
        _check(period)


@pytest.mark.parametrize("seed", range(4))
def test_a_chain_equals_the_obvious_count(salon, seed):
    random_salon(seed, chain=True)
    assert branches.is_chain()
    ids = [b.id for b in branches.list_branches()]
    for period in periods(seed):
        for branch in (None, *ids):
            _check(period.of_branch(branch))
