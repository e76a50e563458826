"""The master's week editor (seven rows: works / from / to) with the cycle option, the recurring
break form, and the question a change over upcoming bookings asks (SPEC "Breaks, days off,
vacations": it lists them and offers to cancel them — clients notified — or keep them).

The forms call core with `on_outside=ASK`; a Conflict comes back here as the list, and the
admin's answer repeats the same call with CANCEL or KEEP. Nothing is written before the answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from ..core.booking import day_plans, schedule, work_plans
from ..core.errors import Conflict, ValidationError
from ..core.storage.models import Booking, Master
from ..i18n import N_, _
from .base import TranslatedBindings
from .booking_card import booking_line
from .dialogs import FormModal, form_field

WEEKDAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
                 N_("Saturday"), N_("Sunday"))
WEEK_MODE, CYCLE_MODE = "week", "cycle"


class OutsideModal(TranslatedBindings, ModalScreen[str | None]):
    """Bookings a change puts outside the hours: cancel them, keep them (when allowed) or back."""

    BINDINGS = [Binding("escape", "back", N_("Back"))]

    def __init__(self, question: str, items: list[Booking], *, allow_keep: bool = True) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.items = items
        self.allow_keep = allow_keep

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(self.question, classes="dialog-question", markup=False)
            yield Static(_("Cancelled ones are cancelled by the salon and their clients told."),
                         classes="field-hint", markup=False)
            with VerticalScroll(classes="dialog-items"):
                for booking in self.items:
                    yield Static(f"• {booking_line(booking)}", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel them"), id="cancel-them", variant="error")
                if self.allow_keep:
                    yield Button(_("Keep them"), id="keep-them")
                yield Button(_("Back"), id="back")

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        answers = {"cancel-them": work_plans.CANCEL, "keep-them": work_plans.KEEP}
        self.dismiss(answers.get(event.button.id or ""))

    def action_back(self) -> None:
        self.dismiss(None)


def ask_outside(screen, err: Conflict, retry: Callable[[str], None], *,
                allow_keep: bool = True) -> None:
    """Show the bookings of `err`; on Cancel them / Keep them call `retry(CANCEL or KEEP)`."""
    def answered(choice: str | None) -> None:
        if choice is not None:
            retry(choice)

    screen.app.push_screen(OutsideModal(err.message(), err.items, allow_keep=allow_keep), answered)


def _time_text(minutes: int | None) -> str:
    return schedule.format_time(minutes) if minutes is not None else ""


class WeekForm(FormModal[list[Booking]]):
    """The master's weekly hours, or a cycle. Dismisses with the bookings the change cancelled or
    kept outside the hours ([] when none), None when closed without saving."""

    DEFAULT_CSS = """
    WeekForm #week-rows { height: auto; margin-bottom: 1; }
    WeekForm .week-row, WeekForm .week-head { height: 1; }
    WeekForm .week-row Checkbox { width: 18; height: 1; border: none; padding: 0; }
    WeekForm .week-row Input { width: 16; height: 1; border: none; padding: 0 1; margin-right: 1; }
    WeekForm .week-row Input:focus { background: $accent 40%; }
    WeekForm .week-row Input.-invalid { background: $error 40%; }
    WeekForm .week-head Static { height: 1; color: $text-muted; }
    WeekForm .week-head .wd { width: 18; }
    WeekForm .week-head .wt { width: 17; padding-left: 1; }
    """

    def __init__(self, master: Master) -> None:
        super().__init__(classes="dialog-screen")
        self.master = master
        self.plan = day_plans.schedule_of(master)
        self.on_outside = work_plans.ASK

    def form_title(self) -> str:
        return _("Working time of {name}", name=self.master.name)

    def compose_fields(self) -> ComposeResult:
        plan = self.plan
        yield form_field("mode", _("The master works"), Select(
            [(_("by the week"), WEEK_MODE), (_("in a cycle: days on, days off"), CYCLE_MODE)],
            value=CYCLE_MODE if plan.kind == schedule.CYCLE else WEEK_MODE, allow_blank=False,
            id="mode"))
        with Vertical(id="week-rows"):
            with Horizontal(classes="week-head"):
                yield Static(_("Works on"), classes="wd")
                yield Static(_("First start"), classes="wt")
                yield Static(_("Last start"), classes="wt")
            for day, hours in enumerate(plan.week):
                with Horizontal(classes="week-row"):
                    yield Checkbox(_(WEEKDAY_NAMES[day]), hours is not None, id=f"works{day}")
                    yield Input(_time_text(hours[0] if hours else None), id=f"from{day}",
                                placeholder="9:00")
                    yield Input(_time_text(hours[1] if hours else None), id=f"to{day}",
                                placeholder="18:00")
        with Vertical(id="cycle-rows"):
            first = plan.cycle_hours[0] if plan.cycle_hours else None
            with Horizontal(classes="form-row"):
                yield form_field("on", _("Days on"), Input(
                    str(plan.cycle_on or 2), id="on"))
                yield form_field("off", _("Off days"), Input(
                    str(plan.cycle_off or 2), id="off"))
                yield form_field("anchor", _("First working day"), Input(
                    (plan.anchor or dt.date.today()).strftime("%d.%m.%Y"), id="anchor",
                    placeholder="01.12.2026"))
            with Horizontal(classes="form-row"):
                yield form_field("cycle_from", _("First start"), Input(
                    _time_text(first[0] if first else None) or "9:00", id="cycle_from"))
                yield form_field("cycle_to", _("Last start"), Input(
                    _time_text(first[1] if first else None) or "21:00", id="cycle_to"))

    def on_mount(self) -> None:
        self._show_mode()

    @on(Select.Changed, "#mode")
    def _mode_changed(self) -> None:
        self._show_mode()

    def _show_mode(self) -> None:
        cycle = self.query_one("#mode", Select).value == CYCLE_MODE
        self.query_one("#week-rows").display = not cycle
        self.query_one("#cycle-rows").display = cycle

    def show_field_error(self, field: str | None, message: str) -> None:
        """A day's time is marked in its row; the message, with the weekday, at the bottom."""
        if field and field[:-1] in ("from", "to") and field[-1].isdigit():
            widget = self.query_one(f"#{field}", Input)
            widget.add_class("-invalid")
            widget.focus()
            message = f"{_(WEEKDAY_NAMES[int(field[-1])])}: {message}"
            field = None
        super().show_field_error(field, message)

    def clear_errors(self) -> None:
        super().clear_errors()
        self.query(".week-row Input").remove_class("-invalid")

    def week(self) -> list[tuple[str, str] | None]:
        return [
            (self.value(f"from{d}"), self.value(f"to{d}"))
            if self.query_one(f"#works{d}", Checkbox).value else None
            for d in range(7)
        ]

    def field_errors(self) -> list[ValidationError]:
        errors = []
        if self.query_one("#mode", Select).value == CYCLE_MODE:
            for name in ("cycle_from", "cycle_to"):
                try:
                    work_plans.clean_time(self.value(name), name)
                except ValidationError as err:
                    errors.append(err)
            return errors
        for day, hours in enumerate(self.week()):
            if hours is None:
                continue
            parsed = []
            for name, text in ((f"from{day}", hours[0]), (f"to{day}", hours[1])):
                try:
                    parsed.append(work_plans.clean_time(text, name))
                except ValidationError as err:
                    errors.append(err)
            if len(parsed) == 2 and parsed[1] < parsed[0]:
                errors.append(ValidationError("The shift cannot end before it starts",
                                              field=f"to{day}"))
        return errors

    def saving(self) -> Callable[[], list[Booking]]:
        if self.query_one("#mode", Select).value == CYCLE_MODE:
            try:
                anchor = dt.datetime.strptime(self.value("anchor").strip(), "%d.%m.%Y").date()
            except ValueError:
                raise ValidationError("Enter a date like 01.12.2026", field="anchor") from None
            return partial(
                work_plans.set_cycle,
                self.master.id, on=self.value("on"), off=self.value("off"), anchor=anchor,
                hours=(self.value("cycle_from"), self.value("cycle_to")),
                on_outside=self.on_outside)
        return partial(work_plans.set_week, self.master.id, self.week(),
                       on_outside=self.on_outside)

    def on_conflict(self, err: Conflict) -> None:
        ask_outside(self, err, self._retry)

    def _retry(self, choice: str) -> None:
        self.on_outside = choice
        self.action_save()


