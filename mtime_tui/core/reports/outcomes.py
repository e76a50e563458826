"""No-shows (issue 15, SPEC "Clients"): after a visit's end its master is asked "did the client
come?" in the bot (through the outbox, once per visit); the TUI lists past visits with no outcome
yet; a client with N or more no-shows (setting `no_show_flag`, default 2) is flagged wherever a
booking is made or shown, with a one-key "block?" offer.

A question is asked only for visits that ended within the last `ASK_WITHIN` (a salon upgrading
with years of unmarked history does not flood its masters); older ones wait in the TUI's list.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from peewee import JOIN, fn

from .. import clock
from .. import settings as settings_mod
from ..booking import booking_rules, bookings
from ..errors import NotAllowed
from ..messaging import notify
from ..people import branches
from ..storage.db import write_transaction
from ..storage.models import (
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    PENDING,
    Booking,
    Client,
    Master,
    database,
)

log = logging.getLogger(__name__)

ASK_WITHIN = dt.timedelta(hours=24)
OPEN = (PENDING, CONFIRMED)


def _local(now: dt.datetime | None, s: settings_mod.Settings) -> dt.datetime:
    return (now or clock.now_utc()).astimezone(s.tz)


def _ended_before(local: dt.datetime):
    """Visits whose end (start + duration, wall clock) is at or before `local`."""
    minute = local.hour * 60 + local.minute
    today = local.date()
    return (Booking.date < today) | (
        (Booking.date == today) & (Booking.start + Booking.duration <= minute))


def _ended(now: dt.datetime | None, s: settings_mod.Settings,
           back: dt.timedelta = dt.timedelta()):
    """Visits ended at or before `now - back` on the clock of their branch (docs/BRANCHES.md; a
    query joined to Master): a London visit has not ended when Moscow's clock passes its end."""
    moment = (now or clock.now_utc()) - back
    if not branches.is_chain():
        return _ended_before(moment.astimezone(s.tz))
    condition = None
    for branch_id, zone in branches.zones(s).items():
        part = (Master.branch == branch_id) & _ended_before(moment.astimezone(zone))
        condition = part if condition is None else condition | part
    return condition


def awaiting(*, now: dt.datetime | None = None, limit: int = 500,
             branch: int | None = None) -> list[Booking]:
    """Past visits still pending or confirmed — neither completed nor a no-show — newest first
    (with a branch: its masters' only)."""
    s = settings_mod.load()
    query = (
        Booking.select(Booking, Master, Client)
        .join(Master, JOIN.INNER, on=(Booking.master == Master.id))
        .switch(Booking)
        .join(Client, JOIN.INNER, on=(Booking.client == Client.id))
        .where(Booking.status.in_(OPEN) & _ended(now, s))
        .order_by(Booking.date.desc(), Booking.start.desc())
        .limit(limit)
    )
    if branch is not None:
        query = query.where(Master.branch == branch)
    return list(query)


def awaiting_count(*, now: dt.datetime | None = None) -> int:
    s = settings_mod.load()
    return (Booking.select(fn.COUNT(Booking.id)).join(Master)
            .where(Booking.status.in_(OPEN) & _ended(now, s)).scalar() or 0)


def enqueue_questions(*, now: dt.datetime | None = None) -> int:
    """Ask the master of every visit that ended within ASK_WITHIN and has no outcome (once per
    visit: dedup key `outcome:<number>`). Masters without Telegram or blocked are not asked."""
    s = settings_mod.load()
    # The day before the salon's "since" covers every branch's clock (a narrowing of the dates).
    since = _local(now, s) - ASK_WITHIN - dt.timedelta(days=1)
    rows = (
        Booking.select(Booking, Master, Client)
        .join(Master, JOIN.INNER, on=(Booking.master == Master.id))
        .switch(Booking)
        .join(Client, JOIN.INNER, on=(Booking.client == Client.id))
        .where(Booking.status.in_(OPEN) & _ended(now, s) & ~_ended(now, s, ASK_WITHIN)
               & (Booking.date >= since.date()) & (Master.active == True))  # noqa: E712
    )
    written = 0
    with write_transaction():
        for booking in rows:
            row = notify.enqueue(
                booking.master.telegram_id, notify.MASTER_VISIT_OUTCOME, booking=booking,
                payload=notify.booking_payload(booking, no_shows=no_shows(booking.client_id)),
                language=notify.staff_language(booking.master.telegram_id),
                dedup_key=f"outcome:{booking.number}", now=now,
            )
            written += row is not None
    if written:
        log.info("Asked masters about %d visit(s)", written)
    return written


def record(number: int, came: bool, *, telegram_id: int | None = None,
           now: dt.datetime | None = None) -> tuple[Booking, bool]:
    """Mark a visit completed (came) or a no-show. `telegram_id`: the bot user pressing it, who
    must be the visit's master (active) or an admin; None: the TUI. Returns (booking, changed):
    a visit already marked is returned unchanged. A visit that has not started cannot be marked."""
    booking = bookings.get_booking(number)
    if telegram_id is not None:
        master = booking.master
        own = master.active and master.telegram_id == telegram_id
        admin = (telegram_id in settings_mod.admin_ids()
                 and branches.admin_sees(telegram_id, master.branch_id))
        if not own and not admin:
            raise NotAllowed("This visit is not yours to mark")
    if booking.status not in OPEN:
        return booking, False
    if booking_rules.starts_at(booking, settings_mod.load()) > (now or clock.now_utc()):
        raise NotAllowed("This visit has not started yet")  # on its branch's clock
    return bookings.set_status(number, COMPLETED if came else NO_SHOW, now=now), True


# Flags.


def no_shows(client_id: int) -> int:
    return Booking.select(fn.COUNT(Booking.id)).where(
        (Booking.client == client_id) & (Booking.status == NO_SHOW)).scalar() or 0


_CHUNK = 500  # clients per query (SQLite's parameters per statement are bounded)


def no_show_counts(client_ids: Iterable[int]) -> dict[int, int]:
    """Each client's no-shows (clients with none are left out), for a day's clients at once.

    SQL text (the engine's own parameter mark keeps it portable): peewee took as long to build
    the IN of a day's ~150 clients as the database took to answer it (the journal reads this
    for every day shown)."""
    ids = list({int(c) for c in client_ids})
    mark, table = database.param, Booking._meta.table_name
    counts: dict[int, int] = {}
    for at in range(0, len(ids), _CHUNK):
        chunk = ids[at : at + _CHUNK]
        sql = (f'SELECT client_id, COUNT(*) FROM "{table}" WHERE status = {mark} '
               f"AND client_id IN ({','.join(mark for _ in chunk)}) GROUP BY client_id")
        counts.update(database.execute_sql(sql, [NO_SHOW, *chunk]).fetchall())
    return counts


def flag_limit() -> int:
    return settings_mod.load().no_show_flag


def is_flagged(count: int, limit: int | None = None) -> bool:
    return count >= (flag_limit() if limit is None else limit)
