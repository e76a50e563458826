"""The statistics as text: one list of headline figures and the three tables, each cell already
written, so the Statistics section, `mtime-tui report` and the bot's /stats say the same thing.

Counts and money compare in per cent (↑ 12 %); rates (no-shows, cancellations, occupancy) in
percentage points (↑ 3,5 p.p.), because "a 20 % no-show rate rose by 50 %" reads as nonsense.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...i18n import N_, get_language, tr
from .. import clock
from .. import settings as settings_mod
from ..errors import ValidationError
from ..people import branches
from ..people.services import amount_text
from ..storage.models import CONFIRMED, PENDING
from . import statistics
from .periods import Period, custom, parse_date, period_for
from .statistics import Report, Row, Summary

BY_MASTER = "master"
BY_SERVICE = "service"
BY_DAY = "day"
TABLES = (BY_MASTER, BY_SERVICE, BY_DAY)

COUNT, MONEY, RATE = "count", "money", "rate"

# (attribute of Summary, label msgid, kind) in the order shown.
HEADLINE: tuple[tuple[str, str, str], ...] = (
    ("bookings", N_("Bookings"), COUNT),
    ("pending", N_("Not confirmed yet"), COUNT),
    ("confirmed", N_("Confirmed visits"), COUNT),
    ("completed", N_("Completed visits"), COUNT),
    ("upcoming", N_("Upcoming"), COUNT),
    ("awaiting_outcome", N_("Awaiting outcome"), COUNT),
    ("no_shows", N_("No-shows"), COUNT),
    ("cancelled", N_("Cancelled bookings"), COUNT),
    ("revenue", N_("Revenue"), MONEY),
    ("expected_revenue", N_("Expected revenue"), MONEY),
    ("average_check", N_("Average check"), MONEY),
    ("no_show_rate", N_("No-show rate"), RATE),
    ("cancellation_rate", N_("Cancellation rate"), RATE),
    ("client_cancellation_rate", N_("Cancelled: clients"), RATE),
    ("salon_cancellation_rate", N_("Cancelled: salon"), RATE),
    ("clients", N_("Clients"), COUNT),
    ("new_clients", N_("New clients"), COUNT),
    ("returning_clients", N_("Returning clients"), COUNT),
    ("occupancy", N_("Occupancy"), RATE),
    ("from_bot", N_("Booked in the bot"), COUNT),
    ("from_manual", N_("Booked by admin"), COUNT),
    ("from_master", N_("Booked by masters"), COUNT),
)


def _value(summary: Summary, name: str) -> float | None:
    if name == "upcoming":
        return summary.expected_visits
    if name in (PENDING, CONFIRMED):
        return summary.by_status[name]
    if name.startswith("from_"):
        return summary.by_source.get(name[5:], 0)
    return getattr(summary, name)


def count_text(value: float | None, lang: str | None = None) -> str:
    if value is None:
        return "—"
    return f"{round(value):,}".replace(",", " ")


def money_text(value: float | None, currency: str) -> str:
    return "—" if value is None else amount_text(round(value), currency)


def rate_text(value: float | None, lang: str | None = None) -> str:
    if value is None:
        return "—"
    text = f"{value * 100:.1f}".removesuffix(".0")
    return (text.replace(".", ",") if (lang or _lang()) == "ru" else text) + " %"


def _lang() -> str:
    return get_language()


def change_text(current: float | None, previous: float | None, kind: str,
                lang: str | None = None) -> str:
    """"↑ 12 %", "↓ 3,5 p.p.", "=" or "" (nothing to compare with)."""
    if current is None or previous is None:
        return ""
    if kind == RATE:
        points = (current - previous) * 100
        if abs(points) < 0.05:
            return "="
        text = f"{abs(points):.1f}".removesuffix(".0")
        if (lang or _lang()) == "ru":
            text = text.replace(".", ",")
        return f"{'↑' if points > 0 else '↓'} {text} {tr('p.p.', lang)}"
    if not previous:
        return ""
    pct = (current - previous) / previous * 100
    if abs(pct) < 0.5:
        return "="
    return f"{'↑' if pct > 0 else '↓'} {abs(pct):.0f} %"


@dataclass(frozen=True)
class Figure:
    name: str
    label: str
    value: str
    previous: str
    change: str


def _text(value: float | None, kind: str, currency: str, lang: str | None) -> str:
    if kind == MONEY:
        return money_text(value, currency)
    if kind == RATE:
        return rate_text(value, lang)
    return count_text(value, lang)


def headline(report: Report, currency: str, lang: str | None = None) -> list[Figure]:
    """Every headline figure of the period beside the previous period's and the change."""
    return compare(report.summary, report.previous, currency, lang)


