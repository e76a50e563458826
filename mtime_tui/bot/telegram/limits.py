"""Telegram's limits in one place, and the check every request of the bot goes through.

SPEC: every message fits Telegram's limits whatever the salon typed — ≤ 4096 characters of text
(≤ 1024 of a caption) counted after HTML parsing in UTF-16 units, ≤ 100 buttons, ≤ 64 bytes of
callback data, valid HTML. Screens are built to fit (lists in pages, long texts clipped visibly
with `clip`); `check_request` is the guard behind them: the transport (`transport.py`) calls it
for each Bot API request, so a screen that would not fit is refused here with `OverLimit` (a
`BadRequest`, handled like Telegram's own refusal) and logged, instead of reaching Telegram.

`parse_html` is also how the bot tells that an edit would change nothing (`shown.py`): it gives
the plain text and the formatting entities Telegram would store for a text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from telegram.error import BadRequest

MAX_TEXT = 4096  # a message's text, UTF-16 units after parsing
MAX_CAPTION = 1024  # a photo's caption
MAX_BUTTONS = 100  # buttons of one inline keyboard
MAX_ROW = 8  # buttons in one row (Telegram shows no more side by side)
MAX_CALLBACK_DATA = 64  # bytes of one button's callback data
MAX_ANSWER = 200  # characters of a callback query's answer (a notice)
MAX_BUTTON_LABEL = 48  # characters of a label we build from the salon's data (readable on phones)

ELLIPSIS = "…"

# parse_mode=HTML: the tags Telegram understands, and the entity type each one makes.
TAG_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "code": "code", "pre": "pre", "a": "text_link",
    "tg-spoiler": "spoiler", "span": "spoiler", "blockquote": "blockquote",
}  # fmt: skip
FORMATTING = frozenset(TAG_TYPES.values())
_TOKEN_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z-]*)((?:\s[^<>]*)?)>|&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|lt|gt|amp|quot);|[<>&]")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

TEXT_METHODS = {"sendmessage": MAX_TEXT, "editmessagetext": MAX_TEXT}
CAPTION_METHODS = {"sendphoto": MAX_CAPTION, "editmessagecaption": MAX_CAPTION,
                   "senddocument": MAX_CAPTION}


class OverLimit(BadRequest):
    """A request the bot built beyond Telegram's limits: a bug, refused before it is sent."""

    def __init__(self, message: str) -> None:
        super().__init__("Over Telegram's limits: " + message)


