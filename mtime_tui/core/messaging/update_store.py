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

Where: on SQLite a file of its own beside the salon's (`core.storage.update_file`: its commits
leave the salon file and every reader's cache alone), on PostgreSQL the salon database.

Plain JSON text in and out: core knows nothing of Telegram.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence

from ..errors import DatabaseUnavailable
from ..storage import update_file
from ..storage.db import write_transaction
from ..storage.models import TelegramUpdate, database, utcnow

log = logging.getLogger(__name__)

KEEP_DONE = dt.timedelta(days=1)  # done updates stay this long (for the log's sake), then go
# How long keeping or marking waits for another program's lock on a file: not the busy timeout —
# the bot then handles the batch without keeping it rather than make every user wait.
SHORT_WAIT_MS = 250


def _short_wait():
    return update_file.database.short_wait(SHORT_WAIT_MS)


def _transaction():
    """The store's own rows, no free time re-checked: on SQLite BEGIN IMMEDIATE on its file; on
    PostgreSQL a plain transaction, not the salon's write lock (each keep waited for every seat's
    booking in progress, up to the lock timeout: a press during a long write went unkept)."""
    return update_file.database.claim_transaction()


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
    now = _stamp()
    values = [value for update_id, payload in batch for value in (update_id, payload, now)]
    with _short_wait(), _transaction():
        if done:
            _mark(done)
        done = {update_id for (update_id,) in _execute(
            f"SELECT update_id FROM telegram_update WHERE update_id IN ({_marks(len(ids))})"
            " AND done_at IS NOT NULL", ids)}
        _execute("INSERT INTO telegram_update (update_id, payload, fetched_at) VALUES "
                 + ", ".join(["(?, ?, ?)"] * len(batch)) + " ON CONFLICT DO NOTHING", values)
    return set(ids) - done


def pending() -> list[tuple[int, str]]:
    """Updates kept but not handled (a crash came between), oldest first."""
    _take_over_salon_rows()
    query = (TelegramUpdate.select(TelegramUpdate.update_id, TelegramUpdate.payload)
             .where(TelegramUpdate.done_at.is_null()).order_by(TelegramUpdate.update_id))
    return [(row.update_id, row.payload) for row in query]


def mark_done(ids: Iterable[int]) -> int:
    """These updates are handled. One write transaction; returns how many were marked."""
    ids = list(ids)
    if not ids:
        return 0
    with _short_wait(), _transaction():
        return _mark(ids)


def _mark(ids: list[int]) -> int:
    return _execute(f"UPDATE telegram_update SET done_at = ? WHERE update_id IN ({_marks(len(ids))})"
                    " AND done_at IS NULL", [_stamp(), *ids]).rowcount


# The three statements of every press, written out: peewee building them again for each batch
# was most of the update store's CPU (≈ 0.5 ms a keep; docs/PERFORMANCE.md, issue 17). Plain SQL
# both engines read alike (ON CONFLICT DO NOTHING: SQLite ≥ 3.24 and PostgreSQL), with `?` for
# the engine's own placeholder; tests/test_update_file.py runs them on both.

def _execute(sql: str, params: list):
    store = update_file.database
    if store.param != "?":
        sql = sql.replace("?", store.param)
    return store.execute_sql(sql, params)


def _marks(count: int) -> str:
    return ", ".join(["?"] * count)


def _stamp():
    """Now, as the `fetched_at` / `done_at` columns store it (peewee's own conversion)."""
    return TelegramUpdate.done_at.db_value(utcnow())


def purge(now: dt.datetime | None = None) -> int:
    """Remove updates done more than KEEP_DONE ago (the table holds what is in flight only)."""
    cutoff = (now or utcnow()) - KEEP_DONE
    with _short_wait(), _transaction():
        return TelegramUpdate.delete().where(TelegramUpdate.done_at < cutoff).execute()


def _take_over_salon_rows() -> None:
    """An SQLite salon kept its updates in its own file before they moved beside it
    (`update_file`): the ones not handled move over (kept first, then removed there), so a press
    fetched before the upgrade is still answered; the old done ones just go."""
    if not update_file.separate():
        return
    if not database.execute_sql("SELECT 1 FROM telegram_update LIMIT 1").fetchone():
        return
    rows = [{"update_id": update_id, "payload": payload, "fetched_at": fetched_at}
            for update_id, payload, fetched_at in database.execute_sql(
                "SELECT update_id, payload, fetched_at FROM telegram_update "
                "WHERE done_at IS NULL ORDER BY update_id")]
    if rows:
        with _short_wait(), _transaction():
            TelegramUpdate.insert_many(rows).on_conflict_ignore().execute()
    try:  # copied first: should this fail, the next start removes them (copies are ignored)
        with database.short_wait(SHORT_WAIT_MS), write_transaction():
            database.execute_sql("DELETE FROM telegram_update")
    except DatabaseUnavailable as exc:
        log.warning("The updates moved beside the salon file stay in it for now: %s", exc)
