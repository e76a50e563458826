"""A master's working time (SPEC "Breaks and days off"): breaks of one slot each, and whole days
off. Both change what clients are offered, so both are written inside `write_transaction()` and
re-check the bookings they might clash with."""

from __future__ import annotations

import datetime as dt
import logging

from .. import settings as settings_mod
from ..errors import Conflict, NotFound, SlotTaken, ValidationError
from ..people import branches
from ..storage.db import write_transaction
from ..storage.models import (
    BY_SALON,
    CONFIRMED,
    PENDING,
    Booking,
    Break,
    DateException,
    DayOff,
    Master,
    Vacation,
)
from . import slots
from .bookings import cancel_in_transaction

log = logging.getLogger(__name__)


def _master(master_id: int) -> Master:
    master = Master.get_or_none(Master.id == master_id)
    if master is None:
        raise NotFound("This master was not found")
    return master


def _today(now: dt.datetime | None, s: settings_mod.Settings | None = None,
           master_id: int | None = None) -> dt.date:
    """Today on the master's branch clock (docs/BRANCHES.md), the salon's without a master."""
    return branches.master_today(master_id, now=now, settings=s)


def free_break_slots(master_id: int, day: dt.date, *, now: dt.datetime | None = None) -> list[int]:
    """Slots of the master's interval that could become breaks: no booking, no break, still ahead,
    and not on a day off."""
    master = _master(master_id)
    return slots.master_free_starts(master, master.interval, day, now=now, min_notice=0)


def _fmt(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def add_breaks(
    master_id: int, day: dt.date, starts: list[int], *, now: dt.datetime | None = None
) -> list[Break]:
    """Add several breaks at once, each one slot long — all of them or none (SlotTaken naming the
    times that are no longer free)."""
    wanted = sorted(set(starts))
    if not wanted:
        return []
    with write_transaction():
        free = set(free_break_slots(master_id, day, now=now))
        gone = [t for t in wanted if t not in free]
        if gone:
            raise SlotTaken(
                "These times are no longer free: {times}", times=", ".join(_fmt(t) for t in gone)
            )
        master = Master.get_by_id(master_id)
        made = [
            Break.create(master=master, date=day, start=t, duration=master.interval) for t in wanted
        ]
    log.info("master %s: %d break(s) added on %s", master_id, len(made), day)
    return made


def remove_breaks(master_id: int, day: dt.date, starts: list[int] | None = None) -> int:
    """Remove the breaks at `starts` (all of that day when None); returns how many went."""
    query = Break.delete().where((Break.master == master_id) & (Break.date == day))
    if starts is not None:
        query = query.where(Break.start.in_(list(starts)))
    with write_transaction():
        return query.execute()


def breaks_on(master_id: int, day: dt.date) -> list[Break]:
    return list(
        Break.select().where((Break.master == master_id) & (Break.date == day)).order_by(Break.start)
    )


def days_with_breaks(master_id: int, *, now: dt.datetime | None = None) -> list[dt.date]:
    """Today and later dates on which the master has breaks."""
    query = (
        Break.select(Break.date)
        .where((Break.master == master_id) & (Break.date >= _today(now, master_id=master_id)))
        .distinct()
        .order_by(Break.date)
    )
    return [_as_date(d) for (d,) in query.tuples()]


def _as_date(value) -> dt.date:
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def _upcoming_on(master_id: int, day: dt.date) -> list[Booking]:
    from .booking_queries import bookings_on

    return [b for b in bookings_on(day, master_id) if b.status in (PENDING, CONFIRMED)]


def add_day_off(
    master_id: int,
    day: dt.date,
    *,
    confirm_cancel: bool = False,
    now: dt.datetime | None = None,
) -> list[Booking]:
    """Make `day` a day off. Pending and confirmed bookings on it make this a Conflict listing
    them, unless `confirm_cancel`: then the salon cancels them (clients notified) and they are
    returned. Adding an existing day off again changes nothing."""
    s = settings_mod.load()
    if day < _today(now, s, master_id):
        raise ValidationError("A day off cannot be in the past", field="day")
    with write_transaction():
        _master(master_id)
        if DayOff.select().where((DayOff.master == master_id) & (DayOff.date == day)).exists():
            return []
        clashing = _upcoming_on(master_id, day)
        if clashing and not confirm_cancel:
            raise Conflict(
                "The master has {count} booking(s) on this day. Cancel them and add the day off?",
                items=clashing,
                count=len(clashing),
            )
        for booking in clashing:
            cancel_in_transaction(booking, BY_SALON, now)
        DayOff.create(master=master_id, date=day)
    log.info("master %s: day off on %s (%d booking(s) cancelled)", master_id, day, len(clashing))
    return clashing


def remove_day_off(master_id: int, day: dt.date) -> None:
    with write_transaction():
        DayOff.delete().where((DayOff.master == master_id) & (DayOff.date == day)).execute()


def days_off(master_id: int, *, now: dt.datetime | None = None) -> list[dt.date]:
    """Today's and future days off of the master."""
    query = (
        DayOff.select(DayOff.date)
        .where((DayOff.master == master_id) & (DayOff.date >= _today(now, master_id=master_id)))
        .order_by(DayOff.date)
    )
    return [_as_date(d) for (d,) in query.tuples()]


def cleanup_past(*, now: dt.datetime | None = None) -> int:
    """Delete breaks, days off, vacations and exceptions before today (daily upkeep); returns
    how many rows went. "Today" is each master's branch's (docs/BRANCHES.md): at 01:00 in Moscow
    a branch in London is still on yesterday, whose breaks and days off still hold."""
    by_day: dict[dt.date, list[int]] = {}
    for branch_id, today in branches.todays(now=now).items():
        by_day.setdefault(today, []).append(branch_id)
    gone = 0
    with write_transaction():
        for today, ids in by_day.items():
            masters = (None if len(by_day) == 1
                       else Master.select(Master.id).where(Master.branch.in_(ids)))
            for model, day in ((Break, Break.date), (DayOff, DayOff.date),
                               (Vacation, Vacation.last), (DateException, DateException.date)):
                past = day < today
                if masters is not None:
                    past &= model.master.in_(masters)
                gone += model.delete().where(past).execute()
    if gone:
        log.info("cleaned up %d past break(s)/day(s) off", gone)
    return gone
