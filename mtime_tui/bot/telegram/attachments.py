"""A photo, sticker, voice note, location, document… where the bot expects text or a button:
an answer saying what it expects at that step (the phone number, a name, the message for a
client), or — when it expects nothing — that it understands text and buttons, and the menu.
Nothing is stored; the dialogue stays where it was."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from ...i18n import N_, tr
from . import dialogue
from .dialogue import Context, lang_of

NOT_TEXT = (filters.PHOTO | filters.Sticker.ALL | filters.VOICE | filters.AUDIO | filters.VIDEO
            | filters.VIDEO_NOTE | filters.ANIMATION | filters.Document.ALL | filters.LOCATION
            | filters.VENUE | filters.POLL | filters.Dice.ALL | filters.STORY)
ONLY_TEXT = N_("I understand text messages and the buttons only.")


async def attachment(update: Update, context: Context) -> None:
    lang = lang_of(update)
    expected = dialogue.hint_for(context)
    if expected is None:
        await dialogue.show_menu(update, context, prefix=tr(ONLY_TEXT, lang), new=True)
        return
    text, markup = expected
    await update.effective_message.reply_text(
        tr(text, lang), reply_markup=markup(lang) if markup else None)


def register(app: Application) -> None:
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & NOT_TEXT, attachment))
