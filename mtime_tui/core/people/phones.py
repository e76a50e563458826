"""Phone numbers: parsed with `phonenumbers`, stored as E.164, shown the way the salon writes them.

The guide asks for "8 and 10 more digits"; people also type +7, brackets, dashes and spaces, or
just the 10 digits after the 8 — all of these are accepted for a Russian salon (region RU).

`phonenumbers` (~30 ms to import, its metadata of every region) is imported by the first number
parsed, not with this module: the TUI's first screen formats no phone that needs it (a stored
Russian number is formatted without parsing), and every screen imports this module.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import ValidationError

# What a typed number may contain; phonenumbers itself would also read letters (1-800-FLOWERS).
_ALLOWED = re.compile(r"^\+?[\d\s().\-]+$")


# Dashes that arrive when a number is copied from a document or a website.
_DASHES = str.maketrans({ch: "-" for ch in "\u2010\u2011\u2012\u2013\u2014\u2212"})


def parse_phone(text: object, region: str = "RU") -> str:
    """The number in E.164 (+79123456789), or ValidationError(field="phone") saying what's wrong."""
    raw = "" if text is None else str(text).translate(_DASHES).strip()
    if not raw:
        raise ValidationError("Enter a phone number", field="phone")
    if not _ALLOWED.match(raw):
        raise ValidationError(
            "A phone number has only digits, spaces, brackets, dashes and a leading +",
            field="phone",
        )
    digits = re.sub(r"\D", "", raw)
    if len(digits) < 7:
        raise ValidationError("Too few digits for a phone number", field="phone")
    if len(digits) > 15:
        raise ValidationError("Too many digits for a phone number", field="phone")
    import phonenumbers
    from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

    try:
        number = phonenumbers.parse(raw, region)
    except NumberParseException:
        raise ValidationError("This is not a valid phone number", field="phone") from None
    national = str(number.national_number)
    if number.country_code == 7 and len(national) != 10:
        # Russia and Kazakhstan: 8 or +7, then exactly 10 digits.
        raise ValidationError(
            "A Russian number is 8 or +7 and then 10 digits", field="phone"
        )
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == ValidationResult.TOO_SHORT:
        raise ValidationError("Too few digits for a phone number", field="phone")
    if reason == ValidationResult.TOO_LONG:
        raise ValidationError("Too many digits for a phone number", field="phone")
    if reason == ValidationResult.INVALID_LENGTH:
        raise ValidationError("This number has the wrong number of digits", field="phone")
    if not phonenumbers.is_valid_number(number):
        raise ValidationError("This is not a valid phone number", field="phone")
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    if len(e164) > 16:  # E.164 has at most 15 digits; a national trunk prefix can push past it
        raise ValidationError("Too many digits for a phone number", field="phone")
    return e164


def load_library() -> None:
    """Import `phonenumbers` now (the bot's reading worker, at the bot's start): else the first
    number a client types or shares after a start imports it (≈ 13–30 ms) in the bot's loop,
    which answers nobody meanwhile."""
    import phonenumbers  # noqa: F401


@lru_cache(maxsize=4096)  # tables re-format the same numbers on every refresh (PERFORMANCE 5)
def format_phone(e164: str | None) -> str:
    """Russian numbers as 8 (912) 345-67-89; others in international format; junk as it is."""
    if not e164:
        return ""
    if len(e164) == 12 and e164.startswith("+7") and e164[1:].isdigit() and e164.isascii():
        # A stored Russian number (most of them): the same text without parsing (an export of
        # 300,000 bookings parsed each phone for 15 s).
        national = e164[2:]
        return f"8 ({national[:3]}) {national[3:6]}-{national[6:8]}-{national[8:]}"
    import phonenumbers
    from phonenumbers import NumberParseException, PhoneNumberFormat

    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    national = str(number.national_number)
    if number.country_code == 7 and len(national) == 10:
        return f"8 ({national[:3]}) {national[3:6]}-{national[6:8]}-{national[8:]}"
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def phone_digits(text: str) -> str:
    """The digits someone typed to search by phone, as they would appear in E.164 storage.

    A Russian 8XXXXXXXXXX (11 digits) becomes 7XXXXXXXXXX; shorter fragments stay as typed.
    """
    digits = re.sub(r"\D", "", text)
    if len(digits) == 11 and digits.startswith("8"):
        digits = "7" + digits[1:]
    return digits
