"""Long polling that never loses a fetched press: getUpdates → keep → handle → done.

python-telegram-bot's Updater puts a fetched batch into the update queue and at once asks for
the next one, whose offset tells Telegram to forget the batch — while it waits, unhandled, in
memory. A crash then drops it (the black-box run: 16 of 559 presses after 10 SIGKILLs). This
loop keeps each batch in the salon file (`core.messaging.update_store.keep`) *before* the request that
confirms it, hands the updates to the Application, and `PerUserUpdates` marks each one done when
its handler has finished (`done`: committed with the next batch's keep, or by a small flusher
DONE_DELAY later — one commit for whatever finished meanwhile). At start-up the updates kept but
not done are handled first.

The file unavailable (another program holds its lock, a read-only copy): the batch is handled
anyway without being kept — the bot keeps answering ("the database is busy") rather than stop;
such a batch is at most once, as before.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable

from telegram import Update
from telegram.error import InvalidToken, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application

from ...core.errors import DatabaseUnavailable
from ...core.messaging import update_store
from .dbcalls import keep_db
from .outage_log import OutageLog

log = logging.getLogger(__name__)

BACKOFF = (1.0, 2.0, 5.0, 10.0, 30.0)  # seconds between failed getUpdates, then the last again
PURGE_EVERY = 3600.0  # seconds between removals of old done updates
# Seconds a done mark may wait for the next batch's keep (one commit for both). A kill within
# it repeats those answers after the restart (docs/RELIABILITY.md: at least once, never lost).
DONE_DELAY = 0.1


class KeptPolling:
    """getUpdates in a loop for `app`, every batch kept until handled. One per Application."""

    def __init__(
        self,
        app: Application,
        *,
        timeout: float = 10.0,
        on_error: Callable[[TelegramError], None] | None = None,
        on_ok: Callable[[], None] | None = None,
        backoff: tuple[float, ...] = BACKOFF,
    ) -> None:
        self.app = app
        self.timeout = timeout
        self.on_error = on_error or (lambda exc: None)
        self.on_ok = on_ok or (lambda: None)
        self.backoff = backoff
        self.outage = OutageLog(log, "getUpdates")
        self._offset: int | None = None
        self._dispatched: set[int] = set()  # handed to the Application in this run
        self._finished: set[int] = set()  # handled, done mark not committed yet
        self._wake = asyncio.Event()
        self._retry = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._stopping = False

    # ---- start and stop ----------------------------------------------------------------------

    async def start(self) -> int:
        """Hand over the updates a crash left kept but not done, then start polling. Returns how
        many were handed over."""
        await self.app.bot.delete_webhook(drop_pending_updates=False)
        try:
            kept = await keep_db(update_store.pending)
            await keep_db(update_store.purge)
        except DatabaseUnavailable as exc:
            log.warning("Kept updates cannot be read now: %s", exc)
            kept = []
        for update_id, payload in kept:
            update = self._decode(update_id, payload)
            if update is None:
                self.done(update_id)
                continue
            await self._dispatch(update)
        if kept:
            log.info("Handling %d update(s) fetched before the bot stopped", len(kept))
        self._tasks = [asyncio.create_task(self._poll(), name="kept-polling"),
                       asyncio.create_task(self._flush_loop(), name="kept-polling-done")]
        return len(kept)

    async def stop(self) -> None:
        """Stop fetching; commit the done marks of what finished. Updates still being handled
        stay kept (and are handled again at the next start)."""
        self._stopping = True
        self._wake.set()
        poll, *rest = self._tasks or [None]
        if poll is not None:
            poll.cancel()
        for task in self._tasks:
            try:
                await asyncio.wait_for(task, timeout=3)
            except (asyncio.CancelledError, TimeoutError):
                pass
            except Exception:
                log.exception("The polling task failed")
        await self.flush()

    def retry_now(self) -> None:
        """Telegram answered another call: stop waiting out the back-off."""
        self._retry.set()

    # ---- done marks ------------------------------------------------------------------------------

    def done(self, update_id: int) -> None:
        """The handler of this update has finished (call in the bot's loop)."""
        self._finished.add(update_id)
        self._wake.set()

    async def _flush_loop(self) -> None:
        while not self._stopping:
            await self._wake.wait()
            # A moment for the next batch: its keep commits these marks too (one commit, not
            # two, when people press quickly); otherwise they are committed here.
            await asyncio.sleep(DONE_DELAY)
            self._wake.clear()
            await self.flush()

    async def flush(self) -> None:
        ids, self._finished = self._finished, set()
        if not ids:
            return
        try:
            await keep_db(update_store.mark_done, ids)
        except DatabaseUnavailable as exc:  # try again with the next ones
            log.warning("Could not mark %d update(s) handled: %s", len(ids), exc)
            self._finished |= ids
        except Exception:
            log.exception("Could not mark %d update(s) handled", len(ids))

    # ---- fetching ------------------------------------------------------------------------------

    async def _poll(self) -> None:
        failures = 0
        next_purge = asyncio.get_running_loop().time() + PURGE_EVERY
        while not self._stopping:
            try:
                updates = await self.app.bot.get_updates(
                    offset=self._offset, timeout=self.timeout, allowed_updates=Update.ALL_TYPES)
            except InvalidToken:
                raise
            except RetryAfter as exc:
                await asyncio.sleep(_seconds(exc) + 0.5)
                continue
            except TelegramError as exc:
                wait = 0.0 if isinstance(exc, TimedOut) and failures == 0 else \
                    self.backoff[min(failures, len(self.backoff) - 1)]
                failures += 1
                self.outage.failed(exc, wait)
                self.on_error(exc)
                self._retry.clear()
                try:  # cut short when another call finds Telegram back (`retry_now`)
                    await asyncio.wait_for(self._retry.wait(), wait)
                except TimeoutError:
                    pass
                continue
            if failures:
                self.outage.recovered()
                self.on_ok()
            failures = 0
            if updates:
                await self._take(updates)
            if asyncio.get_running_loop().time() > next_purge:
                next_purge += PURGE_EVERY
                await _quietly(update_store.purge)

    async def _take(self, updates: tuple[Update, ...]) -> None:
        """Keep the batch, then hand over what is still to be handled; the next getUpdates
        (with the offset after it) is what confirms it to Telegram."""
        fetched = getattr(self.app.bot_data.get("updates_request"), "fetched", {})
        batch = [(u.update_id, fetched.get(u.update_id)
                  or json.dumps(u.to_dict(), ensure_ascii=False)) for u in updates]
        finished, self._finished = self._finished, set()  # their done marks ride along
        try:
            wanted = await keep_db(update_store.keep, batch, finished)
        except DatabaseUnavailable as exc:
            log.warning("%d update(s) handled without being kept: %s", len(batch), exc)
            wanted = {update_id for update_id, _ in batch}
            self._finished |= finished
        except Exception:  # a bug must not stop the bot from answering
            log.exception("%d update(s) handled without being kept", len(batch))
            wanted = {update_id for update_id, _ in batch}
            self._finished |= finished
        for update in updates:
            if update.update_id in wanted and update.update_id not in self._dispatched:
                await self._dispatch(update)
        self._offset = updates[-1].update_id + 1

    async def _dispatch(self, update: Update) -> None:
        self._dispatched.add(update.update_id)
        if len(self._dispatched) > 100_000:  # Telegram's ids only grow: keep the recent ones
            self._dispatched = set(sorted(self._dispatched)[-50_000:])
        await self.app.update_queue.put(update)

    def _decode(self, update_id: int, payload: str) -> Update | None:
        try:
            return Update.de_json(json.loads(payload), self.app.bot)
        except (ValueError, TypeError, KeyError) as exc:
            log.error("Kept update %s cannot be read (%s); dropped", update_id, exc)
            return None


def _seconds(exc: RetryAfter) -> float:
    value = exc.retry_after
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)


async def _quietly(fn) -> None:
    try:
        await keep_db(fn)
    except DatabaseUnavailable:
        pass
    except Exception:
        log.exception("Update store upkeep failed")
