"""Exports (issue 15): bookings as CSV or iCalendar, clients as CSV.

Rows stream from the database in pages of `CHUNK` (an export of 300,000 bookings never holds them
all); a visit's services are read for a page at a time. `progress(done, total)` is called after
each page, so the TUI's worker and the CLI can show how far it got. docs/EXPORTS.md says what the
files hold and why they look the way they do.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from peewee import JOIN, fn

from ...i18n import N_, tr
from .. import clock
from .. import settings as settings_mod
from ..booking import booking_queries
from ..people.phones import format_phone
from ..storage import files
from ..storage.models import (
    BY_CLIENT,
    BY_SALON,
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    PENDING,
    Booking,
    Client,
    Master,
    Service,
    VisitService,
    database,
)

CSV, ICS = "csv", "ics"
FORMATS = (CSV, ICS)
CHUNK = 2000

STATUS_NAMES = {
    PENDING: N_("Awaiting confirmation"),
    CONFIRMED: N_("Confirmed"),
    COMPLETED: N_("Completed"),
    NO_SHOW: N_("No-show"),
    CANCELLED: N_("Cancelled"),
}
SOURCE_NAMES = {"bot": N_("bot"), "manual": N_("admin"), "master": N_("master")}
BY_NAMES = {BY_CLIENT: N_("the client"), BY_SALON: N_("the salon")}

BOOKING_HEADER = (
    N_("Number"), N_("Date"), N_("Start"), N_("End"), N_("Minutes"), N_("Master"),
    N_("Services"), N_("Client"), N_("Phone"), N_("Telegram ID"), N_("Price"), N_("Status"),
    N_("Source"), N_("Cancelled by"), N_("Created (UTC)"), N_("Changed (UTC)"),
)
CLIENT_HEADER = (
    N_("Full name"), N_("First name"), N_("Last name"), N_("Phone"), N_("Telegram ID"), N_("Notes"),
    N_("Blocked"), N_("Block reason"), N_("Created (UTC)"), N_("Visits"), N_("No-shows"),
)


@dataclass(frozen=True)
class Selection:
    """Which bookings: a range of dates, statuses, one master, the Bookings section's search."""

    first: dt.date | None = None
    last: dt.date | None = None
    statuses: tuple[str, ...] | None = None
    master_id: int | None = None
    search: str = ""
    branch: int | None = None  # a chain's branch: its masters' bookings (None: the chain)

    def where(self):
        condition = Booking.id > 0
        if self.first is not None:
            condition &= Booking.date >= self.first
        if self.last is not None:
            condition &= Booking.date <= self.last
        if self.statuses:
            condition &= Booking.status.in_(list(self.statuses))
        if self.master_id is not None:
            condition &= Booking.master == self.master_id
        if self.branch is not None:
            condition &= Booking.master.in_(Master.select(Master.id)
                                            .where(Master.branch == self.branch))
        if self.search.strip():
            condition &= booking_queries.search_condition(self.search.strip())
        return condition


def count_bookings(selection: Selection) -> int:
    return Booking.select(fn.COUNT(Booking.id)).where(selection.where()).scalar() or 0


@dataclass(slots=True)
class Row:
    """One booking as the exports write it."""

    id: int
    number: int
    date: dt.date
    start: int
    duration: int
    price: int | None
    status: str
    source: str
    cancelled_by: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    master: str
    master_id: int
    first_name: str
    last_name: str
    phone: str | None
    telegram_id: int | None
    service: str
    services: list[str] | None = None

    @property
    def client(self) -> str:
        first, last = self.first_name, self.last_name
        return f"{first} {last}" if first and last else first or last

    @property
    def end(self) -> int:
        return self.start + self.duration


def _as_date(value) -> dt.date:
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def _as_datetime(value) -> dt.datetime:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else value


