"""Broadcasts on the client's side: /stop and "Unsubscribe" turn them off, /start back on
(core.messaging.broadcasts; SPEC "Clients"). The outbox sender renders each broadcast row for its client
(`text_for`) with the Unsubscribe button under it."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from ...core import settings as settings_mod
from ...core.messaging import broadcasts
from ...core.people import branches
from ...core.storage.models import Broadcast, Outbox
from ...i18n import tr
from ..telegram import callbacks as cb
from ..telegram import dialogue, keyboards, limits, pressed
from ..telegram.dbcalls import run_db
from ..telegram.dialogue import Context, answer, lang_of
from ..telegram.routes import route
from ..telegram.texts import RenderError, esc


def stopped_text(lang: str) -> str:
    if settings_mod.load().opt_out_stops_notices:
        return tr("🔕 Done: the salon will not write to you any more, not even about your "
                  "bookings. Press /start to hear from us again.", lang)
    return tr("🔕 Done: no more news from the salon. Notices about your own bookings still "
              "come. Press /start to get the news again.", lang)


async def stop_command(update: Update, context: Context) -> None:
    dialogue.forget(context)
    await run_db(broadcasts.opt_out, update.effective_user.id)
    await update.effective_chat.send_message(stopped_text(lang_of(update)))


async def unsubscribe(update: Update, context: Context) -> None:
    lang = lang_of(update)
    await answer(update, tr("Unsubscribed", lang))
    await run_db(broadcasts.opt_out, update.effective_user.id)
    query = update.callback_query
    if pressed.keyboard(query.message) is not None:
        try:
            await query.edit_message_reply_markup(reply_markup=None)
        except Exception:  # an old message; the opt-out itself is done
            pass
    await update.effective_chat.send_message(stopped_text(lang))


def welcome_back(update: Update) -> str:
    """Called by /start (in the writer, `run_db`): a client who had opted out gets the news
    again; the line to say so."""
    if broadcasts.opt_in(update.effective_user.id):
        return tr("🔔 The salon's news will come to you again.", lang_of(update))
    return ""


def text_for(row: Outbox, settings) -> tuple[str, object] | None:
    """A broadcast row as its client reads it, and the keyboard under it; None when the client
    no longer wants it (opted out, blocked). Synchronous, for run_db. Raises RenderError."""
    broadcast = Broadcast.get_or_none(Broadcast.id == row.broadcast_id)
    if broadcast is None:
        raise RenderError("broadcast without its broadcast")
    client = broadcasts.still_wanted(row.chat_id)
    if client is None:
        return None
    lang = row.language if row.language in ("ru", "en") else "en"
    branch = broadcast.branch_id  # a chain: its name heads the message
    name = branches.for_branch(settings, branch).salon_name
    head = f"<b>{esc(limits.clip(name, 100))}</b>"
    body = limits.clip(broadcasts.personal(broadcast.text, client.first_name), 3900)
    text = f"{head}\n\n{esc(body)}"
    return text, keyboards.markup([keyboards.button(tr("🔕 Unsubscribe", lang),
                                                    cb.UNSUBSCRIBE)])


def register(app: Application) -> None:
    app.add_handler(CommandHandler("stop", stop_command))
    route(app, {cb.UNSUBSCRIBE: unsubscribe})
