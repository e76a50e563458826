"""The client's "My bookings": upcoming bookings, each with Cancel (confirmed first) and
Reschedule (another free time of the same master and service: dates → times → confirm).

A button names a booking by its number, which anyone could forge; every press therefore loads the
booking and checks that it belongs to the client behind `update.effective_user.id` and is still
upcoming. Anything else is "this menu is out of date", with no change made.
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram import Update
from telegram.ext import Application

from ...core import settings as settings_mod
from ...core.booking import booking_queries, booking_rules, bookings, visit_edits
from ...core.errors import DomainError, NotAllowed, NotFound, SlotTaken
from ...core.people import clients
from ...core.storage.models import BY_CLIENT, CONFIRMED, PENDING, Booking, Client
from ...i18n import tr
from ..telegram import callbacks as cb
from ..telegram import dialogue, keyboards
from ..telegram.dbcalls import read_screen, run_db
from ..telegram.dialogue import Context, answer, lang_of, show
from ..telegram.events import BOOKING_CHANGED, BotEvent
from ..telegram.routes import route
from ..telegram.texts import booking_details, esc, format_day, format_time
from . import waitlist
from .booking_choice import emit

log = logging.getLogger(__name__)


def own_upcoming(update: Update, number: int) -> Booking | None:
    """The booking, if it is this user's and still upcoming (pending/confirmed, not started)."""
    client = clients.client_by_telegram(update.effective_user.id)
    if client is None:
        return None
    mine = booking_queries.client_bookings(client.id, upcoming_only=True)
    return next((b for b in mine if b.number == number), None)


def move_times(booking: Booking, day: dt.date) -> list[int]:
    """Free starts of the booking's master on `day` for the visit's duration as booked."""
    return visit_edits.move_starts(booking, day)


def move_dates(booking: Booking) -> list[dt.date]:
    return visit_edits.move_dates(booking)


async def my_list(update: Update, context: Context) -> None:
    await answer(update)
    await show_list(update, context)


async def list_page(update: Update, context: Context) -> None:
    await answer(update)
    (page,) = cb.decode(update.callback_query.data).values
    await show_list(update, context, page=page)


async def show_list(update: Update, context: Context, *, prefix: str = "", page: int = 0) -> None:
    dialogue.forget(context)
    lang = lang_of(update)
    def reads():
        client = Client.get_or_none(Client.telegram_id == update.effective_user.id)
        found = booking_queries.client_bookings(client.id, upcoming_only=True) if client else []
        found = [b for b in found if b.status in (PENDING, CONFIRMED)]
        for booking in found:
            booking.service  # noqa: B018 (loaded here, off the loop: the buttons name it)
        return found, (waitlist.my_rows(client.id, lang) if client else [])

    items, waiting = await read_screen(reads)
    if not items:
        text = tr("You have no upcoming bookings.", lang)
        if waiting:
            text += "\n" + tr("Your waitlists:", lang)
        markup = keyboards.markup(
            *waiting,
            [keyboards.button(tr("📝 Book", lang), cb.BOOK)],
            [keyboards.button(tr("🏠 Main menu", lang), cb.MENU)],
        )
        await show(update, _join(prefix, text), markup)
        return
    listing = keyboards.my_bookings(items, lang, page).inline_keyboard
    text = tr("Your upcoming bookings:", lang)
    if waiting:
        text += "\n" + tr("⏳ — your waitlists.", lang)
    await show(update, _join(prefix, text),
               keyboards.markup(*listing[:-1], *waiting, *listing[-1:]))


async def card(update: Update, context: Context) -> None:
    await answer(update)
    (number,) = cb.decode(update.callback_query.data).values
    await show_card(update, context, number)


