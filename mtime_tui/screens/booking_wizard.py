"""New booking: the guide's "manual booking" for a client without Telegram, steps 1–8.

Master → service (one, or several ticked with Space for one visit) → date → free time → phone →
(first and last name, unless the phone is known) → review → booked. Every list is asked from
core when its step opens, so a service blocked a moment ago is gone; Book lets core re-check the
time inside one write transaction, and a lost race goes back to the times with a fresh list.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, ContentSwitcher, Input, Label, OptionList, Static

from ..core import settings
from ..core.booking import slots, visits
from ..core.people import phones
from ..core.storage.models import Client, Master, Service
from ..i18n import N_, _
from ..widgets.booking_table import format_day, format_duration, format_money
from ..widgets.month_calendar import MonthCalendar
from ..widgets.slot_grid import SlotGrid, hhmm
from .wizard_choices import WizardChoices
from .wizard_client import WizardClient

STEPS: tuple[tuple[str, str], ...] = (
    ("master", N_("Master")),
    ("service", N_("Service")),
    ("date", N_("Date")),
    ("time", N_("Time")),
    ("phone", N_("Phone")),
    ("name", N_("Name")),
    ("review", N_("Review")),
    ("done", N_("Booked")),
)
STEP_NAMES = [name for name, _title in STEPS]


class NewBookingScreen(WizardClient, WizardChoices):
    """The manual booking wizard; Escape goes back one step. Steps 1–4 (choices) are in
    wizard_choices.py, 5–8 (the client and the booking) in wizard_client.py; here are the
    wizard's state, its page and the way between the steps."""

    SECTION = "new_booking"
    SHOWS_FREE_TIMES = True
    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("ctrl+r", "restart", N_("Start over")),
        Binding("space", "tick_service", N_("Tick a service"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.step = "master"
        self.master: Master | None = None
        self.services: list[Service] = []  # the visit's, in the order chosen
        self.ticked: list[Service] = []  # ticked on the service step, not yet confirmed
        self.day: dt.date | None = None
        self.start: int | None = None
        self.phone: str | None = None
        self.client: Client | None = None
        self.first_name = ""
        self.last_name = ""
        self._booking = False  # Book was pressed and its worker has not answered yet
        self.from_journal = False  # master, date and time came from the journal's free slot

    def compose_body(self) -> ComposeResult:
        yield Static("", id="wizard-steps")
        with Horizontal(id="wizard-main"):
            with ContentSwitcher(initial="step-master", id="wizard"):
                with Vertical(id="step-master", classes="wizard-step"):
                    yield Label(_("Choose the master"), classes="step-title")
                    yield OptionList(id="master-list", markup=False)  # names as typed
                with Vertical(id="step-service", classes="wizard-step"):
                    yield Label(_("Choose the service"), classes="step-title")
                    yield OptionList(id="service-list", markup=False)
                    yield Static("", id="service-total", classes="field-hint", markup=False)
                with Vertical(id="step-date", classes="wizard-step"):
                    yield Label(_("Choose the date (green: has free time)"), classes="step-title")
                    yield MonthCalendar(slots.horizon()[0], id="date-calendar")
                with Vertical(id="step-time", classes="wizard-step"):
                    yield Label(_("Choose a free time"), classes="step-title", id="time-title")
                    yield SlotGrid(id="time-grid")
                with Vertical(id="step-phone", classes="wizard-step"):
                    yield Label(_("The client's phone number"), classes="step-title")
                    yield Input(placeholder="8 912 345-67-89", id="phone-input")
                    yield Static("", id="phone-error", classes="wizard-error", markup=False)
                    yield Static(_("Enter the number and press Enter."), classes="field-hint")
                with Vertical(id="step-name", classes="wizard-step"):
                    yield Label(_("New client: first and last name"), classes="step-title")
                    yield Label(_("First name"), classes="field-label")
                    yield Input(id="first-name")
                    yield Static("", id="first-name-error", classes="wizard-error", markup=False)
                    yield Label(_("Last name"), classes="field-label")
                    yield Input(id="last-name")
                    yield Static("", id="last-name-error", classes="wizard-error", markup=False)
                    yield Button(_("Next"), id="name-next", variant="primary")
                with Vertical(id="step-review", classes="wizard-step"):
                    yield Label(_("Check the booking"), classes="step-title")
                    yield Static("", id="review-text")
                    yield Input(placeholder=_("A wish for the master? (optional)"),
                                id="comment-input", max_length=300)
                    yield Static("", id="review-error", classes="wizard-error", markup=False)
                    with Horizontal(classes="wizard-buttons"):
                        yield Button(_("Back"), id="review-back")
                        yield Button(_("Book"), id="review-book", variant="success")
                with Vertical(id="step-done", classes="wizard-step"):
                    yield Label(_("Booked"), classes="step-title")
                    yield Static("", id="done-text", markup=False)
                    with Horizontal(classes="wizard-buttons"):
                        yield Button(_("New booking"), id="done-again", variant="primary")
                        yield Button(_("Invite to Telegram"), id="done-invite")
            yield Static("", id="wizard-summary")

    # -- data -------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Reload the open step's choices (a master or service may have been blocked)."""
        if self.step in ("master", "service", "date", "time"):
            self.call_later(self.goto, self.step)
        else:
            self._show_steps()

    def preset(self, master_id: int, day: dt.date, start: int) -> None:
        """The journal's Enter on a free slot: master, date and time are chosen; the wizard
        goes straight to the client's phone, then to the services that fit at that time."""
        self.call_later(self._apply_preset, master_id, day, start)

    async def _apply_preset(self, master_id: int, day: dt.date, start: int) -> None:
        await self.action_restart(goto_master=False)
        self.master = Master.get_or_none(Master.id == master_id)
        if self.master is None:
            await self.goto("master")
            return
        self.day, self.start, self.from_journal = day, start, True
        await self.goto("phone")

    async def _after_client(self) -> None:
        """The phone (and a new client's name) are in: the review, or first the services when
        the journal chose everything else."""
        await self.goto("service" if self.from_journal and not self.services else "review")

    # -- navigation -------------------------------------------------------------------------

    async def goto(self, step: str) -> None:
        self.step = step
        loaders = {
            "master": self._load_masters,
            "service": self._load_services,
            "date": self._load_dates,
        }
        if step in loaders:
            loaders[step]()
        elif step == "time":
            await self._load_times()
        elif step == "review":
            self._show_review()
        self.query_one("#wizard", ContentSwitcher).current = f"step-{step}"
        focus = {
            "master": "#master-list",
            "service": "#service-list",
            "date": "#date-calendar",
            "time": "#time-grid",
            "phone": "#phone-input",
            "name": "#first-name",
            "review": "#review-book",
            "done": "",
        }[step]
        if focus:
            self.query_one(focus).focus()
        else:  # a second Enter after Book must not start over and hide the number
            self.set_focus(None)
        self._show_steps()

    def on_resize(self) -> None:
        """The steps and the summary are drawn for the width (after the breakpoint class)."""
        self.call_after_refresh(self._show_steps)

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    def _show_steps(self) -> None:
        current = STEP_NAMES.index(self.step)
        parts = []
        chosen = {"master": self.master, "service": self.services, "date": self.day,
                  "time": self.start is not None}
        for index, (name, title) in enumerate(STEPS):
            # narrow: the numbers, and the current step's name ("1 › 2 › 3 › 4 Time › 5 …")
            text = f"{index + 1} {_(title)}" if index == current or not self.narrow else (
                f"{index + 1}")
            if index == current:
                parts.append(f"[reverse b] {text} [/]")
            elif (index < current and chosen.get(name, True)) or (chosen.get(name)
                                                                   and self.from_journal):
                parts.append(f"[green]{text}[/]")
            else:
                parts.append(f"[dim]{text}[/]")
        self.query_one("#wizard-steps", Static).update(" › ".join(parts))
        summary = self._summary()
        panel = self.query_one("#wizard-summary", Static)
        panel.update(summary)
        panel.display = bool(summary.plain)

    def _summary(self) -> Text:
        """The choice so far: a panel beside the step, or (narrow) one wrapped paragraph below
        it with the values only, "Anna Petrova · Haircut · 1 500 ₽ · 1 h · 24.11.2026 Tu"."""
        currency = settings.load().currency
        narrow = self.narrow
        text = Text() if narrow else Text(_("Your choice") + "\n\n", style="bold")

        def add(label: str, value: str | None) -> None:
            if narrow:
                if value and value != "—":
                    text.append(" · " if text else "", style="dim")
                    text.append(value)
                return
            text.append(f"{label}: ", style="dim")
            text.append(f"{value if value else '—'}\n")

        add(_("Master"), self.master.name if self.master else None)
        chosen = self.services or self.ticked
        if len(chosen) > 1:
            add(_("Services"), visits.NAME_JOIN.join(s.name for s in chosen))
        else:
            add(_("Service"), chosen[0].name if chosen else None)
        if chosen:
            add(_("Price"), format_money(visits.total_price(chosen), currency))
            add(_("Duration"), format_duration(visits.total_duration(chosen)))
        add(_("Date"), format_day(self.day) if self.day else None)
        add(_("Time"), hhmm(self.start) if self.start is not None else None)
        add(_("Phone"), phones.format_phone(self.phone) if self.phone else None)
        add(_("Client"), self._client_name() or None)
        return text

    def _client_name(self) -> str:
        if self.client is not None:
            return self.client.full_name
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    async def action_back(self) -> None:
        previous = {
            "service": "master",
            "date": "service",
            "time": "date",
            "phone": "time",
            "name": "phone",
            "review": "phone" if self.client is not None else "name",
        }
        if self.from_journal:  # phone → name → services → review; back from the phone: journal
            previous.update(service="phone" if self.client is not None else "name",
                            review="service")
            if self.step == "phone":
                self.app.switch_mode("today")
                return
        if self.step == "done":
            await self.action_restart()
        elif self.step in previous:
            await self.goto(previous[self.step])

    async def action_restart(self, goto_master: bool = True) -> None:
        self.from_journal = False
        self.master = self.day = self.start = None
        self.services, self.ticked = [], []
        self.phone = self.client = None
        self.first_name = self.last_name = ""
        for input_id in ("#phone-input", "#first-name", "#last-name", "#comment-input"):
            self.query_one(input_id, Input).value = ""
        self._clear_errors()
        if goto_master:
            await self.goto("master")

    def _clear_errors(self) -> None:
        for error in self.query(".wizard-error").results(Static):
            error.update("")
