"""Text and keyboard rules of the Bot API: HTML entities, lengths, inline keyboards.

Telegram rejects what it cannot render; the stand-in does the same so a bot bug (an unescaped
`<` in a client's name, a 70-byte callback_data) fails in the tests instead of in the salon.
The HTML rules follow TDLib's parser (td/telegram/MessageEntity.cpp) and its error texts.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import ApiError

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_CALLBACK_ANSWER = 200
MAX_INLINE_BUTTONS = 100

ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_url",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_COMMAND_RE = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_INLINE_ACTIONS = (
    "callback_data",
    "url",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "callback_game",
    "pay",
    "web_app",
    "copy_text",
)


def utf16_len(text: str) -> int:
    """Telegram counts lengths and offsets in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _bad_entities(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: can't parse entities: {detail}")


def _decode_entity(text: str, pos: int) -> tuple[str, int] | None:
    match = _ENTITY_RE.match(text, pos)
    if not match:
        return None
    named, dec, hexa = match.groups()
    if named:
        return _NAMED[named], match.end()
    code = int(dec) if dec else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


def parse_html(text: str, *, strict_ampersand: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Return (plain text, entities) as Telegram would, or raise ApiError 400.

    Real Telegram keeps a bare `&` literally; with `strict_ampersand` the stand-in rejects it,
    because it means user text went out unescaped (the next client may type `<`).
    """
    n = len(text)
    out: list[str] = []
    plain_len = 0  # UTF-16 length of the output so far
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[dict[str, Any]] = []
    i = 0

    def offset(pos: int) -> int:
        return len(text[:pos].encode("utf-8"))

    while i < n:
        ch = text[i]
        if ch == "&":
            decoded = _decode_entity(text, i)
            if decoded is not None:
                out.append(decoded[0])
                plain_len += utf16_len(decoded[0])
                i = decoded[1]
                continue
            if strict_ampersand:
                raise _bad_entities(
                    f"Can't find end of the entity starting at byte offset {offset(i)}"
                )
        if ch != "<":
            out.append(ch)
            plain_len += utf16_len(ch)
            i += 1
            continue
        begin = i
        i += 1
        if i >= n or text[i] != "/":
            i = _start_tag(text, begin, i, stack, plain_len, offset)
            continue
        # an end tag
        if not stack:
            raise _bad_entities(f"Unexpected end tag at byte offset {offset(begin)}")
        j = i + 1
        while j < n and not text[j].isspace() and text[j] != ">":
            j += 1
        end_name = text[i + 1 : j].lower()
        while j < n and text[j].isspace():
            j += 1
        if j >= n or text[j] != ">":
            raise _bad_entities(f"Unclosed end tag at byte offset {offset(begin)}")
        tag, start, attrs = stack[-1]
        if end_name and end_name != tag:
            raise _bad_entities(
                f'Unmatched end tag at byte offset {offset(begin)}, expected "</{tag}>", '
                f'found "</{end_name}>"'
            )
        stack.pop()
        i = j + 1
        if plain_len > start:
            entities.append(_entity(tag, attrs, start, plain_len - start, "".join(out)))
    if stack:
        raise _bad_entities(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _start_tag(text, begin, i, stack, plain_len, offset) -> int:
    """Parse `<tag attr="v">` starting at `begin`; push it; return the index after `>`."""
    n = len(text)
    j = i
    while j < n and not text[j].isspace() and text[j] != ">":
        j += 1
    if j >= n:
        raise _bad_entities(f"Unclosed start tag at byte offset {offset(begin)}")
    tag = text[i:j].lower()
    if tag not in ENTITY_TYPES:
        raise _bad_entities(f'Unsupported start tag "{tag}" at byte offset {offset(begin)}')
    attrs: dict[str, str] = {}
    i = j
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise _bad_entities(f"Unclosed start tag at byte offset {offset(begin)}")
        if text[i] == ">":
            i += 1
            break
        k = i
        while k < n and not text[k].isspace() and text[k] not in "=>":
            k += 1
        name = text[i:k].lower()
        if not name:
            raise _bad_entities(
                f'Empty attribute name in the tag "{tag}" at byte offset {offset(begin)}'
            )
        i = k
        while i < n and text[i].isspace():
            i += 1
        if i >= n or text[i] != "=":
            attrs[name] = ""
            continue
        i += 1
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise _bad_entities(f"Unclosed start tag at byte offset {offset(begin)}")
        if text[i] in "\"'":
            end = text.find(text[i], i + 1)
            if end < 0:
                raise _bad_entities(f"Unclosed start tag at byte offset {offset(begin)}")
            raw, i = text[i + 1 : end], end + 1
        else:
            k = i
            while k < n and not text[k].isspace() and text[k] != ">":
                k += 1
            raw, i = text[i:k], k
        attrs[name] = _unescape(raw)
    if tag == "span" and attrs.get("class") != "tg-spoiler":
        raise _bad_entities(
            f'Tag "span" must have class "tg-spoiler" at byte offset {offset(begin)}'
        )
    stack.append((tag, plain_len, attrs))
    return i


def _unescape(value: str) -> str:
    return _ENTITY_RE.sub(lambda m: _decode_entity(m.group(0), 0)[0], value)  # type: ignore[index]


def _entity(tag: str, attrs: dict[str, str], start: int, length: int, text: str) -> dict:
    kind = ENTITY_TYPES[tag]
    entity: dict[str, Any] = {"type": kind, "offset": start, "length": length}
    if tag == "a":
        entity["url"] = attrs.get("href") or text[-length:]
    elif tag == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif tag == "pre" and attrs.get("class", "").startswith("language-"):
        entity["language"] = attrs["class"][len("language-") :]
    elif tag == "tg-emoji":
        entity["custom_emoji_id"] = attrs.get("emoji-id", "")
    return entity


def render_text(
    text: Any,
    parse_mode: str | None,
    *,
    limit: int,
    empty_error: str | None,
    too_long: str,
    strict_ampersand: bool = True,
) -> tuple[str, list[dict[str, Any]]]:
    """Check a message text or caption the way sendMessage/sendPhoto do; return plain + entities."""
    if text is None:
        text = ""
    if not isinstance(text, str):
        text = str(text)
    entities: list[dict[str, Any]] = []
    plain = text
    mode = (parse_mode or "").lower()
    if mode == "html":
        plain, entities = parse_html(text, strict_ampersand=strict_ampersand)
    elif mode and mode not in ("markdown", "markdownv2"):
        raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode!r}")
    plain, entities = _trim(plain, entities)
    if empty_error and not plain:
        raise ApiError(400, empty_error)
    if utf16_len(plain) > limit:
        raise ApiError(400, too_long)
    return plain, entities


def _trim(plain: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Telegram drops leading and trailing whitespace (and entities shift with the text)."""
    trimmed = plain.strip()
    if trimmed == plain:
        return plain, entities
    shift = utf16_len(plain[: len(plain) - len(plain.lstrip())])
    total = utf16_len(trimmed)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, total)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return trimmed, kept


def command_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command entities Telegram attaches to a user's text (CommandHandler needs them)."""
    return [
        {"type": "bot_command", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m[0])}
        for m in _COMMAND_RE.finditer(text)
    ]


