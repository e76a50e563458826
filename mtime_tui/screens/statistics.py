"""Statistics: the owner's figures for a period beside the previous period's, the tables by
master, by service and by day, and charts of bookings and revenue per day and per master.

The figures are core.reports.statistics.report, read in a thread worker (a year of a large salon takes
a few hundred milliseconds) and written as text by core.reports.figures — the same text
`mtime-tui report` prints, so the two always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static, TabbedContent, TabPane
from textual.worker import get_current_worker
from textual_plotext import PlotextPlot

from ..core import settings as settings_mod
from ..core.errors import DomainError
from ..core.people import branches
from ..core.reports import figures, outcomes, statistics
from ..core.reports.periods import (
    CUSTOM,
    LAST_MONTH,
    MONTH,
    TODAY,
    WEEK,
    Period,
    custom,
    month_of,
    parse_date,
    period_for,
)
from ..core.storage import db
from ..i18n import N_, _
from ..widgets.booking_table import BookingTable, measure_columns
from .base import SectionScreen, fill_table, plain, show_text
from .statistics_charts import CHARTS, draw_chart

PERIODS = (
    (TODAY, N_("Today")),
    (WEEK, N_("This week")),
    (MONTH, N_("This month")),
    (LAST_MONTH, N_("Last month")),
    (CUSTOM, N_("Custom range")),
)
ALL_MASTERS = -1


def _aligned(headers: list[str], rows: list[list[str]]) -> tuple[list[Text], list[list[Text]]]:
    """Headers and cells with one space before each (the tables have no cell padding, so seven
    columns fit beside the sidebar at 80 columns); every column but the first right-aligned to
    its widest cell, so the numbers line up on the right."""
    widths = [max(len(c) for c in column) + 1 for column in zip(headers, *rows, strict=True)]

    def line(cells: list[str]) -> list[Text]:
        return [plain(f" {cells[0]}"),
                *(plain(c.rjust(w)) for c, w in zip(cells[1:], widths[1:], strict=True))]

    return line(headers), [line(cells) for cells in rows]


class StatisticsScreen(SectionScreen):
    SECTION = "statistics"
    AUTO_FOCUS = "#stats-figures"
    BINDINGS = [
        Binding("t", "period('today')", N_("Today")),
        Binding("w", "period('week')", N_("Week")),
        Binding("m", "period('month')", N_("Month")),
        Binding("l", "period('last_month')", N_("Last month"), show=False),
        Binding("r", "custom_range", N_("Custom range")),
        Binding("left_square_bracket", "shift(-1)", N_("Earlier period"), show=False),
        Binding("right_square_bracket", "shift(1)", N_("Later period"), show=False),
        Binding("c,с", "outcome(True)", N_("Came"), show=False),
        Binding("x,ч", "outcome(False)", N_("Did not come"), show=False),
        Binding("a,ф", "whole_chain", N_("Whole chain")),  # a chain's only: check_action
    ]

    @dataclass
    class Loaded(Message):
        period: Period
        report: statistics.Report

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = MONTH
        self.period: Period | None = None
        self.report: statistics.Report | None = None
        self.whole_chain = False  # a chain's figures summed over every branch

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="stats-toolbar"):
            yield Select([(_(label), kind) for kind, label in PERIODS], value=MONTH,
                         allow_blank=False, id="stats-kind")
            yield Input(placeholder=_("From"), id="stats-from")
            yield Input(placeholder=_("To"), id="stats-to")
        yield Static("", id="stats-period", classes="section-hint")
        with TabbedContent(id="stats-tabs"):
            with TabPane(_("Figures"), id="tab-figures"):
                yield DataTable(id="stats-figures", cursor_type="row", zebra_stripes=True, cell_padding=0)
            with TabPane(_("Masters"), id="tab-masters"):
                yield DataTable(id="stats-masters", cursor_type="row", zebra_stripes=True, cell_padding=0)
            with TabPane(_("Services"), id="tab-services"):
                yield DataTable(id="stats-services", cursor_type="row", zebra_stripes=True, cell_padding=0)
            with TabPane(_("Days"), id="tab-days"):
                yield DataTable(id="stats-days", cursor_type="row", zebra_stripes=True, cell_padding=0)
            with TabPane(_("No outcome"), id="tab-outcomes"):
                yield Static(_("Past visits neither completed nor marked as no-shows. "
                               "C: the client came · X: did not come"),
                             id="stats-outcomes-hint", classes="section-hint")
                yield BookingTable(id="stats-outcomes")
            with TabPane(_("Charts"), id="tab-charts"):
                with Vertical():
                    with Horizontal(id="stats-chart-bar"):
                        yield Select([(_(label), name) for name, label in CHARTS],
                                     value=CHARTS[0][0], allow_blank=False, id="stats-chart")
                        yield Select([(_("All masters"), ALL_MASTERS)], value=ALL_MASTERS,
                                     allow_blank=False, id="stats-master")
                    yield PlotextPlot(id="stats-plot")

    @staticmethod
    def figure_headers() -> list[str]:
        return [_("Figure"), _("This period"), _("Change"), _("Previous")]

    # Choosing the period.

    def today(self):
        return branches.today(self.branch)

    def refresh_data(self) -> None:
        self.show_outcomes()
        if self.kind != CUSTOM or self.period is None:
            self.period = period_for(self.kind if self.kind != CUSTOM else MONTH, self.today())
        self.load(self.period)

    def choose(self, kind: str, period: Period | None = None) -> None:
        self.kind = kind
        self.period = period or period_for(kind, self.today())
        select = self.query_one("#stats-kind", Select)
        if select.value != kind:
            with self.prevent(Select.Changed):
                select.value = kind
        self.load(self.period)

    def action_period(self, kind: str) -> None:
        self.choose(kind)

    def action_custom_range(self) -> None:
        self.query_one("#stats-from", Input).focus()

    def action_shift(self, step: int) -> None:
        """The period of the same length just before or after the one shown."""
        if self.period is None:
            return
        if self.period == month_of(self.period.first):  # a whole month: the month next to it
            day = self.period.first if step < 0 else self.period.last
            self.choose(CUSTOM, month_of(day + dt.timedelta(days=step)))
            return
        days = self.period.days * step
        shifted = Period(self.period.first + dt.timedelta(days=days),
                         self.period.last + dt.timedelta(days=days))
        self.choose(CUSTOM, shifted)

    def action_whole_chain(self) -> None:
        """A chain's figures: this branch's, or summed over every branch (docs/BRANCHES.md)."""
        self.whole_chain = not self.whole_chain
        self.show_outcomes()
        if self.period is not None:
            self.load(self.period)

    @on(Select.Changed, "#stats-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if event.value == CUSTOM:
            self.kind = CUSTOM
            self.query_one("#stats-from", Input).focus()
        elif event.value != self.kind:
            self.choose(str(event.value))

    @on(Input.Submitted, "#stats-from")
    @on(Input.Submitted, "#stats-to")
    def _range_typed(self, event: Input.Submitted) -> None:
        try:
            first_text = self.query_one("#stats-from", Input).value.strip()
            last_text = self.query_one("#stats-to", Input).value.strip()
            period = custom(
                parse_date(first_text, field="from") if first_text else None,
                parse_date(last_text, field="to") if last_text else None,
                self.today(),
            )
        except DomainError as err:
            self.show_error(err)
            return
        if event.input.id == "stats-from" and not last_text:
            self.query_one("#stats-to", Input).focus()
        self.choose(CUSTOM, period)

    # Loading and showing.

    @work(thread=True, exclusive=True, group="statistics")
    def load(self, period: Period) -> None:
        branch = None if self.whole_chain else self.branch  # None: every branch
        with db.connection():
            report = statistics.report(period.of_branch(branch))
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(period, report))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.period != self.period:
            return  # an older choice's answer
        self.report = message.report
        currency = settings_mod.load().currency
        self._show_period(message.report)
        headline = figures.headline(message.report, currency)
        self._show_table("#stats-figures", self.figure_headers(),
                         [[f.label, f.value, f.change, f.previous] for f in headline],
                         keys=[f.name for f in headline])
        for by, selector in ((figures.BY_MASTER, "#stats-masters"),
                             (figures.BY_SERVICE, "#stats-services"),
                             (figures.BY_DAY, "#stats-days")):
            self._show_table(selector, *figures.table(message.report, by, currency))
        self._master_choices(message.report)
        self._draw()

    def _show_period(self, report: statistics.Report) -> None:
        previous = report.previous.period
        text = _("{period}, compared with {first} – {last}", period=figures.period_text(report),
                 first=f"{previous.first:%d.%m.%Y}", last=f"{previous.last:%d.%m.%Y}")
        if self.branch is not None:  # a chain: whose figures these are
            scope = (_("the whole chain") if report.summary.period.branch is None
                     else branches.get_branch(report.summary.period.branch).name)
            text = f"{scope} · {text}"
        show_text(self.query_one("#stats-period", Static), text)
        period = report.summary.period
        for selector, day in (("#stats-from", period.first), ("#stats-to", period.last)):
            field = self.query_one(selector, Input)
            if not field.has_focus:
                field.value = f"{day:%d.%m.%Y}"

    def _show_table(self, selector: str, headers: list[str], rows: list[list[str]],
                    keys: list[str] | None = None) -> None:
        table = self.query_one(selector, DataTable)
        head, cells = _aligned(headers, rows)
        keys = keys or [str(i) for i in range(len(rows))]
        content = list(zip(keys, map(tuple, cells), strict=True))
        if [c.label.plain for c in table.columns.values()] != [h.plain for h in head]:
            table.clear(columns=True)  # new widths: new columns, and the rows added afresh
            table.add_columns(*head)
            for key, row in content:
                table.add_row(*row, key=key)
            measure_columns(table)
            return
        fill_table(table, content)

    def _master_choices(self, report: statistics.Report) -> None:
        select = self.query_one("#stats-master", Select)
        options = [(_("All masters"), ALL_MASTERS)] + [
            (row.name, row.key) for row in report.by_master if row.key in report.master_days
        ]
        current = select.value
        with self.prevent(Select.Changed):
            select.set_options(options)
            keys = {key for _label, key in options}
            select.value = current if current in keys else ALL_MASTERS

    @on(Select.Changed, "#stats-chart")
    @on(Select.Changed, "#stats-master")
    def _chart_changed(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.report is None:
            return
        chart = str(self.query_one("#stats-chart", Select).value)
        master = self.query_one("#stats-master", Select).value
        plot = self.query_one("#stats-plot", PlotextPlot)
        draw_chart(plot.plt, self.report, chart, None if master == ALL_MASTERS else master,
                   settings_mod.load().currency)
        plot.refresh()

    # Past visits with no outcome yet (issue 15, no-shows).

    def show_outcomes(self) -> None:
        """Read in the UI thread: the pending/confirmed rows of past dates (an index range)."""
        branch = None if self.whole_chain else self.branch  # the figures' branch, or all
        self.query_one("#stats-outcomes", BookingTable).show(outcomes.awaiting(branch=branch))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "whole_chain":
            return self.branch is not None
        if action == "outcome":
            return self.shown_tab("#stats-tabs") == "tab-outcomes"
        return True

    def action_outcome(self, came: bool) -> None:
        number = self.query_one("#stats-outcomes", BookingTable).number_at_cursor()
        if number is None:
            return
        try:
            outcomes.record(number, came)
        except DomainError as err:
            self.show_error(err)
            return
        text = (_("Booking #{number}: the client came", number=number) if came
                else _("Booking #{number}: the client did not come", number=number))
        self.notify(text, markup=False)
        self.refresh_data()

