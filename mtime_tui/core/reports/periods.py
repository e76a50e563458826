"""Periods of statistics and reports: today, this week, this month, last month, a custom range.

A period is a closed range of salon dates. Its comparison is the previous period of the same
length that ends the day before it starts (this week → last week, today → yesterday, a month of
30 days → the 30 days before it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..errors import ValidationError

TODAY = "today"
WEEK = "week"
MONTH = "month"
LAST_MONTH = "last_month"
CUSTOM = "custom"
KINDS = (TODAY, WEEK, MONTH, LAST_MONTH, CUSTOM)

MAX_DAYS = 3660  # ten years: a longer range is a typo


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date  # inclusive
    branch: int | None = None  # one branch of a chain (docs/BRANCHES.md); None: the whole salon

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValidationError("The period ends before it starts", field="period")
        if self.days > MAX_DAYS:
            raise ValidationError("The period is longer than ten years", field="period")

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.first - dt.timedelta(days=self.days), self.first - dt.timedelta(days=1),
                      self.branch)

    def of_branch(self, branch: int | None) -> Period:
        """The same dates, for one branch of a chain (None: the whole chain)."""
        return replace(self, branch=branch)

    def dates(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=i) for i in range(self.days)]


def month_of(day: dt.date) -> Period:
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return Period(first, following - dt.timedelta(days=1))


def period_for(kind: str, today: dt.date) -> Period:
    """The named period around the salon's `today` (weeks start on Monday)."""
    if kind == TODAY:
        return Period(today, today)
    if kind == WEEK:
        monday = today - dt.timedelta(days=today.weekday())
        return Period(monday, monday + dt.timedelta(days=6))
    if kind == MONTH:
        return month_of(today)
    if kind == LAST_MONTH:
        return month_of(today.replace(day=1) - dt.timedelta(days=1))
    raise ValidationError("Unknown period: {kind}", kind=kind, field="period")


def parse_date(text: str, *, field: str = "date") -> dt.date:
    """A date typed by the owner: 2026-11-23 or 23.11.2026."""
    text = (text or "").strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(
        "Not a date: {text} (write it as 2026-11-23 or 23.11.2026)", text=text, field=field
    )


def custom(first: dt.date | None, last: dt.date | None, today: dt.date) -> Period:
    """A range given by its ends; a missing start is the first of the end's month, a missing end
    is today (or the start's month end when the start lies ahead)."""
    if first is None and last is None:
        return month_of(today)
    if first is None:
        first = last.replace(day=1)
    if last is None:
        last = today if first <= today else month_of(first).last
    return Period(first, last)
