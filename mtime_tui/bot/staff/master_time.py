"""My working time (the guide's "Управление моим рабочим временем"): its menu and days off;
breaks are in master_breaks.py (registered from here).

Days off: the list (a press removes one) and adding on the calendar with a confirmation. A day
with pending/confirmed bookings lists them first and asks for an explicit "cancel them"; the
confirm button carries how many bookings it showed and the highest number among them, so if a
client books that day in between, the master sees the new list instead of cancelling blindly.

Every press acts on the active master behind the update's user, never on anything in the data.
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram import Update
from telegram.ext import Application

from ...core.booking import booking_queries, visits, working_time
from ...core.errors import Conflict, ValidationError
from ...core.storage.models import CONFIRMED, PENDING, Booking, Master
from ...i18n import tr
from ..client.booking_choice import emit
from ..telegram import calendar_kb, keyboards
from ..telegram import callbacks as cb
from ..telegram.dbcalls import read_db, run_db
from ..telegram.dialogue import Context, lang_of, show, show_read
from ..telegram.events import BOOKING_CHANGED, BotEvent
from ..telegram.limits import clip
from ..telegram.routes import route
from ..telegram.texts import esc, format_day, format_time
from . import master_breaks, master_schedule, staff
from .staff import BREAKS, WORK_TIME, acting_master

log = logging.getLogger(__name__)

OFF = cb.action("mt:o")  # my days off
OFF_REMOVE = cb.action("mt:or", cb.DAY)
OFF_MONTH = cb.action("mt:oc", cb.DAY)  # the calendar for a new day off
OFF_PICK = cb.action("mt:op", cb.DAY)  # ask to confirm
OFF_YES = cb.action("mt:oy", cb.DAY, cb.OPT_ID, cb.OPT_ID)  # day, bookings shown, top number
LISTED = master_breaks.LISTED
CLASH_LISTED = 30  # bookings listed before a day off (≈ 100 characters each; the rest counted)


def _join(prefix: str, text: str) -> str:
    return f"{prefix}\n\n{text}" if prefix else text


def _values(update: Update) -> tuple:
    return cb.decode(update.callback_query.data).values


async def menu(update: Update, context: Context) -> None:
    if await acting_master(update, context) is None:
        return
    lang = lang_of(update)
    await show(update, tr("🕐 My working time: days off and breaks, vacations, my schedule.", lang),
               keyboards.markup(
        [keyboards.button(tr("📅 My schedule", lang), master_schedule.SCHEDULE)],
        [keyboards.button(tr("🏖 Days off", lang), OFF),
         keyboards.button(tr("🌴 Vacations", lang), master_schedule.VACATIONS)],
        [keyboards.button(tr("☕ Breaks", lang), BREAKS),
         keyboards.button(tr("🔁 Recurring breaks", lang), master_schedule.REPEATS)],
        [staff.back_home(lang)],
    ))


# ---- days off --------------------------------------------------------------------------------


def days_off_screen(update: Update, master: Master, *, prefix: str = ""):
    """The master's days off: (text, markup). Reads: call it off the loop (`show_read`)."""
    lang = lang_of(update)
    days = working_time.days_off(master.id)
    text = tr("🏖 Your days off (press one to remove it):", lang) if days \
        else tr("🏖 You have no days off planned.", lang)
    text += master_breaks.more_text(lang, LISTED, len(days))
    buttons = [keyboards.button("❌ " + format_day(d, lang), OFF_REMOVE, d) for d in days[:LISTED]]
    return _join(prefix, text), keyboards.markup(
        *keyboards.rows(buttons, 2),
        [keyboards.button(tr("➕ Add a day off", lang), OFF_MONTH, calendar_kb.this_month(master))],
        [keyboards.back(lang, WORK_TIME), staff.back_home(lang)],
    )


async def show_days_off(update: Update, master: Master, *, prefix: str = "") -> None:
    await show_read(update, lambda: days_off_screen(update, master, prefix=prefix))


