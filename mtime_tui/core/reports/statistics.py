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

A period of one branch (`Period.branch`, docs/BRANCHES.md) counts its masters' bookings and
working time alone; a client is new to the branch with no earlier active booking there.

Everything is aggregated by the database (core/reports/statistics_passes.py: each pass follows one
index, portable SQL); Python only folds the grouped rows — a year of a 300,000-booking salon is
a few thousand of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from peewee import fn

from .. import clock
from .. import settings as settings_mod
from ..storage.models import (
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    PENDING,
    STATUSES,
    Booking,
    Master,
    Service,
)
from . import capacity
from . import statistics_passes as passes
from .periods import Period
from .statistics_passes import SOURCES


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def change(current: float | None, previous: float | None) -> float | None:
    """The change from `previous` to `current` in per cent (None when there is nothing to compare
    with: no previous figure, or a previous zero)."""
    if current is None or not previous:
        return None
    return (current - previous) / previous * 100


class _Share:
    """A figure that is one figure over another, as a read-only attribute (None over zero)."""

    def __init__(self, part: str, whole: str) -> None:
        self.part, self.whole = part, whole

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return _ratio(getattr(obj, self.part), getattr(obj, self.whole))


class _Rates:
    """The rates a period and a table row both have (no-shows, occupancy)."""

    @property
    def no_show_rate(self) -> float | None:
        return _ratio(self.no_shows, self.completed + self.no_shows)

    @property
    def occupancy(self) -> float | None:
        return _ratio(self.booked_minutes, self.working_minutes or 0)


@dataclass
class Summary(_Rates):
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

    average_check = _Share("revenue", "priced_completed")
    cancellation_rate = _Share("cancelled", "bookings")
    client_cancellation_rate = _Share("cancelled_by_client", "bookings")
    salon_cancellation_rate = _Share("cancelled_by_salon", "bookings")


@dataclass
class Row(_Rates):
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


# Folding the passes (core/reports/statistics_passes.py).


def _as_date(value) -> dt.date:
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def _now_local(now: dt.datetime | None, s: settings_mod.Settings) -> dt.datetime:
    return (now or clock.now_utc()).astimezone(s.tz)


def _fold_status(out: Summary, rows) -> None:
    """Add the by-status pass's rows (status, count, price, priced, minutes, per source…, by the
    client, by the salon) into the summary."""
    for status, count, price, priced, minutes, *per_source, by_client, by_salon in rows:
        out.by_status[status] = out.by_status.get(status, 0) + count
        for source, n in zip(SOURCES, per_source, strict=True):
            out.by_source[source] += n
        if status == CANCELLED:
            out.cancelled_by_client += by_client
            out.cancelled_by_salon += by_salon
        else:
            out.booked_minutes += int(minutes or 0)
        if status == COMPLETED:
            out.revenue += int(price or 0)
            out.priced_completed += priced


SHORT_PERIOD_DAYS = 62


def _clients(period: Period, previous: Period | None = None) -> tuple[tuple[int, int], ...]:
    """(clients, new) of the period and of `previous` (the period before it), in one pass:
    look-backs per client for a short period, every client's dates for a long one."""
    return passes.clients(period, previous, short=period.days <= SHORT_PERIOD_DAYS)


def _summary(period: Period, s: settings_mod.Settings, now: dt.datetime | None,
             clients: tuple[int, int], working: dict[int, int] | None = None) -> Summary:
    out = Summary(period)
    _fold_status(out, passes.by_status(period))
    _expected(out, period, _now_local(now, s))
    out.clients, out.new_clients = clients
    if working is None:
        working = _working(period)
    out.working_minutes = sum(working.values())
    return out


def summary(
    period: Period,
    *,
    now: dt.datetime | None = None,
    settings: settings_mod.Settings | None = None,
) -> Summary:
    """The headline figures of `period`."""
    s = settings or settings_mod.load()
    (clients,) = _clients(period)
    return _summary(period, s, now, clients)


def compared(
    period: Period,
    *,
    now: dt.datetime | None = None,
    settings: settings_mod.Settings | None = None,
    working: dict[int, int] | None = None,
) -> tuple[Summary, Summary]:
    """The headline figures of `period` and of the period before it (their clients read
    together). `working`: the period's working minutes by master, when the caller has them."""
    s = settings or settings_mod.load()
    previous = period.previous()
    current_clients, previous_clients = _clients(period, previous)
    return (_summary(period, s, now, current_clients, working),
            _summary(previous, s, now, previous_clients))


