"""Reading bookings for the views (SPEC "Views of bookings"): one query each, with the master,
service and client joined so a list of 300 rows does not fire 900 more queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from peewee import fn

from . import clock
from . import settings as settings_mod
from .models import ACTIVE_STATUSES, CONFIRMED, PENDING, Booking, Client, Master, Service


def _joined():
    return (
        Booking.select(Booking, Master, Service, Client)
        .join(Master, on=(Booking.master == Master.id))
        .switch(Booking)
        .join(Service, on=(Booking.service == Service.id))
        .switch(Booking)
        .join(Client, on=(Booking.client == Client.id))
    )


def _ordered(query) -> list[Booking]:
    return list(query.order_by(Booking.date, Booking.start, Booking.number))


def bookings_on(day: dt.date, master_id: int | None = None) -> list[Booking]:
    """Every booking of a day (cancelled ones too; check `is_active`)."""
    query = _joined().where(Booking.date == day)
    if master_id is not None:
        query = query.where(Booking.master == master_id)
    return _ordered(query)


def bookings_between(
    first: dt.date,
    last: dt.date,
    master_id: int | None = None,
    statuses: Iterable[str] | None = None,
) -> list[Booking]:
    """Bookings from `first` to `last` inclusive; `statuses=None` means every status."""
    query = _joined().where((Booking.date >= first) & (Booking.date <= last))
    if master_id is not None:
        query = query.where(Booking.master == master_id)
    if statuses is not None:
        query = query.where(Booking.status.in_(list(statuses)))
    return _ordered(query)


def pending_bookings(master_id: int | None = None) -> list[Booking]:
    """Bookings waiting for confirmation (the "New" view), oldest visit first."""
    query = _joined().where(Booking.status == PENDING)
    if master_id is not None:
        query = query.where(Booking.master == master_id)
    return _ordered(query)


def pending_count(master_id: int | None = None) -> int:
    query = Booking.select().where(Booking.status == PENDING)
    if master_id is not None:
        query = query.where(Booking.master == master_id)
    return query.count()


def day_counts(
    first: dt.date, last: dt.date, master_id: int | None = None
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
    result = {}
    for day, n in query.tuples():
        if isinstance(day, str):
            day = dt.date.fromisoformat(day[:10])
        result[day] = n
    return result


def search_bookings(text: str, limit: int = 100, offset: int = 0) -> list[Booking]:
    """Find bookings by number, or by their client as `clients.search_clients` finds clients
    (phone digits in any format, Telegram ID, name prefix in any case and alphabet).

    Newest visits first (the admin looks for recent ones).
    """
    from .clients import _search_query as matching_clients

    text = (text or "").strip()
    query = _joined()
    if text:
        condition = Booking.client.in_(matching_clients(text).select(Client.id))
        number = text.lstrip("#№ ")
        if number.isdigit() and len(number) <= 9:
            condition |= Booking.number == int(number)
        query = query.where(condition)
    return list(
        query.order_by(Booking.date.desc(), Booking.start.desc(), Booking.number.desc())
        .limit(limit)
        .offset(offset)
    )


def client_bookings(
    client_id: int, upcoming_only: bool = False, now: dt.datetime | None = None
) -> list[Booking]:
    """A client's bookings by date; `upcoming_only`: pending/confirmed ones not started yet."""
    query = _joined().where(Booking.client == client_id)
    if upcoming_only:
        s = settings_mod.load()
        local = (now or clock.now_utc()).astimezone(s.tz)
        minute = local.hour * 60 + local.minute
        query = query.where(
            Booking.status.in_((PENDING, CONFIRMED))
            & (
                (Booking.date > local.date())
                | ((Booking.date == local.date()) & (Booking.start > minute))
            )
        )
    return _ordered(query)
