"""The end of the client's booking: phone and name (the first time only), the review, Book.

The phone comes from Telegram's contact card (the client's own, so verified) or is typed; only a
verified number may join an existing phone-only client (SPEC "Clients"). Book hands everything to
`core.booking.bookings.create_booking`, which re-checks it in one write transaction: a lost race shows the
free times again, a double tap shows the booking already made.
"""

from __future__ import annotations

import logging

from telegram import Update

from ...core import settings as settings_mod
from ...core.booking import bookings, visits
from ...core.errors import (
    DatabaseUnavailable,
    DomainError,
    NotAllowed,
    SlotTaken,
    TooManyBookings,
    ValidationError,
)
from ...core.people import branches, clients, fields, phones
from ...core.storage.models import SOURCE_BOT, Client
from ...i18n import N_, tr
from ..telegram import callbacks as cb
from ..telegram import dialogue, keyboards
from ..telegram.api_calls import unread
from ..telegram.dbcalls import read_screen, run_db_grouped
from ..telegram.dialogue import Context, answer, lang_of, show
from ..telegram.events import BOOKING_CREATED, BotEvent
from ..telegram.texts import booking_details, esc, format_day, format_price, format_time
from .booking_choice import (
    blocked_text,
    client_of,
    emit,
    offering_master,
    show_times,
    visit_services,
)
from .visit_choice import visit_lines

log = logging.getLogger(__name__)


def _phone_client(user, lang: str, phone: str, region: str | None = None) -> Client:
    """The user's client with the phone given (joined with a phone-only client that has it).
    Synchronous, for `run_db`: one write transaction."""
    return clients.telegram_client_with_phone(
        user.id, phone, first_name=user.first_name or "", last_name=user.last_name or "",
        language=lang, region=region,
    )


def _phone_taken(user, lang: str, phone: str, verified: bool,
                 region: str | None = None) -> Client | None:
    """`_phone_client`, unless the number belongs to someone else: None then. The look-up runs
    in the same writer call (not a read on the bot's loop before it)."""
    holder = clients.find_by_phone(phone)
    if holder is not None and holder.telegram_id != user.id and (
        not verified or holder.telegram_id is not None
    ):
        # A typed number could be anyone's: joining its client (their name, their bookings) needs
        # the contact button. Never say whose number it is.
        return None
    try:
        return _phone_client(user, lang, phone, region)
    except ValidationError as exc:
        log.info("Phone refused for user %s: %s", user.id, exc)
        return None


PHONE_INPUT = "client_phone"
NAME_INPUT = "client_name"
PHONE_HINT = N_("I need your phone number: press the button below to share it, or type it "
                "(for example 8 912 345-67-89).")
NAME_HINT = N_("Please type your name as text, or press “Keep” above.")
WISH_INPUT = "client_wish"
WISH = "wish"  # user_data: (choice, text) — the wish typed for that choice


def wish_for(context: Context, choice: tuple) -> str:
    """The wish the client typed for this very choice (another choice's wish does not count)."""
    saved = context.user_data.get(WISH)
    return saved[1] if saved and tuple(saved[0]) == tuple(choice) else ""


