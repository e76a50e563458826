"""The client's booking flow: /start and the menu, then service → master → date → time →
phone and name (the first time only) → review → booked.

Each button carries the whole choice so far (`callbacks`), and each press re-checks it against the
database: a service or master that is gone, a date outside the horizon or a time that is no longer
free never books anything — the client sees "this menu is out of date" or the free times again.
`context.user_data` only remembers what the client is typing (phone, name) and for which choice.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from ..core import bookings, clients, phones, slots
from ..core import settings as settings_mod
from ..core.errors import DomainError, NotAllowed, SlotTaken, ValidationError
from ..core.models import SOURCE_BOT, Client, Master, Service
from ..i18n import tr
from . import callbacks as cb
from . import dialogue, keyboards
from .dialogue import Context, answer, lang_of, show
from .events import BOOKING_CREATED, BotEvent
from .texts import booking_details, esc, format_day, format_price, format_time, hours_text

log = logging.getLogger(__name__)

PHONE_INPUT = "client_phone"
NAME_INPUT = "client_name"


# ---- small lookups (synchronous, short) ----------------------------------------------------


def client_of(update: Update) -> Client | None:
    return Client.get_or_none(Client.telegram_id == update.effective_user.id)


def bookable_service(service_id: int) -> Service | None:
    return next((s for s in slots.bookable_services() if s.id == service_id), None)


def offering_master(service_id: int, master_id: int) -> Master | None:
    return next((m for m in slots.masters_for_service(service_id) if m.id == master_id), None)


def free_times(service_id: int, master_id: int | None, day: dt.date) -> list[int]:
    if master_id is None:
        return slots.any_master_starts(service_id, day)
    return slots.free_starts(master_id, service_id, day)


def choice_valid(service_id: int, master_id: int | None) -> bool:
    """The service is bookable and the master (if one was chosen) still offers it."""
    if bookable_service(service_id) is None:
        return False
    return master_id is None or offering_master(service_id, master_id) is not None


def emit(context: Context, event: BotEvent) -> None:
    """Tell the TUI (through the runner) and nudge the outbox sender: something was written."""
    on_event = context.bot_data.get("on_event")
    if on_event:
        on_event(event)
    sender = context.bot_data.get("sender")
    if sender:
        sender.wake()


def blocked_text(lang: str) -> str:
    phone = settings_mod.load().salon_phone
    text = tr("Sorry, online booking is not available for you.", lang)
    if phone:
        text += " " + tr("Please call the salon: {phone}", lang, phone=esc(phone))
    return text


# ---- the menu --------------------------------------------------------------------------------


async def start(update: Update, context: Context) -> None:
    dialogue.record_user(update)
    dialogue.forget(context)
    await dialogue.show_menu(update, context, new=True)


async def menu(update: Update, context: Context) -> None:
    await answer(update)
    dialogue.forget(context)
    await dialogue.show_menu(update, context)


async def about(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    s = settings_mod.load()
    lines = [f"<b>{esc(s.salon_name)}</b>"]
    if s.salon_address:
        lines.append(tr("📍 Address: {address}", lang, address=esc(s.salon_address)))
    if s.salon_phone:
        lines.append(tr("📞 Phone: {phone}", lang, phone=esc(s.salon_phone)))
    hours = hours_text(s, lang)
    if hours:
        lines.append("🕐 " + hours)
    await show(update, "\n".join(lines), keyboards.to_menu(lang))


# ---- service → master → date → time -------------------------------------------------------


async def book(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    client = client_of(update)
    if client is not None and client.blocked:
        await show(update, blocked_text(lang), keyboards.to_menu(lang))
        return
    items = slots.bookable_services()
    if not items:
        await show(update, tr("Sorry, there is nothing to book at the moment.", lang),
                   keyboards.to_menu(lang))
        return
    await show(update, tr("Choose a service:", lang),
               keyboards.services(items, lang, settings_mod.load()))


async def pick_service(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    (service_id,) = cb.decode(update.callback_query.data).values
    service = bookable_service(service_id)
    if service is None:
        await dialogue.stale(update, context)
        return
    masters = slots.masters_for_service(service_id)
    s = settings_mod.load()
    lines = [f"<b>{esc(service.name)}</b>"]
    price = format_price(service.price, s)
    facts = [p for p in (price, tr("{minutes} min", lang, minutes=service.duration)) if p]
    lines.append(" · ".join(esc(f) for f in facts))
    if service.description:
        lines += ["", esc(service.description)]
    about = [f"<b>{esc(m.name)}</b> — {esc(m.about)}" for m in masters if m.about]
    if about:
        lines += ["", *about]
    lines += ["", tr("Choose a master:", lang)]
    sent_photos = await send_photos(update, context, masters)
    await show(update, "\n".join(lines), keyboards.masters(service_id, masters, lang),
               new=sent_photos)


async def send_photos(update: Update, context: Context, masters: list[Master]) -> bool:
    """Each master's photo with their name and about — once per dialogue. True if any was sent."""
    shown = context.user_data.setdefault("photos_shown", set())
    sent = False
    for master in masters:
        if not master.photo or master.id in shown:
            continue
        path = Path(master.photo)
        try:
            data = path.read_bytes()
        except OSError as exc:
            log.warning("Photo of master %s cannot be read: %s", master.id, exc)
            continue
        caption = f"<b>{esc(master.name)}</b>" + (f"\n{esc(master.about)}" if master.about else "")
        try:
            await update.effective_chat.send_photo(data, caption=caption[:1024],
                                                   filename=path.name)
        except TelegramError as exc:
            log.warning("Photo of master %s not sent: %s", master.id, exc)
            continue
        shown.add(master.id)
        sent = True
    return sent


