"""Booking operations (SPEC "Bookings"): create, move, cancel, change status.

Every operation re-checks what it depends on inside `db.write_transaction()` (BEGIN IMMEDIATE):
the write lock is taken before the first read, so two clients racing for one slot are served one
after the other and the second one sees the first one's booking. The notifications SPEC asks for
are written to the outbox inside the same transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence

from peewee import fn

from ...i18n import N_
from .. import clock
from .. import settings as settings_mod
from ..errors import NotAllowed, NotFound, SlotTaken, ValidationError
from ..messaging import notify
from ..people import branches
from ..people.fields import clean_text
from ..storage import prepared
from ..storage.db import write_transaction
from ..storage.models import (
    BY_CLIENT,
    BY_SALON,
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    PENDING,
    SOURCE_BOT,
    SOURCE_MANUAL,
    SOURCE_MASTER,
    STATUSES,
    Booking,
    Client,
    Master,
)
from ..storage.prepared import Prepared
from . import booking_rules, slots, visits

log = logging.getLogger(__name__)

COMMENT_LIMIT = 300  # a client's wish for the master (issue 16)

FIRST_NUMBER = 1001
SOURCES = (SOURCE_BOT, SOURCE_MANUAL, SOURCE_MASTER)
UPCOMING = (PENDING, CONFIRMED)

TAKEN = N_("This time was just taken. Please choose another one.")
# The master made it a break (or a day off) meanwhile: nobody took it, it is simply not offered.
NOT_AVAILABLE = N_("This time is no longer available. Please choose another one.")


def _stamp(now: dt.datetime | None) -> dt.datetime:
    """Naive UTC for the created/updated columns."""
    return (now or clock.now_utc()).astimezone(dt.UTC).replace(tzinfo=None)


def _starts_at(booking: Booking, s: settings_mod.Settings) -> dt.datetime:
    return booking_rules.starts_at(booking, s)  # on the clock of the booking's branch


def booking_by_id(booking_id: int) -> Booking | None:
    """The booking with this id, if any (the sender asks under every new booking's notice)."""
    return _BOOKING.first(booking_id)


def get_booking(number: int) -> Booking:
    booking = Booking.get_or_none(Booking.number == number)
    if booking is None:
        raise NotFound("Booking #{number} was not found", number=number)
    return booking


def _check_time(
    master: Master,
    duration: int,
    day: dt.date,
    start: int,
    s: settings_mod.Settings,
    now: dt.datetime | None,
    *,
    exclude_booking_id: int | None = None,
) -> None:
    """Raise SlotTaken, with the reason, unless `start` on `day` is offered for `duration`."""
    s = branches.for_master(s, master)  # its horizon and "too soon" on the branch's clock
    _check_horizon(day, s, now)
    schedule = slots.schedules([master])[master.id]
    plan, load = slots.plan_of(
        master, day, schedule=schedule, exclude_booking_id=exclude_booking_id
    )
    if not plan.working:
        raise SlotTaken("The master does not work on this day. Please choose another one.")
    free = slots.master_free_starts(
        master, duration, day, load=load, schedule=schedule, now=now, settings=s
    )
    if start in free:
        return
    if start not in slots.candidate_starts(plan.hours, schedule.interval):
        raise SlotTaken("The master does not take clients at this time. Please choose another one.")
    if start + duration > slots.DAY_MINUTES:
        raise SlotTaken("The service would not end before midnight. Please choose an earlier time.")
    _check_not_too_soon(day, start, s, now)
    end = start + duration
    if any(b_start < end and start < b_end for b_start, b_end in load.breaks):
        raise SlotTaken(NOT_AVAILABLE)
    raise SlotTaken(TAKEN)


def _check_horizon(day: dt.date, s: settings_mod.Settings, now: dt.datetime | None) -> None:
    if not slots.in_horizon(day, s, now):
        if day < slots.local_now(s, now).date():
            raise SlotTaken("This day has already passed. Please choose another one.")
        raise SlotTaken("This date is not open for booking yet. Please choose an earlier one.")


def _check_not_too_soon(
    day: dt.date, start: int, s: settings_mod.Settings, now: dt.datetime | None
) -> None:
    at = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=start)
    wall_now = slots.local_now(s, now).replace(tzinfo=None)
    if at <= wall_now:
        raise SlotTaken("This time has already passed. Please choose another one.")
    if at <= wall_now + dt.timedelta(minutes=s.min_notice_minutes):
        raise SlotTaken("This time is too soon to book. Please choose a later one.")


