"""Checks for the free-text and number fields of the admin's forms (services, masters, clients).

Each check strips, normalises and raises ValidationError naming the form field, so the form can
show the message beside it. HTML characters are ordinary text here: whoever renders escapes them.
"""

from __future__ import annotations

import unicodedata

from ..i18n import N_
from .errors import ValidationError

REQUIRED_MESSAGES = {
    "name": N_("The name is required"),
    "first_name": N_("The first name is required"),
    "last_name": N_("The last name is required"),
}


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
    """A name from Telegram: never refused, just cleaned (control characters out, cut to size)."""
    text = "".join(ch for ch in str(value or "") if unicodedata.category(ch) != "Cc")
    return " ".join(text.split())[:limit]
