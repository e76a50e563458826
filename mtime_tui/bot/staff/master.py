"""The master's bookings: ⚠️ new, today, 7 days, 30 days, by date; a card with status actions;
Confirm / Decline under the new-booking notification.

Buttons name bookings by number, which anyone could forge, so every press loads the booking and
checks it against the user of the update: the lists are the active master's own; a card and its
status actions are for the booking's master (or an admin, who may change any status — SPEC
"People"). Pressing Confirm twice or an old button shows the booking as it is now.
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram import InlineKeyboardButton, Update
from telegram.ext import Application

from ...core import settings as settings_mod
from ...core.booking import booking_queries, bookings, visits
from ...core.errors import DomainError
from ...core.people import branches
from ...core.storage.models import (
    ACTIVE_STATUSES,
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    PENDING,
    Booking,
    Master,
)
from ...i18n import N_, tr
from ..client.booking_choice import emit
from ..telegram import calendar_kb, keyboards
from ..telegram import callbacks as cb
from ..telegram.dbcalls import read_db, read_screen, run_db
from ..telegram.dialogue import Context, answer, lang_of, show
from ..telegram.events import BOOKING_CHANGED, BotEvent
from ..telegram.limits import clip
from ..telegram.routes import route
from ..telegram.texts import booking_details, esc, format_day, format_time, status_name
from . import staff
from .staff import LIST, MONTH, NEW, TODAY, WEEK, user_id

log = logging.getLogger(__name__)

PAGE = 20  # bookings per screen (Telegram keyboards stay small and quick)
PAST_DAYS = 90  # how far back the calendar goes (looking up a visit after the fact)
FUTURE_DAYS = 180

BY_DAY = 5  # a card's origin: the list of the booking's day
CARD = cb.action("m:v", cb.NUM, cb.ID)  # booking number, where it was opened from
DAY_LIST = cb.action("m:dl", cb.DAY, cb.OPT_ID)  # one day's bookings, page
CONFIRM = cb.MASTER_CONFIRM  # under the new-booking notification (a card follows)
DECLINE = cb.MASTER_DECLINE
# On the card: booking number, the card's origin (so Back still leads where it came from).
CARD_CONFIRM = cb.action("m:cc", cb.NUM, cb.ID)
CARD_DECLINE = cb.action("m:dd", cb.NUM, cb.ID)
COMPLETE = cb.action("m:ok", cb.NUM, cb.ID)
NOSHOW = cb.action("m:ns", cb.NUM, cb.ID)
CANCEL_ASK = cb.action("m:k", cb.NUM, cb.ID)
CANCEL_YES = cb.action("m:ky", cb.NUM, cb.ID)

STATUS_ICONS = {PENDING: "⏳", CONFIRMED: "✅", COMPLETED: "✔️", NO_SHOW: "🚫", CANCELLED: "❌"}


# ---- who may do what -----------------------------------------------------------------------


def master_of(update: Update) -> Master | None:
    return staff.master_for(user_id(update))


def managed_booking(update: Update, number: int) -> Booking | None:
    """The booking, if this user may see and change it: its active master, or an admin."""
    booking = Booking.get_or_none(Booking.number == number)
    if booking is None:
        return None
    uid = user_id(update)
    master = staff.master_for(uid)
    if master is not None and booking.master_id == master.id:
        return booking
    return booking if staff.is_admin(uid) and staff.admin_sees(uid, booking) else None


def calendar_range(master_id: int | None = None,
                   admin: int | None = None) -> tuple[dt.date, dt.date]:
    """The days a calendar offers: on the master's branch clock; for an admin, around the today
    of every branch they see (in a chain a far branch may be a day ahead of the salon)."""
    if master_id is None and branches.is_chain():
        todays = branches.todays()
        seen = (staff.admin_branches(admin) if admin else None) or set(todays)
        days = [d for b, d in todays.items() if b in seen] or list(todays.values())
        return (min(days) - dt.timedelta(days=PAST_DAYS),
                max(days) + dt.timedelta(days=FUTURE_DAYS))
    today = calendar_kb.salon_today(master_id)
    return today - dt.timedelta(days=PAST_DAYS), today + dt.timedelta(days=FUTURE_DAYS)


# ---- shared pieces (admin.py uses them too) ------------------------------------------------


LABEL_PART = 28  # characters of a name in a button (phones show about 35 in all)


def booking_label(booking: Booking, lang: str, *, with_day: bool, with_master: bool) -> str:
    """A list button: status icon, when, (master), service, client — plain text, not HTML."""
    parts = []
    when = format_time(booking.start)
    parts.append(f"{format_day(booking.date, lang)} {when}" if with_day else when)
    if with_master:
        parts.append(clip(booking.master.name, LABEL_PART))
    parts.append(clip(visits.title(booking), LABEL_PART))
    parts.append(clip(booking.client.full_name or booking.client.phone or "—", LABEL_PART))
    return f"{STATUS_ICONS.get(booking.status, '')} " + " · ".join(parts)


def page_rows(
    items: list[Booking], page: int, lang: str, *, card, turn, with_day: bool,
    with_master: bool = False,
) -> list[list[InlineKeyboardButton]]:
    """Buttons for one page of bookings, with Earlier / Later arrows when there are more.

    `card(booking)` and `turn(page)` give callback data."""
    pages = max(1, -(-len(items) // PAGE))
    page = min(max(page, 0), pages - 1)
    shown = items[page * PAGE : (page + 1) * PAGE]
    rows = [
        [keyboards.key(booking_label(b, lang, with_day=with_day, with_master=with_master), card(b))]
        for b in shown
    ]
    arrows = []
    if page > 0:
        arrows.append(keyboards.key(tr("◀️ Earlier", lang), turn(page - 1)))
    if page < pages - 1:
        arrows.append(keyboards.key(tr("Later ▶️", lang), turn(page + 1)))
    if arrows:
        rows.append(arrows)
    return rows


def card_text(booking: Booking, lang: str, *, as_admin: bool, prefix: str = "") -> str:
    body = booking_details(booking, lang, settings_mod.load(), show_master=as_admin,
                           show_client=True, show_status=True)
    return f"{prefix}\n\n{body}" if prefix else body


def _join(prefix: str, text: str) -> str:
    return f"{prefix}\n\n{text}" if prefix else text


# ---- the lists -----------------------------------------------------------------------------


def list_items(kind: int, master_id: int) -> list[Booking] | None:
    """The bookings of one of the master's lists (None for a kind no button carries)."""
    today = calendar_kb.salon_today(master_id)
    if kind == NEW:
        return booking_queries.pending_bookings(master_id)
    if kind == TODAY:
        return booking_queries.bookings_on(today, master_id)
    if kind in (WEEK, MONTH):
        last = today + dt.timedelta(days=(7 if kind == WEEK else 30) - 1)
        return booking_queries.bookings_between(today, last, master_id)
    return None


