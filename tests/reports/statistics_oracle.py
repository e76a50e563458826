"""The figures of docs/STATISTICS.md computed the slow, obvious way — every booking read into
Python and counted by the definitions — for tests that compare core.reports.statistics with it on
random salons. Working minutes come from the plans of every master and date (day_plans), one by
one. A branch's period (docs/BRANCHES.md) keeps the bookings of the masters in that branch now,
and the working time of its active masters; a client is new to the branch with no earlier active
booking there."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from mtime_tui.core.booking.day_plans import day_plans
from mtime_tui.core.reports import capacity
from mtime_tui.core.reports.periods import Period
from mtime_tui.core.storage.models import (
    BY_CLIENT,
    BY_SALON,
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    PENDING,
    Booking,
    Master,
    VisitService,
)


def _date(value) -> dt.date:
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def _masters(period: Period) -> set[int]:
    """The masters whose bookings the period counts: its branch's, or everyone's."""
    return {m.id for m in Master.select() if period.branch in (None, m.branch_id)}


def bookings(period: Period) -> list[Booking]:
    """Every booking of the period's masters, of any date."""
    mine = _masters(period)
    rows = [b for b in Booking.select() if b.master_id in mine]
    for b in rows:
        b.date = _date(b.date)
    return rows


def services_of() -> dict[int, list[tuple[int, int | None, int]]]:
    """Each booking's visit services: (service, price, duration) in order."""
    out: dict[int, list] = defaultdict(list)
    for v in VisitService.select().order_by(VisitService.booking, VisitService.position):
        out[v.booking_id].append((v.service_id, v.price, v.duration))
    return out


def working(period: Period) -> dict[int, int]:
    mine = _masters(period)
    masters = [m for m in Master.select() if m.active and m.id in mine]
    out = dict.fromkeys((m.id for m in masters), 0)
    interval = {m.id: m.interval for m in masters}
    for (mid, _day), plan in day_plans(masters, period.first, period.last).items():
        out[mid] += capacity.day_minutes(plan, interval[mid])
    return out


def summary(period: Period, now_local: dt.datetime) -> dict:
    rows = bookings(period)
    inside = [b for b in rows if period.first <= b.date <= period.last]
    today, minute = now_local.date(), now_local.hour * 60 + now_local.minute
    by_status = dict.fromkeys((PENDING, CONFIRMED, COMPLETED, NO_SHOW, CANCELLED), 0)
    by_source = dict.fromkeys(("bot", "manual", "master"), 0)
    for b in inside:
        by_status[b.status] += 1
        by_source[b.source] += 1
    completed = [b for b in inside if b.status == COMPLETED]
    ahead = [b for b in inside if b.status in (PENDING, CONFIRMED)
             and (b.date > today or (b.date == today and b.start > minute))]
    active_in = {b.client_id for b in inside if b.status != CANCELLED}
    before = {b.client_id for b in rows if b.status != CANCELLED and b.date < period.first}
    return {
        "by_status": by_status,
        "by_source": by_source,
        "cancelled_by_client": sum(b.status == CANCELLED and b.cancelled_by == BY_CLIENT for b in inside),
        "cancelled_by_salon": sum(b.status == CANCELLED and b.cancelled_by == BY_SALON for b in inside),
        "revenue": sum(b.price or 0 for b in completed),
        "priced_completed": sum(b.price is not None for b in completed),
        "expected_revenue": sum(b.price or 0 for b in ahead),
        "expected_visits": len(ahead),
        "clients": len(active_in),
        "new_clients": len(active_in - before),
        "booked_minutes": sum(b.duration for b in inside if b.status != CANCELLED),
        "working_minutes": sum(working(period).values()),
    }


def _row(rows: dict, key) -> dict:
    return rows.setdefault(key, dict(bookings=0, active=0, completed=0, no_shows=0, cancelled=0,
                                     revenue=0, booked_minutes=0))


def _count(row: dict, status: str, price: int | None, minutes: int) -> None:
    row["bookings"] += 1
    if status == CANCELLED:
        row["cancelled"] += 1
        return
    row["active"] += 1
    row["booked_minutes"] += minutes
    if status == COMPLETED:
        row["completed"] += 1
        row["revenue"] += price or 0
    elif status == NO_SHOW:
        row["no_shows"] += 1


def by_master(period: Period) -> dict[int, dict]:
    out: dict[int, dict] = {}
    for b in bookings(period):
        if period.first <= b.date <= period.last:
            _count(_row(out, b.master_id), b.status, b.price, b.duration)
    for mid, minutes in working(period).items():
        _row(out, mid)["working_minutes"] = minutes
    return out


def by_service(period: Period) -> dict[int, dict]:
    out: dict[int, dict] = {}
    lines = services_of()
    for b in bookings(period):
        if period.first <= b.date <= period.last:
            for service, price, minutes in lines.get(b.id) or [(b.service_id, b.price, b.duration)]:
                _count(_row(out, service), b.status, price, minutes)
    return out


def days(period: Period) -> dict[int | None, list[tuple[dt.date, int, int]]]:
    """The salon's series (key None) and each master's with an active booking in the period."""
    counts: dict = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for b in bookings(period):
        if period.first <= b.date <= period.last and b.status != CANCELLED:
            for key in (None, b.master_id):
                cell = counts[key][b.date]
                cell[0] += 1
                cell[1] += (b.price or 0) if b.status == COMPLETED else 0
    counts[None]  # noqa: B018 - the salon's line exists even when empty
    return {key: [(d, *line.get(d, (0, 0))) for d in period.dates()] for key, line in counts.items()}
