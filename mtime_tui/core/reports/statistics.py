"""The salon's figures for a period (issue 15): what the Statistics section, `mtime-tui report`
and the admin bot's /stats all show, from one place.

Definitions (docs/STATISTICS.md says them in the owner's words):
- a booking belongs to the period of its visit date; every status counts in "bookings";
- revenue = the prices of completed visits as they were at booking time (a visit with no price
  adds nothing); average check = revenue / completed visits that have a price;
- expected revenue = the prices of pending and confirmed visits still ahead of now;
- no-show rate = no-shows / (completed + no-shows); cancellation rate = cancelled / bookings,
  split by who cancelled (the client, the salon);
- clients = people with an active (not cancelled) booking in the period; new = no active booking
  before the period; returning = the others;
- occupancy = booked minutes (active bookings) / working minutes (core.reports.capacity).

Everything is aggregated by the database (GROUP BY, portable peewee expressions); Python only
folds the grouped rows, so a year of a 300,000-booking salon reads a few thousand rows at most.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from peewee import JOIN, SQL, Case, fn

from .. import clock
from .. import settings as settings_mod
from ..storage.models import (
    ACTIVE_STATUSES,
    BY_CLIENT,
    BY_SALON,
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    PENDING,
    STATUSES,
    Booking,
    Master,
    Service,
    VisitService,
)
from . import capacity
from .periods import Period

SOURCES = ("bot", "manual", "master")


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def change(current: float | None, previous: float | None) -> float | None:
    """The change from `previous` to `current` in per cent (None when there is nothing to compare
    with: no previous figure, or a previous zero)."""
    if current is None or not previous:
        return None
    return (current - previous) / previous * 100


@dataclass
class Summary:
    """The headline figures of one period."""

    period: Period
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    by_source: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SOURCES, 0))
    cancelled_by_client: int = 0
    cancelled_by_salon: int = 0
    revenue: int = 0
    priced_completed: int = 0
    expected_revenue: int = 0
    expected_visits: int = 0
    clients: int = 0
    new_clients: int = 0
    booked_minutes: int = 0
    working_minutes: int = 0

    @property
    def bookings(self) -> int:
        return sum(self.by_status.values())

    @property
    def active(self) -> int:
        """Bookings that hold the master's time (every status but cancelled)."""
        return self.bookings - self.by_status[CANCELLED]

    @property
    def completed(self) -> int:
        return self.by_status[COMPLETED]

    @property
    def no_shows(self) -> int:
        return self.by_status[NO_SHOW]

    @property
    def cancelled(self) -> int:
        return self.by_status[CANCELLED]

    @property
    def awaiting_outcome(self) -> int:
        """Pending and confirmed visits whose start has passed: neither completed nor no-show yet."""
        return self.by_status[PENDING] + self.by_status[CONFIRMED] - self.expected_visits

    @property
    def returning_clients(self) -> int:
        return self.clients - self.new_clients

    @property
    def average_check(self) -> float | None:
        return _ratio(self.revenue, self.priced_completed)

    @property
    def no_show_rate(self) -> float | None:
        return _ratio(self.no_shows, self.completed + self.no_shows)

    @property
    def cancellation_rate(self) -> float | None:
        return _ratio(self.cancelled, self.bookings)

    @property
    def client_cancellation_rate(self) -> float | None:
        return _ratio(self.cancelled_by_client, self.bookings)

    @property
    def salon_cancellation_rate(self) -> float | None:
        return _ratio(self.cancelled_by_salon, self.bookings)

    @property
    def occupancy(self) -> float | None:
        return _ratio(self.booked_minutes, self.working_minutes)


@dataclass
class Row:
    """One line of the by-master or by-service table."""

    key: int
    name: str
    bookings: int = 0  # every status
    active: int = 0
    completed: int = 0
    no_shows: int = 0
    cancelled: int = 0
    revenue: int = 0
    booked_minutes: int = 0
    working_minutes: int | None = None  # masters only

    @property
    def occupancy(self) -> float | None:
        return _ratio(self.booked_minutes, self.working_minutes or 0)

    @property
    def no_show_rate(self) -> float | None:
        return _ratio(self.no_shows, self.completed + self.no_shows)


@dataclass
class Day:
    """One date of the per-day series: active bookings and revenue (completed)."""

    date: dt.date
    bookings: int = 0
    revenue: int = 0


@dataclass
class Report:
    """Everything the section shows: the period, its comparison, the tables and the series."""

    summary: Summary
    previous: Summary
    by_master: list[Row]
    by_service: list[Row]
    days: list[Day]
    master_days: dict[int, list[Day]]  # the per-day series of each master with bookings

    def change(self, name: str) -> float | None:
        return change(getattr(self.summary, name), getattr(self.previous, name))


# The queries.


def _in(period: Period):
    return _of_branch(period, Booking.date.between(period.first, period.last))