def _check_master(master_id: int, service_ids: Sequence[int]) -> Master:
    master = _MASTER.first(master_id)
    if master is None:
        raise NotFound("This master was not found")
    if not master.active:
        raise NotAllowed("This master is not taking bookings now. Please choose another one.")
    if len(service_ids) == 1 and not slots.offers(master.id, service_ids[0]):
        raise NotAllowed("This master does not offer this service. Please choose another one.")
    if len(service_ids) > 1 and not slots.offers_all(master.id, service_ids):
        raise NotAllowed(
            "This master does not offer all of these services. Please choose another one."
        )
    return master


def _same_visit(client_id, service_id, day, start):
    return Booking.select().where(
        (Booking.client == client_id)
        & (Booking.service == service_id)
        & (Booking.date == day)
        & (Booking.start == start)
        & Booking.status.in_(UPCOMING)
    )


# The reads and writes of every booking run SQL built once (`prepared`): a booking from the bot
# is ≈ 14 statements, and peewee building them was half of the bot's CPU for its writes.
_SAME_VISIT = Prepared(_same_visit, 4)
_SAME_VISIT_OF_MASTER = Prepared(lambda client_id, service_id, day, start, master_id: (
    _same_visit(client_id, service_id, day, start).where(Booking.master == master_id)), 5)
_TOP_NUMBER = Prepared(lambda: Booking.select(fn.MAX(Booking.number)), 0, scalar=True)
_BOOKING = Prepared(lambda booking_id: Booking.select().where(Booking.id == booking_id), 1)
_CLIENT = Prepared(lambda client_id: Client.select().where(Client.id == client_id), 1)
_MASTER = Prepared(lambda master_id: Master.select().where(Master.id == master_id), 1)


def _double_tap(client_id, service_ids, master_id, day, start) -> Booking | None:
    """The same client's upcoming booking of the same services (in order), day and start."""
    values = (client_id, service_ids[0], Booking.date.db_value(day), start)
    if master_id is None:
        found = _SAME_VISIT(*values)
    else:
        found = _SAME_VISIT_OF_MASTER(*values, master_id)
    for booking in found:
        if visits.line_ids(booking) == tuple(service_ids):
            return booking
    return None


def _next_number() -> int:
    top = _TOP_NUMBER.value()
    return max(FIRST_NUMBER, (top or 0) + 1)


