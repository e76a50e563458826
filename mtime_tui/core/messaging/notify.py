"""Who hears about what (SPEC "Notifications"): rows in the outbox, never message text.

Every function here only inserts Outbox rows; the callers in `bookings` and `working_time` call
them inside the write transaction of the change itself, so a notification exists exactly when its
cause was committed. The bot renders the text at send time from `kind`, `payload` and `language`.

Payload of every booking notification (a snapshot, so a later change cannot garble an old message):
`number, date (ISO), start, duration, end (minutes), master, master_id, service (the visit's
services joined with " + "), services (their names in order), price, client, phone, status,
source` — plus `old_date`/`old_start` for moves, `hours` for reminders, `by` for
cancellations. The `message` kind carries `{"text": …}` only.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from peewee import fn

from .. import clock
from .. import settings as settings_mod
from ..booking import visits
from ..people import branches
from ..storage import prepared
from ..storage.db import write_transaction
from ..storage.models import (
    BY_CLIENT,
    CONFIRMED,
    NO_SHOW,
    PENDING,
    SOURCE_BOT,
    SOURCE_MASTER,
    Booking,
    Client,
    Master,
    Outbox,
    TelegramUser,
)
from ..storage.prepared import Prepared
from . import outbox

log = logging.getLogger(__name__)

MASTER_NEW_BOOKING = "master_new_booking"
MASTER_CANCELLED = "master_cancelled"
MASTER_MOVED = "master_moved"
CLIENT_RECEIVED = "client_received"
CLIENT_CONFIRMED = "client_confirmed"
CLIENT_DECLINED = "client_declined"
CLIENT_CANCELLED_BY_SALON = "client_cancelled_by_salon"
CLIENT_MOVED_BY_SALON = "client_moved_by_salon"
CLIENT_REMINDER = "client_reminder"
ADMIN_NEW_BOOKING = "admin_new_booking"
ADMIN_CANCELLED = "admin_cancelled"
MASTER_VISIT_CHANGED = "master_visit_changed"
CLIENT_VISIT_CHANGED = "client_visit_changed"
MESSAGE = "message"
CLIENT_MESSAGE = "client_message"  # a client wrote to the salon (core.messaging.conversations)
WAITLIST_FREE = "waitlist_free"  # time freed up on a waitlisted date (core.booking.waitlist)
ADMIN_DAILY_SUMMARY = "admin_daily_summary"  # core.messaging.digest: the day's figures (payload: lines)
MASTER_VISIT_OUTCOME = "master_visit_outcome"  # core.reports.outcomes: "did the client come?"
CLIENT_BRANCH_CHANGED = "client_branch_changed"  # the master moved to another branch, the visit too
KINDS = (
    MASTER_NEW_BOOKING,
    MASTER_CANCELLED,
    MASTER_MOVED,
    CLIENT_RECEIVED,
    CLIENT_CONFIRMED,
    CLIENT_DECLINED,
    CLIENT_CANCELLED_BY_SALON,
    CLIENT_MOVED_BY_SALON,
    CLIENT_REMINDER,
    ADMIN_NEW_BOOKING,
    ADMIN_CANCELLED,
    MASTER_VISIT_CHANGED,
    CLIENT_VISIT_CHANGED,
    MESSAGE,
    CLIENT_MESSAGE,
    ADMIN_DAILY_SUMMARY,
    MASTER_VISIT_OUTCOME,
    WAITLIST_FREE,
    CLIENT_BRANCH_CHANGED,
)

# A reminder is not sent more than this late (the laptop was off at its time): a "your visit is in
# 24 hours" arriving at 20 hours is still useful, one arriving at 2 hours is wrong — that is the
# 2-hour reminder's job.
REMINDER_GRACE = dt.timedelta(hours=1)
MESSAGE_LIMIT = 4000


def _naive_utc(now: dt.datetime | None) -> dt.datetime:
    return (now or clock.now_utc()).astimezone(dt.UTC).replace(tzinfo=None)


def enqueue(
    chat_id: int,
    kind: str,
    *,
    booking: Booking | int | None = None,
    payload: dict | None = None,
    language: str = "ru",
    dedup_key: str | None = None,
    now: dt.datetime | None = None,
) -> Outbox | None:
    """Put one notification in the outbox. With a `dedup_key` already present, do nothing and
    return None (each reminder once)."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if dedup_key is not None and Outbox.select().where(Outbox.dedup_key == dedup_key).exists():
        return None
    stamp = _naive_utc(now)
    hand = outbox.claim_new(stamp)  # the bot's writer: claimed now, handed to its sender after
    row = prepared.create(  # Outbox.create, its INSERT built once
        Outbox,
        chat_id=int(chat_id),
        kind=kind,
        booking=booking,
        payload=json.dumps(payload or {}, ensure_ascii=False),
        language=language or "ru",
        dedup_key=dedup_key,
        created_at=stamp,
        next_attempt_at=stamp if hand is None else outbox.claimed_until(stamp),
    )
    if hand is not None:
        hand(row)
    return row


