"""/start <token>: an invitation link opened in Telegram (core.people.invitations, issue 16).

Handled before the staff's and the client's /start (its own handler group), so a deep link is
never mistaken for a plain /start. Every outcome is said plainly in the user's language, then the
main menu follows; an expired, used or forged token binds nothing.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, CommandHandler, filters

from ...core.people import invitations
from ...i18n import N_, tr
from ..telegram import dialogue
from ..telegram.dbcalls import run_db
from ..telegram.dialogue import Context, lang_of
from ..telegram.events import CLIENT_BOUND, BotEvent
from ..telegram.texts import esc
from .booking_choice import emit

log = logging.getLogger(__name__)

INVITE_GROUP = -2  # before the staff's /start (-1) and the client's (0)

OUTCOME_TEXTS = {
    invitations.ALREADY: N_("Your Telegram is already linked to your profile at the salon."),
    invitations.FORGED: N_("⚠️ This invitation link is not valid. Please ask the salon for a new "
                           "one."),
    invitations.EXPIRED: N_("⌛ This invitation link has expired. Please ask the salon for a new "
                            "one."),
    invitations.USED: N_("⚠️ This invitation link has already been used. Please ask the salon "
                         "for a new one."),
    invitations.TAKEN: N_("⚠️ This invitation is for a client who is already linked to another "
                          "Telegram account. Please call the salon."),
    invitations.OTHER_CLIENT: N_("⚠️ Your Telegram is already linked to another profile at the "
                                 "salon. Please call the salon."),
}


async def invite_start(update: Update, context: Context) -> None:
    await dialogue.remember_user(update)
    dialogue.forget(context)
    lang = lang_of(update)
    user = update.effective_user
    token = (context.args or [""])[0]
    result = await run_db(
        invitations.redeem, token, user.id, first_name=user.first_name or "",
        last_name=user.last_name or "", language=lang,
    )
    log.info("Invitation start by user %s: %s", user.id, result.outcome)
    if result.outcome == invitations.BOUND:
        name = result.client.full_name or user.first_name or ""
        prefix = tr("✅ Welcome, {name}! Your Telegram is now linked to your profile at the salon: "
                    "your bookings, reminders and messages will come here.", lang, name=esc(name))
        emit(context, BotEvent(CLIENT_BOUND, text=result.client.full_name))
    else:
        prefix = tr(OUTCOME_TEXTS[result.outcome], lang)
    await dialogue.show_menu(update, context, prefix=prefix, new=True)
    raise ApplicationHandlerStop


def register(app: Application) -> None:
    app.add_handler(
        CommandHandler("start", invite_start, filters=filters.Regex(r"^/start(@\w+)?\s+\S")),
        group=INVITE_GROUP,
    )