class RepeatForm(FormModal[list[Booking]]):
    """A recurring break: start, length in minutes, weekdays."""

    def __init__(self, master: Master) -> None:
        super().__init__(classes="dialog-screen")
        self.master = master
        self.on_outside = work_plans.ASK

    def form_title(self) -> str:
        return _("A recurring break for {name}", name=self.master.name)

    def compose_fields(self) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield form_field("start", _("Starts at *"), Input("13:00", id="start"))
            yield form_field("duration", _("Minutes *"), Input("60", id="duration"))
        yield Label(_("On these weekdays"), classes="field-label")
        with Horizontal(id="repeat-days"):
            working = [h is not None for h in day_plans.schedule_of(self.master).week]
            for day in range(7):
                yield Checkbox(_(schedule.WEEKDAY_SHORT[day]), working[day], id=f"wd{day}")
        yield Static("", id="error-weekdays", classes="field-error", markup=False)

    def saving(self) -> Callable[[], list[Booking]]:
        days = [d for d in range(7) if self.query_one(f"#wd{d}", Checkbox).value]
        master_id, start, duration = self.master.id, self.value("start"), self.value("duration")
        on_outside = self.on_outside

        def write() -> list[Booking]:
            _brk, affected = work_plans.add_recurring_break(
                master_id, start, duration, days, on_outside=on_outside)
            return affected

        return write

    def on_conflict(self, err: Conflict) -> None:
        ask_outside(self, err, self._retry)

    def _retry(self, choice: str) -> None:
        self.on_outside = choice
        self.action_save()
