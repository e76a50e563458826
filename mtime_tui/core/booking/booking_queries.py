"""Reading bookings for the views (SPEC "Views of bookings"): one query each, with the master,
service and client joined so a list of 300 rows does not fire 900 more queries — and one more
for the services of all its visits (`visits.attach_lines`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from peewee import BooleanField, DateField, DateTimeField, fn

from .. import clock
from .. import settings as settings_mod
from ..people import branches
from ..storage.models import (
    ACTIVE_STATUSES,
    CONFIRMED,
    PENDING,
    Booking,
    Client,
    Master,
    Service,
    database,
)
from . import visits


def _joined():
    return (
        Booking.select(Booking, Master, Service, Client)
        .join(Master, on=(Booking.master == Master.id))
        .switch(Booking)
        .join(Service, on=(Booking.service == Service.id))
        .switch(Booking)
        .join(Client, on=(Booking.client == Client.id))
    )


_JOINED = (Booking, Master, Service, Client)
_CONVERTED = (DateField, DateTimeField, BooleanField)


def _layout(model) -> list[tuple[str, object]]:
    """(name, converter or None) per column, in the order peewee selects a model's fields."""
    return [
        (f.name, f.python_value if isinstance(f, _CONVERTED) else None)
        for f in model._meta.sorted_fields
    ]


def _build(model, layout, values) -> object:
    obj = model(__no_default__=True)
    obj.__data__ = {
        name: (conv(v) if conv is not None and v is not None else v)
        for (name, conv), v in zip(layout, values, strict=True)
    }
    return obj


def _rows(query) -> list[Booking]:
    """Run a `_joined()` query and build the models straight from the tuples (`_rows_of`)."""
    return _rows_of(*query.sql())


def _rows_of(sql: str, params) -> list[Booking]:
    """Run the SQL of a `_joined()` query and build the models straight from the tuples.

    Peewee's own row processing costs ~90 µs a row here (a full day of 30 masters took 25 ms);
    filling `__data__` directly and sharing each master and service among their bookings is
    several times faster. The instances behave like ordinary ones (save, related access).
    """
    layouts = [_layout(m) for m in _JOINED]
    sizes = [len(layout) for layout in layouts]
    shared: dict[tuple[type, int], object] = {}
    result = []
    for row in database.execute_sql(sql, params):
        parts, at = [], 0
        for size in sizes:
            parts.append(row[at : at + size])
            at += size
        booking = _build(Booking, layouts[0], parts[0])
        for model, layout, values, fk in zip(
            _JOINED[1:], layouts[1:], parts[1:], ("master", "service", "client"), strict=True
        ):
            key = (model, values[0])
            related = shared.get(key) if model is not Client else None
            if related is None:
                related = _build(model, layout, values)
                if model is not Client:
                    shared[key] = related
            booking.__rel__[fk] = related
        result.append(booking)
    visits.attach_lines(result)
    return result


def _ordered(query) -> list[Booking]:
    return _rows(query.order_by(Booking.date, Booking.start, Booking.number))


def in_branch(query, branch: int | None):
    """Only the bookings of one branch's masters (docs/BRANCHES.md); None: every branch."""
    if branch is None:
        return query
    return query.where(Booking.master.in_(Master.select(Master.id).where(Master.branch == branch)))


_DAY_SQL: dict[type, str] = {}  # per engine: the SQL of a whole day's bookings, the day its one parameter


def bookings_on(day: dt.date, master_id: int | None = None, *,
                branch: int | None = None) -> list[Booking]:
    """Every booking of a day (cancelled ones too; check `is_active`).

    The whole salon's day (Today, the journal and each of its days) runs the SQL text built the
    first time: peewee builds a join of four tables anew on every call (~1–2 ms, a third of the
    read)."""
    if master_id is None and branch is None:
        sql = _DAY_SQL.get(type(database.obj))
        if sql is not None:
            return _rows_of(sql, [day])
    query = in_branch(_joined().where(Booking.date == day), branch)
    if master_id is not None:
        query = query.where(Booking.master == master_id)
    query = query.order_by(Booking.date, Booking.start, Booking.number)
    sql, params = query.sql()
    if master_id is None and branch is None and list(params) == [day]:
        _DAY_SQL[type(database.obj)] = sql
    return _rows_of(sql, params)


def bookings_between(
    first: dt.date,
    last: dt.date,
    master_id: int | None = None,
    statuses: Iterable[str] | None = None,
    *,
    branch: int | None = None,
) -> list[Booking]:
    """Bookings from `first` to `last` inclusive; `statuses=None` means every status."""
    query = in_branch(_joined().where((Booking.date >= first) & (Booking.date <= last)), branch)
    if master_id is not None:
        query = query.where(Booking.master == master_id)
    if statuses is not None:
        query = query.where(Booking.status.in_(list(statuses)))
    return _ordered(query)