# The few figures a message on a phone shows (the bot's /stats and the end-of-day summary).
BRIEF = ("bookings", "completed", "revenue", "expected_revenue", "average_check", "no_shows",
         "cancelled", "new_clients", "occupancy")


def compare(current: Summary, previous: Summary, currency: str, lang: str | None = None,
            names: tuple[str, ...] | None = None) -> list[Figure]:
    """The figures `names` (default: all) of `current` beside `previous`'s and the change."""
    out = []
    for name, label, kind in HEADLINE:
        if names is not None and name not in names:
            continue
        now, before = _value(current, name), _value(previous, name)
        out.append(Figure(
            name, tr(label, lang), _text(now, kind, currency, lang),
            _text(before, kind, currency, lang), change_text(now, before, kind, lang),
        ))
    return out


def table(report: Report, by: str, currency: str,
          lang: str | None = None) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of the by-master, by-service or per-day table."""
    if by == BY_DAY:
        headers = [tr("Date", lang), tr("Bookings", lang), tr("Revenue", lang)]
        rows = [[d.date.strftime("%d.%m.%Y"), count_text(d.bookings), money_text(d.revenue, currency)]
                for d in report.days]
        return headers, rows
    # Short headers: seven columns fit beside the sidebar at 80 columns.
    name = tr("Master", lang) if by == BY_MASTER else tr("Service", lang)
    headers = [name, tr("Bookings", lang), tr("Done", lang), tr("Missed", lang),
               tr("Cancels", lang), tr("Revenue", lang)]
    if by == BY_MASTER:
        headers.append(tr("Load", lang))
    rows = []
    for r in report.by_master if by == BY_MASTER else report.by_service:
        cells = _row_cells(r, currency)
        if by == BY_MASTER:
            cells.append(rate_text(r.occupancy, lang))
        rows.append(cells)
    return headers, rows


def _row_cells(r: Row, currency: str) -> list[str]:
    return [r.name, count_text(r.bookings), count_text(r.completed), count_text(r.no_shows),
            count_text(r.cancelled), money_text(r.revenue, currency)]


def period_text(report: Report, lang: str | None = None) -> str:
    p = report.summary.period
    if p.first == p.last:
        return p.first.strftime("%d.%m.%Y")
    return f"{p.first:%d.%m.%Y} – {p.last:%d.%m.%Y}"


def plain_table(headers: list[str], rows: list[list[str]]) -> str:
    """A table for a terminal or a file: the first column left-aligned, the others right."""
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            (c.ljust(w) if i == 0 else c.rjust(w)) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def salon_today(settings=None) -> dt.date:
    s = settings or settings_mod.load()
    return clock.now_utc().astimezone(s.tz).date()


def chosen_period(*, period: str | None = None, first: str | None = None,
                  last: str | None = None, today: dt.date) -> Period:
    """The period a command asks for: a named one, a range of typed dates, or this month."""
    if period:
        return period_for(period, today)
    return custom(
        parse_date(first, field="from") if first else None,
        parse_date(last, field="to") if last else None,
        today,
    )


def branch_named(value: str) -> int:
    """The branch a command names (its name, any case, or its id), for `report --branch`."""
    text = value.strip()
    for info in branches.list_branches():
        if text == str(info.id) or text.casefold() == info.name.casefold():
            return info.id
    raise ValidationError("No branch {name}", name=text, field="branch")


def report_text(*, period: str | None = None, first: str | None = None, last: str | None = None,
                by: str | None = None, branch: str | None = None) -> str:
    """What `mtime-tui report` prints: the headline figures beside the previous period's, and
    the table asked for with --by; with `branch` (a chain's branch, by name or id), that
    branch's figures on its own clock, as the Statistics section shows them."""
    s = settings_mod.load()
    branch_id = branch_named(branch) if branch is not None else None
    if branch_id is not None:
        s = branches.for_branch(s, branch_id)
    chosen = chosen_period(period=period, first=first, last=last, today=salon_today(s))
    report = statistics.report(chosen.of_branch(branch_id), settings=s)
    previous = report.previous.period
    lines = [
        f"{s.salon_name} — {period_text(report)}",
        tr("compared with {first} – {last}", None, first=f"{previous.first:%d.%m.%Y}",
           last=f"{previous.last:%d.%m.%Y}"),
        "",
        plain_table(
            [tr("Figure"), tr("This period"), tr("Previous"), tr("Change")],
            [[f.label, f.value, f.previous, f.change] for f in headline(report, s.currency)],
        ),
    ]
    if by:
        lines += ["", plain_table(*table(report, by, s.currency))]
    return "\n".join(lines)
