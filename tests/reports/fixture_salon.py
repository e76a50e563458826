"""A small salon whose every figure was counted by hand (tests/reports/test_statistics.py says
the counts beside the assertions).

Masters: Anna 09–21 by 60 (a day is 13 slots = 780 min), Boris 10–18 by 30 (17 slots = 510 min).
Services: Cut 60 min 1 500, Colour 120 min 3 000, Consult 30 min with no price.
"Now" is Monday 23 November 2026, 09:00 in the salon (tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import itertools

from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import (
    BY_CLIENT,
    BY_SALON,
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    PENDING,
    Booking,
    Break,
    DayOff,
)
from tests import salon_rows as rows

NOV = lambda day: dt.date(2026, 11, day)  # noqa: E731 - reads like the hand count

_numbers = itertools.count(1001)


def visit(master, service, client, day, hour, status, *, source="bot", by=None, price=...):
    """One booking row written straight (past visits cannot be booked through the rules)."""
    return Booking.create(
        number=next(_numbers), master=master, service=service, client=client, date=day,
        start=hour * 60, duration=service.duration,
        price=service.price if price is ... else price,
        status=status, source=source, cancelled_by=by,
    )


class Salon:
    pass


def build() -> Salon:
    global _numbers
    _numbers = itertools.count(1001)
    s = Salon()
    s.cut = rows.service("Cut", duration=60, price=1500)
    s.colour = rows.service("Colour", duration=120, price=3000)
    s.consult = rows.service("Consult", duration=30, price=None)
    s.anna = rows.master("Anna", s.cut, s.colour, shift_start=9, shift_end=21, interval=60)
    s.boris = rows.master("Boris", s.cut, s.consult, shift_start=10, shift_end=18, interval=30)
    s.olga = rows.client("Olga", phone="+79120000001")
    s.ivan = rows.client("Ivan", phone="+79120000002")
    s.petr = rows.client("Petr", phone="+79120000003")
    s.maria = rows.client("Maria", phone="+79120000004")
    clients.reindex_names()  # the folded names the search reads (rows skip core's writes)
    # Before the past week (Nov 9–15): Olga came once; Ivan's only booking was cancelled.
    visit(s.anna, s.cut, s.olga, NOV(10), 10, COMPLETED)
    visit(s.boris, s.cut, s.ivan, NOV(12), 10, CANCELLED, by=BY_CLIENT)
    # The past week, Nov 16–22.
    visit(s.anna, s.cut, s.olga, NOV(16), 10, COMPLETED)  # 1 500
    visit(s.anna, s.colour, s.ivan, NOV(16), 12, COMPLETED, source="manual")  # 3 000
    visit(s.boris, s.consult, s.olga, NOV(17), 11, COMPLETED, source="master")  # no price
    visit(s.anna, s.cut, s.petr, NOV(18), 10, NO_SHOW)
    visit(s.anna, s.cut, s.olga, NOV(19), 10, CANCELLED, by=BY_CLIENT)  # a cancelled-only day
    visit(s.boris, s.colour, s.ivan, NOV(19), 12, CANCELLED, source="manual", by=BY_SALON)
    visit(s.boris, s.cut, s.petr, NOV(20), 10, COMPLETED, price=1200)  # booked before a rise
    visit(s.anna, s.cut, s.maria, NOV(21), 10, PENDING)  # past, no outcome yet
    Break.create(master=s.anna, date=NOV(16), start=13 * 60, duration=60)
    DayOff.create(master=s.boris, date=NOV(22))
    # This week, Nov 23–29, "now" = Nov 23 09:00.
    visit(s.anna, s.cut, s.olga, NOV(23), 9, CONFIRMED)  # starting now: awaiting its outcome
    visit(s.anna, s.colour, s.petr, NOV(23), 11, PENDING)  # ahead: 3 000
    visit(s.boris, s.cut, s.maria, NOV(25), 10, CONFIRMED)  # ahead: 1 500
    visit(s.boris, s.consult, s.ivan, NOV(26), 11, CONFIRMED)  # ahead, no price
    visit(s.boris, s.cut, s.ivan, NOV(27), 11, CANCELLED, by=BY_CLIENT)
    return s