LIST_TITLES = {
    NEW: (N_("⚠️ New bookings: {count}"), N_("No new bookings.")),
    TODAY: (N_("📅 Today, {day}: {count}"), N_("No bookings today.")),
    WEEK: (N_("🗓 The next 7 days: {count}"), N_("No bookings in the next 7 days.")),
    MONTH: (N_("📆 The next 30 days: {count}"), N_("No bookings in the next 30 days.")),
}


async def show_list(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    kind, page = cb.decode(update.callback_query.data).values

    def reads():  # the list and its buttons' labels (each names the booking's service, client)
        master = master_of(update)
        items = list_items(kind, master.id) if master else None
        if items is None:
            return None
        title, empty = LIST_TITLES[kind]
        if items:
            text = tr(title, lang, count=len(items),
                      day=format_day(calendar_kb.salon_today(master), lang))
        else:
            text = tr(empty, lang)
        return text, page_rows(items, page or 0, lang, with_day=kind != TODAY,
                               card=lambda b: cb.encode(CARD, b.number, kind),
                               turn=lambda p: cb.encode(LIST, kind, p or None))

    found = await read_screen(reads)
    if found is None:
        await staff.refuse(update, context)
        return
    text, rows = found
    await show(update, text, keyboards.markup(*rows, [staff.back_home(lang)]))


async def by_date(update: Update, context: Context) -> None:
    await answer(update)
    (month,) = cb.decode(update.callback_query.data).values
    master = await read_db(master_of, update)
    if master is None:
        await staff.refuse(update, context)
        return
    await show_calendar(update, month, master_id=master.id,
                        title=N_("Choose a date (• — there are bookings):"),
                        pick=lambda d: cb.encode(DAY_LIST, d, None),
                        turn=lambda m: cb.encode(staff.BY_DATE, m))


async def day_list(update: Update, context: Context) -> None:
    await answer(update)
    day, page = cb.decode(update.callback_query.data).values
    master = await read_db(master_of, update)
    if master is None:
        await staff.refuse(update, context)
        return
    await show_day(update, day, page, master_id=master.id, title=N_("📅 {day}: {count}"),
                   card=lambda b: cb.encode(CARD, b.number, BY_DAY),
                   turn=lambda p: cb.encode(DAY_LIST, day, p or None), back=staff.BY_DATE)


# ---- the calendar and a day's list, for a master's own bookings and the admin's all ------------


async def show_calendar(update: Update, month: dt.date, *, master_id: int | None, title: str,
                        pick, turn, admin: int | None = None) -> None:
    """The month's calendar (days with bookings marked •) between PAST_DAYS and FUTURE_DAYS;
    `pick(day)` and `turn(month)` give the buttons' data, `title` is an N_ text."""
    lang = lang_of(update)

    def reads():
        first, last = calendar_range(master_id, admin)
        shown = calendar_kb.clamp_month(month, first, last)
        marks = _counts(shown, calendar_kb.add_months(shown, 1), master_id,
                        staff.admin_branches(admin) if admin else None)
        return calendar_kb.month_rows(shown, lang=lang, first=first, last=last, marks=marks,
                                      pick=pick, turn=turn)

    rows = await read_screen(reads)
    await show(update, tr(title, lang), keyboards.markup(*rows, [staff.back_home(lang)]))


def _counts(first: dt.date, last: dt.date, master_id: int | None,
            branches: set[int] | None) -> dict[dt.date, int]:
    """Bookings per day: of a master, of everyone, or of the branches an admin sees."""
    if branches is None:
        return booking_queries.day_counts(first, last, master_id)
    total: dict[dt.date, int] = {}
    for branch in sorted(branches):
        for day, n in booking_queries.day_counts(first, last, master_id, branch=branch).items():
            total[day] = total.get(day, 0) + n
    return total


async def show_day(update: Update, day: dt.date, page: int | None, *, master_id: int | None,
                   title: str, card, turn, back: str, admin: int | None = None) -> None:
    """One day's bookings (one master's, or everyone's with the master named), a page of
    buttons; `title` is an N_ text with {day} and {count}; `back` the calendar's action."""
    lang = lang_of(update)

    def reads():
        items = booking_queries.bookings_on(day, master_id)
        limit = staff.admin_branches(admin) if admin else None
        if limit is not None:  # an admin limited to branches (docs/BRANCHES.md)
            items = [b for b in items if b.master.branch_id in limit]
        text = tr(title, lang, day=format_day(day, lang), count=len(items)) if items \
            else tr("No bookings on {day}.", lang, day=format_day(day, lang))
        return text, page_rows(items, page or 0, lang, with_day=False,
                               with_master=master_id is None, card=card, turn=turn)

    text, rows = await read_screen(reads)
    back_button = keyboards.back(lang, back, day.replace(day=1))
    await show(update, text, keyboards.markup(*rows, [back_button, staff.back_home(lang)]))


# ---- the card and its actions ----------------------------------------------------------------


def status_buttons(booking: Booking, origin: int, lang: str) -> list[list[InlineKeyboardButton]]:
    """What a master can do with the booking in its current status."""
    n = booking.number
    b = keyboards.button
    confirm = b(tr("✅ Confirm", lang), CARD_CONFIRM, n, origin)
    decline = b(tr("❌ Decline", lang), CARD_DECLINE, n, origin)
    done = b(tr("✔️ Completed", lang), COMPLETE, n, origin)
    noshow = b(tr("🚫 No-show", lang), NOSHOW, n, origin)
    cancel = b(tr("❌ Cancel the booking", lang), CANCEL_ASK, n, origin)
    return {
        PENDING: [[confirm, decline]],
        CONFIRMED: [[done, noshow], [cancel]],
        COMPLETED: [[noshow]],
        NO_SHOW: [[done]],
    }.get(booking.status, [])


def back_from_card(booking: Booking, origin: int, lang: str) -> InlineKeyboardButton:
    if origin in (NEW, TODAY, WEEK, MONTH):
        return keyboards.back(lang, LIST, origin, None)
    return keyboards.back(lang, DAY_LIST, booking.date, None)


def card_screen(update: Update, booking: Booking, origin: int = BY_DAY, *,
                prefix: str = ""):
    """The card's text and buttons for the user of the update (reads: call it off the loop)."""
    lang = lang_of(update)
    master = staff.master_for(user_id(update))
    if master is None or booking.master_id != master.id:
        # Only an admin gets here (managed_booking let them through): the admin's card, with
        # every status. Imported here because admin.py builds on this module.
        from . import admin

        return admin.card_screen(update, booking, origin, prefix=prefix)
    write = [keyboards.button(tr("✉️ Write to the client", lang), cb.REPLY_CLIENT,
                              booking.client_id)] if booking.client.telegram_id and booking.is_active else []
    markup = keyboards.markup(*status_buttons(booking, origin, lang), write,
                              [back_from_card(booking, origin, lang), staff.back_home(lang)])
    return card_text(booking, lang, as_admin=False, prefix=prefix), markup


async def show_card(
    update: Update, booking: Booking, origin: int = BY_DAY, *, prefix: str = ""
) -> None:
    text, markup = await read_screen(lambda: card_screen(update, booking, origin, prefix=prefix))
    await show(update, text, markup)


async def card(update: Update, context: Context) -> None:
    await answer(update)
    number, origin = cb.decode(update.callback_query.data).values
    booking = await read_db(managed_booking, update, number)
    if booking is None:
        await staff.refuse(update, context)
        return
    await show_card(update, booking, origin)


def client_hears(booking: Booking) -> bool:
    return bool(booking.client.telegram_id)


async def change_status(
    update: Update,
    context: Context,
    status: str,
    allowed_from: tuple[str, ...],
) -> None:
    """Set the status if the booking is in one of `allowed_from`; otherwise show it as it is.

    The pressed button carries the booking number and, on a card, where the card came from."""
    lang = lang_of(update)
    number, *rest = cb.decode(update.callback_query.data).values
    origin = rest[0] if rest else BY_DAY
    booking = await read_db(managed_booking, update, number)
    if booking is None:
        await staff.refuse(update, context)
        return
    if booking.status == status:
        await show_card(update, booking, origin, prefix=tr(
            "Already done: the booking is “{status}”.", lang, status=status_name(status, lang)))
        return
    if booking.status not in allowed_from:
        await show_card(update, booking, origin, prefix=tr(
            "Nothing changed: the booking is “{status}” now.", lang,
            status=status_name(booking.status, lang)))
        return
    await apply_status(update, context, booking, status, origin, show_card)


async def apply_status(
    update: Update, context: Context, booking: Booking, status: str, origin: int, card
) -> None:
    """Set `status` (core re-checks it) and show `card` saying what happened — for the master's
    and the admin's cards alike, each passing its own card function."""
    lang = lang_of(update)
    number = booking.number
    try:
        booking = await run_db(bookings.set_status, number, status)
    except DomainError as exc:
        await card(update, await read_db(Booking.get_by_id, booking.id), origin,
                   prefix="😔 " + exc.message(lang))
        return
    log.info("user %s set booking #%s to %s", user_id(update), number, status)
    emit(context, BotEvent(BOOKING_CHANGED, booking_number=number))
    prefix = tr("Done: the booking is “{status}”.", lang, status=status_name(status, lang))

    def reads():
        now = Booking.get_by_id(booking.id)
        return now, status in (CONFIRMED, CANCELLED) and client_hears(now)

    booking, told = await read_screen(reads)
    if told:
        prefix += " " + tr("The client will be told.", lang)
    await card(update, booking, origin, prefix=prefix)


async def confirm(update: Update, context: Context) -> None:
    await answer(update)
    await change_status(update, context, CONFIRMED, (PENDING,))


async def decline(update: Update, context: Context) -> None:
    await answer(update)
    await change_status(update, context, CANCELLED, (PENDING,))


async def complete(update: Update, context: Context) -> None:
    await answer(update)
    await change_status(update, context, COMPLETED, ACTIVE_STATUSES)


async def no_show(update: Update, context: Context) -> None:
    await answer(update)
    await change_status(update, context, NO_SHOW, ACTIVE_STATUSES)


async def ask_cancel(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    number, origin = cb.decode(update.callback_query.data).values

    def reads():  # (the booking with its client loaded, whether the client hears of it)
        booking = managed_booking(update, number)
        return booking, bool(booking and client_hears(booking))

    booking, hears = await read_screen(reads)
    if booking is None:
        await staff.refuse(update, context)
        return
    if not booking.is_active:
        await show_card(update, booking, origin)
        return
    text = tr("Cancel booking № {number} on {day} at {time} ({client})?", lang, number=number,
              day=format_day(booking.date, lang), time=format_time(booking.start),
              client=esc(booking.client.full_name or "—"))
    if hears:
        text += "\n" + tr("The client will be told.", lang)
    await show(update, text, keyboards.markup(
        [keyboards.button(tr("Yes, cancel it", lang), CANCEL_YES, number, origin)],
        [keyboards.button(tr("No, keep it", lang), CARD, number, origin)],
    ))


async def do_cancel(update: Update, context: Context) -> None:
    await answer(update)
    await change_status(update, context, CANCELLED, ACTIVE_STATUSES)


def register(app: Application) -> None:
    routes = {
        LIST: show_list,
        staff.BY_DATE: by_date,
        DAY_LIST: day_list,
        CARD: card,
        CONFIRM: confirm,
        DECLINE: decline,
        CARD_CONFIRM: confirm,
        CARD_DECLINE: decline,
        COMPLETE: complete,
        NOSHOW: no_show,
        CANCEL_ASK: ask_cancel,
        CANCEL_YES: do_cancel,
    }
    route(app, routes)
