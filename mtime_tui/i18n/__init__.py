"""The translation function. Message ids are the English texts; Russian comes from catalogs.

`tr(msgid, lang=None, **params)` translates and formats; `lang=None` means the TUI's language.
`N_(msgid)` only marks a literal for the catalog check (for texts translated later, e.g. errors).
Each area keeps its own Russian catalog (`ru_core`, `ru_booking`, `ru_tui`, `ru_wizard`,
`ru_bot`, `ru_bot_staff`, `ru_reach`, `ru_visits`, `ru_reports`, `ru_schedule`, `ru_storage`, `ru_branches`, `ru_journal`) so
parallel work does not collide; `tests/test_i18n_catalogs.py` fails when a marked text has no
Russian entry.
"""

from __future__ import annotations

import locale
import os

from . import (
    ru_booking,
    ru_bot,
    ru_bot_staff,
    ru_branches,
    ru_core,
    ru_journal,
    ru_reach,
    ru_reports,
    ru_schedule,
    ru_storage,
    ru_tui,
    ru_visits,
    ru_wizard,
)

LANGUAGES = ("ru", "en")
RU_FAMILY = ("ru", "uk", "be", "kk")

CATALOGS: dict[str, dict[str, str]] = {
    "en": {},
    "ru": {
        **ru_core.MESSAGES,
        **ru_booking.MESSAGES,
        **ru_tui.MESSAGES,
        **ru_wizard.MESSAGES,
        **ru_bot.MESSAGES,
        **ru_bot_staff.MESSAGES,
        **ru_reach.MESSAGES,
        **ru_visits.MESSAGES,
        **ru_reports.MESSAGES,
        **ru_schedule.MESSAGES,
        **ru_storage.MESSAGES,
        **ru_branches.MESSAGES,
        **ru_journal.MESSAGES,
    },
}

_current = "en"


def N_(msgid: str) -> str:
    """Mark a text for translation without translating it now."""
    return msgid


def tr(msgid: str, lang: str | None = None, /, **params: object) -> str:
    """Translate `msgid` into `lang` (default: the TUI language) and fill in `{named}` params."""
    text = CATALOGS.get(lang or _current, {}).get(msgid, msgid)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return msgid.format(**params)
    return text


def _(msgid: str, **params: object) -> str:
    """Shorthand for the TUI: translate into the current language."""
    return tr(msgid, None, **params)


def set_language(lang: str) -> None:
    global _current
    _current = lang if lang in LANGUAGES else "en"


def get_language() -> str:
    return _current


def language_from_telegram(code: str | None) -> str:
    """SPEC: ru-family language codes get Russian, everything else English."""
    if code and code.split("-")[0].lower() in RU_FAMILY:
        return "ru"
    return "en"


def language_from_locale() -> str:
    """The TUI default: Russian on a Russian-family locale, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return language_from_telegram(value.split(".")[0].replace("_", "-"))
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return language_from_telegram(code.replace("_", "-"))
