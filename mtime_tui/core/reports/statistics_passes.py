"""The database passes behind core.reports.statistics: what it reads, and in which order.

A year of a 300,000-booking salon is ~64,000 bookings, read on each look at the Statistics
section, so the passes read indexes, not the table, and as few times as they can:

- by status: the (status, date, source, cancelled_by, price, duration, service, master, client)
  index (migrations 13, 14), one range per status, totalled as it is walked; sources and who
  cancelled as FILTER totals;
- by master and date: the (master, date, status, price, duration) index (migration 13), one
  range per master, totalled as it is walked — the by-master table and the per-day series of the
  salon and of each master both come from it;
- by service: the status ranges (covering) joined to each visit's services (their covering
  index, migration 14), grouped by service;
- clients: for a period and the one before it together — a short period's own bookings (the
  status index holds the client) with one look back per client, or a few seeks per client in the
  (client, date, status, master) index (migration 14).

FILTER (WHERE …) on an aggregate is standard SQL that both engines speak (SQLite ≥ 3.30,
PostgreSQL ≥ 9.4). Every pass returns plain tuples; core.reports.statistics folds them.

A branch's period (`Period.branch`, docs/BRANCHES.md) reads its masters' bookings alone — the
master is in both indexes, so a branch's passes stay on them; the whole chain's passes are the
same SQL as a single salon's.
"""

from __future__ import annotations

from peewee import JOIN, SQL, Case, fn

from ..storage.models import (
    ACTIVE_STATUSES,
    BY_CLIENT,
    BY_SALON,
    CANCELLED,
    COMPLETED,
    NO_SHOW,
    STATUSES,
    Booking,
    Client,
    Master,
    VisitService,
)
from .periods import Period

SOURCES = ("bot", "manual", "master")


def of_branch(period: Period, condition, model=Booking):
    """`condition`, and for a branch's period only the bookings (of `model`, Booking or an
    alias of it) of that branch's masters; the whole chain's condition stays as it is."""
    if period.branch is None:
        return condition
    return condition & model.master.in_(_branch_masters(period.branch))


def _branch_masters(branch: int):
    return Master.select(Master.id).where(Master.branch == branch)


def _in(period: Period):
    return of_branch(period, Booking.date.between(period.first, period.last))


def _count(condition=None):
    total = fn.COUNT(SQL("*"))
    return total if condition is None else total.filter(condition)


def by_status(period: Period) -> list[tuple]:
    """Per status: (status, count, price, priced, minutes, *count per source in SOURCES,
    cancelled by the client, cancelled by the salon)."""
    return list(
        Booking.select(
            Booking.status, _count(), fn.SUM(Booking.price), fn.COUNT(Booking.price),
            fn.SUM(Booking.duration),
            *(_count(Booking.source == source) for source in SOURCES),
            _count(Booking.cancelled_by == BY_CLIENT), _count(Booking.cancelled_by == BY_SALON),
        )
        .where(Booking.status.in_(STATUSES) & _in(period))
        .group_by(Booking.status)
        .tuples()
    )


def by_master_and_date(period: Period, master_id: int | None = None) -> list[tuple]:
    """Per master and date with bookings: (master, date, bookings, cancelled, completed,
    no-shows, revenue, booked minutes)."""
    active = Booking.status != CANCELLED
    completed = Booking.status == COMPLETED
    masters = Master.select(Master.id)
    if master_id is not None:
        masters = masters.where(Master.id == master_id)
    if period.branch is not None:
        masters = masters.where(Master.branch == period.branch)
    ids = [m for (m,) in masters.tuples()]
    if not ids:
        return []
    return list(
        Booking.select(
            Booking.master, Booking.date, _count(), _count(~active), _count(completed),
            _count(Booking.status == NO_SHOW), fn.SUM(Booking.price).filter(completed),
            fn.SUM(Booking.duration).filter(active),
        )
        .where(Booking.master.in_(ids) & Booking.date.between(period.first, period.last))
        .group_by(Booking.master, Booking.date)
        .tuples()
    )


