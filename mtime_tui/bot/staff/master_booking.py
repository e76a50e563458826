"""A master books a walk-in or a phone call for themself (the guide's manual booking, master
side): service (their active ones; one tap, or several ticked for one visit) → date → free time → the client's phone (typed) → the name if
the phone is new → review → booked, confirmed, source "master" (core tells the client if they are
on Telegram and the admins, never the master themself).

The master is always the active master behind the update's user: no button names a master. The
buttons carry the service, date, time and — at the review — the client's id; each press re-checks
that the service is still the master's and the time still free (core re-checks again inside its
write transaction, and a double tap returns the booking already made).
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram import Update
from telegram.ext import Application

from ...core import settings as settings_mod
from ...core.booking import bookings, slots, visits
from ...core.errors import DomainError, NotAllowed, SlotTaken, ValidationError
from ...core.people import clients, phones
from ...core.storage.db import write_transaction
from ...core.storage.models import SOURCE_MASTER, Client, Master, Service
from ...i18n import N_, tr
from ..client.booking_choice import emit
from ..client.visit_choice import total_line, visit_lines
from ..telegram import callbacks as cb
from ..telegram import dialogue, keyboards
from ..telegram.dbcalls import run_db
from ..telegram.dialogue import Context, answer, lang_of, show
from ..telegram.events import BOOKING_CREATED, BotEvent
from ..telegram.keyboards import tick_rows
from ..telegram.routes import route
from ..telegram.texts import booking_details, esc, format_day, format_price, format_time
from . import staff
from .master import BY_DAY, CARD
from .staff import WALK_IN, user_id

log = logging.getLogger(__name__)


def _client_by_phone(phone: str, first: str, last: str) -> Client:
    """For `run_db`: BEGIN IMMEDIATE, as the TUI may be writing at the same moment."""
    with write_transaction():
        return clients.find_or_create_by_phone(phone, first, last)

PHONE_INPUT = "walk_in_phone"
NAME_INPUT = "walk_in_name"

SERVICES_PAGE = cb.action("mb:sp", cb.NUM)  # more of the master's services (page 0 is mb)
# The service field is the visit's set (`callbacks.SET`): an old one-service button reads the same.
TICK = cb.action("mb:x", cb.SET)  # the master's services with these ticked, and their total
TICK_PAGE = cb.action("mb:xp", cb.SET, cb.NUM)  # … another page of them (page 0 is mb:x)
TICK_FULL = cb.action("mb:xf", cb.SET)  # a tick past the limit: only a notice
SERVICE = cb.action("mb:s", cb.SET)  # service(s): the dates
DATE = cb.action("mb:d", cb.SET, cb.DAY)  # … and a date: the times
TIME = cb.action("mb:t", cb.SET, cb.DAY, cb.TIME)  # … and a time: the phone
BOOK = cb.action("mb:ok", cb.SET, cb.DAY, cb.TIME, cb.ID)  # … and the client: book
DATES_PAGE = cb.action("mb:dp", cb.SET, cb.ID)  # service(s), page ≥ 1 of the dates
TIMES_PAGE = cb.action("mb:tp", cb.SET, cb.DAY, cb.ID)  # service(s), day, page ≥ 1 of the times


def _key(service_ids: tuple[int, ...]) -> int | tuple[int, ...]:
    return service_ids[0] if len(service_ids) == 1 else tuple(service_ids)


def _join(prefix: str, text: str) -> str:
    return f"{prefix}\n\n{text}" if prefix else text


def own_services(master: Master, service_ids: tuple[int, ...]) -> list[Service] | None:
    """The visit's services in order if each is one of the master's active ones, else None."""
    mine = {s.id: s for s in slots.services_for_master(master.id)}
    found = [mine.get(i) for i in service_ids]
    return None if not found or None in found else found


async def _master(update: Update, context: Context) -> Master | None:
    master = staff.master_for(user_id(update))
    if master is None:
        await staff.refuse(update, context)
    return master


async def start(update: Update, context: Context) -> None:
    await answer(update)
    master = await _master(update, context)
    if master is not None:
        dialogue.forget(context)
        await show_services(update, context, master)


async def services_page(update: Update, context: Context) -> None:
    await answer(update)
    master = await _master(update, context)
    if master is not None:
        (page,) = cb.decode(update.callback_query.data).values
        await show_services(update, context, master, page=page)


async def tick(update: Update, context: Context) -> None:
    await answer(update)
    master = await _master(update, context)
    if master is not None:
        (chosen,) = cb.decode(update.callback_query.data).values
        await show_services(update, context, master, chosen)


async def tick_page(update: Update, context: Context) -> None:
    await answer(update)
    master = await _master(update, context)
    if master is not None:
        chosen, page = cb.decode(update.callback_query.data).values
        await show_services(update, context, master, chosen, page=page)


async def tick_full(update: Update, context: Context) -> None:
    await answer(update, tr("At most {limit} services in one visit", lang_of(update),
                            limit=visits.MAX_SERVICES))


async def show_services(
    update: Update, context: Context, master: Master, chosen: tuple[int, ...] = (), *,
    page: int = 0,
) -> None:
    lang = lang_of(update)
    items = slots.services_for_master(master.id)
    if not items:
        await show(update, tr("You have no active services. Ask the salon to add them.", lang),
                   keyboards.markup([staff.back_home(lang)]))
        return
    picked = own_services(master, chosen) if chosen else []
    if picked is None:
        await staff.refuse(update, context)
        return
    s = settings_mod.load()
    shown, page, more = keyboards.page_slice(items, page, keyboards.SERVICES_PER_PAGE)

    def toggle(ids: tuple[int, ...]) -> tuple:
        if not ids:
            return (WALK_IN,) if page == 0 else (SERVICES_PAGE, page)
        return (TICK, ids) if page == 0 else (TICK_PAGE, ids, page)

    lines = tick_rows(shown, s, chosen, one=lambda svc: (SERVICE, (svc.id,)), toggle=toggle,
                      full=(TICK_FULL, chosen))
    if chosen:
        lines.append(keyboards.pager(lang, page, more, (TICK, chosen), (TICK_PAGE, chosen)))
    else:
        lines.append(keyboards.pager(lang, page, more, (WALK_IN,), (SERVICES_PAGE,)))
    text = tr("➕ A booking for you. Choose the service:", lang)
    text += keyboards.page_note(lang, page, len(items), keyboards.SERVICES_PER_PAGE)
    if picked:
        text += "\n\n" + tr("<b>Your visit:</b> {services}", lang,
                             services=esc(visits.NAME_JOIN.join(p.name for p in picked)))
        text += "\n" + esc(total_line(picked, lang, s))
        lines.append([keyboards.button(tr("Next ▶️", lang), SERVICE, chosen)])
    await show(update, text, keyboards.markup(*lines, [staff.back_home(lang)]))


async def show_dates(
    update: Update, context: Context, master: Master, service_ids: tuple[int, ...], *,
    prefix: str = "", page: int = 0,
) -> None:
    lang = lang_of(update)
    if own_services(master, service_ids) is None:
        await staff.refuse(update, context)
        return
    days = slots.available_dates(_key(service_ids), master.id)
    back = keyboards.back(lang, WALK_IN)
    if not days:
        await show(update, _join(prefix, tr("You have no free time in the coming days.", lang)),
                   keyboards.markup([back]))
        return
    shown, page, more = keyboards.page_slice(days, page, keyboards.DATES_PER_PAGE)
    buttons = [keyboards.button(format_day(d, lang), DATE, service_ids, d) for d in shown]
    nav = keyboards.pager(lang, page, more, (SERVICE, service_ids), (DATES_PAGE, service_ids))
    await show(update, _join(prefix, tr("Choose a date:", lang)),
               keyboards.markup(*keyboards.rows(buttons, 3), nav, [back]))


async def pick_service(update: Update, context: Context) -> None:
    await answer(update)
    master = await _master(update, context)
    if master is not None:
        (service_ids,) = cb.decode(update.callback_query.data).values
        await show_dates(update, context, master, service_ids)


async def show_times(
    update: Update, context: Context, master: Master, service_ids: tuple[int, ...],
    day: dt.date, *, prefix: str = "", page: int = 0,
) -> None:
    lang = lang_of(update)
    if own_services(master, service_ids) is None:
        await staff.refuse(update, context)
        return
    starts = slots.free_starts(master.id, _key(service_ids), day)
    if not starts:
        await show_dates(update, context, master, service_ids, prefix=_join(prefix, tr(
            "There is no free time left on {day}.", lang, day=format_day(day, lang))))
        return
    shown, page, more = keyboards.page_slice(starts, page, keyboards.TIMES_PER_PAGE)
    buttons = [keyboards.button(format_time(t), TIME, service_ids, day, t) for t in shown]
    nav = keyboards.pager(lang, page, more, (DATE, service_ids, day),
                          (TIMES_PAGE, service_ids, day))
    await show(update, _join(prefix, tr("Free times on {day}:", lang, day=format_day(day, lang))),
               keyboards.markup(*keyboards.rows(buttons, 4), nav,
                                [keyboards.back(lang, SERVICE, service_ids)]))


async def pick_date(update: Update, context: Context) -> None:
    await answer(update)
    master = await _master(update, context)
    if master is not None:
        service_ids, day = cb.decode(update.callback_query.data).values
        await show_times(update, context, master, service_ids, day)


async def dates_page(update: Update, context: Context) -> None:
    await answer(update)
    master = await _master(update, context)
    if master is not None:
        service_ids, page = cb.decode(update.callback_query.data).values
        await show_dates(update, context, master, service_ids, page=page)


async def times_page(update: Update, context: Context) -> None:
    await answer(update)
    master = await _master(update, context)
    if master is not None:
        service_ids, day, page = cb.decode(update.callback_query.data).values
        await show_times(update, context, master, service_ids, day, page=page)


async def pick_time(update: Update, context: Context) -> None:
    """A time: if still free, ask for the client's phone (typed)."""
    await answer(update)
    master = await _master(update, context)
    if master is None:
        return
    lang = lang_of(update)
    service_ids, day, start = choice = cb.decode(update.callback_query.data).values
    picked = own_services(master, service_ids)
    if picked is None:
        await staff.refuse(update, context)
        return
    if start not in slots.free_starts(master.id, _key(service_ids), day):
        await show_times(update, context, master, service_ids, day,
                         prefix=tr("⌛ This time is no longer free.", lang))
        return
    dialogue.expect(context, PHONE_INPUT, choice=choice)
    names = visits.NAME_JOIN.join(p.name for p in picked)
    text = " · ".join([esc(names), f"{format_day(day, lang)} {format_time(start)}"])
    text += "\n\n" + tr("Type the client's phone number (for example 8 912 345-67-89):", lang)
    await show(update, text, keyboards.markup([keyboards.back(lang, DATE, service_ids, day)]))