def utf16_len(text: str) -> int:
    """Telegram counts lengths in UTF-16 code units (an emoji outside the BMP counts 2)."""
    if text.isascii():  # a flag of the string: no pass over it
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def clip(text: str, limit: int) -> str:
    """Plain `text` cut to at most `limit` characters (UTF-16 units), visibly: "…" at the end.

    Cut at a word boundary when one is near, so a name is not split mid-letter; escape after
    clipping (an entity like &amp; must never be cut in half)."""
    text = text or ""
    if utf16_len(text) <= limit:
        return text
    room = max(limit - 1, 0)
    cut = _head(text, room)
    space = cut.rfind(" ")
    if space >= room * 3 // 4:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def _head(text: str, limit: int) -> str:
    """The longest beginning of `text` within `limit` UTF-16 units."""
    cut = text[:limit]
    while (excess := utf16_len(cut) - limit) > 0:
        cut = cut[: len(cut) - (excess + 1) // 2]  # each character is at most 2 units
    return cut


def split_plain(text: str, limit: int) -> list[str]:
    """Plain `text` in parts of at most `limit` characters (UTF-16 units), split at the last
    line break or space of each part where there is one (a long word is cut)."""
    parts: list[str] = []
    rest = text.strip()
    while utf16_len(rest) > limit:
        cut = _head(rest, limit)
        at = max(cut.rfind("\n"), cut.rfind(" "))
        if at > limit // 2:
            cut = cut[:at]
        parts.append(cut.rstrip())
        rest = rest[len(cut):].lstrip()
    return [*parts, rest] if rest or not parts else parts


def label(text: str) -> str:
    """A button label built from the salon's data: one line, at most MAX_BUTTON_LABEL."""
    return clip(" ".join((text or "").split()), MAX_BUTTON_LABEL) or "·"


def parse_html(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    """(plain text, [(entity type, offset, length)]) as Telegram stores `text` sent with
    parse_mode=HTML — leading and trailing whitespace dropped. Raises OverLimit for HTML Telegram
    refuses (an unknown tag, an unmatched or unclosed one, a bare < > or &).

    The answers for the latest texts are kept: each screen's text is parsed where it is built
    (`shown`: would the edit change nothing?), then by the transport's guard (`check_request`)
    and again once Telegram took it (`shown.remember`) — the same text three times a press."""
    plain, entities = _parsed(text)
    return plain, list(entities)


@lru_cache(maxsize=64)
def _parsed(text: str) -> tuple[str, tuple[tuple[str, int, int], ...]]:
    plain, entities = _parse_html(text)  # an OverLimit is raised each time, never kept
    return plain, tuple(entities)


def _parse_html(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    out: list[str] = []
    length = 0
    stack: list[tuple[str, int]] = []
    entities: list[tuple[str, int, int]] = []
    pos = 0
    for match in _TOKEN_RE.finditer(text):
        chunk = text[pos : match.start()]
        out.append(chunk)
        length += utf16_len(chunk)
        pos = match.end()
        closing, tag, _attrs, entity = match.groups()
        if tag is not None:
            tag = tag.lower()
            if tag not in TAG_TYPES:
                raise OverLimit(f"unsupported tag <{tag}>")
            if not closing:
                stack.append((tag, length))
                continue
            if not stack or stack[-1][0] != tag:
                raise OverLimit(f"unmatched end tag </{tag}>")
            _, start = stack.pop()
            if length > start:
                entities.append((TAG_TYPES[tag], start, length - start))
            continue
        if entity is None:
            raise OverLimit(f"a bare {match.group(0)!r} (unescaped text)")
        char = _NAMED.get(entity) or chr(int(entity[2:], 16) if entity[1:2] in "xX"
                                         else int(entity[1:]))
        out.append(char)
        length += utf16_len(char)
    if stack:
        raise OverLimit(f"unclosed tag <{stack[-1][0]}>")
    tail = text[pos:]
    out.append(tail)
    plain = "".join(out)
    return _trimmed(plain, entities)


def _trimmed(plain: str, entities: list[tuple[str, int, int]]):
    stripped = plain.strip()
    if stripped == plain:
        return plain, sorted(entities, key=lambda e: (e[1], -e[2]))
    shift = utf16_len(plain[: len(plain) - len(plain.lstrip())])
    total = utf16_len(stripped)
    kept = []
    for kind, offset, length in entities:
        start, end = max(offset - shift, 0), min(offset + length - shift, total)
        if end > start:
            kept.append((kind, start, end - start))
    return stripped, sorted(kept, key=lambda e: (e[1], -e[2]))


def check_text(text: Any, limit: int = MAX_TEXT, *, html: bool = True) -> None:
    """Raise OverLimit unless `text` is valid HTML (when `html`) and fits `limit` once parsed."""
    text = "" if text is None else str(text)
    if html:
        plain = _parsed(text)[0]
    else:
        plain = text.strip()
    if utf16_len(plain) > limit:
        raise OverLimit(f"{utf16_len(plain)} characters, at most {limit}")


def check_markup(markup: Any) -> None:
    """Raise OverLimit for an inline keyboard beyond Telegram's limits (a dict, as sent)."""
    if not isinstance(markup, Mapping):
        return
    rows = markup.get("inline_keyboard")
    if not isinstance(rows, Sequence):
        return
    count = 0
    for row in rows:
        if len(row) > MAX_ROW:
            raise OverLimit(f"{len(row)} buttons in a row, at most {MAX_ROW}")
        count += len(row)
        for button in row:
            if type(button) is dict:  # as the bot's keyboards are sent (no ABC check)
                data = button.get("callback_data")
            else:
                data = button.get("callback_data") if isinstance(button, Mapping) else None
            if data is None:
                continue
            if type(data) is not str:
                data = str(data)
            # ≤ 16 characters are ≤ 64 bytes in UTF-8 (4 bytes at most each): no encoding
            if len(data) > MAX_CALLBACK_DATA // 4 and len(data.encode()) > MAX_CALLBACK_DATA:
                raise OverLimit(f"callback data {data!r} over {MAX_CALLBACK_DATA} bytes")
    if count > MAX_BUTTONS:
        raise OverLimit(f"{count} buttons, at most {MAX_BUTTONS}")


def check_request(method: str, params: Mapping[str, Any]) -> None:
    """The guard for one Bot API request (`method` as in the URL, `params` as sent)."""
    name = method.lower()
    html = str(params.get("parse_mode") or "").lower() == "html"
    if name in TEXT_METHODS:
        check_text(params.get("text"), TEXT_METHODS[name], html=html)
    elif name in CAPTION_METHODS and params.get("caption") is not None:
        check_text(params.get("caption"), CAPTION_METHODS[name], html=html)
    elif name == "answercallbackquery" and params.get("text"):
        if utf16_len(str(params["text"])) > MAX_ANSWER:
            raise OverLimit(f"a callback answer over {MAX_ANSWER} characters")
    if "reply_markup" in params:
        check_markup(params["reply_markup"])
