"""The bot talks in private chats only.

Its screens carry a client's phone, name and bookings, and a master's day; in a group every member
would see them. If someone adds the bot to a group (or a channel), whatever arrives from there is
stopped before any flow sees it: a command is answered once with where to write instead, a pressed
button (a forged one: the bot never sends a keyboard there) gets the same as a short notice, and
nothing is written to the database.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, BaseHandler

from ...i18n import N_, tr
from .dialogue import Context, lang_of

log = logging.getLogger(__name__)

GROUP = -10  # before every flow, the staff's /start (group -1) included
ONLY_PRIVATE = N_("I only talk in private chats. Please open a chat with me and write there.")


class _FromAGroup(BaseHandler[Update, Context, None]):
    """Matches updates whose chat is not a private one (and nothing else: no callback for the
    private chats, so a client's press costs one attribute check here)."""

    def check_update(self, update: object) -> bool:
        if not isinstance(update, Update):
            return False
        chat = update.effective_chat
        return chat is not None and chat.type != ChatType.PRIVATE


async def refuse(update: Update, context: Context) -> None:
    text = tr(ONLY_PRIVATE, lang_of(update))
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.message is not None and (update.message.text or "").startswith("/"):
            await update.message.reply_text(text)
    except TelegramError as exc:  # a group that removed the bot meanwhile, and so on
        log.debug("Could not answer in chat %s: %s", update.effective_chat.id, exc)
    raise ApplicationHandlerStop


def register(app: Application) -> None:
    app.add_handler(_FromAGroup(refuse), group=GROUP)