def selected_bookings(selection: Selection,
                      progress: files.Progress | None = None) -> Iterator[tuple]:
    """The selected bookings by date and start, streamed as the database gives them — (id,
    number, date, start, duration, price, status, source, cancelled_by, created_at, updated_at,
    master id, client id, service id) — with `progress` after every CHUNK.

    The bookings alone, in the (date, start) index's order: joined to their masters, clients
    and services, SQLite drove the query from the services and sorted all 300,000 rows (1.75 s
    of CPU against 0.7 s); `_names` reads the names once beforehand."""
    total = count_bookings(selection)
    query = (
        Booking.select(
            Booking.id, Booking.number, Booking.date, Booking.start, Booking.duration,
            Booking.price, Booking.status, Booking.source, Booking.cancelled_by,
            Booking.created_at, Booking.updated_at, Booking.master, Booking.client,
            Booking.service,
        )
        .where(selection.where())
        .order_by(Booking.date, Booking.start, Booking.number)
    )
    done = 0
    if progress:
        progress(0, total)
    # The raw cursor: peewee's per-value conversion was half the time of a large export.
    for values in database.execute_sql(*query.sql()):
        yield values
        done += 1
        if progress and done % CHUNK == 0:
            progress(done, total)
    if progress:
        progress(done, max(total, done))


def _names(selection: Selection) -> tuple[dict, dict, dict]:
    """Masters' and services' names by id, and (first name, last name, phone, Telegram ID) of
    each client with a selected booking."""
    masters = dict(database.execute_sql(*Master.select(Master.id, Master.name).sql()))
    services = dict(database.execute_sql(*Service.select(Service.id, Service.name).sql()))
    clients = Client.select(
        Client.id, Client.first_name, Client.last_name, Client.phone, Client.telegram_id
    ).where(Client.id.in_(Booking.select(Booking.client).where(selection.where())))
    people = {cid: rest for cid, *rest in database.execute_sql(*clients.sql())}
    return masters, services, people


def booking_rows(selection: Selection, progress: files.Progress | None = None) -> Iterator[Row]:
    """The selected bookings by date and start, streamed, with their services in order."""
    extra = _extra_services(selection)
    masters, services, people = _names(selection)
    dates: dict[object, dt.date] = {}
    for *values, master_id, client_id, service_id in selected_bookings(selection, progress):
        row = Row(*values, masters[master_id], master_id, *people[client_id],
                  services[service_id])
        day = row.date
        row.date = dates.get(day) or dates.setdefault(day, _as_date(day))
        row.created_at = _as_datetime(row.created_at)
        row.updated_at = _as_datetime(row.updated_at)
        row.services = [row.service, *extra.get(row.id, ())]
        yield row


def _extra_services(selection: Selection) -> dict[int, list[str]]:
    """The second and later services of the selected visits, in order (the first is the
    booking's own `service`, core.booking.visits keeps it so): one query for the whole export."""
    extra: dict[int, list[str]] = {}
    query = (
        VisitService.select(VisitService.booking, Service.name)
        .join(Booking, JOIN.INNER, on=(VisitService.booking == Booking.id))
        .switch(VisitService)
        .join(Service, JOIN.INNER, on=(VisitService.service == Service.id))
        .where(selection.where() & (VisitService.position > 0))
        .order_by(VisitService.booking, VisitService.position)
    )
    for booking_id, name in database.execute_sql(*query.sql()):
        extra.setdefault(booking_id, []).append(name)
    return extra


_HM = [f"{m // 60:02d}:{m % 60:02d}" for m in range(48 * 60)]


def _hm(minutes: int) -> str:
    return _HM[minutes] if 0 <= minutes < len(_HM) else f"{minutes // 60:02d}:{minutes % 60:02d}"


