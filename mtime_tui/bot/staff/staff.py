"""Who is who in the bot, and the staff's menus: /start, /master and /admin.

SPEC "People": an action is authorised by the Telegram user ID of the update and nothing else.
A master is the *active* master whose Telegram ID that is (a blocked master loses the menu);
an admin is a Telegram ID listed in the settings. Both are looked up afresh on every update, so
a change in the TUI takes effect at the next press.

/start for staff is handled here in an earlier handler group (`STAFF_GROUP`): whether the
user is staff is read by a reading worker (`staff_start`), not on the bot's loop, and staff's
/start stops further handling; everybody else falls through to the client's /start.
The menus' entry actions are declared here so that master.py, master_time.py, master_booking.py
and admin.py can import them without importing each other.
"""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeChat, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CommandHandler,
)

from ...core import settings as settings_mod
from ...core.booking import booking_queries
from ...core.errors import DatabaseUnavailable
from ...core.people import branches, masters
from ...core.storage.models import Booking, Master
from ...core.storage.readcache import cached
from ...i18n import N_, tr
from ..telegram import calendar_kb, dialogue, keyboards
from ..telegram import callbacks as cb
from ..telegram.dbcalls import read_db, read_screen
from ..telegram.dialogue import Context, answer, lang_of, show
from ..telegram.routes import route
from ..telegram.texts import esc

log = logging.getLogger(__name__)

STAFF_GROUP = -1  # before the client's handlers (group 0)

# ---- the menus' entry points (the handlers live in the flow modules) ------------------------
HOME = cb.action("st")  # the staff menu
LIST = cb.action("m:l", cb.ID, cb.OPT_ID)  # the master's list: kind, page
BY_DATE = cb.action("m:cm", cb.DAY)  # the master's calendar, showing that month
WORK_TIME = cb.action("mt")  # my working time
BREAKS = cb.action("mt:b")  # my days with breaks
WALK_IN = cb.action("mb")  # a booking for a walk-in or a phone call
ADMIN_NEW = cb.action("a:n", cb.OPT_ID)  # admin: every pending booking, page
ADMIN_BY_DATE = cb.action("a:cm", cb.DAY)  # admin: the calendar, showing that month
STATS = cb.action("a:st")  # admin: today's, this week's and this month's figures (admin_stats)

# The master's lists (the first field of LIST).
NEW, TODAY, WEEK, MONTH = 1, 2, 3, 4


# ---- who is who ------------------------------------------------------------------------------


def master_for(telegram_id: int | None) -> Master | None:
    """The active master behind this Telegram user, if any."""
    if telegram_id is None:
        return None
    return cached(masters.master_by_telegram, telegram_id)  # exact: any write is seen


def is_admin(telegram_id: int | None) -> bool:
    return telegram_id is not None and telegram_id in cached(settings_mod.admin_ids)


def admin_branches(telegram_id: int | None) -> set[int] | None:
    """The branches an admin is limited to (docs/BRANCHES.md); None: every branch."""
    return None if telegram_id is None else cached(branches.admin_branches, telegram_id)


def admin_sees(telegram_id: int | None, booking: Booking) -> bool:
    """An admin may see and change this booking: not limited, or limited to its branch."""
    limit = admin_branches(telegram_id)
    return limit is None or booking.master.branch_id in limit


def is_staff(telegram_id: int | None) -> bool:
    return master_for(telegram_id) is not None or is_admin(telegram_id)


def user_id(update: Update) -> int | None:
    user = update.effective_user
    return user.id if user else None


def is_staff_or_unknown(telegram_id: int | None) -> bool:
    """`is_staff`, False when the database cannot tell (a locked file must not break the
    client's /start). A read: run it with `read_db`."""
    try:
        return is_staff(telegram_id)
    except DatabaseUnavailable:
        log.warning("Could not tell whether user is staff: the database is unavailable")
        return False


# ---- the menus -------------------------------------------------------------------------------


def master_rows(master: Master, lang: str) -> list:
    button = keyboards.button
    rows = []
    pending = booking_queries.pending_count(master.id)
    if pending:
        rows.append([button(tr("⚠️ New bookings: {count}", lang, count=pending), LIST, NEW, None)])
    rows += [
        [
            button(tr("📅 Today", lang), LIST, TODAY, None),
            button(tr("🗓 7 days", lang), LIST, WEEK, None),
            button(tr("📆 30 days", lang), LIST, MONTH, None),
        ],
        [button(tr("🔎 By date", lang), BY_DATE, calendar_kb.this_month(master))],
        [button(tr("🕐 My working time", lang), WORK_TIME)],
        [button(tr("➕ Book a client for me", lang), WALK_IN)],
    ]
    return rows


def admin_rows(lang: str, telegram_id: int | None = None) -> list:
    button = keyboards.button
    rows = []
    limit = admin_branches(telegram_id)  # an admin limited to branches counts theirs
    pending = (booking_queries.pending_count() if limit is None
               else sum(booking_queries.pending_count(branch=b) for b in limit))
    if pending:
        rows.append([button(tr("⚠️ New bookings, all masters: {count}", lang, count=pending),
                            ADMIN_NEW, None)])
    rows.append([button(tr("🗂 All bookings by date", lang), ADMIN_BY_DATE,
                        calendar_kb.this_month())])
    rows.append([button(tr("📊 Statistics", lang), STATS)])
    return rows


def client_rows(lang: str) -> list:
    return [
        [keyboards.button(tr("📝 Book for myself", lang), cb.BOOK),
         keyboards.button(tr("📋 My bookings", lang), cb.MY)],
    ]


