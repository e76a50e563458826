"""New booking: the guide's "manual booking" for a client without Telegram, steps 1–8.

Master → service (one, or several ticked with Space for one visit) → date → free time → phone → (first and last name, unless the phone is
known) → review → booked. Every list is asked from core when its step opens, so a service
blocked a moment ago is gone; Book lets core re-check the time inside one write transaction, and
a lost race goes back to the times with a fresh list.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, ContentSwitcher, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..core import settings
from ..core.booking import bookings, slots, visits
from ..core.errors import DomainError, SlotTaken, ValidationError
from ..core.people import clients, masters, phones
from ..core.storage.models import SOURCE_MANUAL, Booking, Client, Master, Service
from ..i18n import N_, _
from ..i18n.amounts import visit_total_text
from ..widgets.booking_table import format_day, format_duration, format_money
from ..widgets.month_calendar import MonthCalendar
from ..widgets.slot_grid import SlotGrid, hhmm
from . import no_shows
from .base import SectionScreen
from .db_work import busy_text
from .invitation import InvitationModal

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


class NewBookingScreen(SectionScreen):
    """The manual booking wizard; Escape goes back one step."""

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

    def _load_masters(self) -> None:
        masters = [m for m in _active_masters(self.branch) if slots.services_for_master(m.id)]
        option_list = self.query_one("#master-list", OptionList)
        option_list.clear_options()
        option_list.add_options(Option(m.name, id=str(m.id)) for m in masters)
        if not masters:
            option_list.add_option(
                Option(_("No master with services: add masters and their services first."),
                       disabled=True)
            )
        elif self.master is not None and str(self.master.id) in {str(m.id) for m in masters}:
            option_list.highlighted = option_list.get_option_index(str(self.master.id))
        else:
            option_list.highlighted = 0

    def _load_services(self) -> None:
        assert self.master is not None
        services = slots.services_for_master(self.master.id)
        if self.from_journal and self.day is not None and self.start is not None:
            services = [s for s in services if self._fits([s.id])]
        offered = {service.id for service in services}
        self.ticked = [service for service in self.ticked if service.id in offered]
        option_list = self.query_one("#service-list", OptionList)
        keep = option_list.highlighted
        option_list.clear_options()
        ticked = {service.id for service in self.ticked}
        for service in services:
            option_list.add_option(Option(self._service_label(service, service.id in ticked),
                                          id=str(service.id)))
        if not services and self.from_journal:
            option_list.add_option(Option(_("No service of the master fits at this time."),
                                          disabled=True))
        elif not services:
            option_list.add_option(Option(_("The master has no active services."), disabled=True))
        else:
            option_list.highlighted = min(keep or 0, len(services) - 1)
        self._show_service_total()

    def _service_label(self, service: Service, ticked: bool) -> str:
        label = _(
            "{name} — {price}, {duration}",
            name=service.name,
            price=format_money(service.price, settings.load().currency),
            duration=format_duration(service.duration),
        )
        return f"{'☑' if ticked else '☐'} {label}"

    def _show_service_total(self) -> None:
        total = self.query_one("#service-total", Static)
        if not self.ticked:
            total.update(_("Enter: this service. Space: tick several for one visit."))
            return
        total.update(_("Ticked: {names}\n{total}\nEnter: next with the ticked ones.",
                       names=visits.NAME_JOIN.join(s.name for s in self.ticked),
                       total=_visit_total(self.ticked)))

    def action_tick_service(self) -> None:
        """Space on the service step: tick or untick the highlighted service."""
        if self.step != "service":
            return
        option_list = self.query_one("#service-list", OptionList)
        if option_list.highlighted is None:
            return
        option = option_list.get_option_at_index(option_list.highlighted)
        if option.disabled or not option.id:
            return
        service_id = int(option.id)
        if any(s.id == service_id for s in self.ticked):
            self.ticked = [s for s in self.ticked if s.id != service_id]
        elif len(self.ticked) >= visits.MAX_SERVICES:
            self.notify(_("At most {limit} services in one visit", limit=visits.MAX_SERVICES),
                        severity="warning")
            return
        else:
            service = Service.get_or_none(Service.id == service_id)
            if service is None:
                return
            self.ticked.append(service)
        self._load_services()
        self._show_steps()

    def _ids(self) -> int | tuple[int, ...]:
        ids = tuple(s.id for s in self.services)
        return ids[0] if len(ids) == 1 else ids

    def _load_dates(self) -> None:
        assert self.master is not None and self.services
        days = slots.horizon()
        free = slots.available_dates(self._ids(), self.master.id)
        calendar = self.query_one("#date-calendar", MonthCalendar)
        calendar.today = days[0]
        calendar.set_range(days[0], days[-1])
        calendar.set_enabled(free)
        calendar.set_marks({day: "•" for day in free})
        target = self.day if self.day in free else (free[0] if free else days[0])
        calendar.show_day(target)
        if not free:
            self.notify(_("No free time within the booking horizon."), severity="warning")

    async def _load_times(self) -> None:
        assert self.master is not None and self.services and self.day is not None
        starts = slots.free_starts(self.master.id, self._ids(), self.day)
        self.query_one("#time-title", Label).update(
            _("Choose a free time on {day}", day=format_day(self.day))
        )
        grid = self.query_one("#time-grid", SlotGrid)
        await grid.set_slots(starts)
        if self.start in starts:
            grid.cursor = starts.index(self.start)

    def _fits(self, service_ids: list[int]) -> bool:
        """Whether the visit can start at the chosen time (the journal's slot)."""
        assert self.master is not None and self.day is not None
        ids = service_ids[0] if len(service_ids) == 1 else tuple(service_ids)
        return self.start in slots.free_starts(self.master.id, ids, self.day)

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

    # -- steps ------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#master-list")
    async def _master_chosen(self, event: OptionList.OptionSelected) -> None:
        self.master = Master.get_or_none(Master.id == int(event.option.id or 0))
        if self.master is not None:
            await self.goto("service")

    @on(OptionList.OptionSelected, "#service-list")
    async def _service_chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter: the ticked services, in the order ticked — or, none ticked, this one."""
        if self.ticked:
            self.services = list(self.ticked)
        else:
            service = Service.get_or_none(Service.id == int(event.option.id or 0))
            self.services = [service] if service is not None else []
        if self.services and self.from_journal:
            if not self._fits([s.id for s in self.services]):
                self.notify(_("These services do not fit at {time}: the next booking or a "
                              "break starts earlier.", time=hhmm(self.start or 0)),
                            severity="warning", markup=False)
                self.services = []
                return
            await self.goto("review")
        elif self.services:
            await self.goto("date")

    @on(MonthCalendar.DayPicked, "#date-calendar")
    async def _date_chosen(self, event: MonthCalendar.DayPicked) -> None:
        self.day = event.day
        await self.goto("time")

    @on(SlotGrid.Picked, "#time-grid")
    async def _time_chosen(self, event: SlotGrid.Picked) -> None:
        self.start = event.start
        await self.goto("phone")

    @on(Input.Submitted, "#phone-input")
    async def _phone_entered(self, event: Input.Submitted) -> None:
        error = self.query_one("#phone-error", Static)
        try:
            phone = phones.parse_phone(event.value, settings.load().phone_region)
        except ValidationError as err:
            error.update(err.message())
            return
        error.update("")
        self.phone = phone
        self.client = clients.find_by_phone(phone)
        if self.client is not None and self.client.blocked:
            error.update(
                _("This client is blocked: {reason}", reason=self.client.block_reason or "—")
            )
            self.client = None
            return
        if self.client is not None:
            self.notify(
                _("Known client: {name}", name=self.client.full_name or phone), markup=False
            )
            count = no_shows.flag_of(self.client)
            if count:
                self._offer_block(self.client, count)
                return
            await self._after_client()
        else:
            await self.goto("name")

    def _offer_block(self, client, count: int) -> None:
        """A client who often does not come: block them (and stop here), or book anyway."""
        error = self.query_one("#phone-error", Static)

        async def decided(blocked: bool) -> None:
            if blocked:
                self.client = None
                error.update(_("This client is blocked: {reason}",
                               reason=_("Did not come {count} times", count=count)))
                return
            await self._after_client()

        no_shows.offer_block(self, client, count, lambda blocked: self.call_later(decided, blocked))

    @on(Input.Submitted, "#first-name")
    def _first_entered(self) -> None:
        self.query_one("#last-name", Input).focus()

    @on(Input.Submitted, "#last-name")
    @on(Button.Pressed, "#name-next")
    async def _name_entered(self) -> None:
        values = {}
        ok = True
        for field in ("first_name", "last_name"):
            widget_id = field.replace("_", "-")
            error = self.query_one(f"#{widget_id}-error", Static)
            try:
                values[field] = clients.validate_name(
                    self.query_one(f"#{widget_id}", Input).value,
                    field,
                    required=field == "first_name",
                )
                error.update("")
            except ValidationError as err:
                error.update(err.message())
                if ok:
                    self.query_one(f"#{widget_id}", Input).focus()
                ok = False
        if ok:
            self.first_name, self.last_name = values["first_name"], values["last_name"]
            await self._after_client()

    def _show_review(self) -> None:
        assert self.master and self.services and self.day and self.start is not None
        currency = settings.load().currency
        what = [(_("Service"), self.services[0].name)]
        if len(self.services) > 1:
            what = [(_("Services") if i == 0 else "",
                     f"{s.name} — {format_money(s.price, currency)}, {format_duration(s.duration)}")
                    for i, s in enumerate(self.services)]
        rows = [
            (_("Master"), self.master.name),
            *what,
            (_("Price"), format_money(visits.total_price(self.services), currency)),
            (_("Duration"), format_duration(visits.total_duration(self.services))),
            (_("Date"), format_day(self.day)),
            (_("Time"), hhmm(self.start)),
            (_("Client"), self._client_name() or "—"),
            (_("Phone"), phones.format_phone(self.phone) if self.phone else "—"),
        ]
        width = max(len(label) for label, _v in rows)
        text = Text()
        for label, value in rows:
            text.append(label.ljust(width) + "  ", style="bold")
            text.append(value + "\n")
        self.query_one("#review-text", Static).update(text)
        self.query_one("#review-error", Static).update("")

    @on(Button.Pressed, "#review-back")
    async def _review_back(self) -> None:
        await self.action_back()

    @on(Input.Submitted, "#comment-input")
    async def _wish_entered(self) -> None:
        await self._book()

    @on(Button.Pressed, "#review-book")
    def _book(self) -> None:
        """Book in a worker: while another program holds the database the wizard says so, keeps
        answering keys and books as soon as the lock is gone (db_work.run_db)."""
        assert self.master and self.services and self.day and self.start is not None
        assert self.phone is not None
        if self._booking:
            return  # a second press while the first one waits
        self._booking = True
        self.query_one("#review-error", Static).update("")
        self.run_db(
            _make_booking, self.master.id, [s.id for s in self.services], self.day, self.start,
            self.phone,
            self.client, self.first_name, self.last_name,
            self.query_one("#comment-input", Input).value,
            done=self._booked, failed=self._not_booked, on_busy=self._book_waits,
            group="wizard-book", exclusive=True,
        )

    def _book_waits(self) -> None:
        self.query_one("#review-error", Static).update(busy_text())

    async def _not_booked(self, err: DomainError) -> None:
        self._booking = False
        if isinstance(err, SlotTaken):
            self.notify(
                _("This time was just taken. Choose another one."),
                title=_("Not booked"),
                severity="warning",
            )
            self.start = None
            await self.goto("time")
            return
        self.query_one("#review-error", Static).update(err.message())

    async def _booked(self, made: tuple[Client, Booking]) -> None:
        self._booking = False
        client, booking = made
        self.client = client
        assert self.master
        self.query_one("#done-text", Static).update(
            _(
                "Booking No. {number} is made: {client}, {day} {time}, {master}, {service}.\n"
                "The client is saved; the master will be notified.\n\n"
                "Escape or the button below: a new booking.",
                number=booking.number,
                client=client.full_name or phones.format_phone(client.phone),
                day=format_day(booking.date),
                time=hhmm(booking.start),
                master=self.master.name,
                service=visits.NAME_JOIN.join(s.name for s in self.services),
            )
        )
        self.query_one("#done-invite", Button).display = client.telegram_id is None
        await self.goto("done")

    @on(Button.Pressed, "#done-invite")
    def _invite(self) -> None:
        if self.client is not None:
            self.app.push_screen(InvitationModal(self.client.id))

    @on(Button.Pressed, "#done-again")
    async def _again(self) -> None:
        await self.action_restart()


def _visit_total(items: list[Service]) -> str:
    """"2 services · 2 h 15 min · 3 500 ₽" in the TUI's language."""
    price = visits.total_price(items)
    currency = settings.load().currency
    return visit_total_text(len(items), visits.total_duration(items),
                            format_money(price, currency) if price is not None else "")


def _make_booking(master_id: int, service_ids: list[int], day: dt.date, start: int, phone: str,
                  client: Client | None, first_name: str, last_name: str,
                  comment: str = "") -> tuple:
    """In the worker: the client (found or saved for next time), then the booking."""
    client = client or clients.find_or_create_by_phone(phone, first_name, last_name)
    booking = bookings.create_booking(service_ids=service_ids, client_id=client.id, day=day,
                                      start=start, master_id=master_id, source=SOURCE_MANUAL,
                                      comment=comment)
    return client, booking


def _active_masters(branch: int | None = None) -> list[Master]:
    return masters.list_masters(include_blocked=False, branch=branch)
