"""Working time's Month and Week tabs: what the engine computes, and the changes to it.

Month: the master's month day by day as `core.booking.day_plans` decides it — working days with their
hours, days off (the pattern's or taken), vacations and exceptions told apart by text and colour;
V picks a vacation as a range (Enter on the first day, Enter on the last), E sets other hours on
the day under the cursor (or removes them). Week: the weekly pattern or the cycle, the recurring
breaks; W edits the hours, R adds a break. Every change over upcoming bookings lists them first.
"""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ..core.booking import day_plans, schedule, work_plans
from ..core.errors import Conflict, DomainError
from ..core.storage.models import Master
from ..i18n import N_, _
from ..widgets.booking_table import format_day
from ..widgets.month_calendar import MonthCalendar, month_range
from .booking_card import booking_line
from .dialogs import ConfirmModal, TextInputModal
from .week_form import WEEKDAY_NAMES, ask_outside

KIND_TEXT = {
    schedule.BY_VACATION: N_("vac."),
    schedule.BY_DAY_OFF: N_("off"),
}
CSS_KIND = {
    schedule.BY_VACATION: "vacation",
    schedule.BY_DAY_OFF: "off",
    schedule.BY_EXCEPTION: "exception",
}


def _d(value) -> dt.date:
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def cell_text(plan: schedule.DayPlan) -> str:
    """What a month cell says under the date (6 columns): '9–18', '*10–14', 'off', 'vac.', '—'."""
    if not plan.working:
        text = KIND_TEXT.get(plan.kind)
        return _(text) if text else "—"
    start, last = plan.hours
    hours = f"{start // 60}–{last // 60}"
    return "*" + hours if plan.kind == schedule.BY_EXCEPTION else hours


def day_text(day: dt.date, plan: schedule.DayPlan) -> str:
    """The day under the cursor, in words."""
    head = format_day(day)
    if not plan.working:
        kinds = {schedule.BY_VACATION: _("vacation"), schedule.BY_DAY_OFF: _("a day off")}
        return _("{day}: {what}", day=head, what=kinds.get(plan.kind, _("not working")))
    text = _("{day}: works {hours}", day=head, hours=schedule.hours_text(plan.hours))
    if plan.kind == schedule.BY_EXCEPTION:
        text += " " + _("(other hours on this date)")
    breaks = [f"{schedule.format_time(b.start)}–{schedule.format_time(b.end)}"
              for b in plan.blocked]
    if breaks:
        text += "\n" + _("Breaks: {times}", times=", ".join(breaks))
    return text


def vacation_text(first: dt.date, last: dt.date, today: dt.date) -> str:
    """"07.12–11.12" this year (it fits the side column at 80 columns), else with the years."""
    if first.year == last.year == today.year:
        return f"{first:%d.%m}–{last:%d.%m}"
    return f"{first:%d.%m.%Y}–{last:%d.%m.%Y}"


