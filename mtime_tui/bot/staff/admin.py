"""The admin on the phone (SPEC "People"): every master's bookings by date, ⚠️ new across all
masters, a card with any status change. Every press re-checks that the user of the update is an
admin in the settings; the buttons carry only the date, the page or the booking number.

New bookings and cancellations reach admins as notifications from core (the outbox) already.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application

from ...core.booking import booking_queries
from ...core.errors import DomainError
from ...core.messaging import notify
from ...core.storage.db import write_transaction
from ...core.storage.models import (
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    PENDING,
    STATUSES,
    Booking,
)
from ...i18n import N_, tr
from ..telegram import callbacks as cb
from ..telegram import dialogue, keyboards
from ..telegram.dbcalls import read_db, read_screen, run_db
from ..telegram.dialogue import Context, answer, lang_of, show
from ..telegram.routes import route
from ..telegram.texts import esc, status_name
from . import staff
from .master import apply_status, card_text, page_rows, show_calendar, show_day
from .staff import ADMIN_BY_DATE, ADMIN_NEW, user_id

log = logging.getLogger(__name__)


def _message_client(client_id: int, text: str) -> None:
    """For `run_db`: the admin's message into the outbox, under the write lock at once."""
    with write_transaction():
        notify.message_client(client_id, text)

FROM_NEW, FROM_DAY = 1, 2  # where a card was opened from (its Back button)
DAY_LIST = cb.action("a:dl", cb.DAY, cb.OPT_ID)  # a day across all masters, page
CARD = cb.action("a:v", cb.NUM, cb.ID)  # booking number, origin
SET = cb.action("a:s", cb.NUM, cb.ID, cb.ID)  # number, 1-based index into STATUSES, origin
WRITE = cb.action("a:w", cb.NUM, cb.ID)  # write to the booking's client through the bot
MESSAGE_INPUT = "admin_message"

STATUS_ACTIONS = {
    PENDING: N_("⏳ Back to “awaiting confirmation”"),
    CONFIRMED: N_("✅ Confirm"),
    COMPLETED: N_("✔️ Completed"),
    NO_SHOW: N_("🚫 No-show"),
    CANCELLED: N_("❌ Cancel (by the salon)"),
}


def _may_act(uid: int | None, booking: Booking | None) -> bool:
    return staff.is_admin(uid) and (booking is None or staff.admin_sees(uid, booking))


async def admin_ok(update: Update, booking: Booking | None = None) -> bool:
    """Whether the user of the update is an admin now — and, for a booking, one who sees its
    branch (docs/BRANCHES.md); read off the loop."""
    return await read_db(_may_act, user_id(update), booking)