def _expected(out: Summary, period: Period, now_local: dt.datetime) -> None:
    today = now_local.date()
    if period.last < today:
        return
    minute = now_local.hour * 60 + now_local.minute
    ahead = (Booking.date > today) | ((Booking.date == today) & (Booking.start > minute))
    count, price = (
        Booking.select(fn.COUNT(Booking.id), fn.SUM(Booking.price))
        .where(
            passes.of_branch(period, Booking.date.between(max(period.first, today), period.last))
            & Booking.status.in_((PENDING, CONFIRMED))
            & ahead
        )
        .tuples()
        .get()
    )
    out.expected_visits = count or 0
    out.expected_revenue = int(price or 0)


def _working(period: Period) -> dict[int, int]:
    """Working minutes of the period's masters (of its branch, or of all) by master."""
    return capacity.working_minutes(period.first, period.last, branch=period.branch)


def _ranked(table: dict[int, Row]) -> list[Row]:
    return sorted(table.values(), key=lambda r: (-r.revenue, -r.active, r.name.casefold()))


def _master_table(day_rows, working: dict[int, int]) -> list[Row]:
    """Every master with bookings in the period or working in it, from the by-master-and-date
    pass's rows."""
    names = dict(Master.select(Master.id, Master.name).tuples())
    table = {key: Row(key, names.get(key, "?")) for key in {r[0] for r in day_rows} | set(working)}
    for master, _day, count, cancelled, completed, no_shows, revenue, minutes in day_rows:
        row = table[master]
        row.bookings += count
        row.cancelled += cancelled
        row.active += count - cancelled
        row.completed += completed
        row.no_shows += no_shows
        row.revenue += int(revenue or 0)
        row.booked_minutes += int(minutes or 0)
    for master_id, minutes in working.items():
        table[master_id].working_minutes = minutes
    return _ranked(table)


def _service_table(rows) -> list[Row]:
    names = dict(Service.select(Service.id, Service.name).tuples())
    table = {key: Row(key, names.get(key, "?")) for key in {r[0] for r in rows}}
    for key, status, count, revenue, _priced, minutes in rows:
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
    return _ranked(table)


def by_master(period: Period) -> list[Row]:
    """Every master with bookings in the period or working in it, by revenue then name."""
    return _master_table(passes.by_master_and_date(period), _working(period))


def by_service(period: Period) -> list[Row]:
    """Every service booked in the period, by revenue then bookings then name."""
    return _service_table(passes.by_service(period))


def days(period: Period, master_id: int | None = None) -> list[Day]:
    """Active bookings and revenue of every date of the period (dates without any are zeros)."""
    return day_series(period, master_id=master_id)[None if master_id is None else master_id]


def _series(period: Period, day_rows) -> dict[int | None, list[Day]]:
    """The per-day series of the salon (key None) and of each master with active bookings, from
    the by-master-and-date pass's rows."""
    dates = period.dates()
    index = {d: i for i, d in enumerate(dates)}
    parsed: dict[object, int] = {}
    series: dict[int | None, list[Day]] = {None: [Day(d) for d in dates]}
    salon = series[None]
    for master, day, count, cancelled, _completed, _no_shows, revenue, _minutes in day_rows:
        active = count - cancelled
        if not active:
            continue
        i = parsed.get(day)
        if i is None:
            i = parsed[day] = index[_as_date(day)]
        line = series.get(master)
        if line is None:
            line = series[master] = [Day(d) for d in dates]
        revenue = int(revenue or 0)
        for cell in (salon[i], line[i]):
            cell.bookings += active
            cell.revenue += revenue
    return series


def day_series(period: Period, *, master_id: int | None = None) -> dict[int | None, list[Day]]:
    """The per-day series of the salon (key None) and of each master with bookings in it, from
    one pass grouped by master and date (with `master_id`, that master's alone, under both
    keys)."""
    series = _series(period, passes.by_master_and_date(period, master_id))
    if master_id is not None:
        series = {None: series[None], master_id: series[None]}
    return series


def report(
    period: Period, *, now: dt.datetime | None = None, settings: settings_mod.Settings | None = None
) -> Report:
    """The whole picture of `period` and the headline figures of the one before it."""
    s = settings or settings_mod.load()
    day_rows = passes.by_master_and_date(period)
    working = _working(period)
    current, previous = compared(period, now=now, settings=s, working=working)
    series = _series(period, day_rows)
    salon = series.pop(None)
    return Report(
        summary=current,
        previous=previous,
        by_master=_master_table(day_rows, working),
        by_service=by_service(period),
        days=salon,
        master_days=series,
    )
