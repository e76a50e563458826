"""The Statistics section's charts, drawn in the terminal with plotext (textual-plotext's widget):
bookings and revenue per day over the period (the salon, or one master), and per master."""

from __future__ import annotations

from plotext import _utility as _plotext_utility

from ..core.reports import statistics
from ..core.reports.figures import count_text, money_text
from ..i18n import N_, _

# plotext drops repeated ticks through a set (`_utility.no_duplicates`), so where two labels of
# the x axis overlap (30 dates in 80 columns) which one is drawn on top followed the process's
# string hashing: the same chart came out two ways. Its own comment gives the ordered version.
_plotext_utility.no_duplicates = lambda data: list(dict.fromkeys(data))

BOOKINGS_PER_DAY = "bookings_day"
REVENUE_PER_DAY = "revenue_day"
BOOKINGS_PER_MASTER = "bookings_master"
REVENUE_PER_MASTER = "revenue_master"
CHARTS = (
    (BOOKINGS_PER_DAY, N_("Bookings per day")),
    (REVENUE_PER_DAY, N_("Revenue per day")),
    (BOOKINGS_PER_MASTER, N_("Bookings per master")),
    (REVENUE_PER_MASTER, N_("Revenue per master")),
)
MAX_TICKS = 8


def _ticks(count: int) -> int:
    """Every n-th day labelled, so labels never run into each other."""
    return max(1, -(-count // MAX_TICKS))


def _top(values: list[int]) -> int:
    return max(max(values, default=0), 1)


def _scale(values: list[int]) -> tuple[list[int], list[str]]:
    """Whole-number ticks from 0 past the largest value (plotext's own are fractions)."""
    top = _top(values)
    step = max(1, -(-top // 4))
    magnitude = 10 ** max(len(str(step)) - 1, 0)
    step = -(-step // magnitude) * magnitude  # a round step: 1, 2 … 10, 20 … 500, 1000
    ticks = list(range(0, top + step, step))
    return ticks, [count_text(t) for t in ticks]


def draw_chart(plt, report: statistics.Report, chart: str, master_id: int | None,
               currency: str) -> None:
    """Draw `chart` on the plotext figure `plt` (cleared first)."""
    plt.clear_data()
    plt.clear_figure()
    title = _(dict(CHARTS)[chart])
    if chart in (BOOKINGS_PER_DAY, REVENUE_PER_DAY):
        days = report.days if master_id is None else report.master_days.get(master_id, [])
        if not days:
            days = [statistics.Day(d) for d in report.summary.period.dates()]
        money = chart == REVENUE_PER_DAY
        values = [d.revenue if money else d.bookings for d in days]
        xs = list(range(1, len(days) + 1))
        drawn = [(x, v) for x, v in zip(xs, values, strict=True) if v]  # zero: no sliver at 0
        if drawn:
            # plotext sizes a bar by the bars drawn: as wide as if every date had one
            width = 0.6 * len(drawn) / len(days) if len(days) > 1 else 0.2
            plt.bar([x for x, _v in drawn], [v for _x, v in drawn], width=width, marker="hd")
        plt.xlim(0.5, len(days) + 0.5)  # every date of the period, drawn or not
        step = _ticks(len(days))
        plt.xticks(xs[::step], [f"{d.date:%d.%m}" for d in days[::step]])
        ticks, labels = _scale(values)
        plt.ylim(0, ticks[-1])
        plt.yticks(ticks, labels)
        if master_id is not None:
            name = next((r.name for r in report.by_master if r.key == master_id), "")
            title = f"{title} — {name}"
        total = sum(values)
        plt.title(f"{title}: {money_text(total, currency) if money else count_text(total)}")
        return
    rows = [r for r in report.by_master if r.active or r.revenue]
    money = chart == REVENUE_PER_MASTER
    if not rows:
        plt.title(f"{title}: {_('nothing in this period')}")
        return
    rows = rows[::-1]  # plotext draws horizontal bars bottom-up: the best master on top
    values = [r.revenue if money else r.active for r in rows]
    plt.bar([r.name[:18] for r in rows], values, orientation="h", width=0.5)
    ticks, labels = _scale(values)
    plt.xlim(0, ticks[-1])
    plt.xticks(ticks, labels)
    plt.title(title)