async def pick_master(update: Update, context: Context) -> None:
    await answer(update)
    service_id, master_id = cb.decode(update.callback_query.data).values
    await show_dates(update, context, service_id, master_id)


async def dates_page(update: Update, context: Context) -> None:
    await answer(update)
    service_id, master_id, page = cb.decode(update.callback_query.data).values
    await show_dates(update, context, service_id, master_id, page=page)


async def show_dates(
    update: Update,
    context: Context,
    service_id: int,
    master_id: int | None,
    *,
    prefix: str = "",
    page: int = 0,
) -> None:
    lang = lang_of(update)
    if not choice_valid(service_id, master_id):
        await dialogue.stale(update, context)
        return
    days = slots.available_dates(service_id, master_id)
    if not days:
        text = tr("Sorry, there is no free time in the coming days.", lang)
        if master_id is not None:
            text += " " + tr("Try another master.", lang)
        await show(update, _join(prefix, text),
                   keyboards.markup([keyboards.back(lang, cb.SERVICE, service_id)]))
        return
    await show(update, _join(prefix, tr("Choose a date:", lang)),
               keyboards.dates(service_id, master_id, days, lang, page))


async def pick_date(update: Update, context: Context) -> None:
    await answer(update)
    service_id, master_id, day = cb.decode(update.callback_query.data).values
    await show_times(update, context, service_id, master_id, day)


async def times_page(update: Update, context: Context) -> None:
    await answer(update)
    service_id, master_id, day, page = cb.decode(update.callback_query.data).values
    await show_times(update, context, service_id, master_id, day, page=page)


async def show_times(
    update: Update,
    context: Context,
    service_id: int,
    master_id: int | None,
    day: dt.date,
    *,
    prefix: str = "",
    page: int = 0,
) -> None:
    lang = lang_of(update)
    if not choice_valid(service_id, master_id):
        await dialogue.stale(update, context)
        return
    starts = free_times(service_id, master_id, day)
    if not starts:
        await show_dates(update, context, service_id, master_id, prefix=_join(
            prefix, tr("There is no free time left on {day}.", lang, day=format_day(day, lang))))
        return
    text = tr("Free times on {day}:", lang, day=format_day(day, lang))
    await show(update, _join(prefix, text),
               keyboards.times(service_id, master_id, day, starts, lang, page))


async def pick_time(update: Update, context: Context) -> None:
    """A time: if it is still free, collect the phone and name (first time) or go to review."""
    await answer(update)
    lang = lang_of(update)
    choice = cb.decode(update.callback_query.data).values
    service_id, master_id, day, start = choice
    if not choice_valid(service_id, master_id):
        await dialogue.stale(update, context)
        return
    if start not in free_times(service_id, master_id, day):
        await show_times(update, context, service_id, master_id, day,
                         prefix=tr("⌛ This time is no longer free.", lang))
        return
    client = client_of(update)
    if client is not None and client.blocked:
        await show(update, blocked_text(lang), keyboards.to_menu(lang))
        return
    if client is None or not client.phone:
        await ask_phone(update, context, choice)
        return
    await show_review(update, context, choice)