def booking_payload(booking: Booking, **extra: object) -> dict:
    """A snapshot of what a message about this booking shows."""
    client = booking.client
    data = {
        "number": booking.number,
        "date": booking.date.isoformat(),
        "start": booking.start,
        "duration": booking.duration,
        "end": booking.start + booking.duration,
        "master": booking.master.name,
        "master_id": booking.master_id,
        "service": visits.title(booking),
        "services": visits.service_names(booking),
        "price": booking.price,
        "client": client.full_name,
        "phone": client.phone or "",
        "status": booking.status,
        "source": booking.source,
        # The client's no-shows so far: the master's notice flags a client who often does not
        # come (issue 15; one count on the (client, date, status) index).
        "no_shows": _NO_SHOWS.value(booking.client_id) or 0,
        "comment": booking.comment or "",
    }
    data.update(extra)
    return data


_NO_SHOWS = Prepared(lambda client_id: Booking.select(fn.COUNT(Booking.id)).where(
    (Booking.client == client_id) & (Booking.status == NO_SHOW)), 1, scalar=True)
_STAFF_LANGUAGE = Prepared(lambda telegram_id: TelegramUser.select(TelegramUser.language).where(
    TelegramUser.telegram_id == telegram_id).limit(1), 1, scalar=True)


def staff_language(telegram_id: int) -> str:
    """A master's or admin's language: what their Telegram said at /start, else Russian."""
    return _STAFF_LANGUAGE.value(telegram_id) or "ru"


def _to_master(booking: Booking, kind: str, payload: dict) -> None:
    master = booking.master
    enqueue(
        master.telegram_id,
        kind,
        booking=booking,
        payload=payload,
        language=staff_language(master.telegram_id),
    )


def _to_client(booking: Booking, kind: str, payload: dict, settings=None) -> None:
    client = booking.client
    if not client.telegram_id:
        return
    if client.broadcasts_off and (settings or settings_mod.load()).opt_out_stops_notices:
        return  # the client said /stop and the salon's setting makes that mean everything
    enqueue(client.telegram_id, kind, booking=booking, payload=payload, language=client.language)


def _to_admins(booking: Booking, kind: str, payload: dict, settings=None) -> None:
    """Every admin on Telegram who sees the booking's branch (docs/BRANCHES.md: an admin may be
    limited to branches), except the master of the booking (who hears as master, or made the
    booking themself) — nobody gets one event twice. `settings`: the caller's, if it has them."""
    if not (settings or settings_mod.load()).notify_admins:
        return
    for admin_id in branches.admins_of(booking.master.branch_id):
        if admin_id == booking.master.telegram_id:
            continue
        enqueue(admin_id, kind, booking=booking, payload=payload, language=staff_language(admin_id))


def booking_created(booking: Booking, settings=None) -> None:
    """A new booking: the master (unless they booked for themself), the client, the admins.

    Bot bookings tell the client "received" (it waits for confirmation); manual and master
    bookings start confirmed, so a client on Telegram hears "confirmed". `settings`: those the
    booking was checked against (read again otherwise: after the booking's own writes the cache
    of this connection no longer holds them).
    """
    payload = booking_payload(booking)
    if booking.source != SOURCE_MASTER:
        _to_master(booking, MASTER_NEW_BOOKING, payload)
    _to_client(booking, CLIENT_RECEIVED if booking.source == SOURCE_BOT else CLIENT_CONFIRMED,
               payload, settings)
    _to_admins(booking, ADMIN_NEW_BOOKING, payload, settings)


def booking_cancelled(booking: Booking, by: str, *, was: str) -> None:
    """A cancellation. By the client: the master hears. By the salon: the client hears
    ("declined" when it was still pending). Admins hear either way."""
    payload = booking_payload(booking, by=by)
    if by == BY_CLIENT:
        _to_master(booking, MASTER_CANCELLED, payload)
    else:
        kind = CLIENT_DECLINED if was == PENDING else CLIENT_CANCELLED_BY_SALON
        _to_client(booking, kind, payload)
    _to_admins(booking, ADMIN_CANCELLED, payload)


