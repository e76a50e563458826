"""The salon's booking rules for clients (SPEC "Booking rules"); the salon is never bound by them.

- Clients may cancel or move online until `client_change_hours` before the visit (on the clock
  of the visit's branch); later the bot tells them to call the salon (and gives the branch's
  phone).
- A client may hold at most `max_upcoming_bookings` upcoming bookings; the next one is refused
  with a clear message and nothing is written.

Both faces ask these before they offer a button, and core enforces them inside the write
transaction of the booking operation itself (BEGIN IMMEDIATE), so two quick taps cannot pass the
limit together.
"""

from __future__ import annotations

import datetime as dt

from peewee import fn

from .. import clock
from .. import settings as settings_mod
from ..errors import TooLate, TooManyBookings
from ..people import branches
from ..storage.models import CONFIRMED, PENDING, Booking, Master
from ..storage.prepared import Prepared
from . import booking_queries


def _local_now(s: settings_mod.Settings, now: dt.datetime | None) -> dt.datetime:
    return (now or clock.now_utc()).astimezone(s.tz)


def of_booking(booking: Booking, settings: settings_mod.Settings | None = None
               ) -> settings_mod.Settings:
    """The settings as the booking's branch sees them: its clock for the cut-off, its phone."""
    return branches.for_master(settings or settings_mod.load(), booking.master_id)


def starts_at(booking: Booking, s: settings_mod.Settings) -> dt.datetime:
    """When the visit starts (aware): its date and start on its branch's clock."""
    tz = of_booking(booking, s).tz
    return dt.datetime.combine(booking.date, dt.time(), tzinfo=tz) + dt.timedelta(
        minutes=booking.start
    )


def client_may_change(
    booking: Booking, *, now: dt.datetime | None = None, settings: settings_mod.Settings | None = None
) -> bool:
    """Whether the client may still cancel or move `booking` online."""
    s = settings or settings_mod.load()
    cutoff = starts_at(booking, s) - dt.timedelta(hours=s.client_change_hours)
    return _local_now(s, now) < cutoff


def check_client_may_change(
    booking: Booking, *, now: dt.datetime | None = None, settings: settings_mod.Settings | None = None
) -> None:
    """TooLate, naming the cut-off and the phone of the booking's branch, once the online window
    has closed."""
    s = settings or settings_mod.load()
    if client_may_change(booking, now=now, settings=s):
        return
    raise too_late_for(booking, s)


def too_late_for(booking: Booking, settings: settings_mod.Settings | None = None) -> TooLate:
    """TooLate for this booking: the phone of its branch."""
    return too_late(of_booking(booking, settings))


def too_late(s: settings_mod.Settings) -> TooLate:
    if s.salon_phone:
        return TooLate("Bookings can be changed online until {hours} h before the visit. "
                       "Please call the salon: {phone}", hours=s.client_change_hours,
                       phone=s.salon_phone)
    return TooLate("Bookings can be changed online until {hours} h before the visit. "
                   "Please contact the salon.", hours=s.client_change_hours)


def upcoming_count(client_id: int, *, now: dt.datetime | None = None,
                   settings: settings_mod.Settings | None = None) -> int:
    """The client's pending and confirmed bookings that have not started yet (a chain: each on
    its branch's clock)."""
    if branches.is_chain():
        return (Booking.select().join(Master)
                .where((Booking.client == client_id) & booking_queries.not_started(now)).count())
    s = settings or settings_mod.load()
    local = _local_now(s, now)
    minute = local.hour * 60 + local.minute
    day = Booking.date.db_value(local.date())
    return _UPCOMING_COUNT.value(client_id, day, day, minute) or 0


# Every booking from the bot asks (its SQL built once).
_UPCOMING_COUNT = Prepared(lambda client_id, day, same_day, minute: (
    Booking.select(fn.COUNT(Booking.id)).where(
        (Booking.client == client_id)
        & Booking.status.in_((PENDING, CONFIRMED))
        & ((Booking.date > day) | ((Booking.date == same_day) & (Booking.start > minute))))
), 4, scalar=True)


def check_upcoming_limit(client_id: int, *, now: dt.datetime | None = None,
                         settings: settings_mod.Settings | None = None) -> None:
    """TooManyBookings when the client already holds the most upcoming bookings allowed."""
    s = settings or settings_mod.load()
    count = upcoming_count(client_id, now=now, settings=s)
    if count >= s.max_upcoming_bookings:
        raise TooManyBookings(
            "You already have {count} upcoming bookings, the most the salon takes online. "
            "Cancel one of them or call the salon to book more.", count=count)
