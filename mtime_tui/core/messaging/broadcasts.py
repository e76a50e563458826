"""Broadcasts to clients (issue 16; seed: the broadcast platform): compose, audience, schedule,
send through the outbox at Telegram's pace, pause, resume, cancel, and the figures.

A broadcast's text may say `{first_name}`; it is filled in per client when the bot sends it.
The audience is one of AUDIENCES; blocked clients, unreachable ones (Telegram said 403) and those
who opted out (/stop, or Unsubscribe under a broadcast) are never in it, and the sender checks
opt-outs and blocks again right before each message.

`start(broadcast_id)` writes one outbox row per recipient (kind `broadcast`, `broadcast_id` set)
with a single INSERT … SELECT in one write transaction, so each client gets it once and a
restart loses and duplicates nothing: the rows wait in the outbox like every notification. A
scheduled broadcast's rows are due at its time (`next_attempt_at`). Pausing holds the rows that
are still waiting (status `held`), resuming releases them, cancelling drops them (`cancelled`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from dataclasses import dataclass, replace

from peewee import SQL, Value, fn

from .. import clock
from .. import settings as settings_mod
from ..errors import NotAllowed, NotFound, ValidationError
from ..people import branches
from ..people.fields import clean_text
from ..storage.db import write_transaction
from ..storage.models import (
    CANCELLED,
    NO_SHOW,
    OUT_CANCELLED,
    OUT_FAILED,
    OUT_HELD,
    OUT_PENDING,
    OUT_SENT,
    OUT_SKIPPED,
    OUT_UNREACHABLE,
    Booking,
    Broadcast,
    Client,
    Master,
    Outbox,
    TelegramUser,
)
from ..storage.prepared import Prepared

TEXT_LIMIT = 3500  # leaves room for a long first name and the salon's heading in 4096
KIND = "broadcast"

ALL = "all"
VISITED = "visited"  # visited between two dates
BY_MASTER = "master"
BY_SERVICE = "service"
LAPSED = "lapsed"  # not visited for N days
AUDIENCES = (ALL, VISITED, BY_MASTER, BY_SERVICE, LAPSED)

# Broadcast states.
DRAFT = "draft"
QUEUED = "queued"  # rows in the outbox (sending, or waiting for its time)
PAUSED = "paused"
CANCELLED_STATE = "cancelled"
DONE = "done"


@dataclass(frozen=True)
class Audience:
    kind: str = ALL
    first: dt.date | None = None  # VISITED
    last: dt.date | None = None  # VISITED
    master_id: int | None = None
    service_id: int | None = None
    days: int | None = None  # LAPSED
    branch: int | None = None  # a chain: the clients of this branch only (None: everyone)

    def to_json(self) -> str:
        data = {"kind": self.kind}
        for name in ("master_id", "service_id", "days", "branch"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        for name in ("first", "last"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name).isoformat()
        return json.dumps(data)

    @classmethod
    def from_json(cls, raw: str) -> Audience:
        data = json.loads(raw or "{}")
        for name in ("first", "last"):
            if data.get(name):
                data[name] = dt.date.fromisoformat(data[name])
        return cls(**data)


def _naive(now: dt.datetime | None) -> dt.datetime:
    return (now or clock.now_utc()).astimezone(dt.UTC).replace(tzinfo=None)


def _today(branch: int | None = None) -> dt.date:
    """Today on the branch's clock (the salon's for everyone): "not visited for N days" and
    "visits so far" count from there."""
    return branches.today(branch)


def validate_text(text: object) -> str:
    value = clean_text(text, "text", limit=TEXT_LIMIT, required=True, multiline=True)
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError:
        raise ValidationError("Braces: write {first_name} exactly, or no braces at all",
                              field="text") from None
    if fields - {"first_name"}:
        raise ValidationError("Braces: write {first_name} exactly, or no braces at all",
                              field="text")
    return value


# A client with no first name: "{first_name}" goes with the comma or space that joined it to
# the text, so "Hi {first_name}!" reads "Hi!" and "{first_name}, Friday…" reads "Friday…",
# never "Hi !" or ", Friday".
_NAMELESS = (re.compile(r"[ \t]*,?[ \t]*(?<!\{)\{first_name\}(?!\})"),
             re.compile(r"^\{first_name\}(?!\})[ \t,]*"))


def personal(text: str, first_name: str) -> str:
    """The text as one client reads it."""
    if not (first_name or "").strip():
        leading, anywhere = _NAMELESS[1], _NAMELESS[0]
        text = anywhere.sub("", leading.sub("", text, count=1))
        first_name = ""
    try:
        return text.format(first_name=first_name)
    except (KeyError, IndexError, ValueError):
        return text


def validate_audience(audience: Audience) -> Audience:
    if audience.kind not in AUDIENCES:
        raise ValidationError("Choose who gets it", field="audience")
    if audience.kind == VISITED:
        if audience.first is None or audience.last is None or audience.first > audience.last:
            raise ValidationError("Give the period: from and to (DD.MM.YYYY)", field="period")
    if audience.kind == BY_MASTER and not audience.master_id:
        raise ValidationError("Choose the master", field="master")
    if audience.kind == BY_SERVICE and not audience.service_id:
        raise ValidationError("Choose the service", field="service")
    if audience.kind == LAPSED and not (audience.days and 1 <= audience.days <= 3650):
        raise ValidationError("Days: a whole number from 1 to 3650", field="days")
    return audience


def _visits(branch: int | None = None):
    """Bookings that count as a visit: not cancelled, not a no-show, not in the future; with a
    branch, only visits to its masters."""
    query = Booking.select(Booking.client).where(
        Booking.status.not_in((CANCELLED, NO_SHOW)) & (Booking.date <= _today(branch)))
    if branch is not None:
        query = query.where(Booking.master.in_(Master.select(Master.id)
                                               .where(Master.branch == branch)))
    return query


def recipients(audience: Audience):
    """The clients a broadcast to `audience` reaches (a query of Client rows)."""
    unreachable = TelegramUser.select(TelegramUser.telegram_id).where(
        TelegramUser.unreachable == True)  # noqa: E712
    query = Client.select(Client.id, Client.telegram_id, Client.first_name, Client.language).where(
        Client.telegram_id.is_null(False)
        & (Client.blocked == False)  # noqa: E712
        & (Client.broadcasts_off == False)  # noqa: E712
        & Client.telegram_id.not_in(unreachable)
    )
    kind, branch = audience.kind, audience.branch
    if branch is not None:
        query = query.where(Client.id.in_(branches.clients_of(branch)))
    if kind == VISITED:
        visits = _visits(branch).where((Booking.date >= audience.first)
                                       & (Booking.date <= audience.last))
        query = query.where(Client.id.in_(visits))
    elif kind == BY_MASTER:
        query = query.where(Client.id.in_(_visits().where(Booking.master == audience.master_id)))
    elif kind == BY_SERVICE:
        query = query.where(Client.id.in_(_visits().where(Booking.service == audience.service_id)))
    elif kind == LAPSED:
        since = _today(branch) - dt.timedelta(days=audience.days)
        recent = _visits(branch).where(Booking.date > since)
        query = query.where(Client.id.in_(_visits(branch)) & Client.id.not_in(recent))
    return query


def count(audience: Audience) -> int:
    return recipients(validate_audience(audience)).count()


def sample(audience: Audience) -> Client | None:
    """A real client of the audience for the preview."""
    return recipients(validate_audience(audience)).order_by(Client.id).first()


def create(text: object, audience: Audience, *, at: dt.datetime | None = None,
           now: dt.datetime | None = None) -> Broadcast:
    """A draft; `at` (aware, or naive wall-clock time of the audience's branch — the salon's for
    everyone) schedules it for later. A chain's broadcast to a branch's clients is that branch's
    (its column: listed on the branch's seats)."""
    body = validate_text(text)
    validate_audience(audience)
    if audience.branch is not None:
        branches.get_branch(audience.branch)  # NotFound: a branch deleted meanwhile
    stamp = _naive(now)
    scheduled = None
    if at is not None:
        if at.tzinfo is None:
            at = at.replace(tzinfo=branches.for_branch(settings_mod.load(), audience.branch).tz)
        scheduled = at.astimezone(dt.UTC).replace(tzinfo=None)
        if scheduled <= stamp:
            raise ValidationError("The time to send must be in the future", field="at")
    with write_transaction():
        return Broadcast.create(text=body, audience=audience.to_json(), status=DRAFT,
                                created_at=stamp, scheduled_at=scheduled, branch=audience.branch)


def start(broadcast_id: int, *, now: dt.datetime | None = None) -> int:
    """Queue a draft for its audience as it is now; returns how many will get it."""
    stamp = _naive(now)
    with write_transaction():
        broadcast = _get(broadcast_id)
        if broadcast.status != DRAFT:
            raise NotAllowed("This broadcast was already sent")
        due = broadcast.scheduled_at or stamp
        people = recipients(audience_of(broadcast))
        rows = people.select(
            Client.telegram_id, Value(KIND), Value("{}"), Client.language, Value(OUT_PENDING),
            Value(0), Value(due), Value(""), Value(stamp), Value(broadcast.id),
        )
        total = Outbox.insert_from(rows, [
            Outbox.chat_id, Outbox.kind, Outbox.payload, Outbox.language, Outbox.status,
            Outbox.attempts, Outbox.next_attempt_at, Outbox.last_error, Outbox.created_at,
            Outbox.broadcast,
        ]).execute()
        total = Outbox.select().where(Outbox.broadcast == broadcast.id).count()
        Broadcast.update(status=QUEUED, total=total, started_at=stamp).where(
            Broadcast.id == broadcast.id).execute()
    return total


def audience_of(broadcast: Broadcast) -> Audience:
    """Who the broadcast is for: its audience, of its branch (the column is the branch's word:
    a deleted branch's broadcasts went to the main branch)."""
    return replace(Audience.from_json(broadcast.audience), branch=broadcast.branch_id)


def _get(broadcast_id: int) -> Broadcast:
    broadcast = Broadcast.get_or_none(Broadcast.id == broadcast_id)
    if broadcast is None:
        raise NotFound("The broadcast was not found")
    return broadcast


def _move(broadcast_id: int, frm: tuple[str, ...], to: str, state_from: tuple[str, ...],
          state_to: str) -> int:
    with write_transaction():
        broadcast = _get(broadcast_id)
        if broadcast.status not in state_from:
            raise NotAllowed("Not possible in this state of the broadcast")
        moved = Outbox.update(status=to).where(
            (Outbox.broadcast == broadcast_id) & Outbox.status.in_(frm)).execute()
        Broadcast.update(status=state_to).where(Broadcast.id == broadcast_id).execute()
    return moved


def pause(broadcast_id: int) -> int:
    return _move(broadcast_id, (OUT_PENDING,), OUT_HELD, (QUEUED,), PAUSED)


def resume(broadcast_id: int) -> int:
    return _move(broadcast_id, (OUT_HELD,), OUT_PENDING, (PAUSED,), QUEUED)


def cancel(broadcast_id: int) -> int:
    return _move(broadcast_id, (OUT_PENDING, OUT_HELD), OUT_CANCELLED, (DRAFT, QUEUED, PAUSED),
                 CANCELLED_STATE)


@dataclass(frozen=True)
class Figures:
    total: int
    sent: int
    failed: int  # gave up (400, retries exhausted)
    unreachable: int  # 403
    skipped: int  # opted out or blocked before their turn
    left: int  # still to send (or held)
    cancelled: int
    opted_out_after: int  # got it, then opted out


def figures(broadcast_id: int) -> Figures:
    by = dict(Outbox.select(Outbox.status, fn.COUNT(Outbox.id))
              .where(Outbox.broadcast == broadcast_id).group_by(Outbox.status).tuples())
    after = (Outbox.select(Outbox.id).join(Client, on=(Client.telegram_id == Outbox.chat_id))
             .where((Outbox.broadcast == broadcast_id) & (Outbox.status == OUT_SENT)
                    & Client.broadcasts_off_at.is_null(False)
                    & (Client.broadcasts_off_at >= Outbox.sent_at)).count())
    return Figures(
        total=sum(by.values()), sent=by.get(OUT_SENT, 0), failed=by.get(OUT_FAILED, 0),
        unreachable=by.get(OUT_UNREACHABLE, 0), skipped=by.get(OUT_SKIPPED, 0),
        left=by.get(OUT_PENDING, 0) + by.get(OUT_HELD, 0), cancelled=by.get(OUT_CANCELLED, 0),
        opted_out_after=after,
    )


def finish_done(*, now: dt.datetime | None = None) -> int:
    """Queued broadcasts with nothing left to send become done (the TUI and the sender ask)."""
    left = Outbox.select(Outbox.id).where(
        (Outbox.broadcast == Broadcast.id) & Outbox.status.in_((OUT_PENDING, OUT_HELD)))
    queued = Broadcast.select(Broadcast.id).where((Broadcast.status == QUEUED) & ~fn.EXISTS(left))
    ids = [b.id for b in queued]
    if not ids:
        return 0
    with write_transaction():
        return Broadcast.update(status=DONE, finished_at=_naive(now)).where(
            Broadcast.id.in_(ids) & (Broadcast.status == QUEUED)).execute()


def listing(limit: int = 50, *, branch: int | None = None) -> list[Broadcast]:
    """The latest broadcasts; with a branch, those to its clients and those to everyone."""
    query = Broadcast.select().order_by(Broadcast.created_at.desc(), Broadcast.id.desc())
    if branch is not None:
        query = query.where(Broadcast.branch.is_null() | (Broadcast.branch == branch))
    return list(query.limit(limit))


# ---- opting out (SPEC "Clients") -------------------------------------------------------------


def opt_out(telegram_id: int, *, now: dt.datetime | None = None) -> bool:
    """/stop or Unsubscribe: no more broadcasts. True if it changed anything."""
    query = Client.update(broadcasts_off=True, broadcasts_off_at=_naive(now)).where(
        (Client.telegram_id == telegram_id) & (Client.broadcasts_off == False))  # noqa: E712
    if not Client.select().where(query._where).exists():
        return False
    with write_transaction():
        return bool(query.execute())


def opt_in(telegram_id: int) -> bool:
    """/start after /stop: broadcasts again. True if it changed anything (a read otherwise)."""
    query = Client.update(broadcasts_off=False, broadcasts_off_at=None).where(
        (Client.telegram_id == telegram_id) & (Client.broadcasts_off == True))  # noqa: E712
    if _OPTED_OUT.first(telegram_id) is None:  # every /start asks: SQL built once
        return False
    with write_transaction():
        return bool(query.execute())


_OPTED_OUT = Prepared(lambda telegram_id: Client.select(Client.id).where(
    (Client.telegram_id == telegram_id) & (Client.broadcasts_off == True)).limit(1), 1)  # noqa: E712


def still_wanted(chat_id: int) -> Client | None:
    """The client a broadcast row is for, if they still may get it (not blocked, not opted out)."""
    client = Client.get_or_none(Client.telegram_id == chat_id)
    if client is None or client.blocked or client.broadcasts_off:
        return None
    return client


__all__ = ["SQL"]