async def days_off(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is not None:
        await show_days_off(update, master)


async def remove_day_off(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    (day,) = _values(update)
    lang = lang_of(update)
    if day in await read_db(working_time.days_off, master.id):
        await run_db(working_time.remove_day_off, master.id, day)
        log.info("master %s removed the day off %s", master.id, day)
        emit(context, BotEvent(BOOKING_CHANGED))
        prefix = tr("✅ {day} is a working day again.", lang, day=format_day(day, lang))
    else:
        prefix = tr("{day} is not a day off.", lang, day=format_day(day, lang))
    await show_days_off(update, master, prefix=prefix)


async def day_off_month(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    (month,) = _values(update)
    lang = lang_of(update)

    def build():
        first, last = calendar_kb.plan_range(master)
        shown = calendar_kb.clamp_month(month, first, last)
        marks = booking_queries.day_counts(shown, calendar_kb.add_months(shown, 1), master.id)
        rows = calendar_kb.month_rows(shown, lang=lang, first=first, last=last, marks=marks,
                                      pick=lambda d: cb.encode(OFF_PICK, d),
                                      turn=lambda m: cb.encode(OFF_MONTH, m))
        return (tr("Choose the day off (• — you have bookings that day):", lang),
                keyboards.markup(*rows, [keyboards.back(lang, OFF)]))

    await show_read(update, build)


def clashing(master: Master, day: dt.date) -> list[Booking]:
    """The bookings a day off would cancel (what core.booking.working_time.add_day_off cancels)."""
    return [b for b in booking_queries.bookings_on(day, master.id)
            if b.status in (PENDING, CONFIRMED)]


def day_off_screen(update: Update, master: Master, day: dt.date, *, prefix: str = ""):
    """Ask to make `day` a day off, listing its bookings: (text, markup). Reads: call it off the
    loop (`show_read`)."""
    lang = lang_of(update)
    first, last = calendar_kb.plan_range(master)
    back = keyboards.back(lang, OFF_MONTH, day.replace(day=1))
    if not first <= day <= last:
        return _join(prefix, tr("Choose a day from today on.", lang)), keyboards.markup([back])
    if day in working_time.days_off(master.id):
        return days_off_screen(update, master, prefix=tr("{day} is a day off already.", lang,
                                                        day=format_day(day, lang)))
    items = clashing(master, day)
    if not items:
        text = tr("Make {day} a day off?", lang, day=format_day(day, lang))
        yes = keyboards.button(tr("✅ Yes, add the day off", lang), OFF_YES, day, None, None)
        return _join(prefix, text), keyboards.markup([yes], [back])
    lines = [tr("⚠️ You have {count} booking(s) on {day}:", lang, count=len(items),
                day=format_day(day, lang))]
    lines += [f"• № {b.number} {format_time(b.start)} · {esc(clip(visits.title(b), 40))} · "
              f"{esc(clip(b.client.full_name or '—', 40))}" for b in items[:CLASH_LISTED]]
    if len(items) > CLASH_LISTED:
        lines.append(tr("… and {count} more", lang, count=len(items) - CLASH_LISTED))
    lines += ["", tr("They will be cancelled and the clients told. Add the day off?", lang)]
    yes = keyboards.button(tr("❌ Cancel them and add the day off", lang), OFF_YES, day,
                           len(items), max(b.number for b in items))
    return _join(prefix, "\n".join(lines)), keyboards.markup([yes], [back])


async def ask_day_off(update: Update, master: Master, day: dt.date, *, prefix: str = "") -> None:
    await show_read(update, lambda: day_off_screen(update, master, day, prefix=prefix))


async def pick_day_off(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is not None:
        (day,) = _values(update)
        await ask_day_off(update, master, day)


async def add_day_off(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    day, shown, top = _values(update)
    lang = lang_of(update)
    items = await read_db(clashing, master, day)
    if len(items) != (shown or 0) or any(b.number > (top or 0) for b in items):
        await ask_day_off(update, master, day, prefix=tr(
            "⚠️ The bookings on that day have changed. Please check again.", lang))
        return
    try:
        cancelled = await run_db(working_time.add_day_off, master.id, day,
                                 confirm_cancel=bool(items))
    except Conflict:  # a booking arrived between the check and the transaction
        await ask_day_off(update, master, day, prefix=tr(
            "⚠️ The bookings on that day have changed. Please check again.", lang))
        return
    except ValidationError as exc:
        await show_days_off(update, master, prefix="😔 " + exc.message(lang))
        return
    log.info("master %s: day off %s, %d booking(s) cancelled", master.id, day, len(cancelled))
    for booking in cancelled:
        emit(context, BotEvent(BOOKING_CHANGED, booking_number=booking.number))
    if not cancelled:
        emit(context, BotEvent(BOOKING_CHANGED))
    prefix = tr("✅ {day} is a day off.", lang, day=format_day(day, lang))
    if cancelled:
        prefix += " " + tr("{count} booking(s) cancelled; the clients will be told.", lang,
                           count=len(cancelled))
    await show_days_off(update, master, prefix=prefix)


def register(app: Application) -> None:
    routes = {
        WORK_TIME: menu,
        OFF: days_off,
        OFF_REMOVE: remove_day_off,
        OFF_MONTH: day_off_month,
        OFF_PICK: pick_day_off,
        OFF_YES: add_day_off,
    }
    route(app, routes)
    master_breaks.register(app)
    master_schedule.register(app)
