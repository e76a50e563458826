"""My breaks (the guide's "Управлять перерывами"): the days that have breaks (open one, remove
some or all), and adding: a day on the calendar → its free slots as buttons to tick → save.

The ticks live in the keyboard itself: each slot's data says whether it is ticked, so a press
needs nothing remembered. A day with more slots than one keyboard holds (Telegram shows at most
100 buttons) is shown in pages; the ticks of the pages not on screen are kept in the user's
dialogue data. Saving re-checks every slot in core (all or nothing); a slot taken meanwhile
gives a clear message and a fresh list with the still-free ticks kept.

Every press acts on the active master behind the update's user, never on anything in the data.
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application

from ...core.booking import working_time
from ...core.errors import SlotTaken
from ...core.storage.models import Master
from ...i18n import tr
from ..client.booking_choice import emit
from ..telegram import calendar_kb, keyboards, pressed
from ..telegram import callbacks as cb
from ..telegram.dbcalls import read_db, read_screen, run_db
from ..telegram.dialogue import Context, lang_of, show, show_keyboard, show_read
from ..telegram.events import BOOKING_CHANGED, BotEvent
from ..telegram.routes import route
from ..telegram.texts import format_day, format_time
from . import staff
from .staff import BREAKS, WORK_TIME, acting_master

log = logging.getLogger(__name__)

SLOTS_PER_PAGE = 60  # 15 rows of 4: a 9–21 shift every 15 minutes fits on one page
LISTED = 60  # days or breaks listed as buttons at most (the nearest first)

BREAK_DAY = cb.action("mt:bd", cb.DAY)  # one day's breaks
BREAK_REMOVE = cb.action("mt:br", cb.DAY, cb.TIME)
BREAK_CLEAR = cb.action("mt:bx", cb.DAY)  # remove every break of the day
BREAK_MONTH = cb.action("mt:bc", cb.DAY)  # the calendar for new breaks
BREAK_PICK = cb.action("mt:bp", cb.DAY)  # the free slots of a day, to tick
BREAK_PAGE = cb.action("mt:bg", cb.DAY, cb.OPT_ID)  # another page of them
BREAK_TICK = cb.action("mt:bt", cb.DAY, cb.TIME, cb.FLAG)  # day, slot, ticked now
BREAK_SAVE = cb.action("mt:bs", cb.DAY)

TICKS = "break_ticks"  # user_data: {day: set of ticked slots}, for pages not on screen


def _join(prefix: str, text: str) -> str:
    return f"{prefix}\n\n{text}" if prefix else text


def _values(update: Update) -> tuple:
    return cb.decode(update.callback_query.data).values


def more_text(lang: str, shown: int, total: int) -> str:
    """A note under a list cut to its nearest `shown` entries."""
    if total <= shown:
        return ""
    return "\n" + tr("(the nearest {shown} of {total})", lang, shown=shown, total=total)


# ---- days with breaks, one day's breaks --------------------------------------------------------


def break_days_screen(update: Update, master: Master, *, prefix: str = ""):
    """The days with breaks: (text, markup). Reads: call it off the loop (`show_read`)."""
    lang = lang_of(update)
    days = working_time.days_with_breaks(master.id)
    text = tr("☕ Days with breaks (open one to remove breaks):", lang) if days \
        else tr("☕ You have no breaks planned.", lang)
    buttons = [keyboards.button(format_day(d, lang), BREAK_DAY, d) for d in days[:LISTED]]
    return _join(prefix, text + more_text(lang, LISTED, len(days))), keyboards.markup(
        *keyboards.rows(buttons, 3),
        [keyboards.button(tr("➕ Add breaks", lang), BREAK_MONTH, calendar_kb.this_month(master))],
        [keyboards.back(lang, WORK_TIME), staff.back_home(lang)],
    )


async def show_break_days(update: Update, master: Master, *, prefix: str = "") -> None:
    await show_read(update, lambda: break_days_screen(update, master, prefix=prefix))


async def break_days(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is not None:
        await show_break_days(update, master)


def break_day_screen(update: Update, master: Master, day: dt.date, *, prefix: str = ""):
    """One day's breaks: (text, markup). Reads: call it off the loop (`show_read`)."""
    lang = lang_of(update)
    items = working_time.breaks_on(master.id, day)
    if not items:
        return break_days_screen(update, master, prefix=_join(prefix, tr(
            "No breaks on {day}.", lang, day=format_day(day, lang))))
    buttons = [
        keyboards.button(f"❌ {format_time(b.start)}–{format_time(b.start + b.duration)}",
                         BREAK_REMOVE, day, b.start)
        for b in items[:LISTED]
    ]
    text = tr("☕ Breaks on {day} (press one to remove it):", lang, day=format_day(day, lang))
    return _join(prefix, text + more_text(lang, LISTED, len(items))), keyboards.markup(
        *keyboards.rows(buttons, 2),
        [keyboards.button(tr("🗑 Remove all breaks of the day", lang), BREAK_CLEAR, day)]
        if len(items) > 1 else [],
        [keyboards.button(tr("➕ Add breaks", lang), BREAK_PICK, day)],
        [keyboards.back(lang, BREAKS), staff.back_home(lang)],
    )


