"""Working time of a master: days off, breaks, the month as planned, the weekly hours (the
guide's "Управление рабочим временем"; the Month and Week tabs live in wt_plan.py).

Days off: Enter on a day in the calendar adds it; over existing bookings a confirmation lists
them, and only then core cancels them by the salon (clients notified). The list beside removes.
Breaks: pick a day, select free slots (Space), A adds them; the day's breaks below can be
selected and removed (X); the list of days with breaks jumps to a day.
"""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList, Select, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from ..core.booking import working_time
from ..core.errors import Conflict, DomainError
from ..core.people import masters
from ..core.storage.models import Master
from ..i18n import N_, _
from ..widgets.booking_table import format_day, salon_today
from ..widgets.month_calendar import MonthCalendar
from ..widgets.slot_grid import SlotGrid, hhmm
from .base import SectionScreen
from .booking_card import booking_line
from .delivery import delivery_note, told_mark
from .dialogs import ConfirmModal
from .week_form import RepeatForm, WeekForm
from .wt_plan import MonthPlan, WeekPlan


def _add_day_off(master_id: int, day: dt.date, confirm_cancel: bool) -> tuple[bool, list]:
    """In a worker: (True, the cancelled bookings) once the day is off; (False, the lines of the
    bookings it would cancel — read here, not in the UI thread) when it needs a confirmation."""
    try:
        return True, working_time.add_day_off(master_id, day, confirm_cancel=confirm_cancel)
    except Conflict as err:
        return False, [f"{booking_line(b)} — {told_mark(b.client)}" for b in err.items]