async def ask_wish(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    choice = cb.decode(update.callback_query.data).values
    wish = wish_for(context, choice)
    dialogue.forget(context)
    dialogue.expect(context, WISH_INPUT, choice=choice)
    if wish:
        context.user_data[WISH] = (choice, wish)
    await show(update, tr("💬 Write your wish for the master (at most {limit} characters):", lang,
                          limit=bookings.COMMENT_LIMIT),
               keyboards.markup([keyboards.back(lang, cb.KEEP_NAME, *choice)]))


async def wish_given(update: Update, context: Context, data: dict) -> None:
    lang = lang_of(update)
    message = update.effective_message
    choice = tuple(data["choice"])
    try:
        wish = fields.clean_text(message.text or "", "comment",
                                         limit=bookings.COMMENT_LIMIT, multiline=True)
    except ValidationError as exc:
        await message.reply_text(exc.message(lang))
        return
    await show_review(update, context, choice, new=True, wish=wish)


# ---- phone and name, the first time --------------------------------------------------------


def phone_prompt_reads(choice: tuple) -> tuple:
    """What the phone prompt's screen names, and the salon's phone region its answer is read
    in: (the visit's services, the chosen master, the region). Reads."""
    service_ids, master_id, _day, _start = choice
    services = visit_services(service_ids) or []
    master = offering_master(service_ids, master_id) if master_id else None
    return services, master, settings_mod.load().phone_region


async def ask_phone(update: Update, context: Context, choice: tuple,
                    read: tuple | None = None) -> None:
    """The phone prompt; `read`: its `phone_prompt_reads`, when the caller read them already.
    The number given next is read in the region read here, with the screen (not by a read on
    the loop when it comes)."""
    lang = lang_of(update)
    if update.callback_query is None:
        dialogue.expect(context, PHONE_INPUT, choice=choice)
    else:  # the pressed screen keeps the choice, not its buttons
        service_ids, master_id, day, start = choice
        services, master, region = read or await read_screen(lambda: phone_prompt_reads(choice))
        dialogue.expect(context, PHONE_INPUT, choice=choice, region=region)
        summary = [esc(visits.NAME_JOIN.join(s.name for s in services)),
                   esc(master.name) if master else tr("any master", lang),
                   f"{format_day(day, lang)} {format_time(start)}"]
        await show(update, " · ".join(p for p in summary if p))
    await unread(update.effective_chat.send_message(
        tr("To book, I need your phone number. Press the button below to share it, or type it "
           "(for example 8 912 345-67-89).", lang),
        reply_markup=keyboards.share_contact(lang),
    ))


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
    region = data.get("region") or settings_mod.load().phone_region  # read with the prompt
    try:
        phone = phones.parse_phone(raw, region)
    except ValidationError as exc:
        await message.reply_text(exc.message(lang) + "\n" + tr("Please try again.", lang))
        return
    # the region just read goes along: the writer need not read the settings again for it
    client = await run_db_grouped(_phone_taken, user, lang, phone, verified, region)
    if client is None:
        await message.reply_text(tr(
            "This number is already known to the salon. To use it, share it with the button "
            "below, or call the salon.", lang))
        return
    choice = tuple(data["choice"])
    await unread(update.effective_chat.send_message(
        tr("Thank you! Your phone: {phone}", lang, phone=esc(phones.format_phone(client.phone))),
        reply_markup=keyboards.no_reply_keyboard(),
    ))
    if client.blocked:
        dialogue.forget(context)
        await update.effective_chat.send_message(blocked_text(lang),
                                                 reply_markup=keyboards.to_menu(lang))
        return
    name = client.full_name or user.full_name
    dialogue.expect(context, NAME_INPUT, choice=choice)
    await unread(update.effective_chat.send_message(
        tr("How should we call you? Keep “{name}” or type another name.", lang, name=esc(name)),
        reply_markup=keyboards.keep_name(name, *choice, lang),
    ))


async def name_given(update: Update, context: Context, data: dict) -> None:
    lang = lang_of(update)
    message = update.effective_message
    try:
        first, last = clients.split_full_name(message.text)
        client = client_of(update)
        if client is None:
            raise ValidationError("Please start again with /start", field="first_name")
        await run_db_grouped(clients.update_client, client.id, first_name=first, last_name=last)
    except ValidationError as exc:
        await message.reply_text(exc.message(lang))
        return
    await show_review(update, context, tuple(data["choice"]), new=True)


async def keep_name(update: Update, context: Context) -> None:
    await answer(update)
    choice = cb.decode(update.callback_query.data).values
    def reads():  # the review's reads too, in the same trip, when it can follow at once
        client = client_of(update)
        ready = client is not None and client.phone and client.full_name
        return client, review_reads(update, choice) if ready else None

    client, review = await read_screen(reads)
    if client is None or not client.phone:
        await ask_phone(update, context, choice)
        return
    if not client.full_name:
        user = update.effective_user
        await run_db_grouped(clients.update_client, client.id,
                     first_name=clients.validate_name(user.first_name or ""),
                     last_name=clients.validate_name(user.last_name or "", "last_name"))
    await show_review(update, context, choice, read=review)


# ---- review and booking ----------------------------------------------------------------------


def review_reads(update: Update, choice: tuple) -> tuple:
    """What the review shows: (services, master, client, settings). Reads only."""
    service_ids, master_id, _day, _start = choice
    services = visit_services(service_ids)
    master = offering_master(service_ids, master_id) if master_id else None
    client = client_of(update)
    s = settings_mod.load()
    if services:  # a chain: the address of the services' branch
        s = branches.for_branch(s, services[0].branch_id)
    return services, master, client, s


async def show_review(update: Update, context: Context, choice: tuple, *, new: bool = False,
                      wish: str | None = None, read: tuple | None = None) -> None:
    """The review of `choice`; `read`: its `review_reads`, when the caller read them already."""
    lang = lang_of(update)
    wish = wish_for(context, choice) if wish is None else wish
    dialogue.forget(context)
    if wish:
        context.user_data[WISH] = (choice, wish)
    service_ids, master_id, day, start = choice
    services, master, client, s = read or await read_screen(lambda: review_reads(update, choice))
    if services is None or (master_id and master is None) or client is None:
        await dialogue.stale(update, context)
        return
    lines = [
        tr("<b>Please check your booking:</b>", lang),
        "",
        *visit_lines(services, lang, s),
        tr("👤 Master: {name}", lang,
           name=esc(master.name) if master else tr("any master", lang)),
        tr("📅 Date: {day}", lang, day=format_day(day, lang)),
        tr("🕐 Time: {time}", lang, time=format_time(start)),
    ]
    price = format_price(visits.total_price(services), s)
    if price:
        lines.append(tr("💰 Price: {price}", lang, price=esc(price)))
    lines.append(tr("🙋 Name: {name}", lang, name=esc(client.full_name or "—")))
    lines.append(tr("📞 Phone: {phone}", lang, phone=esc(phones.format_phone(client.phone))))
    if wish:
        lines.append(tr("💬 Wish: {comment}", lang, comment=esc(wish)))
    if s.salon_address:
        lines.append(tr("📍 Address: {address}", lang, address=esc(s.salon_address)))
    await show(update, "\n".join(lines), keyboards.review(*choice, lang), new=new)


async def confirm(update: Update, context: Context) -> None:
    """Book: core re-checks everything in one write transaction; a double tap gets the same one."""
    await answer(update)
    lang = lang_of(update)
    choice = cb.decode(update.callback_query.data).values
    service_ids, master_id, day, start = choice
    client = await read_screen(lambda: client_of(update))
    if client is not None and client.blocked:  # before the phone: a blocked client books nothing
        await show(update, blocked_text(lang), keyboards.to_menu(lang))
        return
    if client is None or not client.phone:
        await ask_phone(update, context, choice)
        return
    try:
        booking = await run_db_grouped(
            bookings.create_booking,
            service_ids=list(service_ids), client_id=client.id, day=day, start=start,
            master_id=master_id, source=SOURCE_BOT, comment=wish_for(context, choice),
        )
    except SlotTaken as exc:  # a lost race, or a time that an old button still shows
        await show_times(update, context, service_ids, master_id, day,
                         prefix="😔 " + exc.message(lang))
        return
    except DatabaseUnavailable as exc:  # another program holds the file: keep the review to retry
        await show(update, "⏳ " + exc.message(lang), keyboards.review(*choice, lang))
        return
    except TooManyBookings as exc:
        await show(update, esc(exc.message(lang)), keyboards.after_booking(lang))
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
    # A double tap, or Book repeated after an outage, finds the booking its first press made:
    # the same "Booked!" (then the screen is already right and no edit goes out).
    head = tr("✅ Booked! The salon will confirm your booking soon.", lang)
    if not booking.already_existed:
        emit(context, BotEvent(BOOKING_CREATED, booking_number=booking.number))
    details = await read_screen(  # the booking's master, service, client, settings: off the loop
        lambda: booking_details(booking, lang, settings_mod.load(), show_status=True,
                                show_address=True))
    text = "\n\n".join([f"<b>{head}</b>", details])
    await show(update, text, keyboards.after_booking(lang))


