"""Month titles shared by the TUI's month calendar and the bot's inline calendar.

"{year}" is inside the text because a title is not the short month name used elsewhere ("May"
differs from "Май 2026" in Russian grammar).
"""

from __future__ import annotations

import datetime as dt

from . import N_, tr

MONTH_TITLES = (
    N_("January {year}"),
    N_("February {year}"),
    N_("March {year}"),
    N_("April {year}"),
    N_("May {year}"),
    N_("June {year}"),
    N_("July {year}"),
    N_("August {year}"),
    N_("September {year}"),
    N_("October {year}"),
    N_("November {year}"),
    N_("December {year}"),
)


def month_title(day: dt.date, lang: str | None = None) -> str:
    """"November 2026" for `day`'s month in `lang` (None: the TUI's language)."""
    return tr(MONTH_TITLES[day.month - 1], lang, year=day.year)