@lru_cache(maxsize=4096)
def _day_text(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _utc(value: dt.datetime | None) -> str:
    return value.strftime("%d.%m.%Y %H:%M") if value else ""


def cell_names(lang: str | None) -> dict:
    """The statuses, sources and who-cancelled words of the export's language, looked up once."""
    names: dict = {k: tr(v, lang) for k, v in (*STATUS_NAMES.items(), *SOURCE_NAMES.items())}
    names.update({("by", k): tr(v, lang) for k, v in BY_NAMES.items()})
    return names


def _stamp_text(value) -> str:
    """A stored moment as `_utc` writes it; SQLite's ISO text is cut, not parsed (an export of
    300,000 bookings parsed and formatted 600,000 of them)."""
    if isinstance(value, str) and len(value) >= 16 and value[4] == "-" and value[13] == ":":
        return f"{value[8:10]}.{value[5:7]}.{value[:4]} {value[11:16]}"
    return _utc(_as_datetime(value)) if value else ""


def _guarded(text: str) -> str:
    """A cell people typed, never run as a formula (files.write_csv's guard, done once per
    distinct name here)."""
    return "'" + text if text and text[0] in files.FORMULA_START else text


def _csv_rows(selection: Selection, progress: files.Progress | None,
              names: dict) -> Iterator[list[object]]:
    """The CSV cells of every selected booking, straight from the database's tuples: each
    distinct date, name and phone written once (a salon's 300,000 bookings have a thousand
    dates, 50,000 clients and a few dozen masters and services)."""
    extra = _extra_services(selection)
    masters, services, people = _names(selection)
    master_text = {k: _guarded(v) for k, v in masters.items()}
    service_text = {k: _guarded(v) for k, v in services.items()}
    person = {
        cid: (_guarded(f"{first} {last}" if first and last else first or last),
              _guarded(format_phone(phone)), telegram_id or "")
        for cid, (first, last, phone, telegram_id) in people.items()
    }
    days: dict[object, str] = {}
    for (booking_id, number, day, start, duration, price, status, source, by, created, updated,
         master_id, client_id, service_id) in selected_bookings(selection, progress):
        day_text = days.get(day)
        if day_text is None:
            day_text = days[day] = _day_text(_as_date(day))
        more = extra.get(booking_id)
        client, phone, telegram_id = person[client_id]
        yield [
            number, day_text, _hm(start), _hm(start + duration), duration,
            master_text[master_id],
            _guarded(" + ".join([services[service_id], *more])) if more
            else service_text[service_id],
            client, phone, telegram_id, "" if price is None else price,
            names.get(status, status), names.get(source, source), names.get(("by", by), ""),
            _stamp_text(created), _stamp_text(updated),
        ]


def export_bookings(path: str | Path, selection: Selection = Selection(), *, fmt: str = CSV,
                    progress: files.Progress | None = None, lang: str | None = None) -> int:
    """Write the selected bookings to `path` as CSV or iCalendar; returns how many."""
    if fmt == ICS:
        from .calendar_file import write_calendar

        return write_calendar(path, booking_rows(selection, progress), selection, lang=lang)
    header = [tr(h, lang) for h in BOOKING_HEADER]
    return files.write_csv(path, header, _csv_rows(selection, progress, cell_names(lang)),
                           text_columns=())


# Clients.


def export_clients(path: str | Path, *, progress: files.Progress | None = None,
                   lang: str | None = None) -> int:
    """Every client with their visits and no-shows (the import reads this file back as it is)."""
    total = Client.select().count()
    visits: dict[int, int] = {}
    no_shows: dict[int, int] = {}
    for client_id, status, count in (
        Booking.select(Booking.client, Booking.status, fn.COUNT(Booking.id))
        .where(Booking.status.in_((COMPLETED, NO_SHOW)))
        .group_by(Booking.client, Booking.status)
        .tuples()
    ):
        (visits if status == COMPLETED else no_shows)[client_id] = count
    yes, no = tr("yes", lang), ""

    def rows() -> Iterator[list[object]]:
        query = (
            Client.select(Client.id, Client.first_name, Client.last_name, Client.phone,
                          Client.telegram_id, Client.notes, Client.blocked, Client.block_reason,
                          Client.created_at)
            .order_by(Client.id)
            .tuples()
        )
        for done, (cid, first, last, phone, tid, notes, blocked, reason, created) in enumerate(
            query.iterator(), start=1
        ):
            name = " ".join(p for p in (first, last) if p)
            yield [name, first, last, format_phone(phone), tid or "", notes,
                   yes if blocked else no, reason, _utc(_as_datetime(created)),
                   visits.get(cid, 0), no_shows.get(cid, 0)]
            if progress and done % CHUNK == 0:
                progress(done, total)

    if progress:
        progress(0, total)
    count = files.write_csv(path, [tr(h, lang) for h in CLIENT_HEADER], rows())
    if progress:
        progress(count, count)
    return count


def calendar_id() -> str:
    """This salon's part of every event UID, made once and kept in the settings, so the same
    booking exported again is the same event to Google or Apple Calendar (updated, not doubled),
    and two salons' exports never collide."""
    current = settings_mod.load().calendar_id
    if current:
        return current
    made = uuid.uuid4().hex[:16]
    settings_mod.save(calendar_id=made)
    return made


def export_stamp() -> dt.datetime:
    return clock.now_utc()
