"""My working time (the guide's "Управление моим рабочим временем"): days off and breaks.

Days off: the list (a press removes one) and adding on the calendar with a confirmation. A day
with pending/confirmed bookings lists them first and asks for an explicit "cancel them"; the
confirm button carries how many bookings it showed and the highest number among them, so if a
client books that day in between, the master sees the new list instead of cancelling blindly.

Breaks: the days that have some (open one, remove some), and adding: a day on the calendar →
its free slots as buttons to tick → save. The ticks live in the keyboard itself (each slot's
data says whether it is ticked), so nothing is kept between presses; saving re-checks every slot
in core (all or nothing) and a slot taken meanwhile gives a clear message and a fresh list.

Every press acts on the active master behind the update's user, never on anything in the data.
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler

from ..core import booking_queries, working_time
from ..core.errors import Conflict, SlotTaken, ValidationError
from ..core.models import CONFIRMED, PENDING, Booking, Master
from ..i18n import tr
from . import calendar_kb, keyboards, staff
from . import callbacks as cb
from .client import emit
from .dialogue import Context, answer, lang_of, show
from .events import BOOKING_CHANGED, BotEvent
from .staff import WORK_TIME, user_id
from .texts import esc, format_day, format_time

log = logging.getLogger(__name__)

FUTURE_DAYS = 180  # how far ahead days off and breaks can be planned

OFF = cb.action("mt:o")  # my days off
OFF_REMOVE = cb.action("mt:or", cb.DAY)
OFF_MONTH = cb.action("mt:oc", cb.DAY)  # the calendar for a new day off
OFF_PICK = cb.action("mt:op", cb.DAY)  # ask to confirm
OFF_YES = cb.action("mt:oy", cb.DAY, cb.OPT_ID, cb.OPT_ID)  # day, bookings shown, top number
BREAKS = cb.action("mt:b")  # days with breaks
BREAK_DAY = cb.action("mt:bd", cb.DAY)  # one day's breaks
BREAK_REMOVE = cb.action("mt:br", cb.DAY, cb.TIME)
BREAK_MONTH = cb.action("mt:bc", cb.DAY)  # the calendar for new breaks
BREAK_PICK = cb.action("mt:bp", cb.DAY)  # the free slots of a day, to tick
BREAK_TICK = cb.action("mt:bt", cb.DAY, cb.TIME, cb.FLAG)  # day, slot, ticked now
BREAK_SAVE = cb.action("mt:bs", cb.DAY)


def _join(prefix: str, text: str) -> str:
    return f"{prefix}\n\n{text}" if prefix else text


def plan_range() -> tuple[dt.date, dt.date]:
    today = calendar_kb.salon_today()
    return today, today + dt.timedelta(days=FUTURE_DAYS)


async def _master(update: Update, context: Context) -> Master | None:
    """Answer the press; the active master behind the user, or refuse (and return None)."""
    await answer(update)
    master = staff.master_for(user_id(update))
    if master is None:
        await staff.refuse(update, context)
    return master


def _values(update: Update) -> tuple:
    return cb.decode(update.callback_query.data).values


async def menu(update: Update, context: Context) -> None:
    if await _master(update, context) is None:
        return
    lang = lang_of(update)
    await show(update, tr("🕐 My working time: days off and breaks.", lang), keyboards.markup(
        [keyboards.button(tr("🏖 Days off", lang), OFF)],
        [keyboards.button(tr("☕ Breaks", lang), BREAKS)],
        [staff.back_home(lang)],
    ))


# ---- days off --------------------------------------------------------------------------------


async def show_days_off(update: Update, master: Master, *, prefix: str = "") -> None:
    lang = lang_of(update)
    days = working_time.days_off(master.id)
    text = tr("🏖 Your days off (press one to remove it):", lang) if days \
        else tr("🏖 You have no days off planned.", lang)
    buttons = [[keyboards.button("❌ " + format_day(d, lang), OFF_REMOVE, d)] for d in days]
    await show(update, _join(prefix, text), keyboards.markup(
        *buttons,
        [keyboards.button(tr("➕ Add a day off", lang), OFF_MONTH, calendar_kb.this_month())],
        [keyboards.back(lang, WORK_TIME), staff.back_home(lang)],
    ))


async def days_off(update: Update, context: Context) -> None:
    master = await _master(update, context)
    if master is not None:
        await show_days_off(update, master)


async def remove_day_off(update: Update, context: Context) -> None:
    master = await _master(update, context)
    if master is None:
        return
    (day,) = _values(update)
    lang = lang_of(update)
    if day in working_time.days_off(master.id):
        working_time.remove_day_off(master.id, day)
        log.info("master %s removed the day off %s", master.id, day)
        emit(context, BotEvent(BOOKING_CHANGED))
        prefix = tr("✅ {day} is a working day again.", lang, day=format_day(day, lang))
    else:
        prefix = tr("{day} is not a day off.", lang, day=format_day(day, lang))
    await show_days_off(update, master, prefix=prefix)


async def day_off_month(update: Update, context: Context) -> None:
    master = await _master(update, context)
    if master is None:
        return
    (month,) = _values(update)
    lang = lang_of(update)
    first, last = plan_range()
    month = calendar_kb.clamp_month(month, first, last)
    marks = booking_queries.day_counts(month, calendar_kb.add_months(month, 1), master.id)
    rows = calendar_kb.month_rows(month, lang=lang, first=first, last=last, marks=marks,
                                  pick=lambda d: cb.encode(OFF_PICK, d),
                                  turn=lambda m: cb.encode(OFF_MONTH, m))
    await show(update, tr("Choose the day off (• — you have bookings that day):", lang),
               keyboards.markup(*rows, [keyboards.back(lang, OFF)]))


def clashing(master: Master, day: dt.date) -> list[Booking]:
    """The bookings a day off would cancel (what core.working_time.add_day_off cancels)."""
    return [b for b in booking_queries.bookings_on(day, master.id)
            if b.status in (PENDING, CONFIRMED)]


async def ask_day_off(update: Update, master: Master, day: dt.date, *, prefix: str = "") -> None:
    lang = lang_of(update)
    first, last = plan_range()
    back = keyboards.back(lang, OFF_MONTH, day.replace(day=1))
    if not first <= day <= last:
        await show(update, _join(prefix, tr("Choose a day from today on.", lang)),
                   keyboards.markup([back]))
        return
    if day in working_time.days_off(master.id):
        await show_days_off(update, master, prefix=tr("{day} is a day off already.", lang,
                                                     day=format_day(day, lang)))
        return
    items = clashing(master, day)
    if not items:
        text = tr("Make {day} a day off?", lang, day=format_day(day, lang))
        yes = keyboards.button(tr("✅ Yes, add the day off", lang), OFF_YES, day, None, None)
        await show(update, _join(prefix, text), keyboards.markup([yes], [back]))
        return
    lines = [tr("⚠️ You have {count} booking(s) on {day}:", lang, count=len(items),
                day=format_day(day, lang))]
    lines += [f"• № {b.number} {format_time(b.start)} · {esc(b.service.name)} · "
              f"{esc(b.client.full_name or '—')}" for b in items]
    lines += ["", tr("They will be cancelled and the clients told. Add the day off?", lang)]
    yes = keyboards.button(tr("❌ Cancel them and add the day off", lang), OFF_YES, day,
                           len(items), max(b.number for b in items))
    await show(update, _join(prefix, "\n".join(lines)), keyboards.markup([yes], [back]))


async def pick_day_off(update: Update, context: Context) -> None:
    master = await _master(update, context)
    if master is not None:
        (day,) = _values(update)
        await ask_day_off(update, master, day)


async def add_day_off(update: Update, context: Context) -> None:
    master = await _master(update, context)
    if master is None:
        return
    day, shown, top = _values(update)
    lang = lang_of(update)
    items = clashing(master, day)
    if len(items) != (shown or 0) or any(b.number > (top or 0) for b in items):
        await ask_day_off(update, master, day, prefix=tr(
            "⚠️ The bookings on that day have changed. Please check again.", lang))
        return
    try:
        cancelled = working_time.add_day_off(master.id, day, confirm_cancel=bool(items))
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


# ---- breaks ----------------------------------------------------------------------------------


async def show_break_days(update: Update, master: Master, *, prefix: str = "") -> None:
    lang = lang_of(update)
    days = working_time.days_with_breaks(master.id)
    text = tr("☕ Days with breaks (open one to remove breaks):", lang) if days \
        else tr("☕ You have no breaks planned.", lang)
    buttons = [keyboards.button(format_day(d, lang), BREAK_DAY, d) for d in days]
    await show(update, _join(prefix, text), keyboards.markup(
        *keyboards.rows(buttons, 3),
        [keyboards.button(tr("➕ Add breaks", lang), BREAK_MONTH, calendar_kb.this_month())],
        [keyboards.back(lang, WORK_TIME), staff.back_home(lang)],
    ))


async def break_days(update: Update, context: Context) -> None:
    master = await _master(update, context)
    if master is not None:
        await show_break_days(update, master)


async def show_break_day(update: Update, master: Master, day: dt.date, *, prefix: str = "") -> None:
    lang = lang_of(update)
    items = working_time.breaks_on(master.id, day)
    if not items:
        await show_break_days(update, master, prefix=_join(prefix, tr(
            "No breaks on {day}.", lang, day=format_day(day, lang))))
        return
    buttons = [
        keyboards.button(f"❌ {format_time(b.start)}–{format_time(b.start + b.duration)}",
                         BREAK_REMOVE, day, b.start)
        for b in items
    ]
    text = tr("☕ Breaks on {day} (press one to remove it):", lang, day=format_day(day, lang))
    await show(update, _join(prefix, text), keyboards.markup(
        *keyboards.rows(buttons, 2),
        [keyboards.button(tr("➕ Add breaks", lang), BREAK_PICK, day)],
        [keyboards.back(lang, BREAKS), staff.back_home(lang)],
    ))


async def break_day(update: Update, context: Context) -> None:
    master = await _master(update, context)
    if master is not None:
        (day,) = _values(update)
        await show_break_day(update, master, day)


async def remove_break(update: Update, context: Context) -> None:
    master = await _master(update, context)
    if master is None:
        return
    day, start = _values(update)
    lang = lang_of(update)
    removed = working_time.remove_breaks(master.id, day, [start])
    if removed:
        log.info("master %s removed the break %s %s", master.id, day, format_time(start))
        emit(context, BotEvent(BOOKING_CHANGED))
        prefix = tr("✅ The break at {time} is removed.", lang, time=format_time(start))
    else:
        prefix = tr("There is no break at {time} any more.", lang, time=format_time(start))
    await show_break_day(update, master, day, prefix=prefix)


async def break_month(update: Update, context: Context) -> None:
    master = await _master(update, context)
    if master is None:
        return
    (month,) = _values(update)
    lang = lang_of(update)
    first, last = plan_range()
    rows = calendar_kb.month_rows(month, lang=lang, first=first, last=last,
                                  pick=lambda d: cb.encode(BREAK_PICK, d),
                                  turn=lambda m: cb.encode(BREAK_MONTH, m))
    await show(update, tr("Choose the day for the breaks:", lang),
               keyboards.markup(*rows, [keyboards.back(lang, BREAKS)]))


def ticked_in(update: Update, day: dt.date) -> set[int]:
    """The slots ticked on the pressed keyboard (the ticks travel in its buttons' data)."""
    message = update.callback_query.message
    markup = getattr(message, "reply_markup", None)
    ticked = set()
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            decoded = cb.decode(button.callback_data)
            if decoded and decoded.action == BREAK_TICK and decoded[0] == day and decoded[2]:
                ticked.add(decoded[1])
    return ticked


def slot_keyboard(day: dt.date, free: list[int], ticked: set[int], lang: str) -> InlineKeyboardMarkup:
    buttons = [
        keyboards.button(("✅ " if t in ticked else "") + format_time(t), BREAK_TICK, day, t,
                         t in ticked)
        for t in free
    ]
    return keyboards.markup(
        *keyboards.rows(buttons, 4),
        [keyboards.button(tr("💾 Save the breaks", lang), BREAK_SAVE, day)],
        [keyboards.back(lang, BREAK_MONTH, day.replace(day=1))],
    )


async def show_slots(
    update: Update, master: Master, day: dt.date, ticked: set[int], *, prefix: str = ""
) -> None:
    lang = lang_of(update)
    first, last = plan_range()
    free = working_time.free_break_slots(master.id, day) if first <= day <= last else []
    if not free:
        await show_break_days(update, master, prefix=_join(prefix, tr(
            "There are no free slots for a break on {day}.", lang, day=format_day(day, lang))))
        return
    text = tr("Tick the free slots for breaks on {day} ({minutes} min each), then save:", lang,
              day=format_day(day, lang), minutes=master.interval)
    await show(update, _join(prefix, text), slot_keyboard(day, free, ticked & set(free), lang))


async def pick_break_day(update: Update, context: Context) -> None:
    master = await _master(update, context)
    if master is not None:
        (day,) = _values(update)
        await show_slots(update, master, day, set())


async def tick(update: Update, context: Context) -> None:
    """Tick or untick one slot: only the keyboard changes (or the list, if the slot is gone)."""
    master = await _master(update, context)
    if master is None:
        return
    day, start, was_ticked = _values(update)
    lang = lang_of(update)
    ticked = ticked_in(update, day)
    ticked = ticked - {start} if was_ticked else ticked | {start}
    free = working_time.free_break_slots(master.id, day)
    if start not in free:
        await show_slots(update, master, day, ticked - {start},
                         prefix=tr("⌛ {time} is no longer free.", lang, time=format_time(start)))
        return
    try:
        await update.callback_query.edit_message_reply_markup(
            slot_keyboard(day, free, ticked & set(free), lang))
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            await show_slots(update, master, day, ticked)


async def save_breaks(update: Update, context: Context) -> None:
    master = await _master(update, context)
    if master is None:
        return
    (day,) = _values(update)
    lang = lang_of(update)
    ticked = ticked_in(update, day)
    if not ticked:
        await show_slots(update, master, day, set(),
                         prefix=tr("Tick at least one slot, then save.", lang))
        return
    try:
        made = working_time.add_breaks(master.id, day, sorted(ticked))
    except SlotTaken as exc:
        await show_slots(update, master, day, ticked, prefix="😔 " + exc.message(lang))
        return
    log.info("master %s added %d break(s) on %s", master.id, len(made), day)
    emit(context, BotEvent(BOOKING_CHANGED))
    await show_break_day(update, master, day, prefix=tr(
        "✅ Breaks saved: {times}.", lang, times=", ".join(format_time(b.start) for b in made)))


def register(app: Application) -> None:
    routes = {
        WORK_TIME: menu,
        OFF: days_off,
        OFF_REMOVE: remove_day_off,
        OFF_MONTH: day_off_month,
        OFF_PICK: pick_day_off,
        OFF_YES: add_day_off,
        BREAKS: break_days,
        BREAK_DAY: break_day,
        BREAK_REMOVE: remove_break,
        BREAK_MONTH: break_month,
        BREAK_PICK: pick_break_day,
        BREAK_TICK: tick,
        BREAK_SAVE: save_breaks,
    }
    for name, handler in routes.items():
        app.add_handler(CallbackQueryHandler(handler, pattern=cb.matches(name)))