async def phone_given(update: Update, context: Context, data: dict) -> None:
    master = await _master(update, context)
    if master is None:
        return
    lang = lang_of(update)
    message = update.effective_message
    try:
        phone = phones.parse_phone(message.text or "", settings_mod.load().phone_region)
    except ValidationError as exc:
        await message.reply_text(exc.message(lang) + "\n" + tr("Please try again.", lang))
        return
    choice = tuple(data["choice"])
    client = clients.find_by_phone(phone)
    if client is None:
        dialogue.expect(context, NAME_INPUT, choice=choice, phone=phone)
        await message.reply_text(tr(
            "A new client with the phone {phone}. Type their first and last name:", lang,
            phone=esc(phones.format_phone(phone))))
        return
    await show_review(update, context, master, choice, client)


async def name_given(update: Update, context: Context, data: dict) -> None:
    master = await _master(update, context)
    if master is None:
        return
    lang = lang_of(update)
    message = update.effective_message
    try:
        first, last = clients.split_full_name(message.text)
        client = await run_db(_client_by_phone, data["phone"], first, last)
    except ValidationError as exc:
        await message.reply_text(exc.message(lang) + "\n" + tr("Please try again.", lang))
        return
    await show_review(update, context, master, tuple(data["choice"]), client)


async def show_review(
    update: Update, context: Context, master: Master, choice: tuple, client: Client
) -> None:
    """The review, as a new message (the master has just typed)."""
    lang = lang_of(update)
    dialogue.forget(context)
    service_ids, day, start = choice
    picked = own_services(master, tuple(service_ids))
    if picked is None:
        await staff.refuse(update, context)
        return
    if client.blocked:
        reason = f" ({esc(client.block_reason)})" if client.block_reason else ""
        await show(update, tr("This client is blocked in the salon{reason}; the booking cannot be "
                              "made.", lang, reason=reason),
                   keyboards.markup([staff.back_home(lang)]), new=True)
        return
    s = settings_mod.load()
    lines = [
        tr("<b>Please check the booking:</b>", lang),
        "",
        *visit_lines(picked, lang, s),
        tr("📅 Date: {day}", lang, day=format_day(day, lang)),
        tr("🕐 Time: {time}", lang, time=format_time(start)),
        tr("🙋 Client: {name}", lang, name=esc(client.full_name or "—")),
        tr("📞 Phone: {phone}", lang, phone=esc(phones.format_phone(client.phone or ""))),
    ]
    price = format_price(visits.total_price(picked), s)
    if price:
        lines.append(tr("💰 Price: {price}", lang, price=esc(price)))
    markup = keyboards.markup(
        [keyboards.button(tr("✅ Book", lang), BOOK, service_ids, day, start, client.id)],
        [keyboards.button(tr("📞 Another phone", lang), TIME, service_ids, day, start)],
        [keyboards.back(lang, DATE, service_ids, day)],
    )
    await show(update, "\n".join(lines), markup, new=True)