def _of_branch(period: Period, condition):
    """`condition`, and for a branch's period only its masters' bookings (the whole salon's
    queries stay exactly as they were)."""
    if period.branch is None:
        return condition
    return condition & Booking.master.in_(
        Master.select(Master.id).where(Master.branch == period.branch))


def _when(condition, value):
    """SUM(CASE WHEN condition THEN value ELSE 0 END): a conditional total in portable SQL."""
    return fn.SUM(Case(None, ((condition, value),), 0))


def _as_date(value) -> dt.date:
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def _now_local(now: dt.datetime | None, s: settings_mod.Settings) -> dt.datetime:
    return (now or clock.now_utc()).astimezone(s.tz)


def _grouped(period: Period, *keys):
    """Counts, prices and minutes of the period's bookings grouped by `keys` and by status,
    source and who cancelled: (key values…, status, source, by, count, price, priced, minutes)."""
    group = (*keys, Booking.status, Booking.source, Booking.cancelled_by)
    return (
        Booking.select(
            *group,
            fn.COUNT(Booking.id),
            fn.SUM(Booking.price),
            fn.COUNT(Booking.price),
            fn.SUM(Booking.duration),
        )
        .where(_in(period))
        .group_by(*group)
        .tuples()
    )


def _add(out: Summary, status, source, by, count, price, priced, minutes) -> None:
    out.by_status[status] = out.by_status.get(status, 0) + count
    out.by_source[source] = out.by_source.get(source, 0) + count
    if status == CANCELLED:
        if by == BY_CLIENT:
            out.cancelled_by_client += count
        elif by == BY_SALON:
            out.cancelled_by_salon += count
    else:
        out.booked_minutes += int(minutes or 0)
    if status == COMPLETED:
        out.revenue += int(price or 0)
        out.priced_completed += priced


def summary(
    period: Period,
    *,
    now: dt.datetime | None = None,
    settings: settings_mod.Settings | None = None,
    rows=None,
) -> Summary:
    """The headline figures of `period`. `rows`: the period's `_grouped` rows with no keys, when
    the caller has read them already (report folds its by-master rows into these)."""
    s = settings or settings_mod.load()
    out = Summary(period)
    for row in _grouped(period) if rows is None else rows:
        _add(out, *row)
    _expected(out, period, _now_local(now, s))
    _clients(out, period)
    out.working_minutes = sum(
        capacity.working_minutes(period.first, period.last, branch=period.branch).values())
    return out


def _expected(out: Summary, period: Period, now_local: dt.datetime) -> None:
    today = now_local.date()
    if period.last < today:
        return
    minute = now_local.hour * 60 + now_local.minute
    ahead = (Booking.date > today) | ((Booking.date == today) & (Booking.start > minute))
    count, price = (
        Booking.select(fn.COUNT(Booking.id), fn.SUM(Booking.price))
        .where(
            _of_branch(period, Booking.date.between(max(period.first, today), period.last))
            & Booking.status.in_((PENDING, CONFIRMED))
            & ahead
        )
        .tuples()
        .get()
    )
    out.expected_visits = count or 0
    out.expected_revenue = int(price or 0)


SHORT_PERIOD_DAYS = 62


def _clients(out: Summary, period: Period) -> None:
    """Clients with an active booking in the period, and how many of them had none before it.

    Two plans with one answer: for a short period, a look back for each of its few clients
    (the client/date index); for a long one, every client's first and last active date in one
    grouped pass (cheaper than tens of thousands of look-backs).
    """
    active = Booking.status != CANCELLED
    if period.days <= SHORT_PERIOD_DAYS:
        earlier = Booking.alias("earlier")
        seen = (
            Booking.select(Booking.client.alias("who"))
            .where(_in(period) & active)
            .distinct()
            .alias("seen")
        )
        before = earlier.select(earlier.id).where(
            (earlier.client == seen.c.who) & (earlier.date < period.first) & (earlier.status != CANCELLED)
        )
        if period.branch is not None:  # new to the branch: no earlier visit there
            before = before.where(earlier.master.in_(
                Master.select(Master.id).where(Master.branch == period.branch)))
        clients, new = (
            Booking.select(
                fn.COUNT(SQL("*")), fn.SUM(Case(None, ((fn.EXISTS(before), 0),), 1))
            )
            .from_(seen)
            .tuples()
            .get()
        )
    else:
        spans = (
            Booking.select(
                Booking.client, fn.MIN(Booking.date).alias("first"), fn.MAX(Booking.date).alias("latest")
            )
            .where(_of_branch(period, active & (Booking.date <= period.last)))
            .group_by(Booking.client)
            .alias("spans")
        )
        clients, new = (
            Booking.select(
                fn.COUNT(SQL("*")),
                fn.SUM(Case(None, ((spans.c.first >= period.first, 1),), 0)),
            )
            .from_(spans)
            .where(spans.c.latest >= period.first)
            .tuples()
            .get()
        )
    out.clients = int(clients or 0)
    out.new_clients = int(new or 0)


