"""Checks for the free-text and number fields of the admin's forms (services, masters, clients).

Each check strips, normalises and raises ValidationError naming the form field, so the form can
show the message beside it. HTML characters are ordinary text here: whoever renders escapes them.

Names — of clients, masters, services, whoever types them (the TUI, the bot, Telegram's own
profile) — go through `normal_name` here and nowhere else: Unicode NFC (a composed "й" and "и" +
combining breve are one name), invisible format characters (zero-width space and joiners, the
soft hyphen, a byte-order mark) taken out, runs of spaces made one. Bidi overrides and isolates
are not taken out silently: a typed name holding one is refused (it can disguise the name), and a
name from Telegram, never refused, loses them.
"""

from __future__ import annotations

import re
import unicodedata

from ...i18n import N_
from ..errors import ValidationError

REQUIRED_MESSAGES = {
    "name": N_("The name is required"),
    "first_name": N_("The first name is required"),
    "last_name": N_("The last name is required"),
}


def normal_name(value: object) -> str:
    """A name as it is stored and searched: NFC, no invisible format characters, single spaces.
    Characters that must be refused (bidi overrides, C0 controls) are left for the check."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    text = "".join(ch for ch in text if ch in _INVISIBLE or unicodedata.category(ch) != "Cf")
    return " ".join(part for part in _SPACES.split(text) if part)


def clean_name(value: object, field: str, *, limit: int, required: bool = False) -> str:
    """A typed name (a client's first or last name, a master's, a service's): `normal_name`,
    then `clean_text`'s checks (control characters and bidi overrides refused, the limit)."""
    return clean_text(normal_name(value), field, limit=limit, required=required)


def clean_text(
    value: object,
    field: str,
    *,
    limit: int,
    required: bool = False,
    multiline: bool = False,
) -> str:
    """Strip the text; reject control characters (newlines only where `multiline`) and overflow."""
    text = "" if value is None else str(value)
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.strip()
    allowed = "\n\t" if multiline else ""
    if any(_is_control(ch) and ch not in allowed for ch in text):
        raise ValidationError("Control characters are not allowed here", field=field)
    if required and not text:
        raise ValidationError(REQUIRED_MESSAGES.get(field, N_("This field is required")), field=field)
    if len(text) > limit:
        raise ValidationError("Too long: at most {limit} characters", field=field, limit=limit)
    return text


# Line/paragraph separators break one-line displays; bidi overrides can disguise a name.
_INVISIBLE = {"\u2028", "\u2029", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}


# Spaces between the parts of a one-line name (tabs and newlines are controls: refused later).
_SPACES = re.compile(r"[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" or ch in _INVISIBLE


def clean_int(value: object, field: str) -> int:
    """A whole number from an int or its text ("75", " 75 "); floats, bools and words are refused."""
    if isinstance(value, bool):
        raise ValidationError("Enter a whole number", field=field)
    if isinstance(value, int):
        return value
    text = "" if value is None else str(value).strip()
    sign = text[:1] == "-"
    digits = text[1:] if sign else text
    if not digits.isascii() or not digits.isdigit() or len(digits) > 12:
        raise ValidationError("Enter a whole number", field=field)
    return -int(digits) if sign else int(digits)


def sanitize_name(value: object, *, limit: int = 100) -> str:
    """A name from Telegram: never refused, just cleaned (`normal_name`, then control characters
    and bidi overrides out, cut to size)."""
    text = "".join(ch for ch in normal_name(value or "") if not _is_control(ch))
    return " ".join(text.split())[:limit]