async def book(update: Update, context: Context) -> None:
    await answer(update)
    master = await _master(update, context)
    if master is None:
        return
    lang = lang_of(update)
    service_ids, day, start, client_id = cb.decode(update.callback_query.data).values
    if own_services(master, service_ids) is None:
        await staff.refuse(update, context)
        return
    try:
        booking = await run_db(bookings.create_booking, service_ids=list(service_ids),
                               client_id=client_id, day=day, start=start, master_id=master.id,
                               source=SOURCE_MASTER)
    except SlotTaken as exc:
        await show_times(update, context, master, service_ids, day,
                         prefix="😔 " + exc.message(lang))
        return
    except NotAllowed as exc:
        log.info("Walk-in booking refused for master %s: %s", master.id, exc)
        await show(update, "😔 " + exc.message(lang), keyboards.markup([staff.back_home(lang)]))
        return
    except DomainError as exc:
        log.info("Walk-in booking refused for master %s: %s", master.id, exc)
        await staff.refuse(update, context)
        return
    head = tr("✅ Booked and confirmed.", lang)  # a double tap finds the booking it made
    if not booking.already_existed:
        log.info("master %s booked #%s for client %s", master.id, booking.number, client_id)
        emit(context, BotEvent(BOOKING_CREATED, booking_number=booking.number))
    text = f"<b>{head}</b>\n\n" + booking_details(booking, lang, settings_mod.load(),
                                                  show_master=False, show_client=True,
                                                  show_status=True)
    await show(update, text, keyboards.markup(
        [keyboards.button(tr("📋 Open the booking", lang), CARD, booking.number, BY_DAY)],
        [keyboards.button(tr("➕ Another booking", lang), WALK_IN)],
        [staff.back_home(lang)],
    ))


def register(app: Application) -> None:
    dialogue.on_input(PHONE_INPUT, phone_given, hint=N_(
        "Type the client's phone number as text (for example 8 912 345-67-89)."))
    dialogue.on_input(NAME_INPUT, name_given, hint=N_(
        "Type the client's first and last name as text."))
    routes = {
        WALK_IN: start,
        SERVICES_PAGE: services_page,
        TICK: tick,
        TICK_PAGE: tick_page,
        TICK_FULL: tick_full,
        SERVICE: pick_service,
        DATE: pick_date,
        TIME: pick_time,
        DATES_PAGE: dates_page,
        TIMES_PAGE: times_page,
        BOOK: book,
    }
    route(app, routes)
