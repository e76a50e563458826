"""The client's booking flow: /start and the menu, then service (one, or several ticked for one
visit: `visit_choice`) → master → date → time; the phone, name, review and Book follow in
`client_review`.

Each button carries the whole choice so far (`callbacks`), and each press re-checks it against the
database: a service or master that is gone, a date outside the horizon or a time that is no longer
free never books anything — the client sees "this menu is out of date" or the free times again.
`context.user_data` only remembers what the client is typing (phone, name) and for which choice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler

from ...core import settings as settings_mod
from ...core.storage.models import Master
from ...i18n import tr
from ..telegram import callbacks as cb
from ..telegram import dialogue, keyboards, limits
from ..telegram.dbcalls import read_screen, run_db_grouped
from ..telegram.dialogue import Context, answer, lang_of, show
from ..telegram.routes import route
from ..telegram.texts import esc, format_price, hours_text
from . import branch_choice, client_review, visit_choice
from .booking_choice import (
    blocked_text,
    bookable_service,
    choice_valid,
    client_of,
    free_times,
    masters_for_service,
    offering_master,
    show_dates,
    show_times,
)

log = logging.getLogger(__name__)


# ---- the menu --------------------------------------------------------------------------------


async def start(update: Update, context: Context) -> None:
    prefix = await run_db_grouped(_started, update)  # one trip to the writer for both
    dialogue.forget(context)
    await dialogue.show_menu(update, context, prefix=prefix, new=True)


def _started(update: Update) -> str:
    """/start's writes: the Telegram user remembered, the news back on for one who had
    stopped them; the line that says so."""
    from .broadcasts import welcome_back  # broadcasts imports this module's neighbours

    dialogue.record_user(update)
    return welcome_back(update)


async def menu(update: Update, context: Context) -> None:
    await answer(update)
    dialogue.forget(context)
    await dialogue.show_menu(update, context)


async def about(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    s = settings_mod.load()
    if branch_choice.is_chain():  # each branch (docs/BRANCHES.md)
        blocks = branch_choice.about_blocks(lang, lambda b: hours_text(s, lang, b))
        text = branch_choice.fit_blocks([f"<b>{esc(s.salon_name)}</b>"], blocks, lang)
        await show(update, text, keyboards.to_menu(lang))
        return
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


async def pick_service(update: Update, context: Context) -> None:
    await answer(update)
    (service_id,) = cb.decode(update.callback_query.data).values
    await show_service(update, context, service_id)


async def masters_page(update: Update, context: Context) -> None:
    """Another page of the masters: of one service, or of a visit of several."""
    await answer(update)
    service_ids, page = cb.decode(update.callback_query.data).values
    if len(service_ids) == 1:
        await show_service(update, context, service_ids[0], page)
    else:
        await visit_choice.show_visit(update, context, service_ids, page)


async def show_service(update: Update, context: Context, service_id: int, page: int = 0) -> None:
    """The service (name, price, length, description) and a page of its masters, each with the
    beginning of their "about" (the whole of it comes with the dates, after choosing)."""
    lang = lang_of(update)
    def reads():
        service = bookable_service(service_id)
        masters = masters_for_service(service_id) if service else []
        s = settings_mod.load()
        return service, masters, s

    service, masters, s = await read_screen(reads)
    if service is None:
        await dialogue.stale(update, context)
        return
    lines = [f"<b>{esc(service.name)}</b>"]
    price = format_price(service.price, s)
    facts = [p for p in (price, tr("{minutes} min", lang, minutes=service.duration)) if p]
    lines.append(" · ".join(esc(f) for f in facts))
    if service.description:
        lines += ["", esc(service.description)]
    footer = tr("Choose a master:", lang) + keyboards.page_note(lang, page, len(masters),
                                                      keyboards.MASTERS_PER_PAGE)
    shown_masters = keyboards.page_slice(masters, page, keyboards.MASTERS_PER_PAGE)[0]
    about = abouts(shown_masters, limits.MAX_TEXT - plain_len(lines) - plain_len([footer]) - 8)
    if about:
        lines += ["", *about]
    lines += ["", footer]
    await show(update, "\n".join(lines), keyboards.masters((service_id,), masters, lang, page))


def plain_len(lines: list[str]) -> int:
    return limits.utf16_len(limits.parse_html("\n".join(lines))[0]) + len(lines)


def abouts(masters: Sequence[Master], room: int) -> list[str]:
    """"<b>Maria</b> — Ten years with scissors" per master that has an about, each cut to its
    share of `room` characters ("…" where cut)."""
    telling = [m for m in masters if m.about]
    if not telling:
        return []
    share = room // len(telling) - 1
    lines = []
    for master in telling:
        name = limits.clip(master.name, min(60, share // 2))
        rest = share - limits.utf16_len(name) - 3
        if rest < 20:  # no room worth the name: the about comes with the dates
            return []
        lines.append(f"<b>{esc(name)}</b> — {esc(limits.clip(' '.join(master.about.split()), rest))}")
    return lines


async def send_photo(update: Update, context: Context, master: Master) -> bool:
    """The master's photo with their name and about — once per dialogue. True if it was sent."""
    shown = context.user_data.setdefault("photos_shown", set())
    if not master.photo or master.id in shown:
        return False
    path = Path(master.photo)
    try:
        data = await asyncio.to_thread(path.read_bytes)
    except OSError as exc:
        log.warning("Photo of master %s cannot be read: %s", master.id, exc)
        return False
    name = f"<b>{esc(limits.clip(master.name, 100))}</b>"
    room = limits.MAX_CAPTION - limits.utf16_len(limits.clip(master.name, 100)) - 1
    caption = name + (f"\n{esc(limits.clip(master.about, room))}" if master.about else "")
    try:
        await update.effective_chat.send_photo(data, caption=caption, filename=path.name)
    except TelegramError as exc:
        log.warning("Photo of master %s not sent: %s", master.id, exc)
        return False
    shown.add(master.id)
    return True


