"""Bookings as an iCalendar file (RFC 5545, with the `icalendar` library): for the salon or one
master, in the salon's time zone (its VTIMEZONE included), one event per booking. In a chain each
event is on its branch's clock (docs/BRANCHES.md), with a VTIMEZONE for every zone it uses.

Each event's UID is the booking number and this salon's calendar id (`exports.calendar_id`), so a
calendar that imports the file again updates the events instead of doubling them; SEQUENCE and
LAST-MODIFIED follow the booking's last change, and a cancelled booking stays in the file as
STATUS:CANCELLED so the calendar drops it too. Events are written one by one (the calendar's head,
each event, its end): an export of every booking never builds them all in memory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import icalendar

from ...i18n import tr
from .. import settings as settings_mod
from ..people import branches
from ..people.services import amount_text
from ..storage import files
from ..storage.models import CANCELLED, PENDING, Master

EPOCH = dt.datetime(2020, 1, 1)
PRODID = "-//mtime-tui//salon bookings//EN"


def _local(day: dt.date, minutes: int, tz) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()).replace(tzinfo=tz) + dt.timedelta(minutes=minutes)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC)


def uid(number: int, calendar: str) -> str:
    return f"booking-{number}-{calendar}@mtime-tui"


def event(row, *, tz, calendar: str, currency: str, stamp: dt.datetime, with_master: bool,
          lang: str | None) -> icalendar.Event:
    from .exports import STATUS_NAMES

    services = " + ".join(row.services or [row.service])
    summary = f"{services} — {row.client}" if row.client else services
    if with_master:
        summary = f"{row.master}: {summary}"
    lines = [tr("Booking № {number}", lang, number=row.number)]
    if row.phone:
        from ..people.phones import format_phone

        lines.append(tr("Phone: {phone}", lang, phone=format_phone(row.phone)))
    if row.price is not None:
        lines.append(tr("Price: {price}", lang, price=amount_text(row.price, currency)))
    lines.append(tr("Status: {status}", lang, status=tr(STATUS_NAMES.get(row.status, row.status),
                                                         lang)))
    ev = icalendar.Event()
    ev.add("uid", uid(row.number, calendar))
    ev.add("dtstamp", stamp)
    ev.add("dtstart", _local(row.date, row.start, tz))
    ev.add("dtend", _local(row.date, row.end, tz))
    ev.add("summary", summary)
    ev.add("description", "\n".join(lines))
    ev.add("status", "CANCELLED" if row.status == CANCELLED
           else "TENTATIVE" if row.status == PENDING else "CONFIRMED")
    ev.add("sequence", max(int((row.updated_at - EPOCH).total_seconds()), 0))
    ev.add("created", _utc(row.created_at))
    ev.add("last-modified", _utc(row.updated_at))
    return ev


def _master_zones(s: settings_mod.Settings) -> dict:
    """Each master's time zone (their branch's) by master id, for a chain's events."""
    zones = branches.zones(s)
    return {mid: zones.get(bid, s.tz) for mid, bid in Master.select(Master.id, Master.branch)
            .tuples()}


def write_calendar(path: str | Path, rows: Iterable, selection, *, lang: str | None = None) -> int:
    from .exports import calendar_id, export_stamp

    s = settings_mod.load()
    calendar = calendar_id()
    name = s.salon_name
    if selection.master_id is not None:
        master = Master.get_or_none(Master.id == selection.master_id)
        if master is not None:
            name = f"{s.salon_name} — {master.name}"
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    branch = getattr(selection, "branch", None)  # one branch: its clock for every event
    home = branches.for_branch(s, branch)
    zone_of = _master_zones(s) if branch is None and branches.is_chain() else {}
    cal.add("x-wr-timezone", home.timezone)
    for zone in sorted({home.timezone, *(z.key for z in zone_of.values())}):
        cal.add_component(icalendar.Timezone.from_tzid(zone))
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    stamp = _utc(export_stamp().astimezone(dt.UTC).replace(tzinfo=None))
    count = 0
    with files.owner_only(path, encoding=None) as out:
        out.write(head[: -len(end)])
        for row in rows:
            out.write(event(row, tz=zone_of.get(row.master_id, home.tz), calendar=calendar, currency=s.currency, stamp=stamp,
                            with_master=selection.master_id is None, lang=lang).to_ical())
            count += 1
        out.write(end)
    return count