class MonthPlan(Vertical):
    """The Month tab: the calendar of the master's plan, the day under the cursor, vacations."""

    def __init__(self, today: dt.date) -> None:
        super().__init__(classes="wt-pane-plan")
        self.today = today
        self.master: Master | None = None
        self.plans: dict[tuple[int, dt.date], schedule.DayPlan] = {}
        self.vacation_from: dt.date | None = None  # a vacation's first day, once picked
        self.picking = False  # V was pressed: the next Enters pick a vacation's first/last day

    def compose(self) -> ComposeResult:
        with Horizontal(classes="wt-pane"):
            yield MonthCalendar(self.today, id="wt-plan-calendar")
            with VerticalScroll(classes="wt-side"):  # 80×24: the legend scrolls, nothing cut
                yield Static("", id="wt-plan-day", classes="wt-day-text")
                yield Label(_("Vacations"), classes="wt-subtitle")
                yield OptionList(id="wt-vacations", classes="wt-list")
                yield Static(_("9–18: first–last start · *: other hours · off: a day off · vac.: "
                               "a vacation · —: not working. V: a vacation, E: other hours."),
                             classes="wt-hint")

    def load(self, master: Master | None) -> None:
        self.master = master
        calendar = self.query_one("#wt-plan-calendar", MonthCalendar)
        if master is None:
            calendar.set_marks({})
            return
        first, last = month_range(calendar.month)
        first -= dt.timedelta(days=first.weekday())  # the grid shows whole weeks
        last = first + dt.timedelta(days=41)
        self.plans = day_plans.day_plans([master], first, last)
        plans = {day: p for (_m, day), p in self.plans.items()}
        calendar.set_marks({day: cell_text(p) for day, p in plans.items()})
        calendar.set_kinds({day: CSS_KIND[p.kind] for day, p in plans.items()
                            if p.kind in CSS_KIND})
        self.show_day(calendar.cursor)
        options = self.query_one("#wt-vacations", OptionList)
        options.clear_options()
        items = work_plans.vacations(master.id)
        options.add_options(
            Option(vacation_text(_d(v.first), _d(v.last), self.today), id=str(v.id))
            for v in items)
        if not items:
            options.add_option(Option(_("No vacations."), disabled=True))

    def show_day(self, day: dt.date) -> None:
        plan = self.plans.get((self.master.id, day)) if self.master else None
        text = day_text(day, plan) if plan else ""
        if self.vacation_from is not None:
            text = _("Vacation from {day}: Enter on its last day (Escape: no vacation).",
                     day=format_day(self.vacation_from))
        self.query_one("#wt-plan-day", Static).update(text)

    # -- vacations as a range ------------------------------------------------------------------

    def start_vacation(self) -> None:
        self.vacation_from = None
        self.picking = True
        self.query_one("#wt-plan-day", Static).update(
            _("A vacation: Enter on its first day, then on its last."))
        self.query_one("#wt-plan-calendar", MonthCalendar).focus()

    def day_picked(self, day: dt.date) -> None:
        if not self.picking:
            self.show_day(day)
            return
        if self.vacation_from is None:
            self.vacation_from = day
            self.show_day(day)
            return
        first, last = sorted((self.vacation_from, day))
        self.vacation_from, self.picking = None, False
        self.add_vacation(first, last)

    def cancel_pick(self) -> bool:
        if self.picking:
            self.vacation_from, self.picking = None, False
            self.show_day(self.query_one("#wt-plan-calendar", MonthCalendar).cursor)
            return True
        return False

    def add_vacation(self, first: dt.date, last: dt.date, *, confirm: bool = False) -> None:
        """The writes of this plan run in the screen's worker (`run_db`): a busy database says
        "busy, retrying" and keys are answered meanwhile."""
        assert self.master is not None

        def refused(err: DomainError) -> None:
            if not isinstance(err, Conflict):
                self.app.notify(err.message(), severity="error")
                return

            def answered(yes: bool | None) -> None:
                if yes:
                    self.add_vacation(first, last, confirm=True)

            self.app.push_screen(ConfirmModal(
                _("The vacation {first} – {last} has bookings. Cancel them and add the vacation? "
                  "Their clients will be told.", first=format_day(first), last=format_day(last)),
                [booking_line(b) for b in err.items], danger=True), answered)

        self.screen.run_db(work_plans.add_vacation, self.master.id, first, last,
                           confirm_cancel=confirm, group="plan", failed=refused,
                           done=lambda made: self._vacation_added(first, last, made[1]))

    def _vacation_added(self, first: dt.date, last: dt.date, cancelled: list) -> None:
        note = _("Vacation {first} – {last} added.", first=format_day(first),
                 last=format_day(last))
        if cancelled:
            note += " " + _("{count} bookings cancelled, clients notified.", count=len(cancelled))
        self.app.notify(note)
        self.load(self.master)

    def remove_vacation(self) -> bool:
        options = self.query_one("#wt-vacations", OptionList)
        if self.master is None or options.highlighted is None:
            return False
        option = options.get_option_at_index(options.highlighted)
        if not option.id:
            return False
        master = self.master

        def removed(_result: object) -> None:
            self.app.notify(_("The vacation is removed."))
            self.load(master)

        def answered(yes: bool | None) -> None:
            if yes:
                self.screen.run_db(work_plans.remove_vacation, master.id, int(option.id),
                                   done=removed, group="plan")

        self.app.push_screen(ConfirmModal(_("Remove the vacation {span}?",
                                            span=str(option.prompt))), answered)
        return True

    # -- one-date exceptions -------------------------------------------------------------------

    def edit_exception(self) -> None:
        if self.master is None:
            return
        master = self.master
        day = self.query_one("#wt-plan-calendar", MonthCalendar).cursor
        plan = self.plans.get((master.id, day))
        current = schedule.hours_text(plan.hours) if plan and plan.working else ""

        def answered(text: str | None) -> None:
            if text is not None:
                self._apply_exception(master, day, text.strip(), work_plans.ASK)

        self.app.push_screen(TextInputModal(
            _("Other hours on {day}", day=format_day(day)),
            _("First and last start, e.g. 10:00-14:00; empty: back to the usual hours"),
            value=current, placeholder="10:00-14:00"), answered)

    def _apply_exception(self, master: Master, day: dt.date, text: str, choice: str) -> None:
        def refused(err: DomainError) -> None:
            if isinstance(err, Conflict):
                ask_outside(self, err,
                            lambda again: self._apply_exception(master, day, text, again))
            else:
                self.app.notify(err.message(), severity="error")

        def saved(_result: object) -> None:
            self.app.notify(_("{day}: working time saved.", day=format_day(day)))
            self.load(master)

        if text:
            start, _sep, last = text.replace("–", "-").partition("-")
            self.screen.run_db(work_plans.set_exception, master.id, day,
                               (start.strip(), last.strip()), on_outside=choice,
                               done=saved, failed=refused, group="plan")
        else:
            self.screen.run_db(work_plans.remove_exception, master.id, day, on_outside=choice,
                               done=saved, failed=refused, group="plan")