async def pick_master(update: Update, context: Context) -> None:
    await answer(update)
    service_ids, master_id = cb.decode(update.callback_query.data).values
    master = None
    if master_id is not None:
        def reads():
            master = offering_master(service_ids, master_id)
            return master,

        master, = await read_screen(reads)
    sent = master is not None and await send_photo(update, context, master)
    await show_dates(update, context, service_ids, master_id, new=sent)


async def dates_page(update: Update, context: Context) -> None:
    await answer(update)
    service_ids, master_id, page = cb.decode(update.callback_query.data).values
    await show_dates(update, context, service_ids, master_id, page=page)


async def pick_date(update: Update, context: Context) -> None:
    await answer(update)
    service_ids, master_id, day = cb.decode(update.callback_query.data).values
    await show_times(update, context, service_ids, master_id, day)


async def times_page(update: Update, context: Context) -> None:
    await answer(update)
    service_ids, master_id, day, page = cb.decode(update.callback_query.data).values
    await show_times(update, context, service_ids, master_id, day, page=page)


async def pick_time(update: Update, context: Context) -> None:
    """A time: if it is still free, collect the phone and name (first time) or go to review."""
    await answer(update)
    lang = lang_of(update)
    choice = cb.decode(update.callback_query.data).values
    service_ids, master_id, day, start = choice
    def reads():
        valid = choice_valid(service_ids, master_id)
        free = valid and start in free_times(service_ids, master_id, day)
        client = client_of(update)
        # the next screen's reads too, in the same trip: the phone prompt or the review
        if not free or (client is not None and client.blocked):
            return valid, free, client, None
        if client is None or not client.phone:
            return valid, free, client, client_review.phone_prompt_reads(choice)
        return valid, free, client, client_review.review_reads(update, choice)

    valid, free, client, following = await read_screen(reads)
    if not valid:
        await dialogue.stale(update, context)
        return
    if not free:
        await show_times(update, context, service_ids, master_id, day,
                         prefix=tr("⌛ This time is no longer free.", lang))
        return
    if client is not None and client.blocked:
        await show(update, blocked_text(lang), keyboards.to_menu(lang))
        return
    if client is None or not client.phone:
        await client_review.ask_phone(update, context, choice, read=following)
        return
    await client_review.show_review(update, context, choice, read=following)


def register(app: Application) -> None:
    dialogue.on_input(client_review.PHONE_INPUT, client_review.phone_given,
                      hint=client_review.PHONE_HINT, markup=keyboards.share_contact)
    dialogue.on_input(client_review.NAME_INPUT, client_review.name_given,
                      hint=client_review.NAME_HINT)
    dialogue.on_input(client_review.WISH_INPUT, client_review.wish_given)
    app.add_handler(CommandHandler("start", start))
    routes = {
        cb.MENU: menu,
        cb.ABOUT: about,
        cb.BOOK: visit_choice.book,
        branch_choice.BRANCH: branch_choice.pick_branch,
        branch_choice.BRANCHES: branch_choice.branches_page,
        branch_choice.BRANCHES_PAGE: branch_choice.branches_page,
        cb.SERVICES_PAGE: visit_choice.services_page,
        cb.TICK: visit_choice.tick,
        cb.TICK_PAGE: visit_choice.tick_page,
        cb.TICK_FULL: visit_choice.tick_full,
        cb.VISIT: visit_choice.visit,
        cb.SERVICE: pick_service,
        cb.MASTERS_PAGE: masters_page,
        cb.MASTER: pick_master,
        cb.DATES_PAGE: dates_page,
        cb.DATE: pick_date,
        cb.TIMES_PAGE: times_page,
        cb.TIME_PICK: pick_time,
        cb.KEEP_NAME: client_review.keep_name,
        cb.CONFIRM: client_review.confirm,
        cb.WISH: client_review.ask_wish,
    }
    route(app, routes)
