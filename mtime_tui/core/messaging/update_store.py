"""The bot's fetched updates, kept in the salon file until they are handled.

Telegram forgets an update once the bot asks for the next ones (getUpdates with a higher
offset); a bot that crashes between that request and handling the update would lose the press.
So the bot keeps each batch here *before* it confirms it (`keep`), handles the updates from
here, and marks each one done when its handler has finished (`mark_done`). After a crash, the
updates kept but not done are handled at the next start (`pending`); an update Telegram sends
again (it was kept, or even done, but not yet confirmed) is not handled twice.

What it cannot close: an update handled (its answer sent) whose done mark had not been
committed when the process died is handled again after the restart — the answer comes twice,
and core's operations keep that harmless (a repeated Book returns the booking already made).
docs/RELIABILITY.md, "A press is never lost", measures it.

Plain JSON text in and out: core knows nothing of Telegram.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from ..storage.db import write_transaction
from ..storage.models import TelegramUpdate, database, utcnow

KEEP_DONE = dt.timedelta(days=1)  # done updates stay this long (for the log's sake), then go
# How long keeping or marking waits for another program's lock on a file: not the busy timeout —
# the bot then handles the batch without keeping it rather than make every user wait.
SHORT_WAIT_MS = 250


def _short_wait():
    return database.short_wait(SHORT_WAIT_MS)


def keep(batch: Sequence[tuple[int, str]], done: Iterable[int] = ()) -> set[int]:
    """Keep a fetched batch of (update_id, JSON); returns the ids that are still to be handled
    (new ones, and kept ones not done yet). `done`: updates handled meanwhile, marked done in the
    same transaction (one commit for both: each commit waits for the disk). One write
    transaction; DatabaseUnavailable after SHORT_WAIT_MS of another program's lock."""
    done = list(done)
    if not batch:
        mark_done(done)
        return set()
    ids = [update_id for update_id, _ in batch]
    with _short_wait(), write_transaction():
        if done:
            _mark(done)
        done = {row.update_id for row in TelegramUpdate.select(TelegramUpdate.update_id)
                .where(TelegramUpdate.update_id.in_(ids), TelegramUpdate.done_at.is_null(False))}
        now = utcnow()
        rows = [{"update_id": update_id, "payload": payload, "fetched_at": now}
                for update_id, payload in batch]
        TelegramUpdate.insert_many(rows).on_conflict_ignore().execute()
    return set(ids) - done


def pending() -> list[tuple[int, str]]:
    """Updates kept but not handled (a crash came between), oldest first."""
    query = (TelegramUpdate.select(TelegramUpdate.update_id, TelegramUpdate.payload)
             .where(TelegramUpdate.done_at.is_null()).order_by(TelegramUpdate.update_id))
    return [(row.update_id, row.payload) for row in query]


def mark_done(ids: Iterable[int]) -> int:
    """These updates are handled. One write transaction; returns how many were marked."""
    ids = list(ids)
    if not ids:
        return 0
    with _short_wait(), write_transaction():
        return _mark(ids)


def _mark(ids: list[int]) -> int:
    return (TelegramUpdate.update(done_at=utcnow())
            .where(TelegramUpdate.update_id.in_(ids), TelegramUpdate.done_at.is_null())
            .execute())


def purge(now: dt.datetime | None = None) -> int:
    """Remove updates done more than KEEP_DONE ago (the table holds what is in flight only)."""
    cutoff = (now or utcnow()) - KEEP_DONE
    with _short_wait(), write_transaction():
        return TelegramUpdate.delete().where(TelegramUpdate.done_at < cutoff).execute()