async def show_break_day(update: Update, master: Master, day: dt.date, *, prefix: str = "") -> None:
    await show_read(update, lambda: break_day_screen(update, master, day, prefix=prefix))


async def break_day(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is not None:
        (day,) = _values(update)
        await show_break_day(update, master, day)


async def remove_break(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    day, start = _values(update)
    lang = lang_of(update)
    if await run_db(working_time.remove_breaks, master.id, day, [start]):
        log.info("master %s removed the break %s %s", master.id, day, format_time(start))
        emit(context, BotEvent(BOOKING_CHANGED))
        prefix = tr("✅ The break at {time} is removed.", lang, time=format_time(start))
    else:
        prefix = tr("There is no break at {time} any more.", lang, time=format_time(start))
    await show_break_day(update, master, day, prefix=prefix)


async def clear_breaks(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    (day,) = _values(update)
    lang = lang_of(update)
    removed = await run_db(working_time.remove_breaks, master.id, day)
    if removed:
        log.info("master %s removed %d break(s) on %s", master.id, removed, day)
        emit(context, BotEvent(BOOKING_CHANGED))
    await show_break_day(update, master, day, prefix=tr(
        "✅ Breaks removed: {count}.", lang, count=removed))


# ---- adding: a day, its free slots, ticks, save ------------------------------------------------


async def break_month(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    (month,) = _values(update)
    lang = lang_of(update)

    def build():
        first, last = calendar_kb.plan_range(master)
        rows = calendar_kb.month_rows(month, lang=lang, first=first, last=last,
                                      pick=lambda d: cb.encode(BREAK_PICK, d),
                                      turn=lambda m: cb.encode(BREAK_MONTH, m))
        return (tr("Choose the day for the breaks:", lang),
                keyboards.markup(*rows, [keyboards.back(lang, BREAKS)]))

    await show_read(update, build)


def current_ticks(update: Update, context: Context, day: dt.date) -> set[int]:
    """Every slot ticked for `day`: those on the pressed keyboard, plus those remembered from
    its other pages (a slot on screen counts as the keyboard shows it). A press on anything but
    that day's tick keyboard (an old message, another screen) counts no tick at all."""
    on_screen, ticked = set(), set()
    markup = pressed.keyboard(update.callback_query.message)
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            decoded = cb.decode(button.callback_data)
            if decoded and decoded.action == BREAK_TICK and decoded[0] == day:
                on_screen.add(decoded[1])
                if decoded[2]:
                    ticked.add(decoded[1])
    if not on_screen:
        return set()
    remembered = context.user_data.get(TICKS, {}).get(day, set())
    return (remembered - on_screen) | ticked


def remember(context: Context, day: dt.date, ticked: set[int]) -> None:
    context.user_data[TICKS] = {day: set(ticked)}  # one day at a time


def slot_keyboard(
    day: dt.date, free: list[int], ticked: set[int], page: int, lang: str
) -> InlineKeyboardMarkup:
    shown, page, more = keyboards.page_slice(free, page, SLOTS_PER_PAGE)
    buttons = [
        keyboards.button(("✅ " if t in ticked else "") + format_time(t), BREAK_TICK, day, t,
                         t in ticked)
        for t in shown
    ]
    nav = keyboards.pager(lang, page, more, (BREAK_PAGE, day, None), (BREAK_PAGE, day))
    count = len(ticked & set(free))
    save = tr("💾 Save the breaks ({count})", lang, count=count) if count \
        else tr("💾 Save the breaks", lang)
    return keyboards.markup(
        *keyboards.rows(buttons, 4), nav,
        [keyboards.button(save, BREAK_SAVE, day)],
        [keyboards.back(lang, BREAK_MONTH, day.replace(day=1))],
    )


async def show_slots(
    update: Update, context: Context, master: Master, day: dt.date, ticked: set[int],
    *, page: int = 0, prefix: str = "",
) -> None:
    lang = lang_of(update)

    def reads():
        first, last = calendar_kb.plan_range(master)
        free = working_time.free_break_slots(master.id, day) if first <= day <= last else []
        return free, None if free else break_days_screen(update, master, prefix=_join(prefix, tr(
            "There are no free slots for a break on {day}.", lang, day=format_day(day, lang))))

    free, days_screen = await read_screen(reads)
    if not free:
        await show(update, *days_screen)
        return
    ticked = ticked & set(free)
    remember(context, day, ticked)
    text = tr("Tick the free slots for breaks on {day} ({minutes} min each), then save:", lang,
              day=format_day(day, lang), minutes=master.interval)
    await show(update, _join(prefix, text), slot_keyboard(day, free, ticked, page, lang))


async def pick_break_day(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is not None:
        (day,) = _values(update)
        await show_slots(update, context, master, day, set())


async def turn_page(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is not None:
        day, page = _values(update)
        await show_slots(update, context, master, day, current_ticks(update, context, day),
                         page=page or 0)


async def tick(update: Update, context: Context) -> None:
    """Tick or untick one slot: only the keyboard changes (or the list, if the slot is gone)."""
    master = await acting_master(update, context)
    if master is None:
        return
    day, start, was_ticked = _values(update)
    lang = lang_of(update)
    ticked = current_ticks(update, context, day)
    ticked = ticked - {start} if was_ticked else ticked | {start}
    free = await read_db(working_time.free_break_slots, master.id, day)
    if start not in free:
        await show_slots(update, context, master, day, ticked - {start},
                         prefix=tr("⌛ {time} is no longer free.", lang, time=format_time(start)))
        return
    ticked &= set(free)
    remember(context, day, ticked)
    page = free.index(start) // SLOTS_PER_PAGE
    if not await show_keyboard(update, slot_keyboard(day, free, ticked, page, lang)):
        await show_slots(update, context, master, day, ticked, page=page)


async def save_breaks(update: Update, context: Context) -> None:
    master = await acting_master(update, context)
    if master is None:
        return
    (day,) = _values(update)
    lang = lang_of(update)
    ticked = current_ticks(update, context, day)
    if not ticked:
        await show_slots(update, context, master, day, set(),
                         prefix=tr("Tick at least one slot, then save.", lang))
        return
    try:
        made = await run_db(working_time.add_breaks, master.id, day, sorted(ticked))
    except SlotTaken as exc:
        await show_slots(update, context, master, day, ticked, prefix="😔 " + exc.message(lang))
        return
    context.user_data.pop(TICKS, None)
    log.info("master %s added %d break(s) on %s", master.id, len(made), day)
    emit(context, BotEvent(BOOKING_CHANGED))
    await show_break_day(update, master, day, prefix=tr(
        "✅ Breaks saved: {times}.", lang, times=", ".join(format_time(b.start) for b in made)))


def register(app: Application) -> None:
    routes = {
        BREAKS: break_days,
        BREAK_DAY: break_day,
        BREAK_REMOVE: remove_break,
        BREAK_CLEAR: clear_breaks,
        BREAK_MONTH: break_month,
        BREAK_PICK: pick_break_day,
        BREAK_PAGE: turn_page,
        BREAK_TICK: tick,
        BREAK_SAVE: save_breaks,
    }
    route(app, routes)
