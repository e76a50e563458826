"""The Bot API methods the salon bot uses, answered (and refused) the way Telegram does.

Each takes the World (lock held by the caller) and the decoded parameters and returns the
`result`, or raises ApiError. getUpdates lives in the server because it waits; the bot's
profile methods (getMe, commands, webhook, descriptions) are in profile.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import markup
from .errors import NOT_MODIFIED, QUERY_TOO_OLD, ApiError, forbidden_blocked, forbidden_not_started
from .world import FakeMessage, World

Method = Callable[[World, dict[str, Any]], Any]
METHODS: dict[str, Method] = {}


@dataclass
class Upload:
    """A file that arrived as multipart form data."""

    filename: str
    content: bytes


def method(*names: str) -> Callable[[Method], Method]:
    def register(fn: Method) -> Method:
        for name in names:
            METHODS[name.lower()] = fn
        return fn

    return register


# --- parameters ---------------------------------------------------------------------------------


def _int(params: dict[str, Any], key: str, *, required: str | None = None) -> int | None:
    value = params.get(key)
    if value in (None, ""):
        if required:
            raise ApiError(400, required)
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"Bad Request: invalid {key} specified") from None


def _chat_id(params: dict[str, Any]) -> int:
    value = params.get("chat_id")
    if value in (None, ""):
        raise ApiError(400, "Bad Request: chat_id is empty")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, "Bad Request: chat not found") from None


def flag(params: dict[str, Any], key: str) -> bool:
    value = params.get(key)
    return value is True or str(value).lower() in ("true", "1")


def _target(w: World, params: dict[str, Any]) -> int:
    """The chat a send goes to, refused as Telegram refuses it."""
    chat_id = _chat_id(params)
    if chat_id in w.forbidden:
        raise forbidden_blocked()
    if not w.may_receive(chat_id):
        raise forbidden_not_started()
    return chat_id


def _bot_message(w: World, params: dict[str, Any], missing: str) -> FakeMessage:
    if params.get("inline_message_id"):
        raise ApiError(400, "Bad Request: MESSAGE_ID_INVALID")
    chat_id = _chat_id(params)
    if chat_id in w.forbidden:
        raise forbidden_blocked()
    message_id = _int(
        params, "message_id", required="Bad Request: message identifier is not specified"
    )
    msg = w.find_message(chat_id, message_id)  # type: ignore[arg-type]
    if msg is None:
        raise ApiError(400, missing)
    return msg


def _inline_markup(params: dict[str, Any]) -> dict[str, Any] | None:
    checked = markup.check_reply_markup(params.get("reply_markup"))
    if checked is not None and "inline_keyboard" not in checked:
        raise ApiError(400, "Bad Request: inline keyboard expected")
    return checked


def _current_inline(msg: FakeMessage) -> dict[str, Any] | None:
    rm = msg.reply_markup
    return rm if rm and "inline_keyboard" in rm else None


def _render(w: World, params: dict[str, Any], key: str, *, caption: bool):
    """Plain text and entities of `text` or `caption`, checked like Telegram checks them."""
    if caption:
        limit, empty, too_long = (
            markup.MAX_CAPTION,
            None,
            "Bad Request: message caption is too long",
        )
    else:
        limit, empty = markup.MAX_TEXT, "Bad Request: message text is empty"
        too_long = "Bad Request: message is too long"
    mode = params.get("parse_mode")
    plain, entities = markup.render_text(
        params.get(key),
        mode,
        limit=limit,
        empty_error=empty,
        too_long=too_long,
        strict_ampersand=w.strict_ampersand,
    )
    given = params.get("caption_entities" if caption else "entities")
    if not mode and isinstance(given, list):
        entities = given
    return plain, entities


# --- chats ---------------------------------------------------------------------------------------


@method("getChat")
def get_chat(w: World, params: dict[str, Any]) -> dict[str, Any]:
    chat_id = _chat_id(params)
    if chat_id not in w.profiles and chat_id not in w.chats and not w.may_receive(chat_id):
        raise ApiError(400, "Bad Request: chat not found")
    return {**w.chat_dict(chat_id), "accent_color_id": 0, "max_reaction_count": 11}


@method("sendChatAction")
def send_chat_action(w: World, params: dict[str, Any]) -> bool:
    _target(w, params)
    if not params.get("action"):
        raise ApiError(400, "Bad Request: wrong parameter action in request")
    return True


# --- messages -----------------------------------------------------------------------------------


@method("sendMessage")
def send_message(w: World, params: dict[str, Any]) -> dict[str, Any]:
    chat_id = _target(w, params)
    plain, entities = _render(w, params, "text", caption=False)
    reply_markup = markup.check_reply_markup(params.get("reply_markup"))
    msg = w.add_message(
        chat_id,
        from_bot=True,
        text=plain,
        raw_text=str(params.get("text")),
        parse_mode=params.get("parse_mode"),
        entities=entities,
        reply_markup=reply_markup,
    )
    return w.message_dict(msg)


def _photo_file(w: World, params: dict[str, Any]) -> str:
    photo = params.get("photo")
    if isinstance(photo, Upload):
        if not photo.content:
            raise ApiError(400, "Bad Request: file must be non-empty")
        return w.store_file(photo.content).file_id
    if not isinstance(photo, str) or not photo:
        raise ApiError(400, "Bad Request: there is no photo in the request")
    if photo.removesuffix("-s") in w.files:
        return photo.removesuffix("-s")
    if re.match(r"^https?://", photo):
        return w.store_file(None).file_id  # never fetched: nothing may leave the machine
    raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")


@method("sendPhoto")
def send_photo(w: World, params: dict[str, Any]) -> dict[str, Any]:
    chat_id = _target(w, params)
    plain, entities = _render(w, params, "caption", caption=True)
    reply_markup = markup.check_reply_markup(params.get("reply_markup"))
    file_id = _photo_file(w, params)
    msg = w.add_message(
        chat_id,
        from_bot=True,
        text=plain or None,
        raw_text=params.get("caption"),
        parse_mode=params.get("parse_mode"),
        entities=entities,
        reply_markup=reply_markup,
        photo=file_id,
    )
    return w.message_dict(msg)


def _apply_edit(w: World, msg: FakeMessage, *, text, raw, entities, mode, reply_markup) -> dict:
    msg.history.append(msg.text)
    msg.text, msg.raw_text, msg.entities, msg.parse_mode = text, raw, entities, mode
    msg.reply_markup = reply_markup
    msg.edited += 1
    msg.edit_date = w.now()
    w.bump(msg)
    return w.message_dict(msg)


@method("editMessageText")
def edit_message_text(w: World, params: dict[str, Any]) -> dict[str, Any]:
    msg = _bot_message(w, params, "Bad Request: message to edit not found")
    if not msg.from_bot:
        raise ApiError(400, "Bad Request: message can't be edited")
    if msg.photo:
        raise ApiError(400, "Bad Request: there is no text in the message to edit")
    plain, entities = _render(w, params, "text", caption=False)
    new_markup = _inline_markup(params)
    if plain == msg.text and entities == msg.entities and new_markup == _current_inline(msg):
        raise ApiError(400, NOT_MODIFIED)
    return _apply_edit(
        w,
        msg,
        text=plain,
        raw=str(params.get("text")),
        entities=entities,
        mode=params.get("parse_mode"),
        reply_markup=new_markup,
    )


@method("editMessageCaption")
def edit_message_caption(w: World, params: dict[str, Any]) -> dict[str, Any]:
    msg = _bot_message(w, params, "Bad Request: message to edit not found")
    if not msg.from_bot:
        raise ApiError(400, "Bad Request: message can't be edited")
    if not msg.photo:
        raise ApiError(400, "Bad Request: there is no caption in the message to edit")
    plain, entities = _render(w, params, "caption", caption=True)
    new_markup = _inline_markup(params)
    if (
        (plain or None) == msg.text
        and entities == msg.entities
        and new_markup == _current_inline(msg)
    ):
        raise ApiError(400, NOT_MODIFIED)
    return _apply_edit(
        w,
        msg,
        text=plain or None,
        raw=params.get("caption"),
        entities=entities,
        mode=params.get("parse_mode"),
        reply_markup=new_markup,
    )


@method("editMessageReplyMarkup")
def edit_message_reply_markup(w: World, params: dict[str, Any]) -> dict[str, Any]:
    msg = _bot_message(w, params, "Bad Request: message to edit not found")
    if not msg.from_bot:
        raise ApiError(400, "Bad Request: message can't be edited")
    new_markup = _inline_markup(params)
    if new_markup == _current_inline(msg):
        raise ApiError(400, NOT_MODIFIED)
    msg.reply_markup = new_markup
    msg.edited += 1
    msg.edit_date = w.now()
    msg.history.append(msg.text)
    w.bump(msg)
    return w.message_dict(msg)


@method("deleteMessage")
def delete_message(w: World, params: dict[str, Any]) -> bool:
    msg = _bot_message(w, params, "Bad Request: message to delete not found")
    msg.deleted = True
    w.changed(msg.chat_id)
    return True


@method("deleteMessages")
def delete_messages(w: World, params: dict[str, Any]) -> bool:
    chat_id = _chat_id(params)
    ids = params.get("message_ids")
    if not isinstance(ids, list) or not ids:
        raise ApiError(400, "Bad Request: message identifiers are not specified")
    for message_id in ids:
        msg = w.find_message(chat_id, int(message_id))
        if msg is not None:
            msg.deleted = True
    w.changed(msg.chat_id)
    return True


# --- callback queries and files -----------------------------------------------------------------


@method("answerCallbackQuery")
def answer_callback_query(w: World, params: dict[str, Any]) -> bool:
    query = w.queries.get(str(params.get("callback_query_id") or ""))
    if query is None or query.answered:
        raise ApiError(400, QUERY_TOO_OLD)
    text = params.get("text")
    if text is not None and markup.utf16_len(str(text)) > markup.MAX_CALLBACK_ANSWER:
        raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
    query.answered = True
    query.answer = {
        "callback_query_id": query.query_id,
        "text": text,
        "show_alert": flag(params, "show_alert"),
        "url": params.get("url"),
        "cache_time": _int(params, "cache_time"),
        "data": query.data,
        "message_id": query.message_id,
    }
    w.answers.setdefault(query.user_id, []).append(query.answer)
    w.changed(query.chat_id)
    return True


@method("getFile")
def get_file(w: World, params: dict[str, Any]) -> dict[str, Any]:
    file_id = str(params.get("file_id") or "").removesuffix("-s")
    stored = w.files.get(file_id)
    if stored is None:
        raise ApiError(400, "Bad Request: invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.unique_id,
        "file_size": stored.size,
        "file_path": stored.path,
    }