def home_markup(telegram_id: int, lang: str) -> InlineKeyboardMarkup | None:
    """The staff menu: master rows, admin rows, then the client's own Book / My bookings."""
    master = master_for(telegram_id)
    admin = is_admin(telegram_id)
    if master is None and not admin:
        return None
    rows = []
    if master is not None:
        rows += master_rows(master, lang)
    if admin:
        rows += admin_rows(lang, telegram_id)
    rows += client_rows(lang)
    return keyboards.Markup(rows)


def home_text(telegram_id: int, lang: str) -> str:
    """The client's greeting (staff are welcomed like anyone), then whose menu this is."""
    master = master_for(telegram_id)
    greeting = tr("👋 Welcome to <b>{salon}</b>!", lang,
                  salon=esc(settings_mod.load().salon_name))
    if master is not None:
        who = tr("{name}, this is your master menu.", lang, name=esc(master.name))
    else:
        who = tr("This is the admin menu.", lang)
    return f"{greeting}\n{who}"


async def show_home(update: Update, context: Context, *, prefix: str = "", new: bool = False) -> None:
    """The staff menu, or the client's main menu for someone who is no longer staff."""
    lang = lang_of(update)
    tid = user_id(update)

    def reads():
        markup = home_markup(tid, lang)
        return markup, (home_text(tid, lang) if markup is not None else "")

    markup, text = await read_screen(reads)
    if markup is None:
        await dialogue.show_menu(update, context, prefix=prefix, new=new)
        return
    await show(update, (prefix + "\n\n" if prefix else "") + text, markup, new=new)


def staff_menu_row(telegram_id: int, lang: str) -> list:
    """A row for the client's main menu, so staff always find their way back."""
    if not is_staff(telegram_id):
        return []
    return [[keyboards.button(tr("🧰 Staff menu", lang), HOME)]]


def back_home(lang: str):
    return keyboards.button(tr("🧰 Staff menu", lang), HOME)


async def refuse(update: Update, context: Context) -> None:
    """A staff button pressed by someone it is not for: the menu is out of date, nothing done."""
    log.info("Refused %r from user %s",
             update.callback_query.data if update.callback_query else None, user_id(update))
    await dialogue.stale(update, context)


async def acting_master(update: Update, context: Context) -> Master | None:
    """For a master's own screens: answer the press, then the active master behind the user —
    or refuse the press (and return None)."""
    await answer(update)
    master = await read_db(master_for, user_id(update))
    if master is None:
        await refuse(update, context)
    return master


# ---- handlers --------------------------------------------------------------------------------


async def set_chat_commands(update: Update, context: Context) -> None:
    """Staff see /master or /admin in their chat's command menu (nobody else does); someone who
    is no longer staff gets the common menu back."""
    chat = update.effective_chat
    tid = user_id(update)
    if chat is None or tid is None:
        return
    scope = BotCommandScopeChat(chat.id)
    lang = lang_of(update)
    commands = [("start", N_("Main menu"))]
    is_master, admin = await read_db(lambda: (master_for(tid) is not None, is_admin(tid)))
    if is_master:
        commands.append(("master", N_("My bookings and working time")))
    if admin:
        commands.append(("admin", N_("All bookings of the salon")))
        commands.append(("stats", N_("The salon's figures: today, week, month")))
    commands += [("help", N_("What this bot can do")), ("cancel", N_("Leave the current step"))]
    try:
        if len(commands) == 3:
            await context.bot.delete_my_commands(scope=scope)
        else:
            await context.bot.set_my_commands(
                [BotCommand(c, tr(d, lang)) for c, d in commands], scope=scope)
    except TelegramError as exc:
        log.warning("Could not set the staff command menu: %s", exc)


async def staff_start(update: Update, context: Context) -> None:
    """/start of an active master or an admin (looked up afresh, in a reading worker: on the
    loop, a file another program holds would stop every user's updates); anyone else's /start
    goes on to the client's."""
    if not await read_db(is_staff_or_unknown, user_id(update)):
        return
    await dialogue.remember_user(update)
    dialogue.forget(context)
    await show_home(update, context, new=True)
    await set_chat_commands(update, context)
    raise ApplicationHandlerStop


async def home(update: Update, context: Context) -> None:
    await answer(update)
    dialogue.forget(context)
    if not await read_db(is_staff, user_id(update)):
        await refuse(update, context)
        return
    await show_home(update, context)


async def master_command(update: Update, context: Context) -> None:
    await dialogue.remember_user(update)
    dialogue.forget(context)
    lang = lang_of(update)

    def reads():  # the master and their menu (it counts their new bookings)
        master = master_for(user_id(update))
        return master, (master_rows(master, lang) if master is not None else [])

    master, rows = await read_screen(reads)
    if master is None:
        await dialogue.show_menu(
            update, context, new=True, prefix=tr("This command is for the salon's masters.", lang))
        await set_chat_commands(update, context)
        return
    text = tr("{name}, this is your master menu.", lang, name=esc(master.name))
    await show(update, text, keyboards.Markup([*rows, [back_home(lang)]]), new=True)


async def admin_command(update: Update, context: Context) -> None:
    await dialogue.remember_user(update)
    dialogue.forget(context)
    lang = lang_of(update)
    if not await read_db(is_admin, user_id(update)):
        await dialogue.show_menu(
            update, context, new=True, prefix=tr("This command is for the salon's admins.", lang))
        await set_chat_commands(update, context)
        return
    rows = await read_db(admin_rows, lang, user_id(update))  # counts: off the loop
    markup = keyboards.Markup([*rows, [back_home(lang)]])
    await show(update, tr("This is the admin menu.", lang), markup, new=True)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("start", staff_start), group=STAFF_GROUP)
    app.add_handler(CommandHandler("master", master_command))
    app.add_handler(CommandHandler("admin", admin_command))
    route(app, {HOME: home})
    calendar_kb.register(app)
    dialogue.add_menu_rows(staff_menu_row)
