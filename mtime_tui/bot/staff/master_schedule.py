"""A master's schedule in the bot: "My schedule" (the week and the next 14 days), vacations and
recurring breaks the master takes themself. Weekly hours and cycles are the admin's (TUI).

A vacation is picked as two dates on the calendar (first, then last). Over bookings, the
confirmation lists them and its button carries how many it showed and the highest number among
them, as a day off does: a booking made in between shows the new list instead of being
cancelled blindly. A recurring break is a start, a length and weekdays; over bookings likewise,
with both of the TUI's answers: cancel them (clients told) or keep them as they are.
Every press acts on the active master behind the update's user, never on anything in the data.
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram import Update
from telegram.ext import Application

from ...core.booking import booking_queries, day_plans, schedule, work_plans
from ...core.errors import Conflict, ValidationError
from ...core.storage.models import Booking, Master
from ...i18n import N_, tr
from ..client.booking_choice import emit
from ..telegram import calendar_kb, keyboards
from ..telegram import callbacks as cb
from ..telegram.dbcalls import read_db, run_db
from ..telegram.dialogue import Context, lang_of, show, show_read
from ..telegram.events import BOOKING_CHANGED, BotEvent
from ..telegram.routes import route
from ..telegram.texts import WEEKDAYS, esc, format_day, format_time
from . import staff
from .staff import WORK_TIME, acting_master

log = logging.getLogger(__name__)

SCHEDULE = cb.action("ms")  # my schedule
VACATIONS = cb.action("ms:v")
VAC_REMOVE = cb.action("ms:vr", cb.ID)
VAC_FIRST = cb.action("ms:vf", cb.DAY)  # the calendar for the first day (a month shown)
VAC_LAST = cb.action("ms:vl", cb.DAY, cb.DAY)  # first day picked; the month shown for the last
VAC_ASK = cb.action("ms:va", cb.DAY, cb.DAY)
VAC_YES = cb.action("ms:vy", cb.DAY, cb.DAY, cb.OPT_ID, cb.OPT_ID)  # + bookings shown, top number
REPEATS = cb.action("ms:r")
REP_REMOVE = cb.action("ms:rr", cb.ID)
REP_START = cb.action("ms:rs")  # choose the start
REP_LENGTH = cb.action("ms:rl", cb.TIME)  # start chosen: choose the length
REP_DAYS = cb.action("ms:rd", cb.TIME, cb.ID, cb.ID)  # start, length, weekday mask (toggled)
REP_YES = cb.action("ms:ry", cb.TIME, cb.ID, cb.ID, cb.OPT_ID, cb.OPT_ID)  # … cancel them
REP_KEEP = cb.action("ms:rk", cb.TIME, cb.ID, cb.ID, cb.OPT_ID, cb.OPT_ID)  # … keep them

DAYS_AHEAD = 14
LENGTHS = (15, 30, 45, 60, 90, 120)
START_STEP = 30  # minutes between the starts offered for a recurring break
KIND_MARKS = {
    schedule.BY_VACATION: N_("🌴 vacation"),
    schedule.BY_DAY_OFF: N_("🏖 day off"),
}


def _values(update: Update) -> tuple:
    return cb.decode(update.callback_query.data).values


def _join(prefix: str, text: str) -> str:
    return f"{prefix}\n\n{text}" if prefix else text


def weekday_names(mask: int, lang: str) -> str:
    days = schedule.mask_weekdays(mask)
    if len(days) == 7:
        return tr("every day", lang)
    return ", ".join(tr(WEEKDAYS[d], lang) for d in days)


def repeat_text(start: int, duration: int, mask: int, lang: str) -> str:
    return f"{format_time(start)}–{format_time(min(start + duration, 24 * 60))} · " \
        f"{weekday_names(mask, lang)}"


def day_line(day: dt.date, plan: schedule.DayPlan, lang: str) -> str:
    """'Tue, 24 Nov — 09:00–18:00 · ☕ 13:00–14:00' for one day of the next 14."""
    head = format_day(day, lang)
    if not plan.working:
        mark = KIND_MARKS.get(plan.kind)
        return f"{head} — {tr(mark, lang) if mark else tr('off', lang)}"
    text = f"{head} — {schedule.hours_text(plan.hours)}"
    if plan.kind == schedule.BY_EXCEPTION:
        text += " " + tr("(changed hours)", lang)
    if plan.blocked:
        shown = [f"{format_time(b.start)}–{format_time(b.end)}" for b in plan.blocked[:4]]
        more = len(plan.blocked) - len(shown)
        text += " · ☕ " + ", ".join(shown) + (f" +{more}" if more > 0 else "")
    return text


async def show_schedule(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    lang = lang_of(update)

    def build():
        first = calendar_kb.salon_today(master)
        last = first + dt.timedelta(days=DAYS_AHEAD - 1)
        plans = day_plans.day_plans([master], first, last)
        plan = day_plans.schedule_of(master)
        lines = [tr("📅 <b>Your schedule</b>", lang),
                 tr("Every week: {week}", lang, week=esc(schedule.week_text(plan, lang)))]
        for r in plan.repeats:
            lines.append("☕ " + repeat_text(r.start, r.duration, r.weekdays, lang))
        lines += ["", tr("The next {days} days:", lang, days=DAYS_AHEAD)]
        day = first
        while day <= last:
            lines.append(esc(day_line(day, plans[(master.id, day)], lang)))
            day += dt.timedelta(days=1)
        lines += ["", tr("Weekly hours are set by the salon.", lang)]
        return "\n".join(lines), keyboards.markup(
            [keyboards.button(tr("🌴 Vacations", lang), VACATIONS),
             keyboards.button(tr("🔁 Recurring breaks", lang), REPEATS)],
            [keyboards.back(lang, WORK_TIME), staff.back_home(lang)],
        )

    await show_read(update, build)


# ---- vacations ---------------------------------------------------------------------------------


def vacations_screen(update: Update, master: Master, *, prefix: str = ""):
    """The master's vacations: (text, markup). Reads: call it off the loop (`show_read`)."""
    lang = lang_of(update)
    items = work_plans.vacations(master.id)
    text = tr("🌴 Your vacations (press one to remove it):", lang) if items \
        else tr("🌴 You have no vacations planned.", lang)
    buttons = [keyboards.button(f"❌ {format_day(v.first, lang)} – {format_day(v.last, lang)}",
                                VAC_REMOVE, v.id) for v in items[:20]]
    return _join(prefix, text), keyboards.markup(
        *[[b] for b in buttons],
        [keyboards.button(tr("➕ Add a vacation", lang), VAC_FIRST, calendar_kb.this_month(master))],
        [keyboards.back(lang, SCHEDULE), staff.back_home(lang)],
    )


