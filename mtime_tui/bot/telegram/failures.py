"""When handling an update fails: the error handler, and the repeats after Telegram errors.

Telegram down while a handler answered (5xx, a time-out, a dropped connection, 429): the update
is handled again later, so the person still gets their answer, and it is marked done (`polling`)
only after the repeat. A busy database gets a plain message; anything else is logged with
context and the user told only that something went wrong.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from ...core.errors import DatabaseUnavailable
from ...i18n import tr
from .dialogue import Context, lang_of
from .outage_log import OutageLog

log = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    """Log what went wrong with enough context to find it; tell the user only that it did."""
    error = context.error
    where = ""
    if isinstance(update, Update):
        user = update.effective_user
        data = update.callback_query.data if update.callback_query else None
        message = update.effective_message
        where = f"update {update.update_id} from user {user.id if user else '?'}"
        if data:
            where += f", data={data!r}"  # ids only, no personal data
        elif message is not None:  # what the person typed may be personal: its shape only
            where += f", message of {len(message.text or '')} characters"
            where += " (a contact)" if message.contact else ""
    if isinstance(error, Forbidden):
        log.info("The user blocked the bot (%s)", where)
        return
    wait = _transient_wait(error)
    if isinstance(update, Update) and wait is not None:
        if _handle_again_later(context, update, wait):
            _outage(context.application).failed(error)  # once per kind, not per update
        else:
            log.error("Gave up handling %s: Telegram stayed unreachable", where)
        return  # telling the user would fail the same way
    if isinstance(error, DatabaseUnavailable):  # the file is locked or read-only: say so plainly
        log.warning("Database unavailable while handling %s: %s", where or "an update", error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                await update.effective_chat.send_message("⏳ " + error.message(lang_of(update)))
            except TelegramError:
                log.warning("Could not tell the user that the database is busy (%s)", where)
        return
    log.error("Error while handling %s", where or "an update", exc_info=error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await update.effective_chat.send_message(
                tr("😕 Something went wrong. Please try again, or press /start.", lang_of(update))
            )
        except TelegramError:
            pass


# Telegram down while a handler answered (5xx, a time-out, a dropped connection, 429): the update
# is handled again later, so the person still gets their answer. The core's operations are
# idempotent for a repeat (a booking already made is shown, a cancelled one stays cancelled).
UPDATE_RETRY_DELAYS = (1, 2, 4, 8) + (15,) * 18  # about five minutes in all
RETRIES = "update_retries"
PENDING = "pending_retries"
RETRYING = "retrying_updates"  # update ids whose repeat is scheduled (not done yet)
OUTAGE = "answers_outage"  # bot_data: the OutageLog of answers that failed for Telegram's sake
ON_HANDLED = "on_handled"  # bot_data: called with an update id once it is handled for good


def _transient_wait(error: object) -> float | None:
    """Seconds to wait before handling the update again, or None when a repeat cannot help."""
    if isinstance(error, RetryAfter):
        value = error.retry_after
        return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        return 0.0
    return None


def _handle_again_later(context: Context, update: Update, wait: float) -> bool:
    retries: dict[int, int] = context.bot_data.setdefault(RETRIES, {})
    retrying: set[int] = context.bot_data.setdefault(RETRYING, set())
    done = retries.get(update.update_id, 0)
    if done >= len(UPDATE_RETRY_DELAYS):
        retries.pop(update.update_id, None)
        retrying.discard(update.update_id)
        return False
    retrying.add(update.update_id)
    if len(retries) > 1000:  # forget the oldest (handled long ago)
        for key in sorted(retries)[:500]:
            del retries[key]
    retries[update.update_id] = done + 1
    delay = max(wait, UPDATE_RETRY_DELAYS[done])
    pending: set[asyncio.Task] = context.bot_data.setdefault(PENDING, set())
    task = asyncio.get_running_loop().create_task(_again(context.application, update, delay))
    pending.add(task)
    task.add_done_callback(pending.discard)
    return True


async def _again(app: Application, update: Update, delay: float) -> None:
    await asyncio.sleep(delay)
    app.bot_data.get(RETRYING, set()).discard(update.update_id)
    await app.process_update(update)
    if not retrying(app, update.update_id):  # the repeat went through: Telegram is back
        _outage(app).recovered()
    handled(app, update.update_id)


def _outage(app: Application) -> OutageLog:
    return app.bot_data.setdefault(OUTAGE, OutageLog(log, "Answering users"))


def retrying(app: Application, update_id: int) -> bool:
    """True while a repeat of this update is scheduled (it is not handled yet)."""
    return update_id in app.bot_data.get(RETRYING, ())


def handled(app: Application, update_id: int) -> None:
    """The update's handlers have finished: done, unless a repeat of it is still to come."""
    on_handled = app.bot_data.get(ON_HANDLED)
    if on_handled is not None and not retrying(app, update_id):
        on_handled(update_id)


def cancel_pending(app: Application) -> None:
    """On stop: updates still waiting to be handled again are dropped."""
    for task in list(app.bot_data.get(PENDING, ())):
        task.cancel()


def register(app: Application) -> None:
    app.add_error_handler(on_error)
