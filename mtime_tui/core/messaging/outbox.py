"""Delivery bookkeeping of the outbox (SPEC "Notifications"): what is due, and what happened.

The bot thread's sender asks `due()` for rows, sends each, then records the outcome with
`mark_sent`, `mark_retry`, `mark_failed` or `mark_unreachable`.

One row is never handed out twice at once: `due()` *claims* the rows it returns inside a write
transaction (it moves their `next_attempt_at` CLAIM_SECONDS ahead; on PostgreSQL the rows are
read FOR UPDATE SKIP LOCKED, so two senders take disjoint rows at once), so a second sender — a
headless `mtime-tui bot` started beside the TUI by mistake, or an overlapping tick — does not see
them. A sender that dies mid-send leaves the row to come due again when the claim runs out.

Handed in memory (`handing`): the bot's writer inserts the notification rows of its own changes
(a booking made in the bot, say) already claimed — exactly what `due()` writes when it claims —
and hands them to its sender once their transaction has committed, so no claim of its own is
needed. A crash between that commit and the send leaves them to come due when the claim runs out,
as a claimed row always did; a sender that finds a claim nearly run out leaves it to `due()`.

Giving up: a row is retried with exponential back-off (2, 4, 8 … seconds, at most 5 minutes;
Telegram's retry_after when it sent one). It becomes `failed` after MAX_ATTEMPTS attempts, but
never before it has been tried for KEEP_TRYING — so an evening without internet loses nothing.
The TUI lists what was not delivered (`undelivered`) and can send it again (`requeue`).

Keeping it small: the daily upkeep forgets rows that are done and older than RETENTION_DAYS
(`purge_done`; what stays and why is in its docstring and docs/RELIABILITY.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from peewee import fn

from .. import clock
from ..storage import prepared
from ..storage.db import after_commit, write_transaction
from ..storage.models import (
    OUT_FAILED,
    OUT_PENDING,
    OUT_SENT,
    OUT_SKIPPED,
    OUT_UNREACHABLE,
    Booking,
    Client,
    Master,
    Outbox,
    TelegramUser,
    database,
)
from ..storage.prepared import Prepared

log = logging.getLogger(__name__)

CLAIM_SECONDS = 30
BACKOFF_BASE = 2.0
BACKOFF_CAP = 300.0
MAX_ATTEMPTS = 12
KEEP_TRYING = dt.timedelta(hours=12)
ERROR_LIMIT = 1000
RETENTION_DAYS = 90  # done rows older than this go in the daily upkeep (`purge_done`)
DONE = (OUT_SENT, OUT_FAILED, OUT_UNREACHABLE)
# Kinds whose rows are figures someone counts later (e.g. a broadcast's delivered / unreachable,
# if it counts them from its rows rather than keeping its totals): never purged.
# A broadcast counts its figures (delivered, unreachable, opted out afterwards) from its rows, and
# a finished one keeps them (issue 16): its rows stay (`broadcasts.KIND`).
KEEP_KINDS: frozenset[str] = frozenset({"broadcast"})
HAND_LIMIT = 20  # new rows of one `handing` block handed in memory at most (the sender's batch)

_handing = threading.local()


def _naive(now: dt.datetime | None) -> dt.datetime:
    return (now or clock.now_utc()).astimezone(dt.UTC).replace(tzinfo=None)


def backoff(attempts: int) -> float:
    """Seconds to wait after the `attempts`-th failed attempt: 2, 4, 8 … capped at 5 minutes."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


def _ready(stamp):
    return (Outbox.status == OUT_PENDING) & (Outbox.next_attempt_at <= stamp)


# The sender asks every tick and after every booking: the SQL of its reads is built once.
_ANY_DUE = Prepared(lambda stamp: Outbox.select(Outbox.id).where(_ready(stamp)).limit(1), 1)
# Notifications first: a broadcast of thousands must not hold back a booking's notice.
_DUE = tuple(
    Prepared(lambda stamp, limit, of_broadcasts=of_broadcasts: database.claimable(
        Outbox.select().where(_ready(stamp) & Outbox.broadcast.is_null(of_broadcasts))
        .order_by(Outbox.next_attempt_at, Outbox.id).limit(limit)), 2)
    for of_broadcasts in (False, True))


