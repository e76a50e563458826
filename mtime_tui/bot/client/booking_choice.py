"""The client's choice so far — the visit's services (one or several, as a tuple of ids in the
order chosen), master (or any), date, time — checked against the database, and the screens that
offer the next step (dates, times) or offer them again.

Shared by the booking flow (`client`, `client_review`) and reusable by other flows.
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram import Update

from ...core import settings as settings_mod
from ...core.booking import slots
from ...core.people import clients
from ...core.storage.models import Client, Master, Service
from ...core.storage.readcache import cached
from ...i18n import tr
from ..telegram import dialogue, keyboards
from ..telegram.dbcalls import read_screen
from ..telegram.dialogue import Context, lang_of, show
from ..telegram.events import BotEvent
from ..telegram.texts import esc, format_day

log = logging.getLogger(__name__)


# ---- small lookups (synchronous, short) ----------------------------------------------------
# Read through `readcache`: a crowd choosing the same service asks the same questions, and each
# answer holds until anything in the database changes (the booking itself re-checks everything).


def client_of(update: Update) -> Client | None:
    return cached(_client_by_telegram, update.effective_user.id)


def _client_by_telegram(telegram_id: int) -> Client | None:
    return clients.client_by_telegram(telegram_id)


def bookable_service(service_id: int) -> Service | None:
    return cached(slots.bookable_service, service_id)  # one query, not the whole list


def bookable_services(branch: int | None = None) -> list[Service]:
    """What a client can choose from: everywhere, or in one branch of a chain."""
    return cached(slots.bookable_services) if branch is None else cached(
        slots.bookable_services, branch)


def masters_for_service(service_id: int) -> list[Master]:
    # The visit's entry, so that the dates and times after it find the same answer.
    return masters_for_visit((service_id,))


def masters_for_visit(service_ids: tuple[int, ...]) -> list[Master]:
    """Active masters offering every service of the visit (all of them active)."""
    return cached(slots.masters_for_services, tuple(service_ids))


def offering_master(service_ids: tuple[int, ...] | int, master_id: int) -> Master | None:
    ids = (service_ids,) if isinstance(service_ids, int) else tuple(service_ids)
    return next((m for m in masters_for_visit(ids) if m.id == master_id), None)


def visit_services(service_ids: tuple[int, ...]) -> list[Service] | None:
    """The visit's services in order if a client can book each one, else None."""
    found = [bookable_service(i) for i in service_ids]
    return None if not found or any(s is None for s in found) else found


def available_dates(service_ids: tuple[int, ...], master_id: int | None) -> list[dt.date]:
    return cached(slots.available_dates, _key(service_ids), master_id)


def free_times(service_ids: tuple[int, ...], master_id: int | None, day: dt.date) -> list[int]:
    if master_id is None:
        return cached(slots.any_master_starts, _key(service_ids), day)
    return cached(slots.free_starts, master_id, _key(service_ids), day)


def _key(service_ids: tuple[int, ...]) -> int | tuple[int, ...]:
    """One service as its id (the same cache entries and queries as before visits)."""
    ids = tuple(service_ids)
    return ids[0] if len(ids) == 1 else ids


def choice_valid(service_ids: tuple[int, ...], master_id: int | None) -> bool:
    """Every service is bookable, some active master does them all, and the master (if one was
    chosen) is one of them."""
    if visit_services(service_ids) is None or not masters_for_visit(service_ids):
        return False
    return master_id is None or offering_master(service_ids, master_id) is not None


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


# ---- the screens of dates and times ---------------------------------------------------------


async def show_dates(
    update: Update,
    context: Context,
    service_ids: tuple[int, ...],
    master_id: int | None,
    *,
    prefix: str = "",
    page: int = 0,
    new: bool = False,
) -> None:
    lang = lang_of(update)
    def reads():  # one state check for the screen's reads
        valid = choice_valid(service_ids, master_id)
        days = available_dates(service_ids, master_id) if valid else []
        master = offering_master(service_ids, master_id) if valid and master_id else None
        return valid, days, master

    valid, days, master = await read_screen(reads)
    if not valid:
        await dialogue.stale(update, context)
        return
    prefix = _join(prefix, master_text(master)) if master is not None else prefix
    if not days:
        text = tr("Sorry, there is no free time in the coming days.", lang)
        if master_id is not None:
            text += " " + tr("Try another master.", lang)
        await show(update, _join(prefix, text),
                   keyboards.markup([keyboards.waitlist_button(service_ids, master_id, lang)],
                                    [keyboards.back_to_masters(lang, service_ids)]), new=new)
        return
    dates = keyboards.dates(service_ids, master_id, days, lang, page)
    rows = [*dates.inline_keyboard]
    rows.insert(len(rows) - 1, [keyboards.waitlist_button(service_ids, master_id, lang)])
    await show(update, _join(prefix, tr("Choose a date:", lang)), keyboards.markup(*rows),
               new=new)


def master_text(master: Master) -> str:
    """The chosen master's name and the whole of their about (≤ 1000 characters in core)."""
    about = f"\n{esc(master.about)}" if master.about else ""
    return f"<b>{esc(master.name)}</b>{about}"


async def show_times(
    update: Update,
    context: Context,
    service_ids: tuple[int, ...],
    master_id: int | None,
    day: dt.date,
    *,
    prefix: str = "",
    page: int = 0,
) -> None:
    lang = lang_of(update)
    def reads():
        valid = choice_valid(service_ids, master_id)
        starts = free_times(service_ids, master_id, day) if valid else []
        return valid, starts

    valid, starts = await read_screen(reads)
    if not valid:
        await dialogue.stale(update, context)
        return
    if not starts:
        await show_dates(update, context, service_ids, master_id, prefix=_join(
            prefix, tr("There is no free time left on {day}.", lang, day=format_day(day, lang))))
        return
    text = tr("Free times on {day}:", lang, day=format_day(day, lang))
    await show(update, _join(prefix, text),
               keyboards.times(service_ids, master_id, day, starts, lang, page))


def _join(prefix: str, text: str) -> str:
    return f"{prefix}\n\n{text}" if prefix else text


