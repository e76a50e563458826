"""The owner's figures (issue 15): statistics of a month and of a year, the export of every
booking, the import of 50,000 clients — on the large salon, through the same core functions the
Statistics section, `mtime-tui report`, `export` and `import` call."""

from __future__ import annotations

import datetime as dt

from mtime_tui.core import statistics
from mtime_tui.core.models import Booking
from mtime_tui.core.periods import Period, month_of

from .measure import repeat
from .report import Row, absolute


def statistics_figures(size: int, today: dt.date, *, quick: bool = False,
                       smoke: bool = False) -> list[Row]:
    """The section's whole report (figures, the previous period, both tables, the series)."""
    times = 3 if smoke else 10 if quick else 30
    month = month_of(today)
    year = Period(today - dt.timedelta(days=364), today)
    rows = []
    for label, period, limit in (("a month", month, 50), ("a year", year, 300)):
        inside = Booking.select().where(Booking.date.between(period.first, period.last)).count()
        s = repeat(lambda p=period: statistics.report(p), times=times, budget_s=10)
        rows.append(absolute(f"statistics of {label} (report)", size, s.median_ms, limit,
                             p99=s.p99_ms, note=f"{inside:,} bookings in the period"))
    return rows


def business_figures(size: int, today: dt.date, *, quick: bool = False,
                     smoke: bool = False) -> list[Row]:
    return statistics_figures(size, today, quick=quick, smoke=smoke)
