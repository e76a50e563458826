"""The waitlist for a full day (SPEC "Booking rules", issue 16).

A client who finds a date with no free time for their choice (the services of a visit, one
master or any) joins its waitlist. When time frees up there — for whatever reason: a cancel, a
move, a removed day off or break, a changed schedule — `check` (run by the bot every minute)
tells the waitlisted clients in the order they joined, each with "Book HH:MM" buttons for the
starts that are free now and were not offered to them yet. The first press books through
`bookings.create_booking` (the race-safe path); a later press gets SlotTaken and its entry stays.
Nothing here hooks into the code that frees time: `check` compares what is free now with what
was offered, so every way time can free up is covered, today's and future ones alike.
Entries end with a booking from them (or one the client made that day some other way), when the
client leaves, or after their date — on the clock of their branch (the master's, or the
services'), so a Vladivostok entry for "today" ends at Vladivostok's midnight, not Moscow's.
"""

from __future__ import annotations

import datetime as dt

from .. import clock
from .. import settings as settings_mod
from ..errors import NotAllowed, NotFound, ValidationError
from ..messaging import notify
from ..people import branches
from ..storage import readcache
from ..storage.db import write_transaction
from ..storage.models import (
    ACTIVE_STATUSES,
    COMPLETED,
    CONFIRMED,
    PENDING,
    SOURCE_BOT,
    Booking,
    Break,
    Client,
    Master,
    Service,
    WaitlistEntry,
)
from . import bookings, slots, visits

KIND = notify.WAITLIST_FREE
MAX_OFFERED = 8  # "Book HH:MM" buttons in one message
MAX_ENTRIES = 10  # waitlists one client may hold at once (all shown under My bookings)


def _naive(now: dt.datetime | None) -> dt.datetime:
    return (now or clock.now_utc()).astimezone(dt.UTC).replace(tzinfo=None)


def _branch(ids, master_id: int | None) -> int | None:
    """The branch of a choice: the master's, or the services' (a service is of one branch)."""
    if master_id is not None:
        return branches.master_branch(master_id)
    return readcache.cached(branches.service_branch, ids[0]) if ids else None


def _today(now: dt.datetime | None = None, branch: int | None = None) -> dt.date:
    """Today on the branch's clock (docs/BRANCHES.md): a Vladivostok entry for "today" ends at
    Vladivostok's midnight."""
    return branches.today(branch, now=now)


def _settings(branch: int | None) -> settings_mod.Settings:
    return branches.for_branch(settings_mod.load(), branch)


def _entry_today(todays: dict[int, dt.date]):
    """Today of an entry by its branch's clock, from `branches.todays`."""
    earliest = min(todays.values())

    def today_of(entry: WaitlistEntry) -> dt.date:
        branch = _branch(service_ids(entry), entry.master_id)
        return todays.get(branch, earliest) if branch is not None else earliest
    return today_of


def _live(entries, now: dt.datetime | None) -> list[WaitlistEntry]:
    """The entries whose date is not past on their branch's clock."""
    today_of = _entry_today(branches.todays(now=now))
    return [e for e in entries if e.date >= today_of(e)]


def _open_since(now: dt.datetime | None):
    """Entries not ended and not before the earliest branch's today (a narrowing in SQL; `_live`
    then reads each entry's own today)."""
    earliest = min(branches.todays(now=now).values())
    return WaitlistEntry.ended_at.is_null() & (WaitlistEntry.date >= earliest)


def _key(service_ids) -> str:
    return ".".join(str(i) for i in service_ids)


def service_ids(entry: WaitlistEntry) -> tuple[int, ...]:
    return tuple(int(i) for i in entry.services.split(".") if i)


def _starts(ids: tuple[int, ...], master_id: int | None, day: dt.date,
            now: dt.datetime | None = None) -> list[int]:
    one = ids[0] if len(ids) == 1 else list(ids)
    if master_id is None:
        return slots.any_master_starts(one, day, now=now)
    return slots.free_starts(master_id, one, day, now=now)


def _masters(ids: tuple[int, ...], master_id: int | None) -> list[int]:
    if master_id is not None:
        return [master_id]
    return [m.id for m in slots.masters_for_services(list(ids))]