class WeekPlan(Vertical):
    """The Week tab: the weekly pattern (or the cycle) and the recurring breaks."""

    def compose(self) -> ComposeResult:
        yield Static(_("W edits the weekly hours or the cycle; R adds a recurring break, X "
                       "removes the one chosen below."), classes="wt-hint")
        yield Static("", id="wt-week", classes="wt-week")
        yield Label(_("Recurring breaks"), classes="wt-subtitle")
        yield OptionList(id="wt-repeats", classes="wt-list")

    def load(self, master: Master | None) -> None:
        if master is None:
            return
        plan = day_plans.schedule_of(master)
        if plan.kind == schedule.CYCLE:
            lines = [schedule.week_text(plan)]
        else:
            lines = [f"{_(WEEKDAY_NAMES[d]):<12} {schedule.hours_text(h) or _('off')}"
                     for d, h in enumerate(plan.week)]
        self.query_one("#wt-week", Static).update("\n".join(lines))
        options = self.query_one("#wt-repeats", OptionList)
        options.clear_options()
        for r in plan.repeats:
            days = ", ".join(_(schedule.WEEKDAY_SHORT[d]) for d in schedule.mask_weekdays(r.weekdays))
            end = schedule.format_time(min(r.start + r.duration, 24 * 60))
            options.add_option(Option(f"{schedule.format_time(r.start)}–{end} · {days}",
                                      id=str(r.id)))
        if not plan.repeats:
            options.add_option(Option(_("No recurring breaks."), disabled=True))

    def remove_selected(self, master: Master) -> bool:
        options = self.query_one("#wt-repeats", OptionList)
        if options.highlighted is None:
            return False
        option = options.get_option_at_index(options.highlighted)
        if not option.id:
            return False
        def removed(_result: object) -> None:
            self.app.notify(_("The recurring break is removed."))
            self.load(master)

        self.screen.run_db(work_plans.remove_recurring_break, master.id, int(option.id),
                           done=removed, group="plan")
        return True