def due(*, now: dt.datetime | None = None, limit: int = 20) -> list[Outbox]:
    """Claim and return up to `limit` pending rows whose time has come, oldest first."""
    stamp = Outbox.next_attempt_at.db_value(_naive(now))
    if _ANY_DUE.first(stamp) is None:
        return []  # the common case every tick: no write lock taken
    with database.claim_transaction():
        rows = []
        for query in _DUE:
            if len(rows) < limit:
                rows += query(stamp, limit - len(rows))
        if rows:
            prepared.update(Outbox, [r.id for r in rows], next_attempt_at=claimed_until(stamp))
    return rows


@contextmanager
def handing(take: Callable[[Outbox], object]) -> Iterator[None]:
    """In this block, notification rows this thread inserts inside a write transaction are
    claimed as they are written (`claim_new`) and, once that transaction has committed, handed to
    `take(row)` (in this thread: `take` must only pass them on); at most HAND_LIMIT of them, the
    rest are written due as usual. A rolled-back transaction hands nothing."""
    previous = getattr(_handing, "take", None), getattr(_handing, "count", 0)
    _handing.take, _handing.count = take, 0
    try:
        yield
    finally:
        _handing.take, _handing.count = previous


def claim_new(stamp: dt.datetime) -> Callable[[Outbox], None] | None:
    """For a notification row about to be inserted at `stamp` (naive UTC): None when it is to be
    written due at `stamp` as usual; otherwise it is to be written claimed (`next_attempt_at` =
    stamp + CLAIM_SECONDS, what `due()` writes), and the function returned, called with the new
    row, hands it to the sender after the commit (`handing`)."""
    take = getattr(_handing, "take", None)
    if take is None or _handing.count >= HAND_LIMIT or not database.in_transaction():
        return None
    _handing.count += 1
    return lambda row: after_commit(functools.partial(take, row))


def claimed_until(stamp: dt.datetime) -> dt.datetime:
    """A claim made at `stamp`: the row is due again after this (`due()` and `claim_new`)."""
    return stamp + dt.timedelta(seconds=CLAIM_SECONDS)


def still_claimed(row: Outbox, *, now: dt.datetime | None = None) -> bool:
    """Whether a row handed in memory may still be sent from there: at least half of its claim is
    left (a send takes at most the read timeout), so no `due()` can have taken it meanwhile."""
    return row.next_attempt_at - _naive(now) >= dt.timedelta(seconds=CLAIM_SECONDS / 2)


def mark_sent(outbox_id: int, *, now: dt.datetime | None = None) -> None:
    prepared.update(Outbox, outbox_id, status=OUT_SENT, sent_at=_naive(now), last_error="")


def mark_retry(
    outbox_id: int,
    error: str,
    *,
    retry_after: float | None = None,
    now: dt.datetime | None = None,
) -> None:
    """A failed attempt that may succeed later.

    With `retry_after` (Telegram's 429) the row waits exactly that long and the attempt does not
    count: the message is fine, the bot was only too fast.
    """
    stamp = _naive(now)
    with write_transaction():
        row = Outbox.get_or_none(Outbox.id == outbox_id)
        if row is None or row.status != OUT_PENDING:
            return
        error = (error or "")[:ERROR_LIMIT]
        if retry_after is not None:
            delay = max(float(retry_after), 0.0)
            attempts = row.attempts
        else:
            attempts = row.attempts + 1
            delay = backoff(attempts)
        if (
            retry_after is None
            and attempts >= MAX_ATTEMPTS
            and stamp - row.created_at >= KEEP_TRYING
        ):
            Outbox.update(status=OUT_FAILED, attempts=attempts, last_error=error).where(
                Outbox.id == outbox_id
            ).execute()
            log.warning("outbox row %s (%s) given up after %d attempts: %s",
                        outbox_id, row.kind, attempts, error)
            return
        Outbox.update(
            attempts=attempts,
            last_error=error,
            next_attempt_at=stamp + dt.timedelta(seconds=delay),
        ).where(Outbox.id == outbox_id).execute()


def mark_skipped(outbox_id: int, reason: str) -> None:
    """A broadcast's row whose client opted out or was blocked before its turn: not sent."""
    Outbox.update(status=OUT_SKIPPED, last_error=(reason or "")[:ERROR_LIMIT]).where(
        Outbox.id == outbox_id).execute()


def mark_failed(outbox_id: int, error: str) -> None:
    """Give up at once: the message itself is wrong (Telegram's 400, a row that cannot render)."""
    Outbox.update(
        status=OUT_FAILED, attempts=Outbox.attempts + 1, last_error=(error or "")[:ERROR_LIMIT]
    ).where(Outbox.id == outbox_id).execute()


