"""A visit's services (SPEC "Bookings (visits)"): one booking holds one or more services.

The services of a visit are `VisitService` rows in the order chosen, each with its duration and
price as booked; the booking keeps the first service and the totals (the slot engine and every
list read one row per visit). Everything that writes the rows writes the totals with them, here.
The views read the rows of a whole list in one query (`attach_lines`); a booking read alone reads
its own on first use (`lines`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import NotFound, ValidationError
from ..storage import prepared
from ..storage.models import Booking, Service, VisitService, database
from ..storage.prepared import Prepared

MAX_SERVICES = 5  # one visit; a bot button names them all within Telegram's 64 bytes
NAME_JOIN = " + "
_CHUNK = 500  # booking ids per query (SQLite's variable limit is 999 on old builds)


@dataclass(frozen=True, slots=True)
class Line:
    """One service of a visit as booked."""

    position: int
    service_id: int
    name: str
    duration: int
    price: int | None


def service_ids(value: int | Iterable[int]) -> tuple[int, ...]:
    """The visit's service ids in the order chosen, from one id or a sequence of them.

    Raises ValidationError for none, for one service twice, or for more than MAX_SERVICES."""
    ids = (int(value),) if isinstance(value, int) else tuple(int(v) for v in value)
    if not ids:
        raise ValidationError("Choose at least one service", field="services")
    if len(set(ids)) != len(ids):
        raise ValidationError("A service is chosen twice", field="services")
    if len(ids) > MAX_SERVICES:
        raise ValidationError(
            "At most {limit} services in one visit", field="services", limit=MAX_SERVICES
        )
    return ids


# A service by id: the booking screens and every booking ask (SQL built once).
SERVICE = Prepared(lambda service_id: Service.select().where(Service.id == service_id), 1)


def chosen_services(ids: Sequence[int]) -> list[Service]:
    """The services of `ids` in that order (NotFound when one is gone)."""
    if len(ids) == 1:
        found = {s.id: s for s in SERVICE(ids[0])}
    else:
        found = {s.id: s for s in Service.select().where(Service.id.in_(list(ids)))}
    if len(found) != len(set(ids)):
        raise NotFound("This service was not found")
    return [found[i] for i in ids]


def total_duration(services: Iterable[Service | Line]) -> int:
    return sum(s.duration for s in services)


def total_price(services: Iterable[Service | Line]) -> int | None:
    """The sum of the known prices; None when no service has one (then no price is shown)."""
    prices = [s.price for s in services if s.price is not None]
    return sum(prices) if prices else None


def write_lines(booking: Booking, lines: Sequence[Line], *, new: bool = False) -> None:
    """Make `lines` the booking's services and totals (inside the caller's write transaction);
    `new`: the booking was inserted in this transaction, so it has no lines to replace."""
    if not new:
        mark = database.param  # the engine's placeholder; a booking's lines are a few rows
        database.execute_sql(f"DELETE FROM visit_service WHERE booking_id = {mark}",
                             (booking.id,))
    for i, line in enumerate(lines):
        prepared.create(VisitService, booking=booking.id, position=i, service=line.service_id,
                        duration=line.duration, price=line.price)
    booking.service = lines[0].service_id
    booking.duration = total_duration(lines)
    booking.price = total_price(lines)
    booking._visit_lines = [
        Line(i, line.service_id, line.name, line.duration, line.price)
        for i, line in enumerate(lines)
    ]


def lines_as_booked(services: Sequence[Service]) -> list[Line]:
    """New lines for services being booked now: their current duration and price."""
    return [Line(i, s.id, s.name, s.duration, s.price) for i, s in enumerate(services)]


def lines(booking: Booking) -> list[Line]:
    """The visit's services in order (read once per booking instance).

    A booking row with no service rows (written by hand, outside `core`) reads as a one-service
    visit of its own service, duration and price."""
    cached = getattr(booking, "_visit_lines", None)
    if cached is None:
        attach_lines([booking])
        cached = booking._visit_lines
    return cached


def attach_lines(bookings: Sequence[Booking]) -> None:
    """Read the services of every booking of a list in one query per 500 bookings."""
    by_id = {b.id: b for b in bookings}
    found: dict[int, list[Line]] = {}
    ids = list(by_id)
    vs, svc = VisitService._meta.table_name, Service._meta.table_name
    for at in range(0, len(ids), _CHUNK):
        chunk = ids[at : at + _CHUNK]
        # SQL text rather than a peewee query: building one with 300 parameters took ~5 ms, the
        # query itself ~1 ms. The engine's own parameter mark keeps it portable.
        marks = ",".join(database.param for _ in chunk)
        sql = (
            f'SELECT v.booking_id, v.position, v.service_id, s.name, v.duration, v.price '
            f'FROM "{vs}" v JOIN "{svc}" s ON s.id = v.service_id '
            f"WHERE v.booking_id IN ({marks})"
        )
        for booking_id, position, service_id, name, duration, price in database.execute_sql(
            sql, chunk
        ):
            found.setdefault(booking_id, []).append(Line(position, service_id, name, duration, price))
    for booking_id, booking in by_id.items():
        got = found.get(booking_id)
        if got:
            got.sort(key=lambda line: line.position)
        else:
            got = [_own_line(booking)]
        booking._visit_lines = got


def _own_line(booking: Booking) -> Line:
    service = booking.service
    return Line(0, service.id, service.name, booking.duration, booking.price)


def service_names(booking: Booking) -> list[str]:
    return [line.name for line in lines(booking)]


def title(booking: Booking, sep: str = NAME_JOIN) -> str:
    """The visit's services in one line: "Стрижка + Борода"."""
    return sep.join(service_names(booking))


def line_ids(booking: Booking) -> tuple[int, ...]:
    return tuple(line.service_id for line in lines(booking))