def _fold(rows, table: dict[int, Row]) -> None:
    """Add (key, status, source, by, count, price, priced, minutes) rows into the table."""
    for key, status, _source, _by, count, revenue, _priced, minutes in rows:
        row = table[key]
        row.bookings += count
        if status == CANCELLED:
            row.cancelled += count
            continue
        row.active += count
        row.booked_minutes += int(minutes or 0)
        if status == COMPLETED:
            row.completed += count
            row.revenue += int(revenue or 0)
        elif status == NO_SHOW:
            row.no_shows += count


def _ranked(table: dict[int, Row]) -> list[Row]:
    return sorted(table.values(), key=lambda r: (-r.revenue, -r.active, r.name.casefold()))


def _master_table(period: Period, rows) -> list[Row]:
    """Every master with bookings in the period or working in it."""
    names = dict(Master.select(Master.id, Master.name).tuples())
    working = capacity.working_minutes(period.first, period.last, branch=period.branch)
    table = {
        key: Row(key, names.get(key, "?")) for key in {r[0] for r in rows} | set(working)
    }
    _fold(rows, table)
    for master_id, minutes in working.items():
        table[master_id].working_minutes = minutes
    return _ranked(table)


def _service_rows(period: Period):
    """(service, status, source, by, count, price, priced, minutes) per service of the period's
    visits: every service of a visit counts once, with its own price and duration as booked. A
    booking with no service rows (written outside core) reads as its own one service, as
    core.booking.visits reads it."""
    plain = VisitService.id.is_null()
    service = Case(None, ((plain, Booking.service),), VisitService.service)
    price = Case(None, ((plain, Booking.price),), VisitService.price)
    minutes = Case(None, ((plain, Booking.duration),), VisitService.duration)
    return (
        Booking.select(
            service, Booking.status, SQL("NULL"), SQL("NULL"), fn.COUNT(Booking.id),
            fn.SUM(price), fn.COUNT(price), fn.SUM(minutes),
        )
        .join(VisitService, JOIN.LEFT_OUTER, on=(VisitService.booking == Booking.id))
        .where(_in(period))
        .group_by(service, Booking.status)
        .tuples()
    )


def _service_table(rows) -> list[Row]:
    names = dict(Service.select(Service.id, Service.name).tuples())
    table = {key: Row(key, names.get(key, "?")) for key in {r[0] for r in rows}}
    _fold(rows, table)
    return _ranked(table)


def by_master(period: Period) -> list[Row]:
    """Every master with bookings in the period or working in it, by revenue then name."""
    return _master_table(period, list(_grouped(period, Booking.master)))


def by_service(period: Period) -> list[Row]:
    """Every service booked in the period, by revenue then bookings then name."""
    return _service_table(list(_service_rows(period)))


def days(period: Period, master_id: int | None = None) -> list[Day]:
    """Active bookings and revenue of every date of the period (dates without any are zeros)."""
    return day_series(period, master_id=master_id)[None if master_id is None else master_id]


def day_series(period: Period, *, master_id: int | None = None) -> dict[int | None, list[Day]]:
    """The per-day series of the salon (key None) and of each master with bookings in it, from
    one query grouped by date and master."""
    query = (
        Booking.select(
            Booking.date, Booking.master, fn.COUNT(Booking.id),
            _when(Booking.status == COMPLETED, Booking.price),
        )
        .where(_in(period) & Booking.status.in_(ACTIVE_STATUSES))
        .group_by(Booking.date, Booking.master)
    )
    if master_id is not None:
        query = query.where(Booking.master == master_id)
    index = {d: i for i, d in enumerate(period.dates())}
    series: dict[int | None, list[Day]] = {None: [Day(d) for d in period.dates()]}
    for day, master, count, revenue in query.tuples():
        i = index[_as_date(day)]
        for key in (None, master) if master_id is None else (None,):
            line = series.get(key)
            if line is None:
                line = series[key] = [Day(d) for d in period.dates()]
            line[i].bookings += count
            line[i].revenue += int(revenue or 0)
    if master_id is not None:
        series[master_id] = series[None]
    return series


def report(
    period: Period, *, now: dt.datetime | None = None, settings: settings_mod.Settings | None = None
) -> Report:
    """The whole picture of `period` and the headline figures of the one before it."""
    s = settings or settings_mod.load()
    rows = list(_grouped(period, Booking.master))
    series = day_series(period)
    salon = series.pop(None)
    return Report(
        summary=summary(period, now=now, settings=s, rows=[r[1:] for r in rows]),
        previous=summary(period.previous(), now=now, settings=s),
        by_master=_master_table(period, rows),
        by_service=by_service(period),
        days=salon,
        master_days=series,
    )