async def new_list(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    (page,) = cb.decode(update.callback_query.data).values
    if not await admin_ok(update):
        await staff.refuse(update, context)
        return

    def reads():  # the list and its buttons' labels (each names the master, service, client)
        limit = staff.admin_branches(user_id(update))  # an admin limited to branches
        items = [b for b in booking_queries.pending_bookings()
                 if limit is None or b.master.branch_id in limit]
        text = (tr("⚠️ New bookings, all masters: {count}", lang, count=len(items)) if items
                else tr("No new bookings.", lang))
        return text, page_rows(
            items, page or 0, lang, with_day=True, with_master=True,
            card=lambda b: cb.encode(CARD, b.number, FROM_NEW),
            turn=lambda p: cb.encode(ADMIN_NEW, p or None),
        )

    text, rows = await read_screen(reads)
    await show(update, text, keyboards.markup(*rows, [staff.back_home(lang)]))


async def by_date(update: Update, context: Context) -> None:
    await answer(update)
    (month,) = cb.decode(update.callback_query.data).values
    if not await admin_ok(update):
        await staff.refuse(update, context)
        return
    await show_calendar(update, month, master_id=None,
                        title=N_("All masters. Choose a date (• — there are bookings):"),
                        pick=lambda d: cb.encode(DAY_LIST, d, None),
                        turn=lambda m: cb.encode(ADMIN_BY_DATE, m),
                        admin=user_id(update))


async def day_list(update: Update, context: Context) -> None:
    await answer(update)
    day, page = cb.decode(update.callback_query.data).values
    if not await admin_ok(update):
        await staff.refuse(update, context)
        return
    await show_day(update, day, page, master_id=None,
                   title=N_("📅 {day}, all masters: {count}"),
                   card=lambda b: cb.encode(CARD, b.number, FROM_DAY),
                   turn=lambda p: cb.encode(DAY_LIST, day, p or None), back=ADMIN_BY_DATE,
                   admin=user_id(update))


def card_screen(update: Update, booking: Booking, origin: int = FROM_DAY, *,
                prefix: str = ""):
    """The admin's card: its text and buttons (reads: call it off the loop)."""
    lang = lang_of(update)
    buttons = [
        keyboards.button(tr(STATUS_ACTIONS[status], lang), SET, booking.number, index, origin)
        for index, status in enumerate(STATUSES, start=1)
        if status != booking.status
    ]
    back = (keyboards.back(lang, ADMIN_NEW, None) if origin == FROM_NEW
            else keyboards.back(lang, DAY_LIST, booking.date, None))
    contact = []
    if booking.client.telegram_id:
        contact = [keyboards.button(tr("✉️ Write to the client", lang), WRITE, booking.number,
                                    origin)]
    markup = keyboards.markup(*keyboards.rows(buttons, 2), contact, [back, staff.back_home(lang)])
    return card_text(booking, lang, as_admin=True, prefix=prefix), markup


async def show_card(
    update: Update, booking: Booking, origin: int = FROM_DAY, *, prefix: str = "",
    new: bool = False,
) -> None:
    text, markup = await read_screen(lambda: card_screen(update, booking, origin, prefix=prefix))
    await show(update, text, markup, new=new)


def _booking(number: int) -> Booking | None:
    """The booking with its client loaded (reads: call it off the loop)."""
    booking = Booking.get_or_none(Booking.number == number)
    if booking is not None:
        booking.client  # noqa: B018 (loaded here, off the loop)
    return booking


async def card(update: Update, context: Context) -> None:
    await answer(update)
    number, origin = cb.decode(update.callback_query.data).values
    booking = await read_db(_booking, number)
    if booking is None or not await admin_ok(update, booking):
        await staff.refuse(update, context)
        return
    await show_card(update, booking, origin)


async def set_status(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    number, index, origin = cb.decode(update.callback_query.data).values
    booking = await read_db(_booking, number)
    if booking is None or not await admin_ok(update, booking) or index > len(STATUSES):
        await staff.refuse(update, context)
        return
    status = STATUSES[index - 1]
    if booking.status == status:
        await show_card(update, booking, origin, prefix=tr(
            "Already done: the booking is “{status}”.", lang, status=status_name(status, lang)))
        return
    await apply_status(update, context, booking, status, origin, show_card)


async def ask_message(update: Update, context: Context) -> None:
    """The admin writes to the booking's client (SPEC "Views of bookings": contact the client)."""
    await answer(update)
    lang = lang_of(update)
    number, origin = cb.decode(update.callback_query.data).values
    booking = await read_db(_booking, number)
    if booking is None or not await admin_ok(update, booking) or not booking.client.telegram_id:
        await staff.refuse(update, context)
        return
    dialogue.expect(context, MESSAGE_INPUT, number=number, origin=origin)
    text = tr("Type the message for {client} (booking № {number}); it goes through the bot. "
              "/cancel to leave.", lang, client=esc(booking.client.full_name or "—"),
              number=number)
    await show(update, text, keyboards.markup([keyboards.back(lang, CARD, number, origin)]))


async def message_given(update: Update, context: Context, data: dict) -> None:
    lang = lang_of(update)
    booking = await read_db(_booking, data["number"])
    if booking is None or not await admin_ok(update, booking):
        await staff.refuse(update, context)
        return
    try:
        await run_db(_message_client, booking.client_id, update.effective_message.text or "")
    except DomainError as exc:
        await update.effective_message.reply_text(exc.message(lang))
        return
    dialogue.forget(context)
    log.info("admin %s wrote to the client of booking #%s", user_id(update), booking.number)
    sender = context.bot_data.get("sender")
    if sender is not None:
        sender.wake()
    await show_card(update, booking, data["origin"], new=True,
                    prefix=tr("✅ The message is on its way to the client.", lang))


def register(app: Application) -> None:
    dialogue.on_input(MESSAGE_INPUT, message_given, hint=N_(
        "Only text can be sent to the client. Type the message, or /cancel to leave."))
    routes = {
        ADMIN_NEW: new_list,
        ADMIN_BY_DATE: by_date,
        DAY_LIST: day_list,
        CARD: card,
        SET: set_status,
        WRITE: ask_message,
    }
    route(app, routes)
