"""A master tells whether the client came (issue 15): the question arrives through the outbox
after the visit's end (core.reports.outcomes), with ✅ Came / 🚫 Did not come under it.

The buttons carry the booking number and the answer (`o:a:<number>:<1|0>`, well under 64
bytes); every press re-checks in core that the user of the update is the visit's master (still
active) or an admin, that the visit has no outcome yet (a second press, or the admin marking it
first, shows what it is) and has started."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application

from ...core import settings as settings_mod
from ...core.errors import DomainError
from ...core.reports import outcomes
from ...core.storage.models import COMPLETED, NO_SHOW
from ...i18n import N_, tr
from ..telegram import callbacks as cb
from ..telegram import keyboards
from ..telegram.dbcalls import run_db
from ..telegram.dialogue import Context, answer, lang_of, show
from ..telegram.routes import route
from ..telegram.texts import booking_details, esc, status_name
from .staff import user_id

log = logging.getLogger(__name__)

ANSWER = cb.action("o:a", cb.NUM, cb.FLAG)  # booking number, came
CAME = N_("✅ Came")
MISSED = N_("🚫 Did not come")


def markup(number: int, lang: str):
    return keyboards.markup([keyboards.button(tr(CAME, lang), ANSWER, number, True),
                             keyboards.button(tr(MISSED, lang), ANSWER, number, False)])


def _record(number: int, came: bool, telegram_id: int | None):
    booking, changed = outcomes.record(number, came, telegram_id=telegram_id)
    return booking, changed, outcomes.no_shows(booking.client_id), settings_mod.load()


async def pressed(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    number, came = cb.decode(update.callback_query.data).values
    try:
        booking, changed, missed, settings = await run_db(_record, number, bool(came),
                                                          user_id(update))
    except DomainError as err:
        log.info("Outcome of #%s refused for %s: %s", number, user_id(update), err)
        await show(update, esc(err.message(lang)))
        return
    details = booking_details(booking, lang, settings, show_master=False, show_client=True)
    if changed:
        head = tr("✅ Marked: the client came.", lang) if booking.status == COMPLETED else tr(
            "🚫 Marked: the client did not come.", lang)
    else:
        head = tr("This visit is marked already: {status}", lang,
                  status=status_name(booking.status, lang))
    text = f"<b>{head}</b>\n\n{details}"
    if booking.status == NO_SHOW and missed >= settings.no_show_flag:
        text += "\n\n" + tr("⚠️ This client has not come {count} times. The admin may block "
                            "them in the salon's program.", lang, count=missed)
    await show(update, text)


def register(app: Application) -> None:
    route(app, {ANSWER: pressed})
