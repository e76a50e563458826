"""Two-way messages (core.messaging.conversations): a client writes to the salon, staff reply.

A client reaches the salon by typing outside any dialogue, by "✉️ Write to the salon" in the
main menu or under a message from the salon, or by sending a photo. Admins (and the master who
wrote last) get it with "↩️ Reply"; a press re-checks who may answer (an admin, or a master of
one of the client's recent bookings) and the typed answer goes to the client through the outbox.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from ...core.errors import DomainError
from ...core.messaging import conversations
from ...core.people import clients
from ...core.storage.models import Client
from ...i18n import tr
from ..staff import staff
from ..telegram import attachments, dialogue, keyboards
from ..telegram import callbacks as cb
from ..telegram.dbcalls import read_db, run_db
from ..telegram.dialogue import Context, answer, lang_of, show
from ..telegram.events import CLIENT_MESSAGE, BotEvent
from ..telegram.routes import route
from ..telegram.texts import esc
from .booking_choice import emit

log = logging.getLogger(__name__)

WRITE_INPUT = "write_to_salon"
REPLY_INPUT = "reply_to_client"


def menu_rows(telegram_id: int, lang: str) -> list:
    if staff.is_staff(telegram_id):
        return []
    return [[keyboards.button(tr("✉️ Write to the salon", lang), cb.WRITE_SALON)]]


async def ask_message(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    dialogue.forget(context)
    dialogue.expect(context, WRITE_INPUT)
    await show(update, tr("Write your message to the salon: text, or a photo with a caption. "
                          "We will answer here.", lang), keyboards.to_menu(lang), new=True)


def _client_message(user, lang: str, text: str, photo: str | None):
    """Synchronous, for run_db: the user's client (created on first contact), then the message."""
    client = clients.telegram_client(user.id, first_name=user.first_name or "",
                                     last_name=user.last_name or "", language=lang)
    conversations.client_wrote(client.id, text, photo=photo)
    return client


async def to_salon(update: Update, context: Context, data: dict | None = None) -> None:
    """Typed text or a photo from a client: kept and sent to the salon."""
    lang = lang_of(update)
    message = update.effective_message
    photo = message.photo[-1].file_id if message.photo else None
    text = message.caption if photo else message.text
    if not (text or "").strip() and not photo:
        await dialogue.show_menu(update, context, new=True)
        return
    dialogue.forget(context)
    client = await run_db(_client_message, update.effective_user, lang, text or "", photo)
    emit(context, BotEvent(CLIENT_MESSAGE, text=client.full_name))
    await message.reply_text(
        tr("✉️ Your message is sent to the salon. The answer will come here.", lang),
        reply_markup=keyboards.to_menu(lang),
    )


async def unexpected(update: Update, context: Context) -> None:
    """Text outside any dialogue: a client's message to the salon; staff get their menu."""
    if staff.is_staff(update.effective_user.id):
        await dialogue.show_menu(update, context, new=True)
        return
    await to_salon(update, context)


async def photo(update: Update, context: Context) -> None:
    if dialogue.expecting(context) not in (None, WRITE_INPUT) or staff.is_staff(
            update.effective_user.id):
        await attachments.attachment(update, context)  # says what the bot expects instead
        return
    await to_salon(update, context)


async def ask_reply(update: Update, context: Context) -> None:
    await answer(update)
    lang = lang_of(update)
    (client_id,) = cb.decode(update.callback_query.data).values
    allowed, client = await read_db(_reply_target, update.effective_user.id, client_id)
    if not allowed or client is None:
        await staff.refuse(update, context)
        return
    if not client.telegram_id:
        await show(update, tr("This client is not on Telegram; call them instead", lang),
                   keyboards.to_menu(lang), new=True)
        return
    dialogue.forget(context)
    dialogue.expect(context, REPLY_INPUT, client_id=client_id)
    await show(update, tr("Write your message to {name}:", lang,
                          name=esc(client.full_name or "—")), keyboards.to_menu(lang), new=True)


async def reply_given(update: Update, context: Context, data: dict) -> None:
    lang = lang_of(update)
    client_id = int(data["client_id"])
    allowed = await read_db(conversations.may_write, update.effective_user.id,
                            client_id)  # again: it may change
    if not allowed:
        dialogue.forget(context)
        await staff.refuse(update, context)
        return
    master_id = allowed.id if not isinstance(allowed, bool) else None
    try:
        message = await run_db(conversations.reply, client_id,
                               update.effective_message.text or "",
                               author=update.effective_user.id, master_id=master_id)
    except DomainError as exc:
        await update.effective_message.reply_text(exc.message(lang))
        return
    dialogue.forget(context)
    emit(context, BotEvent(CLIENT_MESSAGE))
    client = await read_db(Client.get_by_id, message.client_id)
    await update.effective_message.reply_text(
        tr("✅ Sent to {name}.", lang, name=esc(client.full_name or "—")),
        reply_markup=keyboards.to_menu(lang))


def _reply_target(telegram_id: int, client_id: int):
    """Whether this user may write to the client, and the client. A read, for `read_db`."""
    return conversations.may_write(telegram_id, client_id), Client.get_or_none(
        Client.id == client_id)


def register(app: Application) -> None:
    dialogue.on_input(WRITE_INPUT, to_salon)
    dialogue.on_input(REPLY_INPUT, reply_given)
    dialogue.on_unexpected(unexpected)
    dialogue.add_menu_rows(menu_rows)
    route(app, {cb.WRITE_SALON: ask_message, cb.REPLY_CLIENT: ask_reply})
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.PHOTO, photo))
