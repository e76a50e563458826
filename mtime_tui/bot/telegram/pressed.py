"""The keyboard of the message a button was pressed on, built only when a handler asks for it.

Every press arrives with the whole message it was pressed on, its keyboard included (up to 100
buttons). python-telegram-bot would build an `InlineKeyboardButton` for each of them on every
press — 0.3 ms for a screen of times, the largest part of parsing a press (docs/PERFORMANCE.md,
issue 17) — and most handlers never look: the pressed button's callback data says everything.
So the getUpdates request (`transport.UpdatesRequest`) sets that keyboard aside, as Telegram
sent it, in the message's `api_kwargs` (PTB's place for fields it has no attribute for), and
`keyboard(message)` builds it on first ask. A kept update read back after a restart (`polling`)
is parsed whole, keyboard in place; `keyboard` reads either.

Handlers ask `keyboard(query.message)`, never `query.message.reply_markup`.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup

KEY = "mtime_pressed_keyboard"  # in the pressed message's api_kwargs: the keyboard's JSON


def set_aside(update: dict[str, Any]) -> None:
    """In a fetched update (JSON as parsed, before PTB builds objects): move the pressed
    message's keyboard out of PTB's way."""
    query = update.get("callback_query")
    message = query.get("message") if isinstance(query, dict) else None
    if isinstance(message, dict) and "reply_markup" in message:
        message[KEY] = message.pop("reply_markup")


def keyboard(message: object) -> object | None:
    """The message's keyboard (an `InlineKeyboardMarkup`, or None when it has none)."""
    if message is None:
        return None
    markup = getattr(message, "reply_markup", None)
    if markup is not None:
        return markup
    raw = (getattr(message, "api_kwargs", None) or {}).get(KEY)
    if not isinstance(raw, dict) or "inline_keyboard" not in raw:
        return None
    return InlineKeyboardMarkup.de_json(raw, None)
