"""The salon changes a visit's services (issue 13): add one, or take one away.

Only on an upcoming visit (pending or confirmed, not over yet). Each change is one write
transaction that re-reads the visit and, for a longer visit, re-checks that its time is still
free for the new total duration (another booking, a break, a day off, midnight) — the start stays,
so the shift's hours and the minimum notice are not asked again. The added service is kept with
its duration and price of now; the others keep theirs as booked.
"""

from __future__ import annotations

import datetime as dt
import logging

from ..errors import NotAllowed, NotFound, ValidationError
from ..messaging import notify
from ..storage.db import write_transaction
from ..storage.models import Booking, Service
from . import booking_rules, bookings, slots, visits

log = logging.getLogger(__name__)


def _upcoming(number: int, now: dt.datetime | None) -> Booking:
    booking = bookings.get_booking(number)
    if booking.status not in bookings.UPCOMING:
        raise NotAllowed("Only an upcoming visit's services can be changed")
    s = bookings.settings_mod.load()
    ends = bookings._starts_at(booking, s) + dt.timedelta(minutes=booking.duration)
    if ends <= slots.local_now(s, now):
        raise NotAllowed("This visit is over; its services can no longer be changed")
    return booking


def add_service(number: int, service_id: int, *, now: dt.datetime | None = None) -> Booking:
    """Add a service at the end of an upcoming visit; the visit grows by its duration."""
    with write_transaction():
        booking = _upcoming(number, now)
        service = Service.get_or_none(Service.id == service_id)
        if service is None:
            raise NotFound("This service was not found")
        if not service.active:
            raise NotAllowed("This service is not available any more. Please choose another one.")
        old = visits.lines(booking)
        visits.service_ids([*(line.service_id for line in old), service.id])  # twice, too many
        if not slots.offers(booking.master_id, service.id):
            raise NotAllowed("This master does not offer this service. Please choose another one.")
        added = visits.Line(len(old), service.id, service.name, service.duration, service.price)
        new = [*old, added]
        bookings.check_still_free(booking, visits.total_duration(new))
        _save(booking, new, now)
    log.info("booking #%s: service %s added", number, service_id)
    return booking


def remove_service(number: int, service_id: int, *, now: dt.datetime | None = None) -> Booking:
    """Take a service out of an upcoming visit of two or more; the visit shortens."""
    with write_transaction():
        booking = _upcoming(number, now)
        old = visits.lines(booking)
        new = [line for line in old if line.service_id != service_id]
        if len(new) == len(old):
            raise NotFound("This service is not in the visit")
        if not new:
            raise ValidationError(
                "A visit keeps at least one service: cancel the booking instead", field="services"
            )
        _save(booking, new, now)
    log.info("booking #%s: service %s removed", number, service_id)
    return booking


def _save(booking: Booking, new: list[visits.Line], now: dt.datetime | None) -> None:
    visits.write_lines(booking, new)
    booking.updated_at = bookings._stamp(now)
    booking.save()
    notify.visit_changed(booking)


# Where a visit can move (a reschedule keeps its services, total duration and master).


def move_starts(
    booking: Booking, day: dt.date, *, now: dt.datetime | None = None,
    settings: bookings.settings_mod.Settings | None = None,
) -> list[int]:
    """The free starts of the booking's master on `day` for the visit's duration as booked —
    what `bookings.reschedule` accepts — its own time counted free and not offered."""
    s = booking_rules.of_booking(booking, settings)  # the horizon of the booking's branch
    if not booking.master.active or not slots.in_horizon(day, s, now):
        return []
    starts = slots.master_free_starts(
        booking.master, booking.duration, day, now=now, settings=s,
        exclude_booking_id=booking.id,
    )
    return [t for t in starts if not (day == booking.date and t == booking.start)]


def move_dates(booking: Booking, *, now: dt.datetime | None = None) -> list[dt.date]:
    """The dates of the horizon where the visit can move (one query for the fortnight)."""
    s = booking_rules.of_booking(booking)
    days = slots.horizon(s, now)
    if not booking.master.active or not days:
        return []
    loads = slots.day_loads([booking.master_id], days[0], days[-1],
                            exclude_booking_id=booking.id)
    found = []
    for day in days:
        load = loads.get((booking.master_id, day)) or slots.DayLoad()
        starts = slots.master_free_starts(booking.master, booking.duration, day, load=load,
                                          now=now, settings=s)
        if [t for t in starts if not (day == booking.date and t == booking.start)]:
            found.append(day)
    return found
