"""Masters: the table, the add/edit form, block/unblock and the master's services."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from ..core import settings
from ..core.booking import day_plans, schedule
from ..core.errors import ValidationError
from ..core.people import branches, masters, services
from ..core.people.fields import clean_text
from ..core.storage.models import Master, Service
from ..i18n import N_, _
from ..widgets.row_table import RowTable
from .base import fill_table, plain, show_text
from .branch_picker import seat_branch
from .dialogs import FormModal, form_field
from .master_move import MoveMasterForm
from .record_section import RecordSection
from .services import state_text
from .upcoming import after_blocking_master


def hours_text(master: Master, plan: schedule.Schedule | None = None) -> str:
    return schedule.compact_text(plan or day_plans.schedule_of(master))


class MasterForm(FormModal[Master]):
    """Add a master, or edit one (`master` given). Dismisses with the saved master."""

    def __init__(self, master: Master | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.master = master

    def form_title(self) -> str:
        if self.master is None:
            return _("New master")
        return _("Edit master: {name}", name=self.master.name)

    def compose_fields(self) -> ComposeResult:
        m = self.master
        with Horizontal(classes="form-row"):
            yield form_field("name", _("Name *"), Input(m.name if m else "", id="name"))
            yield form_field(
                "telegram_id",
                _("Telegram ID *"),
                Input(str(m.telegram_id) if m else "", id="telegram_id", placeholder="123456789"),
            )
        with Horizontal(classes="form-row"):
            if m is None:  # a new master's hours, every weekday; shaped later in Working time
                yield form_field(
                    "shift_start",
                    _("First start *"),
                    Input("", id="shift_start", placeholder="9:00"),
                )
                yield form_field(
                    "shift_end",
                    _("Last start *"),
                    Input("", id="shift_end", placeholder="18:00"),
                )
            yield form_field(
                "interval",
                _("Interval, min *"),
                Input(str(m.interval) if m else "", id="interval", placeholder="30"),
            )
        if m is not None:
            yield Static(
                plain(_("Working time: {week} (change it in Working time)",
                        week=schedule.week_text(day_plans.schedule_of(m)))),
                id="master-week", classes="field-hint",
            )
        yield form_field(
            "photo",
            _("Photo file (JPG, PNG or WebP)"),
            Input((m.photo or "") if m else "", id="photo", placeholder="~/Pictures/anna.jpg"),
        )
        yield form_field(
            "about", _("About"), TextArea(m.about if m else "", id="about", soft_wrap=True)
        )

    def fields(self) -> dict[str, str]:
        names = ("telegram_id", "name", "interval", "photo", "about")
        if self.master is None:
            names += ("shift_start", "shift_end")
        return {name: self.value(name) for name in names}

    def field_errors(self) -> list[ValidationError]:
        """Core's field checks, all at once: every wrong field is marked on one save (shift hours
        and their order too); a duplicate Telegram ID comes from `submit()`."""
        checks = {
            "telegram_id": settings.parse_telegram_id,
            "name": masters.validate_name,
            "shift_start": lambda v: masters.validate_time(v, "shift_start"),
            "shift_end": lambda v: masters.validate_time(v, "shift_end"),
            "interval": masters.validate_interval,
            "photo": masters.validate_photo,
            "about": lambda v: clean_text(v, "about", limit=masters.ABOUT_LIMIT, multiline=True),
        }
        errors = []
        values = self.fields()
        hours: dict[str, int] = {}
        for name, check in checks.items():
            if name not in values:
                continue
            try:
                result = check(values[name])
            except ValidationError as err:
                errors.append(err)
            else:
                if name in ("shift_start", "shift_end"):
                    hours[name] = result
        if len(hours) == 2:
            try:
                masters.check_shift_order(hours["shift_start"], hours["shift_end"])
            except ValidationError as err:
                errors.append(err)
        return errors

    def saving(self) -> Callable[[], Master]:
        fields = self.fields()
        if self.master is None:
            return partial(masters.create_master, **fields, branch=seat_branch(self.app))
        return partial(masters.update_master, self.master.id, **fields)


class MasterServicesForm(FormModal[list[Service]]):
    """Tick the services a master performs: the active ones, plus blocked ones still linked."""

    def __init__(self, master: Master) -> None:
        super().__init__(classes="dialog-screen")
        self.master = master
        self.linked = {s.id for s in masters.master_services(master.id)}

    def form_title(self) -> str:
        return _("Services of {name}", name=self.master.name)

    def compose_fields(self) -> ComposeResult:
        choices = [
            Selection(  # a Text prompt: a service name is not read as markup
                Text(s.name if s.active else _("{name} (blocked)", name=s.name)),
                s.id,
                s.id in self.linked,
            )
            for s in services.list_services(branch=self.master.branch_id)
            if s.active or s.id in self.linked
        ]
        widget = SelectionList[int](*choices, id="services")
        if not choices:
            yield Static(_("No services yet: add them in the Services section."))
        yield form_field("services", _("Space ticks or unticks a service"), widget)

    def saving(self) -> Callable[[], list[Service]]:
        chosen = set(self.query_one("#services", SelectionList).selected)
        added = [sid for sid in chosen if sid not in self.linked]
        removed = [sid for sid in self.linked if sid not in chosen]
        master_id = self.master.id

        def write() -> list[Service]:
            if added:
                masters.add_master_services(master_id, added)
            if removed:
                masters.remove_master_services(master_id, removed)
            return masters.master_services(master_id)

        return write


class MastersScreen(RecordSection):
    SECTION = "masters"
    TABLE_ID = "masters-table"
    BINDINGS = [
        Binding("a,ф", "add", N_("Add master")),
        Binding("e,у", "edit", N_("Edit")),
        Binding("s,ы", "services", N_("Services")),
        Binding("b,и", "toggle_block", N_("Block / unblock")),
        Binding("m,ь", "move_branch", N_("Move to another branch")),  # a chain's only
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("", id="masters-warnings", classes="warning-line")
        yield RowTable(id="masters-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#masters-table", DataTable)
        table.add_column(_("Name"), key="name", width=24)
        table.add_column(_("Telegram ID"), key="tid", width=12)
        table.add_column(_("Hours"), key="hours", width=11)
        table.add_column(_("Interval"), key="interval", width=8)
        table.add_column(_("Services"), key="services", width=8)
        table.add_column(_("State"), key="state", width=10)
        table.add_column(_("/start"), key="started", width=8)
        # 80 columns: the Telegram ID and the interval (both in the form) and the count of
        # services (the warning line names a master without any) go, then the name narrows
        table.give_way(("tid", 0), ("services", 0), ("interval", 0), ("name", 12),
                       ("started", 6), ("state", 8))

    def refresh_data(self) -> None:
        not_started = {m.id for m in masters.masters_not_started(branch=self.branch)}
        without = masters.masters_without_services(branch=self.branch)
        counts = masters.service_counts(active_only=True)
        rows = []
        listed = masters.list_masters(branch=self.branch)
        plans = day_plans.schedules(listed)  # one query for every master's hours
        for master in listed:
            count = counts.get(master.id, 0)
            rows.append((str(master.id), (
                plain(master.name),
                str(master.telegram_id),
                hours_text(master, plans[master.id]),
                _("{minutes} min", minutes=master.interval),
                str(count) if count else "⚠ 0",
                state_text(master.active),
                _("no") if master.id in not_started else _("yes"),
            )))
        fill_table(self.query_one("#masters-table", DataTable), rows)
        warning = ""
        if without:
            names = ", ".join(m.name for m in without)
            warning = _("⚠ Add services to the master: {names}", names=names)
        show_text(self.query_one("#masters-warnings", Static), plain(warning))

    def fetch(self, record_id: int) -> Master:
        return masters.get_master(record_id)

    def form(self, record: Master | None) -> MasterForm:
        return MasterForm(record)

    def set_active(self, record_id: int, active: bool) -> object:
        return masters.set_master_active(record_id, active)

    def block_question(self, record: Master) -> str:
        if record.active:
            return _("Block the master {name}? Clients will not be offered them; bookings stay.",
                     name=record.name)
        return _("Unblock the master {name}?", name=record.name)

    def after_block(self, record: Master) -> None:
        if record.active:  # just blocked: what about their upcoming bookings?
            after_blocking_master(self, record.id, record.name,
                                  lambda: self.reload(force=True))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move_branch":
            return self.branch is not None
        return True

    def action_move_branch(self) -> None:
        self.with_selected(self._move)

    def _move(self, master: Master) -> None:
        def done(bookings: list | None) -> None:
            if bookings is None:
                return
            self.reload(force=True)
            moved = masters.get_master(master.id)
            self.notify(_("{name} now works in {branch}; add the services they do there (S)",
                          name=master.name, branch=branches.get_branch(moved.branch_id).name),
                        markup=False)

        self.app.push_screen(MoveMasterForm(master), done)

    def action_services(self) -> None:
        self.with_selected(self._edit_services)

    def _edit_services(self, master: Master) -> None:
        def done(linked: list[Service] | None) -> None:
            if linked is not None:
                self.reload(force=True)
                self.notify(
                    _("{name}: {count} services", name=master.name, count=len(linked)), markup=False
                )

        self.app.push_screen(MasterServicesForm(master), done)
