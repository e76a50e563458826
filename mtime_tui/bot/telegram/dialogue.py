"""The user's dialogue with the bot, shared by every flow: who is talking and in which language,
what the bot expects them to type next, showing a screen, the main menu, stale menus, errors.

Flows plug in with small registries instead of editing each other's code:
- `add_menu_rows(fn)`: `fn(telegram_id, lang) -> list of button rows` adds rows to the main menu
  (e.g. a master's "My bookings as a master");
- `on_input(name, handler, hint)`: typed text or a shared contact goes to `handler` while
  `expect(context, name, **data)` is in force for that user; anything else they send (a photo,
  a sticker…) is answered with `hint` (`attachments.py`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters
from telegram.ext import MessageHandler as _MessageHandler

from ...core import settings as settings_mod
from ...core.storage import prepared
from ...core.storage.models import Client, TelegramUser, utcnow
from ...core.storage.prepared import Prepared
from ...i18n import language_from_telegram, tr
from . import keyboards, shown
from .dbcalls import read_screen, run_db
from .texts import esc

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
MenuRows = Callable[[int, str], list]
InputHandler = Callable[[Update, Context, dict], Awaitable[None]]

_menu_rows: list[MenuRows] = []
_inputs: dict[str, InputHandler] = {}
_unexpected: list[Callable[[Update, Context], Awaitable[None]]] = []
_hints: dict[str, tuple[str, Callable | None]] = {}


def add_menu_rows(fn: MenuRows) -> None:
    if fn not in _menu_rows:
        _menu_rows.append(fn)


def on_input(name: str, handler: InputHandler, hint: str = "", markup=None) -> None:
    """`handler` takes what the user types while `name` is expected; `hint` (an N_ text) says
    what that is when they send something else (a photo, a sticker…), with `markup(lang)`."""
    _inputs[name] = handler
    if hint:
        _hints[name] = (hint, markup)


def hint_for(context: Context) -> tuple[str, Callable | None] | None:
    """What the bot expects this user to type now, as (N_ text, markup factory), if anything."""
    value = context.user_data.get("expect")
    return _hints.get(value[0]) if value else None


def on_unexpected(handler) -> None:
    """Typed text that no dialogue expects goes to `handler` (a client's message to the salon)
    instead of the plain menu."""
    _unexpected[:] = [handler]


def expect(context: Context, name: str, **data) -> None:
    """The next text (or contact) this user sends goes to the `name` input handler."""
    context.user_data["expect"] = (name, data)


def expecting(context: Context) -> str | None:
    """The input handler the user's next text goes to, if any (conversations asks it)."""
    value = context.user_data.get("expect")
    return value[0] if value else None


def forget(context: Context) -> None:
    """Leave the current dialogue (typed input no longer expected, scratch data dropped)."""
    context.user_data.clear()


# ---- who is talking ------------------------------------------------------------------------


def lang_of(update: Update) -> str:
    user = update.effective_user
    return language_from_telegram(user.language_code if user else None)


def record_user(update: Update) -> TelegramUser | None:
    """Remember everyone who pressed /start (the TUI lists masters who never did).

    Writes only what changed: most /starts come from someone already known with the same name,
    username and language, and each write waits for the disk (≈ 16 ms, PERFORMANCE finding 2).
    Synchronous: handlers call it through `dbcalls.run_db`.
    """
    user = update.effective_user
    if user is None:
        return None
    lang = lang_of(update)
    fields = {
        "first_name": (user.first_name or "")[:100],
        "last_name": (user.last_name or "")[:100],
        "username": user.username,
        "language": lang,
        "unreachable": False,
    }
    row = _TELEGRAM_USER.first(user.id)
    if row is None:  # its INSERT built once (`prepared`): every new client's first /start
        row = prepared.create(TelegramUser, telegram_id=user.id, started_at=utcnow(), **fields)
    else:
        changed = {k: v for k, v in fields.items() if getattr(row, k) != v}
        if changed:
            TelegramUser.update(**changed).where(TelegramUser.telegram_id == user.id).execute()
            for name, value in changed.items():
                setattr(row, name, value)
    stale = _STALE_LANGUAGE.first(user.id, lang)
    if stale is not None:  # a read first: no write lock taken
        prepared.update(Client, stale.id, language=lang)
    return row


_TELEGRAM_USER = Prepared(lambda telegram_id: TelegramUser.select().where(
    TelegramUser.telegram_id == telegram_id), 1)
_STALE_LANGUAGE = Prepared(lambda telegram_id, language: Client.select(Client.id).where(
    (Client.telegram_id == telegram_id) & (Client.language != language)), 2)


async def remember_user(update: Update) -> TelegramUser | None:
    """`record_user` off the event loop (a new user's row waits for the disk)."""
    return await run_db(record_user, update)


# ---- showing things ------------------------------------------------------------------------


def main_menu_markup(telegram_id: int, lang: str) -> InlineKeyboardMarkup:
    menu = keyboards.main_menu(lang)
    extra = []
    for fn in _menu_rows:
        try:
            extra.extend(fn(telegram_id, lang))
        except Exception:
            log.exception("A menu extension failed")
    return keyboards.Markup([*menu.inline_keyboard, *extra])


def greeting(lang: str) -> str:
    settings = settings_mod.load()
    return tr("👋 Welcome to <b>{salon}</b>!", lang, salon=esc(settings.salon_name)) + "\n" + tr(
        "What would you like to do?", lang
    )


async def show(
    update: Update, text: str, markup=None, *, new: bool = False
) -> Message | None:
    """Show a screen: edit the message whose button was pressed, else send a new one.

    An edit that would change nothing is not sent (`shown`: Telegram refuses it as "message is
    not modified"); a message that cannot be edited (a photo, too old) gets a fresh message.
    """
    query = update.callback_query
    if query is not None and isinstance(query.message, Message) and not new:
        if shown.unchanged(query.message, text, markup):
            return None
        try:
            result = await query.edit_message_text(text, reply_markup=markup)
        except BadRequest as exc:
            if "not modified" in str(exc).lower():  # shown by an edit this bot does not know of
                return None
            log.debug("Cannot edit, sending anew: %s", exc)
        else:  # Telegram's answer is True (`transport`): the pressed message shows it now
            shown.remember(query.message, text, markup)
            return result if isinstance(result, Message) else query.message
    chat = update.effective_chat
    if chat is None:
        return None
    sent = await chat.send_message(text, reply_markup=markup)
    shown.remember(sent, text, markup)
    return sent


async def show_read(update: Update, build, *, new: bool = False) -> Message | None:
    """Show the screen that `build()` reads and returns as (text, markup): built in a reading
    worker (`dbcalls.read_screen`), off the loop, and shown from the loop."""
    text, markup = await read_screen(build)
    return await show(update, text, markup, new=new)


async def show_keyboard(update: Update, markup: InlineKeyboardMarkup) -> bool:
    """Replace only the keyboard of the pressed message (unless it is the same already).
    False when the message could not be edited."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return False
    if shown.unchanged_keyboard(query.message, markup):
        return True
    try:
        result = await query.edit_message_reply_markup(markup)
    except BadRequest as exc:
        return "not modified" in str(exc).lower()
    if result:  # True (`transport`): the pressed message has the new keyboard
        shown.remember(query.message, None, markup)
    return True


async def show_menu(update: Update, context: Context, *, prefix: str = "", new: bool = False) -> None:
    lang = lang_of(update)
    def reads():
        text = (prefix + "\n\n" if prefix else "") + greeting(lang)
        markup = main_menu_markup(update.effective_user.id, lang)
        return text, markup

    text, markup = await read_screen(reads)
    await show(update, text, markup, new=new)


async def stale(update: Update, context: Context) -> None:
    """The pressed menu no longer matches the salon: say so and show a fresh main menu.

    The query must already be answered; this only replaces the screen.
    """
    forget(context)
    await show_menu(update, context, prefix=tr("⌛ This menu is out of date.", lang_of(update)))


async def answer(update: Update, text: str | None = None) -> None:
    """Answer the callback query (every press is answered first); never fails the handler."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.answer(text)
    except TelegramError as exc:  # an old query (> 15 min) cannot be answered any more
        log.debug("Could not answer a callback query: %s", exc)


# ---- the common handlers (registered after every flow) --------------------------------------


async def unknown_button(update: Update, context: Context) -> None:
    """Data no flow recognised: a forged, garbled or retired button."""
    lang = lang_of(update)
    await answer(update, tr("This menu is out of date", lang))
    forget(context)
    await show_menu(update, context, prefix=tr("⌛ This menu is out of date.", lang))


async def typed(update: Update, context: Context) -> None:
    """Text or a contact: to whichever flow expects it, else a hint and the menu."""
    value = context.user_data.get("expect")
    handler = _inputs.get(value[0]) if value else None
    if handler is None:
        message = update.effective_message
        if _unexpected and message is not None and message.text:
            await _unexpected[0](update, context)
            return
        await show_menu(update, context, new=True)
        return
    await handler(update, context, value[1])


async def unknown_command(update: Update, context: Context) -> None:
    """A command no flow knows (a typo, an old menu entry): the menu, and any dialogue ends."""
    forget(context)
    await show_menu(update, context, new=True)


async def cancel_command(update: Update, context: Context) -> None:
    forget(context)
    lang = lang_of(update)
    await update.effective_chat.send_message(
        tr("OK, cancelled.", lang), reply_markup=keyboards.no_reply_keyboard()
    )
    await show_menu(update, context, new=True)


async def help_command(update: Update, context: Context) -> None:
    lang = lang_of(update)
    settings = settings_mod.load()
    lines = [
        tr("I can book you in at <b>{salon}</b>, show your bookings, move or cancel them.", lang,
           salon=esc(settings.salon_name)),
        "",
        tr("/start — the main menu", lang),
        tr("/cancel — leave the current step", lang),
        tr("/help — this help", lang),
        tr("/stop — no more news from the salon (/start turns them on again)", lang),
    ]
    if settings.salon_phone:
        lines += ["", tr("Questions? Call us: {phone}", lang, phone=esc(settings.salon_phone))]
    await update.effective_chat.send_message("\n".join(lines))


def register(app: Application) -> None:
    app.add_handler(CommandHandler("help", help_command))
    app.add_handler(CommandHandler("cancel", cancel_command))
    app.add_handler(CallbackQueryHandler(unknown_button))
    app.add_handler(
        _MessageHandler(
            filters.UpdateType.MESSAGE & ((filters.TEXT & ~filters.COMMAND) | filters.CONTACT),
            typed,
        )
    )
    app.add_handler(_MessageHandler(filters.COMMAND, unknown_command))