async def show_vacations(update: Update, master: Master, *, prefix: str = "") -> None:
    await show_read(update, lambda: vacations_screen(update, master, prefix=prefix))


async def vacations(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is not None:
        await show_vacations(update, master)


async def remove_vacation(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    (vacation_id,) = _values(update)
    lang = lang_of(update)
    if any(v.id == vacation_id for v in await read_db(work_plans.vacations, master.id)):
        await run_db(work_plans.remove_vacation, master.id, vacation_id)
        emit(context, BotEvent(BOOKING_CHANGED))
        prefix = tr("✅ The vacation is removed.", lang)
    else:
        prefix = tr("This vacation is not in your list any more.", lang)
    await show_vacations(update, master, prefix=prefix)


def _calendar(update: Update, master: Master, month: dt.date, first: dt.date, pick,
              turn) -> list:
    last = calendar_kb.plan_range(master)[1]
    return calendar_kb.month_rows(month, lang=lang_of(update), first=first, last=last,
                                  pick=pick, turn=turn)


def _first_day_screen(update: Update, master: Master, month: dt.date):
    lang = lang_of(update)
    today = calendar_kb.salon_today(master)
    rows = _calendar(update, master, month, today, lambda d: cb.encode(VAC_LAST, d, d.replace(day=1)),
                     lambda m: cb.encode(VAC_FIRST, m))
    return (tr("🌴 Choose the first day of the vacation:", lang),
            keyboards.markup(*rows, [keyboards.back(lang, VACATIONS)]))


async def vacation_first(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    (month,) = _values(update)
    await show_read(update, lambda: _first_day_screen(update, master, month))


async def vacation_last(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    first, month = _values(update)
    lang = lang_of(update)

    def build():
        if first < calendar_kb.salon_today(master):  # an old button: the first day again
            return _first_day_screen(update, master, first.replace(day=1))
        rows = _calendar(update, master, month, first, lambda d: cb.encode(VAC_ASK, first, d),
                         lambda m: cb.encode(VAC_LAST, first, m))
        return (tr("🌴 From {day}. Choose the last day of the vacation:", lang,
                   day=format_day(first, lang)),
                keyboards.markup(*rows, [keyboards.back(lang, VAC_FIRST, first.replace(day=1))]))

    await show_read(update, build)


def in_vacation(master: Master, first: dt.date, last: dt.date) -> list[Booking]:
    """The upcoming bookings a vacation from `first` to `last` would cancel."""
    return [b for b in booking_queries.upcoming_bookings(master_id=master.id)
            if first <= b.date <= last]


def vacation_screen(update: Update, master: Master, first: dt.date, last: dt.date, *,
                    prefix: str = ""):
    """Ask to add the vacation, listing its bookings: (text, markup). Reads: off the loop."""
    lang = lang_of(update)
    back = keyboards.back(lang, VAC_FIRST, first.replace(day=1))
    span = tr("{first} – {last}", lang, first=format_day(first, lang), last=format_day(last, lang))
    items = in_vacation(master, first, last)
    if not items:
        yes = keyboards.button(tr("✅ Yes, add the vacation", lang), VAC_YES, first, last,
                               None, None)
        return (_join(prefix, tr("Add the vacation {span}?", lang, span=span)),
                keyboards.markup([yes], [back]))
    lines = [tr("⚠️ You have {count} booking(s) in {span}:", lang, count=len(items), span=span)]
    lines += [f"• № {b.number} {format_day(b.date, lang)} {format_time(b.start)} · "
              f"{esc(b.service.name)} · {esc(b.client.full_name or '—')}" for b in items[:30]]
    lines += ["", tr("They will be cancelled and the clients told. Add the vacation?", lang)]
    yes = keyboards.button(tr("❌ Cancel them and add the vacation", lang), VAC_YES, first, last,
                           len(items), max(b.number for b in items))
    return _join(prefix, "\n".join(lines)), keyboards.markup([yes], [back])


async def ask_vacation(update: Update, master: Master, first: dt.date, last: dt.date, *,
                       prefix: str = "") -> None:
    await show_read(update, lambda: vacation_screen(update, master, first, last, prefix=prefix))


async def pick_vacation(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    first, last = _values(update)
    if last < first:
        first, last = last, first
    await ask_vacation(update, master, first, last)


async def add_vacation(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    first, last, shown, top = _values(update)
    lang = lang_of(update)
    items = await read_db(in_vacation, master, first, last)
    changed = tr("⚠️ The bookings in those days have changed. Please check again.", lang)
    if len(items) != (shown or 0) or any(b.number > (top or 0) for b in items):
        await ask_vacation(update, master, first, last, prefix=changed)
        return
    try:
        _vacation, cancelled = await run_db(work_plans.add_vacation, master.id, first, last,
                                            confirm_cancel=bool(items))
    except Conflict:
        await ask_vacation(update, master, first, last, prefix=changed)
        return
    except ValidationError as exc:
        await show_vacations(update, master, prefix="😔 " + esc(exc.message(lang)))
        return
    log.info("master %s: vacation %s–%s, %d booking(s) cancelled", master.id, first, last,
             len(cancelled))
    for booking in cancelled:
        emit(context, BotEvent(BOOKING_CHANGED, booking_number=booking.number))
    emit(context, BotEvent(BOOKING_CHANGED))
    prefix = tr("✅ Vacation {first} – {last} added.", lang, first=format_day(first, lang),
                last=format_day(last, lang))
    if cancelled:
        prefix += " " + tr("{count} booking(s) cancelled; the clients will be told.", lang,
                           count=len(cancelled))
    await show_vacations(update, master, prefix=prefix)


# ---- recurring breaks --------------------------------------------------------------------------


def repeats_screen(update: Update, master: Master, *, prefix: str = ""):
    """The master's recurring breaks: (text, markup). Reads: off the loop (`show_read`)."""
    lang = lang_of(update)
    items = work_plans.recurring_breaks(master.id)
    text = tr("🔁 Your recurring breaks (press one to remove it):", lang) if items \
        else tr("🔁 You have no recurring breaks.", lang)
    return _join(prefix, text), keyboards.markup(
        *[[keyboards.button("❌ " + repeat_text(r.start, r.duration, r.weekdays, lang),
                            REP_REMOVE, r.id)] for r in items[:20]],
        [keyboards.button(tr("➕ Add a recurring break", lang), REP_START)],
        [keyboards.back(lang, SCHEDULE), staff.back_home(lang)],
    )


async def show_repeats(update: Update, master: Master, *, prefix: str = "") -> None:
    await show_read(update, lambda: repeats_screen(update, master, prefix=prefix))


async def repeats(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is not None:
        await show_repeats(update, master)


async def remove_repeat(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    (break_id,) = _values(update)
    lang = lang_of(update)
    if any(r.id == break_id for r in await read_db(work_plans.recurring_breaks, master.id)):
        await run_db(work_plans.remove_recurring_break, master.id, break_id)
        emit(context, BotEvent(BOOKING_CHANGED))
        prefix = tr("✅ The break is removed.", lang)
    else:
        prefix = tr("This break is not in your list any more.", lang)
    await show_repeats(update, master, prefix=prefix)


def break_starts(master: Master) -> list[int]:
    """Starts offered for a recurring break: every half hour of the master's working span."""
    hours = schedule.span(day_plans.schedule_of(master))
    if hours is None:
        return []
    first = hours[0] - hours[0] % START_STEP
    return list(range(first, hours[1] + 1, START_STEP))[:60]


async def repeat_start(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    lang = lang_of(update)

    def build():
        starts = break_starts(master)
        if not starts:
            return repeats_screen(update, master, prefix=tr("You have no working days yet.", lang))
        buttons = [keyboards.button(format_time(t), REP_LENGTH, t) for t in starts]
        return (tr("🔁 When does the break start?", lang),
                keyboards.markup(*keyboards.rows(buttons, 5), [keyboards.back(lang, REPEATS)]))

    await show_read(update, build)


async def repeat_length(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    (start,) = _values(update)
    lang = lang_of(update)
    week = (await read_db(day_plans.schedule_of, master)).week
    working = [d for d, h in enumerate(week) if h] or list(range(7))
    mask = schedule.weekdays_mask(working)
    buttons = [keyboards.button(tr("{minutes} min", lang, minutes=n), REP_DAYS, start, n, mask)
               for n in LENGTHS if start + n <= 24 * 60]
    await show(update, tr("🔁 From {time}. How long is the break?", lang, time=format_time(start)),
               keyboards.markup(*keyboards.rows(buttons, 3), [keyboards.back(lang, REP_START)]))


async def repeat_days(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    start, length, mask = _values(update)
    mask &= schedule.ALL_WEEKDAYS
    lang = lang_of(update)
    toggles = [
        keyboards.button(("✅ " if mask >> d & 1 else "▫️ ") + tr(WEEKDAYS[d], lang), REP_DAYS,
                         start, length, (mask ^ (1 << d)) or mask)
        for d in range(7)
    ]
    await ask_repeat(update, master, start, length, mask, toggles=toggles)


def _clash(master: Master, start: int, length: int, mask: int) -> list[Booking]:
    return [b for b in booking_queries.upcoming_bookings(master_id=master.id)
            if mask >> b.date.weekday() & 1 and b.start < start + length and start < b.end]


def repeat_screen(update: Update, master: Master, start: int, length: int, mask: int, *,
                  toggles: list | None = None, prefix: str = ""):
    """Ask to add the recurring break. Over upcoming bookings it lists them and offers both
    answers the TUI gives (SPEC "Working time"; issue 12): cancel them (clients told) or keep
    them as they are. (text, markup); reads: off the loop (`show_read`)."""
    lang = lang_of(update)
    text = tr("🔁 A break {what}. Press the weekdays to change them.", lang,
              what=repeat_text(start, length, mask, lang))
    items = _clash(master, start, length, mask)
    if items:
        text += "\n\n" + tr("⚠️ It covers {count} upcoming booking(s):", lang, count=len(items))
        text += "\n" + "\n".join(
            f"• № {b.number} {format_day(b.date, lang)} {format_time(b.start)} · "
            f"{esc(b.client.full_name or '—')}" for b in items[:30])
        text += "\n" + tr("Cancel them (the clients are told) or keep them as they are?", lang)
        shown, top = len(items), max(b.number for b in items)
        answers = [
            [keyboards.button(tr("❌ Cancel them and add the break", lang), REP_YES, start,
                              length, mask, shown, top)],
            [keyboards.button(tr("📌 Keep them and add the break", lang), REP_KEEP, start,
                              length, mask, shown, top)],
        ]
    else:
        answers = [[keyboards.button(tr("✅ Add the break", lang), REP_YES, start, length, mask,
                                     None, None)]]
    rows = keyboards.rows(toggles, 4) if toggles else []
    return _join(prefix, text), keyboards.markup(
        *rows, *answers, [keyboards.back(lang, REP_LENGTH, start)])


async def ask_repeat(update: Update, master: Master, start: int, length: int, mask: int, *,
                     toggles: list | None = None, prefix: str = "") -> None:
    await show_read(update, lambda: repeat_screen(update, master, start, length, mask,
                                                  toggles=toggles, prefix=prefix))


async def add_repeat(update: Update, context: Context) -> None:
    """❌ Cancel them (or ✅ Add, when no booking is at that time): the break is added and the
    bookings it covers are cancelled by the salon, clients told."""
    await _add_repeat(update, context, work_plans.CANCEL)


async def add_repeat_keeping(update: Update, context: Context) -> None:
    """📌 Keep them: the break is added; the bookings it covers stay as they are."""
    await _add_repeat(update, context, work_plans.KEEP)


async def _add_repeat(update: Update, context: Context, on_outside: str) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    start, length, mask, shown, top = _values(update)
    lang = lang_of(update)
    items = await read_db(_clash, master, start, length, mask)
    if len(items) != (shown or 0) or any(b.number > (top or 0) for b in items):
        await ask_repeat(update, master, start, length, mask, prefix=tr(
            "⚠️ The bookings at that time have changed. Please check again.", lang))
        return
    try:
        _brk, hit = await run_db(
            work_plans.add_recurring_break, master.id, start, length,
            schedule.mask_weekdays(mask), on_outside=on_outside)
    except ValidationError as exc:
        await show_repeats(update, master, prefix="😔 " + esc(exc.message(lang)))
        return
    cancelled = hit if on_outside == work_plans.CANCEL else []
    for booking in cancelled:
        emit(context, BotEvent(BOOKING_CHANGED, booking_number=booking.number))
    emit(context, BotEvent(BOOKING_CHANGED))
    prefix = tr("✅ Break added: {what}.", lang, what=repeat_text(start, length, mask, lang))
    if cancelled:
        prefix += " " + tr("{count} booking(s) cancelled; the clients will be told.", lang,
                           count=len(cancelled))
    elif hit:
        prefix += " " + tr("{count} booking(s) at that time kept as they are.", lang,
                           count=len(hit))
    log.info("master %s: recurring break %s, %d booking(s) %s", master.id,
             repeat_text(start, length, mask, "en"), len(hit),
             "cancelled" if cancelled else "kept")
    await show_repeats(update, master, prefix=prefix)


def register(app: Application) -> None:
    routes = {
        SCHEDULE: show_schedule,
        VACATIONS: vacations,
        VAC_REMOVE: remove_vacation,
        VAC_FIRST: vacation_first,
        VAC_LAST: vacation_last,
        VAC_ASK: pick_vacation,
        VAC_YES: add_vacation,
        REPEATS: repeats,
        REP_REMOVE: remove_repeat,
        REP_START: repeat_start,
        REP_LENGTH: repeat_length,
        REP_DAYS: repeat_days,
        REP_YES: add_repeat,
        REP_KEEP: add_repeat_keeping,
    }
    route(app, routes)