# ---- phone and name, the first time --------------------------------------------------------


async def ask_phone(update: Update, context: Context, choice: tuple) -> None:
    lang = lang_of(update)
    dialogue.expect(context, PHONE_INPUT, choice=choice)
    if update.callback_query is not None:  # the pressed screen keeps the choice, not its buttons
        service_id, master_id, day, start = choice
        service = bookable_service(service_id)
        master = offering_master(service_id, master_id) if master_id else None
        summary = [esc(service.name) if service else "",
                   esc(master.name) if master else tr("any master", lang),
                   f"{format_day(day, lang)} {format_time(start)}"]
        await show(update, " · ".join(p for p in summary if p))
    await update.effective_chat.send_message(
        tr("To book, I need your phone number. Press the button below to share it, or type it "
           "(for example 8 912 345-67-89).", lang),
        reply_markup=keyboards.share_contact(lang),
    )


async def phone_given(update: Update, context: Context, data: dict) -> None:
    lang = lang_of(update)
    message = update.effective_message
    user = update.effective_user
    verified = message.contact is not None  # Telegram's own contact card: the number is theirs
    if verified:
        if message.contact.user_id != user.id:
            await message.reply_text(tr("Please share your own phone number, or type it.", lang))
            return
        raw = message.contact.phone_number
        if raw and not raw.startswith("+"):
            raw = "+" + raw
    else:
        raw = message.text or ""
    try:
        phone = phones.parse_phone(raw, settings_mod.load().phone_region)
    except ValidationError as exc:
        await message.reply_text(exc.message(lang) + "\n" + tr("Please try again.", lang))
        return
    holder = clients.find_by_phone(phone)
    if holder is not None and holder.telegram_id != user.id and (
        not verified or holder.telegram_id is not None
    ):
        # A typed number could be anyone's: joining its client (their name, their bookings) needs
        # the contact button. Never say whose number it is.
        await message.reply_text(tr(
            "This number is already known to the salon. To use it, share it with the button "
            "below, or call the salon.", lang))
        return
    try:
        client = clients.telegram_client(
            user.id, first_name=user.first_name or "", last_name=user.last_name or "",
            language=lang,
        )
        client = clients.set_phone(client.id, phone)  # joins a phone-only client with it
    except ValidationError as exc:
        log.info("Phone refused for user %s: %s", user.id, exc)
        await message.reply_text(tr(
            "This number is already known to the salon. To use it, share it with the button "
            "below, or call the salon.", lang))
        return
    choice = tuple(data["choice"])
    await update.effective_chat.send_message(
        tr("Thank you! Your phone: {phone}", lang, phone=esc(phones.format_phone(client.phone))),
        reply_markup=keyboards.no_reply_keyboard(),
    )
    if client.blocked:
        dialogue.forget(context)
        await update.effective_chat.send_message(blocked_text(lang),
                                                 reply_markup=keyboards.to_menu(lang))
        return
    name = client.full_name or user.full_name
    dialogue.expect(context, NAME_INPUT, choice=choice)
    await update.effective_chat.send_message(
        tr("How should we call you? Keep “{name}” or type another name.", lang, name=esc(name)),
        reply_markup=keyboards.keep_name(name, *choice, lang),
    )


async def name_given(update: Update, context: Context, data: dict) -> None:
    lang = lang_of(update)
    message = update.effective_message
    parts = (message.text or "").split(maxsplit=1)
    try:
        first = clients.validate_name(parts[0] if parts else "", "first_name", required=True)
        last = clients.validate_name(parts[1] if len(parts) > 1 else "", "last_name")
        client = client_of(update)
        if client is None:
            raise ValidationError("Please start again with /start", field="first_name")
        clients.update_client(client.id, first_name=first, last_name=last)
    except ValidationError as exc:
        await message.reply_text(exc.message(lang))
        return
    await show_review(update, context, tuple(data["choice"]), new=True)


async def keep_name(update: Update, context: Context) -> None:
    await answer(update)
    choice = cb.decode(update.callback_query.data).values
    client = client_of(update)
    if client is None or not client.phone:
        await ask_phone(update, context, choice)
        return
    if not client.full_name:
        user = update.effective_user
        clients.update_client(client.id, first_name=clients.validate_name(user.first_name or ""),
                              last_name=clients.validate_name(user.last_name or "", "last_name"))
    await show_review(update, context, choice)