def full_dates(ids, master_id: int | None, *, now: dt.datetime | None = None) -> list[dt.date]:
    """Dates of the horizon with no free time for this choice although the salon works then:
    the relevant masters' time there is taken by bookings or breaks (a day off is not full)."""
    ids = tuple(ids)
    masters = _masters(ids, master_id)
    days = slots.horizon(_settings(_branch(ids, master_id)), now)
    if not masters or not days:
        return []
    free = set(slots.available_dates(ids[0] if len(ids) == 1 else list(ids), master_id, now=now))
    busy = {d for (d,) in Booking.select(Booking.date).where(
        Booking.master.in_(masters) & Booking.status.in_(ACTIVE_STATUSES)
        & (Booking.date >= days[0]) & (Booking.date <= days[-1])).distinct().tuples()}
    busy |= {d for (d,) in Break.select(Break.date).where(
        Break.master.in_(masters) & (Break.date >= days[0]) & (Break.date <= days[-1])
    ).distinct().tuples()}
    return [d for d in days if d not in free and d in busy]


def join(client_id: int, ids, master_id: int | None, day: dt.date, *,
         now: dt.datetime | None = None) -> WaitlistEntry:
    """Put the client on the date's waitlist (joining twice keeps the first place)."""
    ids = visits.service_ids(list(ids))
    branch = _branch(ids, master_id)
    if day < _today(now, branch) or not slots.in_horizon(day, _settings(branch), now):
        raise ValidationError("This date cannot be waitlisted", field="date")
    if _starts(ids, master_id, day, now):
        raise NotAllowed("There is free time on this date: book it")
    with write_transaction():
        client = Client.get_or_none(Client.id == client_id)
        if client is None:
            raise NotFound("The client was not found")
        if client.blocked:
            raise NotAllowed("Sorry, booking is not available to you. Please contact the salon.")
        same = WaitlistEntry.select().where(
            (WaitlistEntry.client == client.id) & (WaitlistEntry.services == _key(ids))
            & (WaitlistEntry.master == master_id) & (WaitlistEntry.date == day)
            & WaitlistEntry.ended_at.is_null()).first()
        if same is not None:
            return same
        held = len(_live(WaitlistEntry.select().where(
            (WaitlistEntry.client == client.id) & _open_since(now)), now))
        if held >= MAX_ENTRIES:
            raise NotAllowed("You are on {limit} waitlists already: leave one under My "
                             "bookings first", limit=MAX_ENTRIES)
        return WaitlistEntry.create(client=client.id, services=_key(ids), master=master_id,
                                    date=day, created_at=_naive(now))


def leave(entry_id: int, client_id: int, *, now: dt.datetime | None = None) -> bool:
    with write_transaction():
        return bool(WaitlistEntry.update(ended_at=_naive(now)).where(
            (WaitlistEntry.id == entry_id) & (WaitlistEntry.client == client_id)
            & WaitlistEntry.ended_at.is_null()).execute())


def entries_of(client_id: int, *, now: dt.datetime | None = None) -> list[WaitlistEntry]:
    return _live(WaitlistEntry.select().where((WaitlistEntry.client == client_id)
                                              & _open_since(now))
                 .order_by(WaitlistEntry.date, WaitlistEntry.id), now)


def active(entry_id: int, client_id: int, *, now: dt.datetime | None = None):
    entry = WaitlistEntry.get_or_none((WaitlistEntry.id == entry_id)
                                      & (WaitlistEntry.client == client_id))
    if entry is None or entry.ended_at is not None or entry.date < _today(
            now, _branch(service_ids(entry), entry.master_id)):
        return None
    return entry


def describe(entry: WaitlistEntry) -> dict:
    """What a message about the entry shows: the services' names and the master's."""
    names = [s.name for s in Service.select().where(Service.id.in_(service_ids(entry)))]
    master = Master.get_or_none(Master.id == entry.master_id) if entry.master_id else None
    return {"entry_id": entry.id, "date": entry.date.isoformat(),
            "service": ", ".join(names), "master": master.name if master else ""}