async def show_card(update: Update, context: Context, number: int, *, prefix: str = "") -> None:
    lang = lang_of(update)

    def reads():
        booking = own_upcoming(update, number)
        if booking is None:
            return None
        s = settings_mod.load()
        text = booking_details(booking, lang, s, show_status=True, show_address=True)
        changeable = booking_rules.client_may_change(booking, settings=s)
        if not changeable:
            text += "\n\n" + esc(booking_rules.too_late_for(booking, s).message(lang))
        return text, changeable

    found = await read_screen(reads)
    if found is None:
        await dialogue.stale(update, context)
        return
    text, changeable = found
    await show(update, _join(prefix, text), keyboards.my_card(number, lang, changeable=changeable))


def _late_text(booking: Booking, lang: str) -> str | None:
    """Past the online cut-off: what to say (call the salon, its phone); None while the client
    may still change it. Reads the settings: call it off the loop."""
    s = settings_mod.load()
    if booking_rules.client_may_change(booking, settings=s):
        return None
    return esc(booking_rules.too_late_for(booking, s).message(lang))


async def _show_too_late(update: Update, number: int, late: str, lang: str) -> None:
    await show(update, late, keyboards.my_card(number, lang, changeable=False))


async def ask_cancel(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    (number,) = cb.decode(update.callback_query.data).values

    def reads():
        booking = own_upcoming(update, number)
        return None if booking is None else (booking, _late_text(booking, lang))

    found = await read_screen(reads)
    if found is None:
        await dialogue.stale(update, context)
        return
    booking, late = found
    if late is not None:
        await _show_too_late(update, number, late, lang)
        return
    text = tr("Cancel booking № {number} on {day} at {time}?", lang, number=number,
              day=format_day(booking.date, lang), time=format_time(booking.start))
    await show(update, text, keyboards.cancel_confirm(number, lang))


async def do_cancel(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    (number,) = cb.decode(update.callback_query.data).values

    def reads():  # (upcoming and mine, already cancelled by me: a double tap)
        if own_upcoming(update, number) is not None:
            return True, False
        return False, _cancelled_by_me(update, number)

    mine, cancelled = await read_screen(reads)
    if not mine:
        if cancelled:  # a double tap: it is already done
            await show_list(update, context, prefix=tr("Booking № {number} is cancelled.", lang,
                                                     number=number))
            return
        await dialogue.stale(update, context)
        return
    try:
        await run_db(bookings.cancel, number, by=BY_CLIENT)
    except (NotAllowed, NotFound) as exc:
        await show(update, esc(exc.message(lang)), keyboards.to_menu(lang))
        return
    emit(context, BotEvent(BOOKING_CHANGED, booking_number=number))
    await show_list(update, context, prefix=tr("Booking № {number} is cancelled.", lang, number=number))


def _cancelled_by_me(update: Update, number: int) -> bool:
    client = Client.get_or_none(Client.telegram_id == update.effective_user.id)
    booking = Booking.get_or_none(Booking.number == number)
    return bool(client and booking and booking.client_id == client.id
                and booking.status == "cancelled" and booking.cancelled_by == BY_CLIENT)


async def ask_date(update: Update, context: Context) -> None:
    await answer(update)
    (number,) = cb.decode(update.callback_query.data).values
    await show_move_dates(update, context, number)


async def dates_page(update: Update, context: Context) -> None:
    await answer(update)
    number, page = cb.decode(update.callback_query.data).values
    await show_move_dates(update, context, number, page=page)


async def show_move_dates(
    update: Update, context: Context, number: int, *, prefix: str = "", page: int = 0
) -> None:
    lang = lang_of(update)

    def reads():
        booking = own_upcoming(update, number)
        if booking is None:
            return None
        late = _late_text(booking, lang)
        return booking, late, (move_dates(booking) if late is None else [])

    found = await read_screen(reads)
    if found is None:
        await dialogue.stale(update, context)
        return
    booking, late, days = found
    if late is not None:
        await _show_too_late(update, number, late, lang)
        return
    if not days:
        await show(update, _join(prefix, tr("Sorry, there is no other free time in the coming days.",
                                             lang)),
                   keyboards.markup([keyboards.back(lang, cb.MY_CARD, number)]))
        return
    text = tr("Booking № {number}, now {day} at {time}. Choose a new date:", lang, number=number,
              day=format_day(booking.date, lang), time=format_time(booking.start))
    await show(update, _join(prefix, text), keyboards.move_dates(number, days, lang, page))


async def ask_time(update: Update, context: Context) -> None:
    await answer(update)
    number, day = cb.decode(update.callback_query.data).values
    await show_move_times(update, context, number, day)


async def times_page(update: Update, context: Context) -> None:
    await answer(update)
    number, day, page = cb.decode(update.callback_query.data).values
    await show_move_times(update, context, number, day, page=page)


def _own_with_times(update: Update, number: int, day: dt.date):
    """(the booking, its master's free starts on `day`), or None when it is not this user's
    upcoming booking. Reads: call it off the loop."""
    booking = own_upcoming(update, number)
    return None if booking is None else (booking, move_times(booking, day))


async def show_move_times(
    update: Update, context: Context, number: int, day: dt.date, *, prefix: str = "", page: int = 0
) -> None:
    lang = lang_of(update)
    found = await read_screen(lambda: _own_with_times(update, number, day))
    if found is None:
        await dialogue.stale(update, context)
        return
    _booking, starts = found
    if not starts:
        await show_move_dates(update, context, number, prefix=_join(
            prefix, tr("There is no free time left on {day}.", lang, day=format_day(day, lang))))
        return
    await show(update, _join(prefix, tr("Free times on {day}:", lang, day=format_day(day, lang))),
               keyboards.move_times(number, day, starts, lang, page))


async def ask_move(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    number, day, start = cb.decode(update.callback_query.data).values
    found = await read_screen(lambda: _own_with_times(update, number, day))
    if found is None:
        await dialogue.stale(update, context)
        return
    booking, starts = found
    if start not in starts:
        await show_move_times(update, context, number, day,
                              prefix=tr("⌛ This time is no longer free.", lang))
        return
    text = tr("Move booking № {number} from {old_day} {old_time} to {day} {time}?", lang,
              number=number, old_day=format_day(booking.date, lang),
              old_time=format_time(booking.start), day=format_day(day, lang),
              time=format_time(start))
    await show(update, text, keyboards.move_confirm(number, day, start, lang))


async def do_move(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    number, day, start = cb.decode(update.callback_query.data).values
    booking = await read_screen(lambda: own_upcoming(update, number))
    if booking is None:
        await dialogue.stale(update, context)
        return
    if booking.date == day and booking.start == start:  # a double tap: already moved
        await show_card(update, context, number, prefix=tr("✅ Your booking is moved.", lang))
        return
    try:
        await run_db(bookings.reschedule, number, day=day, start=start, by=BY_CLIENT)
    except SlotTaken as exc:
        await show_move_times(update, context, number, day, prefix="😔 " + exc.message(lang))
        return
    except DomainError as exc:
        log.info("Move of %s refused: %s", number, exc)
        await show(update, esc(exc.message(lang)), keyboards.to_menu(lang))
        return
    emit(context, BotEvent(BOOKING_CHANGED, booking_number=number))
    await show_card(update, context, number, prefix=tr("✅ Your booking is moved.", lang))


def _join(prefix: str, text: str) -> str:
    return f"{prefix}\n\n{text}" if prefix else text


def register(app: Application) -> None:
    routes = {
        cb.MY: my_list,
        cb.MY_PAGE: list_page,
        cb.MY_CARD: card,
        cb.MY_CANCEL: ask_cancel,
        cb.MY_CANCEL_YES: do_cancel,
        cb.MY_MOVE: ask_date,
        cb.MY_MOVE_DATES_PAGE: dates_page,
        cb.MY_MOVE_DATE: ask_time,
        cb.MY_MOVE_TIMES_PAGE: times_page,
        cb.MY_MOVE_TIME: ask_move,
        cb.MY_MOVE_YES: do_move,
    }
    route(app, routes)