def by_service(period: Period) -> list[tuple]:
    """(service, status, count, price, priced, minutes) per service of the period's visits:
    every service of a visit counts once, with its own price and duration as booked. A booking
    with no service rows (written outside core) reads as its own one service, as
    core.booking.visits reads it."""
    plain = VisitService.booking.is_null()
    service = fn.COALESCE(VisitService.service, Booking.service)
    price = Case(None, ((plain, Booking.price),), VisitService.price)
    minutes = fn.COALESCE(VisitService.duration, Booking.duration)
    return list(
        Booking.select(service, Booking.status, _count(), fn.SUM(price), fn.COUNT(price),
                       fn.SUM(minutes))
        .join(VisitService, JOIN.LEFT_OUTER, on=(VisitService.booking == Booking.id))
        .where(Booking.status.in_(STATUSES) & _in(period))
        .group_by(service, Booking.status)
        .tuples()
    )


def clients(period: Period, previous: Period | None, *, short: bool) -> tuple[tuple[int, int], ...]:
    """((clients, new), …) of `period` and, when given, of `previous` — the period just before
    it: clients with an active booking in the period; new ones had none before.

    Two plans with one answer: `short`, the period's (and the previous period's) own bookings
    grouped by client (the status index's ranges, which hold the client), with one look back per
    client for a booking before both; otherwise a few seeks per client of the salon in the
    (client, date, status, master) index — in the period? in the one before? the first active
    date — which for a year costs about half of walking every booking up to the period's end."""
    if previous is not None and previous.last.toordinal() + 1 != period.first.toordinal():
        raise ValueError("previous must end the day before the period starts")
    window_first = previous.first if previous is not None else period.first
    if short:
        row = _clients_of_window(period, window_first, with_previous=previous is not None)
    else:
        row = _clients_by_seeks(period, previous)
    values = [int(v or 0) for v in row]
    return tuple(zip(values[::2], values[1::2], strict=True))


def _clients_of_window(period: Period, window_first, *, with_previous: bool) -> tuple:
    start = period.first
    earlier = Booking.alias("earlier")
    old = fn.EXISTS(earlier.select(earlier.id).where(of_branch(
        period, (earlier.client == Booking.client) & (earlier.date < window_first)
        & (earlier.status != CANCELLED), earlier)))
    seen = (
        Booking.select(Booking.client, fn.MIN(Booking.date).alias("first"),
                       fn.MAX(Booking.date).alias("latest"), old.alias("old"))
        .where(of_branch(period, Booking.status.in_(ACTIVE_STATUSES)
                         & Booking.date.between(window_first, period.last)))
        .group_by(Booking.client)
        .alias("seen")
    )
    # the window holds both periods; "old": an active booking before the window
    totals = [_count(seen.c.latest >= start), _count((seen.c.first >= start) & ~seen.c.old)]
    if with_previous:
        in_previous = seen.c.first < start
        totals += [_count(in_previous), _count(in_previous & ~seen.c.old)]
    return Booking.select(*totals).from_(seen).tuples().get()


def _clients_by_seeks(period: Period, previous: Period | None) -> tuple:
    mine = Booking.alias("mine")

    def active(condition=None):
        where = (mine.client == Client.id) & (mine.status != CANCELLED)
        return of_branch(period, where if condition is None else where & condition, mine)

    def seen_in(p: Period):
        return fn.EXISTS(mine.select(SQL("1")).where(active(mine.date.between(p.first, p.last))))

    first = mine.select(mine.date).where(active()).order_by(mine.date).limit(1)
    columns = [first.alias("first"), seen_in(period).alias("inside")]
    if previous is not None:
        columns.append(seen_in(previous).alias("before"))
    # OFFSET 0 keeps the subquery whole (neither engine folds it into the totals, which would
    # run each seek once for every total that names it)
    each = Client.select(*columns).offset(0).alias("each")
    totals = [_count(each.c.inside), _count(each.c.inside & (each.c.first >= period.first))]
    if previous is not None:
        totals += [_count(each.c.before), _count(each.c.before & (each.c.first >= previous.first))]
    return Client.select(*totals).from_(each).tuples().get()