def _booked_themselves(entries: list[WaitlistEntry], today_of) -> set[int]:
    """Entries whose client has booked that date meanwhile (with that master, or with anyone for
    an any-master entry) some other way: they have their time, so their entry ends."""
    live = [e for e in entries if e.date >= today_of(e)]
    if not live:
        return set()
    rows = Booking.select(Booking.client, Booking.date, Booking.master).where(
        Booking.client.in_({e.client_id for e in live}) & Booking.date.in_({e.date for e in live})
        & Booking.status.in_((PENDING, CONFIRMED, COMPLETED))).tuples()
    exact, any_master = set(), set()
    for client_id, day, master_id in rows:
        exact.add((client_id, day, master_id))
        any_master.add((client_id, day))
    return {e.id for e in live
            if ((e.client_id, e.date, e.master_id) in exact if e.master_id
                else (e.client_id, e.date) in any_master)}


def check(*, now: dt.datetime | None = None) -> int:
    """Tell waitlisted clients about time that freed up; end past entries. Returns how many
    messages were queued. Reads first; writes only when there is something to say."""
    stamp = _naive(now)
    entries = list(WaitlistEntry.select().where(WaitlistEntry.ended_at.is_null())
                   .order_by(WaitlistEntry.created_at, WaitlistEntry.id))
    if not entries:
        return 0
    today_of = _entry_today(branches.todays(now=now))
    booked = _booked_themselves(entries, today_of)
    past = [e.id for e in entries if e.date < today_of(e) or e.id in booked]
    free_by: dict[tuple, list[int]] = {}
    updates: list[tuple[WaitlistEntry, list[int], list[int]]] = []
    for entry in entries:
        if entry.date < today_of(entry) or entry.id in booked:
            continue
        key = (entry.services, entry.master_id, entry.date)
        if key not in free_by:
            free_by[key] = _starts(service_ids(entry), entry.master_id, entry.date, now)
        free = free_by[key]
        offered = [int(t) for t in entry.offered.split(",") if t]
        new = [t for t in free if t not in offered]
        if new or set(offered) - set(free):
            updates.append((entry, free, new))
    if not past and not updates:
        return 0
    queued = 0
    with write_transaction():
        if past:
            WaitlistEntry.update(ended_at=stamp).where(WaitlistEntry.id.in_(past)).execute()
        for entry, free, new in updates:  # in the order they joined
            client = Client.get_or_none(Client.id == entry.client_id)
            WaitlistEntry.update(offered=",".join(str(t) for t in free)).where(
                WaitlistEntry.id == entry.id).execute()
            if not new or client is None or not client.telegram_id or client.blocked:
                continue
            payload = {**describe(entry), "starts": new[:MAX_OFFERED]}
            notify.enqueue(client.telegram_id, KIND, payload=payload, language=client.language,
                           now=now)
            queued += 1
    return queued


def end_past(*, now: dt.datetime | None = None) -> int:
    """End the entries whose date is over on their branch's clock (the daily upkeep; `check`
    does it too while the bot runs). Returns how many ended; a read when none did."""
    todays = branches.todays(now=now)
    today_of = _entry_today(todays)
    candidates = WaitlistEntry.select().where(WaitlistEntry.ended_at.is_null()
                                              & (WaitlistEntry.date < max(todays.values())))
    past = [e.id for e in candidates if e.date < today_of(e)]
    if not past:
        return 0
    with write_transaction():
        return WaitlistEntry.update(ended_at=_naive(now)).where(
            WaitlistEntry.id.in_(past) & WaitlistEntry.ended_at.is_null()).execute()


def book(entry_id: int, client_id: int, start: int, *, now: dt.datetime | None = None):
    """The "Book HH:MM" press: book through the race-safe path; the entry ends with a booking.
    Raises SlotTaken when someone was faster (the entry stays), NotFound for an ended entry."""
    entry = active(entry_id, client_id, now=now)
    if entry is None:
        raise NotFound("This waitlist entry has ended")
    ids = service_ids(entry)
    booking = bookings.create_booking(service_ids=list(ids), client_id=client_id, day=entry.date,
                                      start=start, master_id=entry.master_id, source=SOURCE_BOT,
                                      now=now)
    with write_transaction():
        WaitlistEntry.update(ended_at=_naive(now), booking=booking.id).where(
            WaitlistEntry.id == entry.id).execute()
    return booking