def pending_bookings(master_id: int | None = None, *, branch: int | None = None) -> list[Booking]:
    """Bookings waiting for confirmation (the "New" view), oldest visit first."""
    query = in_branch(_joined().where(Booking.status == PENDING), branch)
    if master_id is not None:
        query = query.where(Booking.master == master_id)
    # `+date` keeps SQLite from walking every booking in date order to avoid a sort (its
    # statistics see ~1/3 of all bookings per status); pending ones are few, so search the
    # (status, date) index and sort them: 160 ms → under 1 ms on 300,000 bookings.
    unindexed_date = database.unindexed(Booking.date)
    return _rows(query.order_by(unindexed_date, Booking.start, Booking.number))


def pending_count(master_id: int | None = None, *, branch: int | None = None) -> int:
    query = in_branch(Booking.select().where(Booking.status == PENDING), branch)
    if master_id is not None:
        query = query.where(Booking.master == master_id)
    return query.count()


def day_counts(
    first: dt.date, last: dt.date, master_id: int | None = None, *, branch: int | None = None
) -> dict[dt.date, int]:
    """Active bookings per day, for month views (days without bookings are absent)."""
    query = (
        Booking.select(Booking.date, fn.COUNT(Booking.id).alias("n"))
        .where(
            (Booking.date >= first)
            & (Booking.date <= last)
            & Booking.status.in_(ACTIVE_STATUSES)
        )
        .group_by(Booking.date)
    )
    if master_id is not None:
        query = query.where(Booking.master == master_id)
    query = in_branch(query, branch)
    result = {}
    for day, n in query.tuples():
        if isinstance(day, str):
            day = dt.date.fromisoformat(day[:10])
        result[day] = n
    return result


# Above this many matching clients a search walks the bookings by date rather than by client.
_MANY_CLIENTS = 500


def search_condition(text: str):
    """The bookings `search_bookings` finds for a non-empty `text`, as a WHERE condition (the
    exports of the Bookings section's search use it too)."""
    from ..people.clients import _search_query as matching_clients

    clients = matching_clients(text).select(Client.id)
    client = Booking.client
    if clients.limit(_MANY_CLIENTS + 1).count() > _MANY_CLIENTS:
        # "912" matches every client: reading each one's bookings to sort them all took
        # 0.6 s. Walk the bookings newest first instead and stop at the page (client_id + 0
        # keeps SQLite off the client index; measured in PERFORMANCE.md).
        client = Booking.client + 0
    condition = client.in_(clients)
    number = text.lstrip("#№ ")
    if number.isascii() and number.isdigit() and len(number) <= 9:  # not "²"
        condition |= Booking.number == int(number)
    return condition


def search_bookings(text: str, limit: int = 100, offset: int = 0, *,
                    branch: int | None = None) -> list[Booking]:
    """Find bookings by number, or by their client as `clients.search_clients` finds clients
    (phone digits in any format, Telegram ID, name prefix in any case and alphabet).

    Newest visits first (the admin looks for recent ones).
    """
    text = (text or "").strip()
    query = in_branch(_joined(), branch)
    if text:
        query = query.where(search_condition(text))
    return _rows(
        query.order_by(Booking.date.desc(), Booking.start.desc(), Booking.number.desc())
        .limit(limit)
        .offset(offset)
    )


def not_started(now: dt.datetime | None):
    """Pending or confirmed, and not started yet on the wall clock of the booking's branch
    (docs/BRANCHES.md: a chain's branches may keep different time zones; the query joins
    Master)."""
    s = settings_mod.load()
    moment = now or clock.now_utc()
    if not branches.is_chain():
        return Booking.status.in_((PENDING, CONFIRMED)) & _after(moment.astimezone(s.tz))
    condition = None
    for branch_id, zone in branches.zones(s).items():
        part = (Master.branch == branch_id) & _after(moment.astimezone(zone))
        condition = part if condition is None else condition | part
    return Booking.status.in_((PENDING, CONFIRMED)) & condition


def _after(local: dt.datetime):
    minute = local.hour * 60 + local.minute
    return (Booking.date > local.date()) | ((Booking.date == local.date()) & (Booking.start > minute))


def client_bookings(
    client_id: int, upcoming_only: bool = False, now: dt.datetime | None = None
) -> list[Booking]:
    """A client's bookings by date; `upcoming_only`: pending/confirmed ones not started yet."""
    query = _joined().where(Booking.client == client_id)
    if upcoming_only:
        query = query.where(not_started(now))
    return _ordered(query)


def upcoming_bookings(
    *, master_id: int | None = None, client_id: int | None = None,
    now: dt.datetime | None = None,
) -> list[Booking]:
    """Pending and confirmed bookings not started yet, of a master and/or a client, by date:
    what a change of working time, a block or a day off may have to cancel."""
    query = _joined().where(not_started(now))
    if master_id is not None:
        query = query.where(Booking.master == master_id)
    if client_id is not None:
        query = query.where(Booking.client == client_id)
    return _ordered(query)