def check_reply_markup(markup: Any) -> dict[str, Any] | None:
    """Validate reply_markup as Telegram does; return it normalized (None when absent)."""
    if markup in (None, "", {}):
        return None
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError(400, "Bad Request: can't parse inline keyboard markup JSON object")
        for row in rows:
            for button in row:
                _check_inline_button(button)
        if sum(len(row) for row in rows) > MAX_INLINE_BUTTONS:
            raise ApiError(400, "Bad Request: reply markup is too long")
        return {"inline_keyboard": rows}
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError(400, "Bad Request: can't parse keyboard markup JSON object")
        norm = [[b if isinstance(b, dict) else {"text": str(b)} for b in row] for row in rows]
        for row in norm:
            for button in row:
                if not str(button.get("text", "")).strip():
                    raise ApiError(400, "Bad Request: keyboard button text must be non-empty")
        return {**markup, "keyboard": norm}
    if markup.get("remove_keyboard") or markup.get("force_reply"):
        return dict(markup)
    raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise ApiError(400, "Bad Request: can't parse inline keyboard button: Object expected")
    if not str(button.get("text", "")).strip():
        raise ApiError(
            400, "Bad Request: can't parse inline keyboard button: Text must be non-empty"
        )
    actions = [a for a in _INLINE_ACTIONS if a in button]
    if not actions:
        raise ApiError(
            400,
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        )
    if "callback_data" in button:
        data = button["callback_data"]
        size = len(str(data).encode("utf-8"))
        if not isinstance(data, str) or size < 1 or size > MAX_CALLBACK_DATA:
            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    if "url" in button:
        url = str(button["url"])
        if not re.match(r"^(https?|tg)://\S+$", url):
            raise ApiError(
                400, f"Bad Request: inline keyboard button URL '{url}' is invalid: Wrong HTTP URL"
            )
