"""The waitlist in the bot (core.booking.waitlist): join a full day from the dates screen, "Book HH:MM"
under a freed-time message (the first press books, later ones hear it is gone and stay on the
list), and the client's waitlists under My bookings, each with Leave."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application

from ...core.booking import waitlist
from ...core.errors import DatabaseUnavailable, DomainError, NotFound, SlotTaken
from ...core.people import clients
from ...core.storage.models import WaitlistEntry
from ...i18n import tr
from ..telegram import callbacks as cb
from ..telegram import dialogue, keyboards
from ..telegram.dbcalls import read_db, run_db
from ..telegram.dialogue import Context, answer, lang_of, show
from ..telegram.events import BOOKING_CREATED, BotEvent
from ..telegram.routes import route
from ..telegram.texts import booking_details, esc, format_day
from .booking_choice import blocked_text, client_of, emit

log = logging.getLogger(__name__)


def entry_line(entry: WaitlistEntry, lang: str) -> str:
    data = waitlist.describe(entry)
    who = f" · {data['master']}" if data["master"] else ""
    return f"⏳ {format_day(entry.date, lang)} · {data['service']}{who}"


async def full_days(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    service_ids, master_id = cb.decode(update.callback_query.data).values
    days = await read_db(waitlist.full_dates, service_ids, master_id)  # the slot engine: a read
    back = keyboards.back(lang, cb.MASTER, service_ids, master_id)
    if not days:
        await show(update, tr("No day is full in the coming days: choose a free time.", lang),
                   keyboards.markup([back]))
        return
    buttons = [keyboards.button(format_day(d, lang), cb.WL_JOIN, service_ids, master_id, d)
               for d in days[: keyboards.DATES_PER_PAGE]]
    await show(update, tr("These days are full. Choose one to wait for: we will write when time "
                          "frees up there.", lang),
               keyboards.markup(*keyboards.rows(buttons, 3), [back]))


async def join(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    service_ids, master_id, day = cb.decode(update.callback_query.data).values
    client = client_of(update)
    if client is None:  # first contact: the client row the waitlist needs
        user = update.effective_user
        client = await run_db(clients.telegram_client, user.id, first_name=user.first_name or "",
                              last_name=user.last_name or "", language=lang)
    if client.blocked:
        await show(update, blocked_text(lang), keyboards.to_menu(lang))
        return
    try:
        await run_db(waitlist.join, client.id, service_ids, master_id, day)
    except DomainError as exc:
        await show(update, exc.message(lang),
                   keyboards.markup([keyboards.back(lang, cb.MASTER, service_ids, master_id)]))
        return
    await show(update, tr("✅ You are on the waitlist for {day}. When time frees up there, we "
                          "will write to you here; the first to press books it.", lang,
                          day=format_day(day, lang)),
               keyboards.markup([keyboards.button(tr("📋 My bookings", lang), cb.MY)],
                                [keyboards.button(tr("🏠 Main menu", lang), cb.MENU)]))


async def book(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    entry_id, start = cb.decode(update.callback_query.data).values
    client = client_of(update)
    if client is None or await read_db(waitlist.active, entry_id, client.id) is None:
        await show(update, tr("This waitlist has ended.", lang), keyboards.to_menu(lang),
                   new=True)
        return
    try:
        booking = await run_db(waitlist.book, entry_id, client.id, start)
    except SlotTaken:
        await show(update, tr("😔 Sorry, this time is already taken. You stay on the waitlist "
                              "and will hear when time frees up again.", lang),
                   keyboards.to_menu(lang), new=True)
        return
    except NotFound:
        await show(update, tr("This waitlist has ended.", lang), keyboards.to_menu(lang),
                   new=True)
        return
    except DatabaseUnavailable as exc:
        await show(update, "⏳ " + exc.message(lang), None, new=True)
        return
    except DomainError as exc:
        await show(update, exc.message(lang), keyboards.to_menu(lang), new=True)
        return
    if not booking.already_existed:
        emit(context, BotEvent(BOOKING_CREATED, booking_number=booking.number))
    from ...core import settings as settings_mod

    text = "\n\n".join([
        "<b>" + tr("✅ Booked! The salon will confirm your booking soon.", lang) + "</b>",
        booking_details(booking, lang, settings_mod.load(), show_status=True, show_address=True),
    ])
    await show(update, text, keyboards.after_booking(lang), new=True)


async def view(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    (entry_id,) = cb.decode(update.callback_query.data).values
    client = client_of(update)
    found = await read_db(_entry_and_line, entry_id, client.id, lang) if client else None
    if found is None:
        await dialogue.stale(update, context)
        return
    entry, line = found
    await show(update, esc(line) + "\n\n" + tr(
        "You are on this day's waitlist: when time frees up, we will write to you here.", lang),
        keyboards.markup([keyboards.button(tr("Leave the waitlist", lang), cb.WL_LEAVE,
                                           entry.id)],
                         [keyboards.back(lang, cb.MY)]))


async def leave(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    (entry_id,) = cb.decode(update.callback_query.data).values
    client = client_of(update)
    if client is not None:
        await run_db(waitlist.leave, entry_id, client.id)
    await show(update, tr("You have left the waitlist.", lang),
               keyboards.markup([keyboards.button(tr("📋 My bookings", lang), cb.MY)],
                                [keyboards.button(tr("🏠 Main menu", lang), cb.MENU)]),
               new=update.callback_query.message is None)


def _entry_and_line(entry_id: int, client_id: int, lang: str):
    """The client's live entry and its line, or None. A read: run it with `read_db`."""
    entry = waitlist.active(entry_id, client_id)
    return None if entry is None else (entry, entry_line(entry, lang))


def my_rows(client_id: int, lang: str) -> list:
    """Rows for My bookings: each waitlist of the client."""
    return [[keyboards.button(keyboards.limits.label(entry_line(e, lang)), cb.WL_VIEW, e.id)]
            for e in waitlist.entries_of(client_id)[:waitlist.MAX_ENTRIES]]


def register(app: Application) -> None:
    routes = {cb.WL_FULL: full_days, cb.WL_JOIN: join, cb.WL_BOOK: book, cb.WL_VIEW: view,
              cb.WL_LEAVE: leave}
    route(app, routes)