def create_booking(
    *,
    service_id: int | None = None,
    service_ids: Sequence[int] | None = None,
    client_id: int,
    day: dt.date,
    start: int,
    master_id: int | None,
    source: str,
    comment: object = "",
    now: dt.datetime | None = None,
) -> Booking:
    """Book a visit at `start` on `day`: one service (`service_id`) or several in the order
    chosen (`service_ids`). `master_id=None`: any master offering them all, picked inside the
    transaction. The visit's duration and price are the sums of the services' as booked.

    Returns the booking with `already_existed` set: True when the same client already holds this
    very booking (a double tap or a retried update) — then nothing is written.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown booking source {source!r}")
    if (service_id is None) == (service_ids is None):
        raise ValueError("give service_id or service_ids")
    ids = visits.service_ids(service_id if service_ids is None else service_ids)
    wish = clean_text(comment, "comment", limit=COMMENT_LIMIT, multiline=True)
    s = settings_mod.load()
    stamp = _stamp(now)
    with write_transaction():
        chosen = visits.chosen_services(ids)
        client = _CLIENT.first(client_id)
        if client is None:
            raise NotFound("The client was not found")
        existing = _double_tap(client.id, ids, master_id, day, start)
        if existing is not None:
            existing.already_existed = True
            return existing
        if client.blocked:
            raise NotAllowed("Sorry, booking is not available to you. Please contact the salon.")
        if source == SOURCE_BOT:  # the client online: the salon and masters are not bound
            booking_rules.check_upcoming_limit(client.id, now=now, settings=s)
        if not all(service.active for service in chosen):
            raise NotAllowed("This service is not available any more. Please choose another one.")
        lines = visits.lines_as_booked(chosen)
        duration = visits.total_duration(lines)
        if master_id is None:
            _check_horizon(day, s, now)
            master = slots.pick_master(ids, day, start, now=now, settings=s)
            if master is None:
                _check_not_too_soon(day, start, s, now)
                raise SlotTaken(TAKEN)
        else:
            master = _check_master(master_id, ids)
            _check_time(master, duration, day, start, s, now)
        booking = prepared.create(
            Booking,
            number=_next_number(),
            master=master,
            service=chosen[0],
            client=client,
            date=day,
            start=start,
            duration=duration,
            price=visits.total_price(lines),
            status=PENDING if source == SOURCE_BOT else CONFIRMED,
            source=source,
            created_at=stamp,
            updated_at=stamp,
            comment=wish,
        )
        visits.write_lines(booking, lines, new=True)
        notify.booking_created(booking, s)
    booking.already_existed = False
    log.info("booking #%s created (%s, master %s)", booking.number, source, master.id)
    return booking


def reschedule(
    number: int, *, day: dt.date, start: int, by: str, now: dt.datetime | None = None
) -> Booking:
    """Move an upcoming visit as a whole to another free time of the same master (the same
    services, total duration and price as booked). Moving onto its own time changes and notifies
    nothing."""
    _check_by(by)
    s = settings_mod.load()
    with write_transaction():
        booking = get_booking(number)
        if booking.status not in UPCOMING:
            raise NotAllowed("Only an upcoming booking can be moved")
        if booking.date == day and booking.start == start:
            return booking
        if by == BY_CLIENT and _starts_at(booking, s) <= slots.local_now(s, now):
            raise NotAllowed("This visit has already started. Please contact the salon.")
        if by == BY_CLIENT:
            booking_rules.check_client_may_change(booking, now=now, settings=s)
        master = booking.master
        if not master.active:
            raise NotAllowed("This master is not taking bookings now. Please choose another one.")
        _check_time(master, booking.duration, day, start, s, now, exclude_booking_id=booking.id)
        old_date, old_start = booking.date, booking.start
        booking.date, booking.start, booking.updated_at = day, start, _stamp(now)
        booking.save()
        notify.booking_moved(booking, by, old_date, old_start)
    log.info("booking #%s moved by %s", number, by)
    return booking


def cancel(number: int, *, by: str, now: dt.datetime | None = None) -> Booking:
    """Cancel a booking (idempotent: cancelling a cancelled one changes nothing).

    A client may cancel only an upcoming booking that has not started; the salon any booking.
    """
    _check_by(by)
    s = settings_mod.load()
    with write_transaction():
        booking = get_booking(number)
        if booking.status == CANCELLED:
            return booking
        if by == BY_CLIENT:
            if booking.status not in UPCOMING:
                raise NotAllowed("Only an upcoming booking can be cancelled")
            if _starts_at(booking, s) <= slots.local_now(s, now):
                raise NotAllowed("This visit has already started. Please contact the salon.")
            booking_rules.check_client_may_change(booking, now=now, settings=s)
        cancel_in_transaction(booking, by, now)
    log.info("booking #%s cancelled by %s", number, by)
    return booking


def cancel_upcoming(numbers: Iterable[int], *, now: dt.datetime | None = None) -> list[Booking]:
    """The salon cancels these bookings in one write transaction, each client notified through
    the outbox — after blocking a master or a client, or changing a master's hours, once the
    admin has seen the list (`booking_queries.upcoming_bookings`). A booking that is no longer
    upcoming by now (started, cancelled or completed meanwhile) is left as it is. Returns the
    ones cancelled."""
    s = settings_mod.load()
    cancelled = []
    with write_transaction():
        for number in numbers:
            booking = Booking.get_or_none(Booking.number == number)
            if booking is None or booking.status not in UPCOMING:
                continue
            if _starts_at(booking, s) <= slots.local_now(s, now):
                continue
            cancel_in_transaction(booking, BY_SALON, now)
            cancelled.append(booking)
    log.info("cancelled by the salon: %s", ", ".join(f"#{b.number}" for b in cancelled) or "-")
    return cancelled


def cancel_in_transaction(booking: Booking, by: str, now: dt.datetime | None) -> None:
    was = booking.status
    booking.status, booking.cancelled_by, booking.updated_at = CANCELLED, by, _stamp(now)
    booking.save()
    notify.booking_cancelled(booking, by, was=was)


def set_status(number: int, status: str, *, now: dt.datetime | None = None) -> Booking:
    """Change the status (admin, master). Cancelling here is the salon's cancellation; making a
    cancelled booking active again re-checks that its time is still free."""
    if status not in STATUSES:
        raise ValidationError("Unknown status: {status}", field="status", status=status)
    with write_transaction():
        booking = get_booking(number)
        was = booking.status
        if was == status:
            return booking
        if status == CANCELLED:
            cancel_in_transaction(booking, BY_SALON, now)
            return booking
        if was == CANCELLED:
            check_still_free(booking)
            booking.cancelled_by = None
        booking.status, booking.updated_at = status, _stamp(now)
        booking.save()
        if status == CONFIRMED:
            notify.booking_confirmed(booking)
    log.info("booking #%s: %s -> %s", number, was, status)
    return booking


def statuses_for(booking: Booking, *, now: dt.datetime | None = None) -> list[str]:
    """The statuses the salon may sensibly give a booking now, in STATUSES order, its own one
    included: before its start it can be confirmed (or stay pending) or be cancelled, not yet
    completed nor a no-show; from its start on it can be completed or a no-show too."""
    started = _starts_at(booking, settings_mod.load()) <= (now or clock.now_utc())
    sensible = {CONFIRMED, CANCELLED, booking.status}
    if started:
        sensible |= {COMPLETED, NO_SHOW}
    return [status for status in STATUSES if status in sensible]


def check_still_free(booking: Booking, duration: int | None = None) -> None:
    """The booking's own time — for `duration` when given (a visit growing) — must not clash with
    another booking, a break (one-off or recurring), a day off or a vacation, nor run past
    midnight. Hours and notice are not re-applied (the admin may restore a past booking; a visit
    may run past the day's last start)."""
    plan, load = slots.plan_of(booking.master, booking.date, exclude_booking_id=booking.id)
    if not plan.working:
        raise SlotTaken("The master now has a day off on that date")
    end = booking.start + (booking.duration if duration is None else duration)
    if end > slots.DAY_MINUTES:
        raise SlotTaken("The service would not end before midnight. Please choose an earlier time.")
    busy = load.bookings + [(b.start, b.end) for b in plan.blocked]
    if any(s < end and booking.start < e for s, e in busy):
        raise SlotTaken("That time is now taken by another booking or a break")


def _check_by(by: str) -> None:
    if by not in (BY_CLIENT, BY_SALON):
        raise ValueError(f"'by' must be {BY_CLIENT!r} or {BY_SALON!r}, not {by!r}")
