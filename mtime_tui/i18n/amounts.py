"""Durations and counts as people say them, shared by the TUI and the bot: "2 h 15 min",
"2 services" / "2 услуги" — and a visit's running total, "2 services · 2 h 15 min · 3 500 ₽".

Russian counts have three forms (1 услуга, 2 услуги, 5 услуг): English message ids cannot tell
the second from the third, so the forms are chosen here, by the CLDR rule for Russian.
"""

from __future__ import annotations

from . import tr


def duration_text(minutes: int, lang: str | None = None) -> str:
    """"45 min", "1 h", "2 h 15 min" in `lang` (None: the TUI's language)."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return tr("{hours} h {minutes} min", lang, hours=hours, minutes=rest)
    if hours:
        return tr("{hours} h", lang, hours=hours)
    return tr("{minutes} min", lang, minutes=rest)


def _ru_form(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def services_count_text(n: int, lang: str | None = None) -> str:
    """"1 service", "2 services"; "1 услуга", "2 услуги", "5 услуг"."""
    from . import _current

    if (lang or _current) == "ru":
        return f"{n} {_ru_form(n, 'услуга', 'услуги', 'услуг')}"
    return f"{n} service" if n == 1 else f"{n} services"


def visit_total_text(count: int, minutes: int, price_text: str, lang: str | None = None) -> str:
    """"2 services · 2 h 15 min · 3 500 ₽" (no price part when `price_text` is empty)."""
    parts = [services_count_text(count, lang), duration_text(minutes, lang), price_text]
    return " · ".join(p for p in parts if p)
