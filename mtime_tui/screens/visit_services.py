"""The services of an upcoming visit, from the booking card (issue 13): add one or take one away.

`VisitServicesModal(number)` lists the master's active services, ticked where the visit holds
them, with the visit's total under them; Enter on a service adds it (at the end) or takes it
away. Each change goes to `core.booking.visit_edits`, which re-checks it in one write transaction (a
longer visit must still fit); a refusal is shown and changes nothing. Dismisses True if changed.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..core import settings
from ..core.booking import bookings, slots, visit_edits, visits
from ..i18n import N_, _
from ..i18n.amounts import visit_total_text
from ..widgets.booking_table import format_duration, format_money
from ..widgets.slot_grid import hhmm
from .db_work import DbWork


def _toggle_service(number: int, service_id: int) -> None:
    """In a worker: the service leaves the visit if it is in it, else joins it."""
    if service_id in visits.line_ids(bookings.get_booking(number)):
        visit_edits.remove_service(number, service_id)
    else:
        visit_edits.add_service(number, service_id)


class VisitServicesModal(DbWork, ModalScreen[bool]):
    """Tick or untick the services of one upcoming visit."""

    BINDINGS = [Binding("escape", "close", N_("Close"))]

    def __init__(self, number: int) -> None:
        super().__init__(classes="dialog-screen")
        self.number = number
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog visit-services-dialog"):
            yield Static(_("Services of booking No. {number}", number=self.number),
                         classes="dialog-title")
            yield Static(_("Enter: add the service to the visit, or take it away."),
                         classes="field-hint")
            yield OptionList(id="visit-services", markup=False)
            yield Static("", id="visit-total", markup=False)

    def on_mount(self) -> None:
        self._fill()
        self.query_one(OptionList).focus()

    def _fill(self, keep: str | None = None) -> None:
        booking = bookings.get_booking(self.number)
        lines = visits.lines(booking)
        held = {line.service_id for line in lines}
        currency = settings.load().currency
        options = self.query_one(OptionList)
        options.clear_options()
        offered = slots.services_for_master(booking.master_id)
        for line in lines:  # the visit's own first, in its order (a blocked one too)
            options.add_option(Option(
                f"☑ {line.name} — {format_money(line.price, currency)}, "
                f"{format_duration(line.duration)}", id=str(line.service_id)))
        for service in offered:
            if service.id not in held:
                options.add_option(Option(
                    f"☐ {service.name} — {format_money(service.price, currency)}, "
                    f"{format_duration(service.duration)}", id=str(service.id)))
        if keep is not None:
            try:
                options.highlighted = options.get_option_index(keep)
            except Exception:  # the option is gone (a service blocked meanwhile)
                options.highlighted = 0
        elif options.option_count:
            options.highlighted = 0
        total = visit_total_text(len(lines), booking.duration,
                                 format_money(booking.price, currency)
                                 if booking.price is not None else "")
        self.query_one("#visit-total", Static).update(
            _("The visit: {total}; {start}–{end}", total=total, start=hhmm(booking.start),
              end=hhmm(booking.end)))

    @on(OptionList.OptionSelected, "#visit-services")
    def _toggle(self, event: OptionList.OptionSelected) -> None:
        """Add or take away the service in a worker (a busy database: "busy, retrying")."""
        service_id, keep = int(event.option.id or 0), event.option.id

        def toggled(_result: object) -> None:
            self.changed = True
            self._fill(keep=keep)

        self.run_db(_toggle_service, self.number, service_id, done=toggled, group="visit-services")

    def action_close(self) -> None:
        self.dismiss(self.changed)