def mark_unreachable(outbox_id: int, error: str) -> None:
    """Telegram's 403: the user blocked the bot or never pressed /start. Flag the user too, so
    the TUI can show it (a later /start clears the flag)."""
    with write_transaction():
        row = Outbox.get_or_none(Outbox.id == outbox_id)
        if row is None:
            return
        Outbox.update(
            status=OUT_UNREACHABLE,
            attempts=Outbox.attempts + 1,
            last_error=(error or "")[:ERROR_LIMIT],
        ).where(Outbox.id == outbox_id).execute()
        flagged = TelegramUser.update(unreachable=True).where(
            TelegramUser.telegram_id == row.chat_id
        ).execute()
        if not flagged and _client_only_chat(row.chat_id):
            # A client known by Telegram ID who never wrote to the bot (imported, say): remember
            # the 403 all the same, or every broadcast would count and try them again. Never for
            # a master's chat: a TelegramUser row means "pressed /start" there.
            TelegramUser.create(telegram_id=row.chat_id, unreachable=True,
                                started_at=_naive(None))


def _client_only_chat(chat_id: int) -> bool:
    return (Client.select(Client.id).where(Client.telegram_id == chat_id).exists()
            and not Master.select(Master.id).where(Master.telegram_id == chat_id).exists())


def undelivered(limit: int = 50) -> list[Outbox]:
    """What has not reached its recipient: failed, unreachable, and pending rows that have already
    failed at least once. Newest first."""
    return list(
        Outbox.select()
        .where(
            (Outbox.status.in_((OUT_FAILED, OUT_UNREACHABLE))
             | ((Outbox.status == OUT_PENDING) & (Outbox.attempts > 0)))
            & Outbox.broadcast.is_null()  # a broadcast keeps its own figures
        )
        .order_by(Outbox.created_at.desc(), Outbox.id.desc())
        .limit(limit)
    )


def counts() -> dict[str, int]:
    """Notification rows per status, plus `retrying` (pending rows that failed at least once).
    Broadcasts are not counted: they keep their own figures (core.messaging.broadcasts)."""
    result = {OUT_PENDING: 0, OUT_SENT: 0, OUT_FAILED: 0, OUT_UNREACHABLE: 0}
    notices = Outbox.broadcast.is_null()
    for status, n in (Outbox.select(Outbox.status, fn.COUNT(Outbox.id)).where(notices)
                      .group_by(Outbox.status).tuples()):
        result[status] = n
    result["retrying"] = (
        Outbox.select().where((Outbox.status == OUT_PENDING) & (Outbox.attempts > 0)
                              & notices).count()
    )
    return result


def requeue(ids: Iterable[int] | None = None, *, now: dt.datetime | None = None) -> int:
    """Send failed or unreachable rows again (all of them when `ids` is None); returns how many."""
    query = Outbox.update(
        status=OUT_PENDING, attempts=0, next_attempt_at=_naive(now), last_error=""
    ).where(Outbox.status.in_((OUT_FAILED, OUT_UNREACHABLE)) & Outbox.broadcast.is_null())
    if ids is not None:
        query = query.where(Outbox.id.in_(list(ids)))
    with write_transaction():
        return query.execute()


def purge_done(*, older_than_days: int = RETENTION_DAYS, now: dt.datetime | None = None) -> int:
    """Forget what is done and old (daily upkeep: the table would grow by every notification of
    every booking for good); returns how many rows went. Gone: rows sent, failed or unreachable,
    created more than `older_than_days` ago. Kept: everything still pending (nothing is lost);
    rows of a booking that is not over yet (its reminders' dedup keys stop a second copy, and
    the TUI lists its undelivered notices); rows of a kind in KEEP_KINDS (figures)."""
    from ..people.branches import todays
    from ..settings import load

    cutoff = _naive(now) - dt.timedelta(days=older_than_days)
    # Not over yet on its branch's clock: the earliest branch's today keeps every one of them.
    today = min(todays(now=now, settings=load(with_env=False)).values())
    upcoming = Booking.select(Booking.id).where(Booking.date >= today)
    old_and_done = (
        Outbox.status.in_(DONE)
        & (Outbox.created_at < cutoff)
        & (Outbox.booking.is_null() | Outbox.booking.not_in(upcoming))
    )
    if KEEP_KINDS:
        old_and_done &= Outbox.kind.not_in(sorted(KEEP_KINDS))
    with write_transaction():
        gone = Outbox.delete().where(old_and_done).execute()
    if gone:
        log.info("Purged %d delivered or given-up notification(s) older than %d days",
                 gone, older_than_days)
    return gone