def booking_moved(booking: Booking, by: str, old_date: dt.date, old_start: int) -> None:
    """A move: the master hears of a client's move, the client of the salon's."""
    payload = booking_payload(booking, by=by, old_date=old_date.isoformat(), old_start=old_start)
    if by == BY_CLIENT:
        _to_master(booking, MASTER_MOVED, payload)
    else:
        _to_client(booking, CLIENT_MOVED_BY_SALON, payload)


def visit_changed(booking: Booking) -> None:
    """The salon added or removed a service: the master and the client hear the visit as it is."""
    payload = booking_payload(booking)
    _to_master(booking, MASTER_VISIT_CHANGED, payload)
    _to_client(booking, CLIENT_VISIT_CHANGED, payload)


def branch_changed(booking: Booking) -> None:
    """The salon moved the visit's master to another branch and the visit went along: the client
    hears the new address (the same date, time and master)."""
    _to_client(booking, CLIENT_BRANCH_CHANGED, booking_payload(booking))


def booking_confirmed(booking: Booking) -> None:
    _to_client(booking, CLIENT_CONFIRMED, booking_payload(booking))


def reminder_key(hours: int, booking: Booking) -> str:
    """One reminder per hours-before, booking and time: a moved booking gets its own again."""
    return f"reminder:{hours}:{booking.number}:{booking.date:%Y%m%d}:{booking.start:04d}"


def enqueue_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Queue the reminders whose time has come; returns how many were queued.

    A reminder `h` hours before a pending or confirmed booking is due from its time until
    REMINDER_GRACE later, and only for a booking that already existed at that time (someone who
    books 3 hours ahead has just been told; they get the 2-hour reminder, not the 24-hour one).
    The bot calls this every minute or so; each reminder is queued once (dedup_key).
    """
    s = settings_mod.load()
    if not s.reminder_hours:
        return 0
    now_utc = (now or clock.now_utc()).astimezone(dt.UTC)
    # Each booking on its branch's wall clock (docs/BRANCHES.md); a day early covers every zone.
    zones = branches.zones(s)
    today = now_utc.astimezone(s.tz).date() - dt.timedelta(days=1 if len(zones) > 1 else 0)
    last = today + dt.timedelta(days=max(s.reminder_hours) // 24 + 3)
    candidates = (
        Booking.select(Booking, Client, Master.branch)
        .join(Client)
        .join_from(Booking, Master)
        .where(
            Booking.status.in_((PENDING, CONFIRMED))
            & (Booking.date >= today)
            & (Booking.date <= last)
            & Client.telegram_id.is_null(False)
        )
    )
    if s.opt_out_stops_notices:
        candidates = candidates.where(Client.broadcasts_off == False)  # noqa: E712
    due = []
    for booking in candidates:
        starts_at = dt.datetime.combine(
            booking.date, dt.time(booking.start // 60, booking.start % 60),
            tzinfo=zones.get(booking.master.branch_id, s.tz),
        ).astimezone(dt.UTC)
        if starts_at <= now_utc:
            continue
        created = booking.created_at.replace(tzinfo=dt.UTC)
        for hours in s.reminder_hours:
            due_at = starts_at - dt.timedelta(hours=hours)
            if due_at <= now_utc <= due_at + REMINDER_GRACE and created <= due_at:
                due.append((booking, hours))
    if not due:
        return 0  # the usual minute: no write lock taken
    queued = 0
    with write_transaction():
        for booking, hours in due:
            # Re-read inside the transaction: cancelled or moved a moment ago means no reminder.
            fresh = Booking.get_or_none(Booking.id == booking.id)
            if (
                fresh is None
                or fresh.status not in (PENDING, CONFIRMED)
                or (fresh.date, fresh.start) != (booking.date, booking.start)
            ):
                continue
            row = enqueue(
                booking.client.telegram_id,
                CLIENT_REMINDER,
                booking=booking,
                payload=booking_payload(fresh, hours=hours),
                language=booking.client.language,
                dedup_key=reminder_key(hours, booking),
                now=now,
            )
            queued += row is not None
    if queued:
        log.info("queued %d reminder(s)", queued)
    return queued


def message_client(
    client_id: int, text: str, *, author: int | None = None, now: dt.datetime | None = None
) -> Outbox:
    """A free text from the salon to a client, sent through the bot and kept in the client's
    conversation (`conversations.reply`); returns its outbox row."""
    from .conversations import reply

    return reply(client_id, text, author=author, now=now).outbox
