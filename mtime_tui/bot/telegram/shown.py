"""What each of the bot's messages shows now, so that an edit that changes nothing is not sent.

Telegram answers such an edit with 400 "message is not modified" — a wasted request, and an
error in the log. A press on an old menu often asks for the screen already shown (a double tap,
the same page again). Two sources say what a message shows: what the bot last put there (kept
here, for the messages of the last while), and the message as the callback query carried it (all
that is known after a restart). The bot's own record is newer, so it wins when there is one.
"""

from __future__ import annotations

from collections import OrderedDict

from telegram import InlineKeyboardMarkup, Message

from . import limits, pressed

KEPT = 20_000  # messages remembered (a few MB at most); older ones fall back to the snapshot

Content = tuple  # (plain text, formatting entities, keyboard)
_shown: OrderedDict[tuple[int, int], Content] = OrderedDict()


def keyboard_key(markup: object) -> tuple | None:
    """An inline keyboard as comparable data (None: no keyboard; other markups are never equal)."""
    if markup is None:
        return ()
    if not isinstance(markup, InlineKeyboardMarkup):
        return None
    return tuple(tuple((b.text, b.callback_data, b.url) for b in row)
                 for row in markup.inline_keyboard if row)


def content(text: str, markup: object) -> Content | None:
    """What a message with this HTML text and keyboard shows, as Telegram compares it.

    The latest answer is kept for the same text and keyboard objects (a keyboard is frozen):
    a screen asks twice, before its edit (`unchanged`) and after it (`remember`)."""
    last = _last_content
    if last and last[0] is text and last[1] is markup:
        return last[2]
    found = _content(text, markup)
    _last_content[:] = (text, markup, found)
    return found


_last_content: list = []  # [text, markup, content] of the latest `content` call


def _content(text: str, markup: object) -> Content | None:
    keys = keyboard_key(markup)
    if keys is None:
        return None
    try:
        plain, entities = limits.parse_html(text)
    except limits.OverLimit:
        return None  # let the request fail where it is checked
    return plain, tuple(entities), keys


def of_message(message: Message) -> Content:
    """What a message the bot received (a callback query's) shows."""
    entities = tuple(sorted(((e.type, e.offset, e.length) for e in message.entities or ()
                             if e.type in limits.FORMATTING), key=lambda e: (e[1], -e[2])))
    return (message.text or "", entities, keyboard_key(pressed.keyboard(message)) or ())


def unchanged(message: Message, text: str, markup: object) -> bool:
    """True when editing `message` to `text` and `markup` would change nothing."""
    new = content(text, markup)
    if new is None:
        return False
    known = _shown.get((message.chat_id, message.message_id))
    if known is None:
        if message.photo or message.text is None:
            return False
        known = of_message(message)
    return known == new


def unchanged_keyboard(message: Message, markup: object) -> bool:
    """True when replacing only the keyboard of `message` would change nothing."""
    keys = keyboard_key(markup)
    known = _shown.get((message.chat_id, message.message_id))
    current = known[2] if known is not None else keyboard_key(pressed.keyboard(message)) or ()
    return keys is not None and keys == current


def remember(message: object, text: str | None, markup: object) -> None:
    """After a send or an edit Telegram accepted: this message shows `text` and `markup` now."""
    if not isinstance(message, Message):
        return
    key = (message.chat_id, message.message_id)
    if text is None:  # only the keyboard changed
        known = _shown.get(key)
        keys = keyboard_key(markup)
        if known is None or keys is None:
            _shown.pop(key, None)
            return
        new = (known[0], known[1], keys)
    else:
        new = content(text, markup)
    if new is None:
        _shown.pop(key, None)
        return
    _shown[key] = new
    _shown.move_to_end(key)
    while len(_shown) > KEPT:
        _shown.popitem(last=False)


def forget_all() -> None:
    """Tests: start from nothing known."""
    _shown.clear()