class WorkingTimeScreen(SectionScreen):
    """Per master: days off (calendar + list) and breaks (day → slots)."""

    SECTION = "working_time"
    SHOWS_FREE_TIMES = True
    BINDINGS = [
        Binding("a,ф", "add_breaks", N_("Add breaks")),
        Binding("x,ч,delete", "remove", N_("Remove")),
        Binding("m,ь", "pick_master", N_("Master")),
        Binding("w,ц", "edit_week", N_("Weekly hours")),
        Binding("r,к", "add_repeat", N_("Recurring break")),
        Binding("v,м", "vacation", N_("Vacation")),
        Binding("e,у", "exception", N_("Other hours")),
        Binding("escape", "cancel_pick", N_("Stop picking"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.today = salon_today(self.branch)
        self.master_id: int | None = None
        self.break_day = self.today

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="wt-master-bar"):
            yield Select[int]([], prompt=_("Choose a master"), id="wt-master", allow_blank=True)
        yield Static(
            _("No masters yet: add one in Masters (key 3); their days off, breaks and hours "
              "are set here."),
            id="wt-no-masters", classes="wt-hint", markup=False,
        )
        with TabbedContent(id="wt-tabs"):
            with TabPane(_("Days off"), id="wt-off"), Horizontal(classes="wt-pane"):
                yield MonthCalendar(self.today, first=self.today, id="wt-off-calendar")
                with Vertical(classes="wt-side"):
                    yield Static(
                        _("Enter on a date adds a day off. X removes the day chosen below."),
                        classes="wt-hint",
                    )
                    yield Label(_("Days off"), classes="wt-subtitle")
                    yield OptionList(id="wt-off-list", classes="wt-list")
            with TabPane(_("Breaks"), id="wt-breaks"), Horizontal(classes="wt-pane"):
                yield MonthCalendar(self.today, first=self.today, id="wt-break-calendar")
                with Vertical(classes="wt-side"):
                    yield Label("", id="wt-break-day", classes="wt-subtitle")
                    yield Static(
                        _("Space selects free slots, A adds them as breaks."), classes="wt-hint"
                    )
                    yield SlotGrid(multi=True, columns=6, id="wt-break-free")
                    yield Label(_("Breaks on this day"), classes="wt-subtitle")
                    yield SlotGrid(
                        multi=True,
                        columns=6,
                        empty_text=N_("No breaks on this day."),
                        id="wt-break-taken",
                    )
                    yield Label(_("Days with breaks"), classes="wt-subtitle")
                    yield OptionList(id="wt-break-days", classes="wt-list")
            with TabPane(_("Month"), id="wt-month"):
                yield MonthPlan(self.today)
            with TabPane(_("Week"), id="wt-week-tab"):
                yield WeekPlan()

    def on_mount(self) -> None:  # runs before SectionScreen.on_mount (Textual calls both)
        self.query_one("#wt-off-calendar", MonthCalendar).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """"Add breaks" only on the breaks tab (hidden in the footer on days off)."""
        if action == "add_breaks":
            return self.shown_tab("#wt-tabs") == "wt-breaks"
        if action in ("vacation", "exception"):
            return self.shown_tab("#wt-tabs") == "wt-month"
        if action in ("edit_week", "add_repeat"):
            return self.shown_tab("#wt-tabs") == "wt-week-tab"
        return True

    @on(TabbedContent.TabActivated, "#wt-tabs")
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    # -- data -------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        self.today = salon_today(self.branch)
        for calendar in self.query(MonthCalendar):
            calendar.today = self.today
            if calendar.id != "wt-plan-calendar":  # the month plan shows past days too
                calendar.set_range(self.today, None)
        self.break_day = max(self.break_day, self.today)
        options = [(m.name, m.id) for m in masters.list_masters(include_blocked=False, branch=self.branch)]
        select = self.query_one("#wt-master", Select)
        select.set_options(options)
        ids = [master_id for _name, master_id in options]
        if self.master_id not in ids:
            self.master_id = ids[0] if ids else None
        self.query_one("#wt-no-masters").display = not ids
        if self.master_id is not None:
            with self.prevent(Select.Changed):
                select.value = self.master_id
        self.call_later(self.load_master)

    async def load_master(self) -> None:
        if self.master_id is None:
            return
        self._load_days_off()
        await self._load_breaks()
        self._load_plan()

    def _master(self) -> Master | None:
        return Master.get_or_none(Master.id == self.master_id) if self.master_id else None

    def _load_plan(self) -> None:
        master = self._master()
        self.query_one(MonthPlan).load(master)
        self.query_one(WeekPlan).load(master)

    # -- month and week ---------------------------------------------------------------------

    @on(MonthCalendar.DayPicked, "#wt-plan-calendar")
    def _plan_day_picked(self, event: MonthCalendar.DayPicked) -> None:
        self.query_one(MonthPlan).day_picked(event.day)

    @on(MonthCalendar.MonthChanged, "#wt-plan-calendar")
    def _plan_month_changed(self) -> None:
        self.query_one(MonthPlan).load(self._master())

    def action_vacation(self) -> None:
        if self.master_id is not None:
            self.query_one(MonthPlan).start_vacation()

    def action_cancel_pick(self) -> None:
        self.query_one(MonthPlan).cancel_pick()

    def action_exception(self) -> None:
        self.query_one(MonthPlan).edit_exception()

    def action_edit_week(self) -> None:
        master = self._master()
        if master is not None:
            self.app.push_screen(WeekForm(master), self._plan_changed)

    def action_add_repeat(self) -> None:
        master = self._master()
        if master is not None:
            self.app.push_screen(RepeatForm(master), self._plan_changed)

    def _plan_changed(self, affected: list | None) -> None:
        if affected is None:
            return
        self.notify(_("Working time saved."))
        self._load_plan()

    def _load_days_off(self) -> None:
        assert self.master_id is not None
        days = working_time.days_off(self.master_id)
        self.query_one("#wt-off-calendar", MonthCalendar).set_marks(
            {day: _("off") for day in days}
        )
        option_list = self.query_one("#wt-off-list", OptionList)
        option_list.clear_options()
        option_list.add_options(Option(format_day(day), id=day.isoformat()) for day in days)
        if days:
            option_list.highlighted = 0
        else:
            option_list.add_option(Option(_("No days off."), disabled=True))

    async def _load_breaks(self) -> None:
        assert self.master_id is not None
        day = self.break_day
        days = working_time.days_with_breaks(self.master_id)
        self.query_one("#wt-break-calendar", MonthCalendar).set_marks({d: "•" for d in days})
        option_list = self.query_one("#wt-break-days", OptionList)
        option_list.clear_options()
        option_list.add_options(Option(format_day(d), id=d.isoformat()) for d in days)
        if days:
            option_list.highlighted = 0
        else:
            option_list.add_option(Option(_("No breaks."), disabled=True))
        self.query_one("#wt-break-day", Label).update(
            _("Free slots on {day}", day=format_day(day))
        )
        free = working_time.free_break_slots(self.master_id, day)
        taken = [b.start for b in working_time.breaks_on(self.master_id, day)]
        free_grid = self.query_one("#wt-break-free", SlotGrid)
        taken_grid = self.query_one("#wt-break-taken", SlotGrid)
        await free_grid.set_slots(free)
        await taken_grid.set_slots(taken)
        free_grid.clear_selection()
        taken_grid.clear_selection()

    # -- master -----------------------------------------------------------------------------

    @on(Select.Changed, "#wt-master")
    async def _master_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            self.master_id = event.value
            await self.load_master()

    def action_pick_master(self) -> None:
        select = self.query_one("#wt-master", Select)
        select.focus()
        select.expanded = True

    # -- days off ---------------------------------------------------------------------------

    @on(MonthCalendar.DayPicked, "#wt-off-calendar")
    def _day_off_picked(self, event: MonthCalendar.DayPicked) -> None:
        if self.master_id is None:
            return
        if event.day in working_time.days_off(self.master_id):
            self._ask_remove_day_off(event.day)
        else:
            self.add_day_off(event.day)

    def add_day_off(self, day: dt.date, *, confirm_cancel: bool = False) -> None:
        """In a worker (a busy database: "busy, retrying", keys answered); bookings on the day
        are listed for a confirmation first."""
        assert self.master_id is not None

        def answered(outcome: tuple[bool, list]) -> None:
            made, listed = outcome
            if made:
                self._day_off_added(day, listed)
            else:
                self._ask_cancel_for_day_off(day, listed)

        self.run_db(_add_day_off, self.master_id, day, confirm_cancel, done=answered,
                    failed=self.show_error, group="days-off")

    def _day_off_added(self, day: dt.date, cancelled: list) -> None:
        if cancelled:
            self.notify(
                _(
                    "{day} is a day off; {count} bookings cancelled; clients on Telegram are"
                    " told. {delivery}",
                    day=format_day(day),
                    count=len(cancelled),
                    delivery=delivery_note(self.app),
                )
            )
        else:
            self.notify(_("{day} is a day off.", day=format_day(day)))
        self._load_days_off()

    def _ask_cancel_for_day_off(self, day: dt.date, lines: list[str]) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.add_day_off(day, confirm_cancel=True)

        question = _(
            "{day} has bookings. Make it a day off and cancel them? Clients on Telegram are"
            " told; call the others.",
            day=format_day(day),
        )
        self.app.push_screen(ConfirmModal(question, lines, danger=True), answered)

    @on(OptionList.OptionSelected, "#wt-off-list")
    def _day_off_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._ask_remove_day_off(dt.date.fromisoformat(event.option.id))

    def _ask_remove_day_off(self, day: dt.date) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.remove_day_off(day)

        question = _("{day} is a day off. Make it a working day again?", day=format_day(day))
        self.app.push_screen(ConfirmModal(question), answered)

    def remove_day_off(self, day: dt.date) -> None:
        assert self.master_id is not None

        def removed(_result: object) -> None:
            self.notify(_("{day} is a working day again.", day=format_day(day)))
            self._load_days_off()

        self.run_db(working_time.remove_day_off, self.master_id, day, done=removed,
                    failed=self.show_error, group="days-off")

    # -- breaks -----------------------------------------------------------------------------

    @on(MonthCalendar.DayPicked, "#wt-break-calendar")
    async def _break_day_picked(self, event: MonthCalendar.DayPicked) -> None:
        self.break_day = event.day
        await self._load_breaks()
        self.query_one("#wt-break-free", SlotGrid).focus()

    @on(OptionList.OptionSelected, "#wt-break-days")
    async def _break_day_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.break_day = dt.date.fromisoformat(event.option.id)
            self.query_one("#wt-break-calendar", MonthCalendar).show_day(self.break_day)
            await self._load_breaks()
            self.query_one("#wt-break-taken", SlotGrid).focus()

    async def action_add_breaks(self) -> None:
        if self.master_id is None:
            return
        grid = self.query_one("#wt-break-free", SlotGrid)
        starts = list(grid.selected)
        if not starts:
            self.notify(_("Select free slots first (Space)."), severity="warning")
            return
        day = self.break_day

        async def added(_result: object) -> None:
            self.notify(_("Breaks added on {day}: {times}", day=format_day(day),
                          times=", ".join(hhmm(s) for s in starts)))
            await self._load_breaks()

        async def refused(err: DomainError) -> None:
            self.show_error(err)
            await self._load_breaks()

        self.run_db(working_time.add_breaks, self.master_id, day, starts, done=added,
                    failed=refused, group="breaks")

    async def action_remove(self) -> None:
        if self.master_id is None:
            return
        focused = self.focused
        if focused is not None and focused.id == "wt-vacations":
            self.query_one(MonthPlan).remove_vacation()
            return
        master = self._master()
        if focused is not None and focused.id == "wt-repeats" and master is not None:
            self.query_one(WeekPlan).remove_selected(master)
            return
        if focused is not None and focused.id == "wt-off-list":
            option_list = self.query_one("#wt-off-list", OptionList)
            if option_list.highlighted is not None:
                option = option_list.get_option_at_index(option_list.highlighted)
                if option.id:
                    self._ask_remove_day_off(dt.date.fromisoformat(option.id))
            return
        grid = self.query_one("#wt-break-taken", SlotGrid)
        starts = list(grid.selected)
        if not starts and focused is grid and grid.starts:
            starts = [grid.starts[grid.cursor]]
        if not starts:
            self.notify(_("Select breaks to remove first (Space)."), severity="warning")
            return
        async def removed(count: int) -> None:
            self.notify(_("Breaks removed: {count}", count=count))
            await self._load_breaks()

        self.run_db(working_time.remove_breaks, self.master_id, self.break_day, starts,
                    done=removed, failed=self.show_error, group="breaks")
