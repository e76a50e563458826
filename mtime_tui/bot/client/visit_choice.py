"""Choosing the services of a visit (issue 13): the services screen with tick boxes and a running
total ("2 services · 2 h 15 min · 3 500 ₽", Next), and the visit's screen with the masters who do
every ticked service.

One tap on a service's name still books that one service, as before. A tick starts a visit of
several; every button carries the whole set it leads to (`callbacks.SET`), so an old keyboard
shows and books exactly the set it names, and each press re-checks it: a service gone or blocked
is "this menu is out of date", a set no master does together is said so, and nothing is kept in
`user_data`.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update

from ...core import settings as settings_mod
from ...core.booking import booking_rules, visits
from ...core.errors import TooManyBookings
from ...core.settings import Settings
from ...core.storage.models import Service
from ...i18n import tr
from ...i18n.amounts import duration_text, visit_total_text
from ..telegram import callbacks as cb
from ..telegram import dialogue, keyboards, limits
from ..telegram.dbcalls import read_screen
from ..telegram.dialogue import Context, answer, lang_of, show
from ..telegram.texts import esc, format_price
from . import branch_choice
from .booking_choice import (
    blocked_text,
    bookable_services,
    client_of,
    masters_for_visit,
    visit_services,
)


def total_line(items: Sequence[Service], lang: str, s: Settings) -> str:
    """"2 services · 2 h 15 min · 3 500 ₽" for the services of a visit."""
    price = format_price(visits.total_price(items), s)
    return visit_total_text(len(items), visits.total_duration(items), price, lang)


def service_lines(items: Sequence[Service], lang: str, s: Settings) -> list[str]:
    """One line per service of a visit: "• Haircut — 1 h · 1 500 ₽" (HTML-escaped)."""
    lines = []
    for item in items:
        facts = [duration_text(item.duration, lang), format_price(item.price, s)]
        lines.append(f"• {esc(item.name)} — " + " · ".join(esc(f) for f in facts if f))
    return lines


def visit_lines(items: Sequence[Service], lang: str, s: Settings) -> list[str]:
    """What a review shows of the services: "💇 Service: Haircut" for one; for several, each on
    its own line with its length and price, then the total."""
    if len(items) == 1:
        return [tr("💇 Service: {name}", lang, name=esc(items[0].name))]
    return [tr("💇 Services:", lang), *service_lines(items, lang, s),
            tr("⏱ In all: {total}", lang, total=esc(total_line(items, lang, s)))]


async def book(update: Update, context: Context) -> None:
    """Book: a client who already holds the most upcoming bookings allowed is told at once (and
    core refuses the booking anyway), not after choosing a service, a master and a time."""
    await answer(update)
    await show_services(update, context, check_limit=True)


async def services_page(update: Update, context: Context) -> None:
    await answer(update)
    (page,) = cb.decode(update.callback_query.data).values
    await show_services(update, context, page=page)


async def tick(update: Update, context: Context) -> None:
    await answer(update)
    (chosen,) = cb.decode(update.callback_query.data).values
    await show_services(update, context, chosen=chosen)


async def tick_page(update: Update, context: Context) -> None:
    await answer(update)
    chosen, page = cb.decode(update.callback_query.data).values
    await show_services(update, context, page=page, chosen=chosen)


async def tick_full(update: Update, context: Context) -> None:
    """A tick past the limit: a notice on the press, the screen stays as it is."""
    await answer(update, tr("At most {limit} services in one visit", lang_of(update),
                            limit=visits.MAX_SERVICES))


async def show_services(
    update: Update, context: Context, *, page: int = 0, chosen: tuple[int, ...] = (),
    branch: int | None = None, check_limit: bool = False,
) -> None:
    """The services with tick boxes; in a chain, the branch's (`branch_choice`): the branch
    step first when the client has none yet. `check_limit` (Book): a client at the limit of
    upcoming bookings is told so instead, read in the same trip to a reader."""
    lang = lang_of(update)
    notice = ""
    here = None
    full = None

    def reads():
        nonlocal notice, chosen, here, full
        client = client_of(update)
        if check_limit and client is not None and not client.blocked:
            try:
                booking_rules.check_upcoming_limit(client.id)
            except TooManyBookings as exc:
                full = exc
                return (None,) * 7
        if branch_choice.is_chain():
            here = branch_choice.branch_of(update.effective_user.id, chosen, branch)
            if here is None:
                return (None,) * 7
        items = bookable_services(here)
        s = settings_mod.load()
        picked = visit_services(chosen) if chosen else []
        together = bool(picked) and bool(masters_for_visit(chosen))
        if picked and not together and len(chosen) > 1:
            # The last tick made a set no master does: keep the set before it.
            notice = tr("⚠️ No master does all of these in one visit: {name} is not added.",
                        lang, name=esc(picked[-1].name))
            chosen = chosen[:-1]
            picked = visit_services(chosen)
            together = bool(picked) and bool(masters_for_visit(chosen))
        return client, items, s, picked, together, notice, chosen

    client, items, s, picked, together, notice, chosen = await read_screen(reads)
    if full is not None:
        await show(update, esc(full.message(lang)), keyboards.after_booking(lang))
        return
    if items is None:
        await branch_choice.show_branches(update, context)
        return
    if client is not None and client.blocked:
        await show(update, blocked_text(lang), keyboards.to_menu(lang))
        return
    if chosen and not together:
        await dialogue.stale(update, context)
        return
    heading, more = [], []
    if here is not None:
        heading = await read_screen(lambda: branch_choice.heading(here))
        more = branch_choice.another_branch(lang)
    if not items:
        text = tr("Sorry, there is nothing to book at the moment.", lang)
        markup = keyboards.markup(more, *keyboards.to_menu(lang).inline_keyboard)
        await show(update, "\n".join([*heading, text]), markup)
        return
    lines = [*heading, tr("Choose a service:", lang)
             + keyboards.page_note(lang, page, len(items), keyboards.SERVICES_PER_PAGE)]
    if picked:
        lines += ["", tr("<b>Your visit:</b> {services}", lang,
                         services=esc(visits.NAME_JOIN.join(p.name for p in picked))),
                  esc(total_line(picked, lang, s))]
        if len(picked) >= visits.MAX_SERVICES:
            lines.append(tr("At most {limit} services in one visit", lang,
                            limit=visits.MAX_SERVICES))
        lines.append(tr("Tick more, or press Next.", lang))
    else:
        lines.append(tr("☐ Tick several to book them in one visit.", lang))
    if notice:
        lines = [notice, "", *lines]
    await show(update, "\n".join(lines),
               keyboards.services(items, lang, s, page, chosen, extra=more))


async def visit(update: Update, context: Context) -> None:
    """Next with several ticked: the visit's services, its total, and the masters for it."""
    await answer(update)
    (chosen,) = cb.decode(update.callback_query.data).values
    await show_visit(update, context, chosen)


async def show_visit(
    update: Update, context: Context, chosen: tuple[int, ...], page: int = 0
) -> None:
    from .client import abouts, plain_len  # the service screen's way of telling the masters

    lang = lang_of(update)
    def reads():
        picked = visit_services(chosen)
        masters = masters_for_visit(chosen) if picked else []
        s = settings_mod.load()
        return picked, masters, s

    picked, masters, s = await read_screen(reads)
    if not picked or not masters:
        await dialogue.stale(update, context)
        return
    lines = [tr("<b>Your visit</b>", lang), *service_lines(picked, lang, s),
             esc(total_line(picked, lang, s))]
    footer = tr("Choose a master:", lang) + keyboards.page_note(
        lang, page, len(masters), keyboards.MASTERS_PER_PAGE)
    shown = keyboards.page_slice(masters, page, keyboards.MASTERS_PER_PAGE)[0]
    about = abouts(shown, limits.MAX_TEXT - plain_len(lines) - plain_len([footer]) - 8)
    if about:
        lines += ["", *about]
    lines += ["", footer]
    await show(update, "\n".join(lines),
               keyboards.masters(chosen, masters, lang, page, back_to=(cb.TICK, chosen)))
