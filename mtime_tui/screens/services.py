"""Services: the table, the add/edit form and block/unblock (SPEC "Services")."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static, TextArea

from ..core import settings
from ..core.errors import ValidationError
from ..core.people import services
from ..core.storage.models import Service
from ..i18n import N_, _
from ..widgets.booking_table import format_money
from ..widgets.row_table import RowTable
from .base import fill_table, plain
from .branch_picker import seat_branch
from .dialogs import FormModal, form_field
from .record_section import RecordSection


def state_text(active: bool) -> str:
    return _("active") if active else _("blocked")


class ServiceForm(FormModal[Service]):
    """Add a service, or edit one (`service` given). Dismisses with the saved service."""

    def __init__(self, service: Service | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.service = service

    def form_title(self) -> str:
        if self.service is None:
            return _("New service")
        return _("Edit service: {name}", name=self.service.name)

    def compose_fields(self) -> ComposeResult:
        s = self.service
        yield form_field("name", _("Name *"), Input(s.name if s else "", id="name"))
        yield form_field(
            "description",
            _("Description (shown after the client picks the service)"),
            TextArea(s.description if s else "", id="description", soft_wrap=True),
        )
        with Horizontal(classes="form-row"):
            # as the table shows it, "1 500" (the form takes it back as typed)
            price = "" if s is None or s.price is None else services.amount_text(s.price, "")
            price = price.strip()
            yield form_field(
                "price",
                _("Price, {currency}", currency=settings.load().currency),
                Input(price, id="price", placeholder=_("not shown")),
            )
            yield form_field(
                "duration",
                _("Duration, minutes *"),
                Input(str(s.duration) if s else "", id="duration", placeholder=_("e.g. 75")),
                _("with the break between clients, 5–720"),
            )

    def fields(self) -> dict[str, str]:
        return {name: self.value(name) for name in ("name", "description", "price", "duration")}

    def field_errors(self) -> list[ValidationError]:
        errors = []
        for name, value in self.fields().items():
            try:
                services.VALIDATORS[name](value)
            except ValidationError as err:
                errors.append(err)
        return errors

    def saving(self) -> Callable[[], Service]:
        fields = self.fields()
        if self.service is None:
            return partial(services.create_service, **fields, branch=seat_branch(self.app))
        return partial(services.update_service, self.service.id, **fields)


class ServicesScreen(RecordSection):
    SECTION = "services"
    TABLE_ID = "services-table"
    BINDINGS = [
        Binding("a,ф", "add", N_("Add service")),
        Binding("e,у", "edit", N_("Edit")),
        Binding("b,и", "toggle_block", N_("Block / unblock")),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static(
            _("A blocked service disappears for clients and masters; bookings keep it."),
            classes="section-hint",
        )
        yield RowTable(id="services-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#services-table", DataTable)
        table.add_column(_("Name"), key="name", width=44)
        table.add_column(_("Price"), key="price", width=14)
        table.add_column(_("Duration"), key="duration", width=10)
        table.add_column(_("State"), key="state", width=12)
        table.give_way(("name", 14), ("price", 9))  # 80 columns: every column shows

    def refresh_data(self) -> None:
        currency = settings.load().currency
        fill_table(self.query_one("#services-table", DataTable), [
            (str(service.id), (
                plain(service.name),
                format_money(service.price, currency),
                _("{minutes} min", minutes=service.duration),
                state_text(service.active),
            ))
            for service in services.list_services(branch=self.branch)
        ])

    def fetch(self, record_id: int) -> Service:
        return services.get_service(record_id)

    def form(self, record: Service | None) -> ServiceForm:
        return ServiceForm(record)

    def set_active(self, record_id: int, active: bool) -> object:
        return services.set_service_active(record_id, active)

    def block_question(self, record: Service) -> str:
        if record.active:
            return _("Block the service {name}? Clients and masters will not see it.",
                     name=record.name)
        return _("Unblock the service {name}?", name=record.name)