# ---- review and booking ----------------------------------------------------------------------


async def show_review(update: Update, context: Context, choice: tuple, *, new: bool = False) -> None:
    lang = lang_of(update)
    dialogue.forget(context)
    service_id, master_id, day, start = choice
    service = bookable_service(service_id)
    master = offering_master(service_id, master_id) if master_id else None
    client = client_of(update)
    if service is None or (master_id and master is None) or client is None:
        await dialogue.stale(update, context)
        return
    s = settings_mod.load()
    lines = [
        tr("<b>Please check your booking:</b>", lang),
        "",
        tr("💇 Service: {name}", lang, name=esc(service.name)),
        tr("👤 Master: {name}", lang,
           name=esc(master.name) if master else tr("any master", lang)),
        tr("📅 Date: {day}", lang, day=format_day(day, lang)),
        tr("🕐 Time: {time}", lang, time=format_time(start)),
    ]
    price = format_price(service.price, s)
    if price:
        lines.append(tr("💰 Price: {price}", lang, price=esc(price)))
    lines.append(tr("🙋 Name: {name}", lang, name=esc(client.full_name or "—")))
    lines.append(tr("📞 Phone: {phone}", lang, phone=esc(phones.format_phone(client.phone))))
    if s.salon_address:
        lines.append(tr("📍 Address: {address}", lang, address=esc(s.salon_address)))
    await show(update, "\n".join(lines), keyboards.review(*choice, lang), new=new)


async def confirm(update: Update, context: Context) -> None:
    """Book: core re-checks everything in one write transaction; a double tap gets the same one."""
    await answer(update)
    lang = lang_of(update)
    choice = cb.decode(update.callback_query.data).values
    service_id, master_id, day, start = choice
    client = client_of(update)
    if client is None or not client.phone:
        await ask_phone(update, context, choice)
        return
    if client.blocked:
        await show(update, blocked_text(lang), keyboards.to_menu(lang))
        return
    try:
        booking = bookings.create_booking(
            service_id=service_id, client_id=client.id, day=day, start=start,
            master_id=master_id, source=SOURCE_BOT,
        )
    except SlotTaken as exc:  # a lost race, or a time that an old button still shows
        await show_times(update, context, service_id, master_id, day,
                         prefix="😔 " + exc.message(lang))
        return
    except NotAllowed as exc:
        if Client.get_by_id(client.id).blocked:
            await show(update, blocked_text(lang), keyboards.to_menu(lang))
            return
        log.info("Booking refused for user %s: %s", update.effective_user.id, exc)
        await dialogue.stale(update, context)
        return
    except DomainError as exc:
        log.info("Booking refused for user %s: %s", update.effective_user.id, exc)
        await dialogue.stale(update, context)
        return
    s = settings_mod.load()
    if booking.already_existed:
        head = tr("You already have this booking.", lang)
    else:
        head = tr("✅ Booked! The salon will confirm your booking soon.", lang)
        emit(context, BotEvent(BOOKING_CREATED, booking_number=booking.number))
    text = "\n\n".join([
        f"<b>{head}</b>",
        booking_details(booking, lang, s, show_status=True, show_address=True),
    ])
    await show(update, text, keyboards.after_booking(lang))


def _join(prefix: str, text: str) -> str:
    return f"{prefix}\n\n{text}" if prefix else text


def register(app: Application) -> None:
    dialogue.on_input(PHONE_INPUT, phone_given)
    dialogue.on_input(NAME_INPUT, name_given)
    app.add_handler(CommandHandler("start", start))
    routes = {
        cb.MENU: menu,
        cb.ABOUT: about,
        cb.BOOK: book,
        cb.SERVICE: pick_service,
        cb.MASTER: pick_master,
        cb.DATES_PAGE: dates_page,
        cb.DATE: pick_date,
        cb.TIMES_PAGE: times_page,
        cb.TIME_PICK: pick_time,
        cb.KEEP_NAME: keep_name,
        cb.CONFIRM: confirm,
    }
    for name, handler in routes.items():
        app.add_handler(CallbackQueryHandler(handler, pattern=cb.matches(name)))
