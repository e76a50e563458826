"""The booking card: what the guide's "view of a booking" shows, and what the admin can do to it.

`BookingCard(number)` is a `ModalScreen[bool]`: it dismisses with True when it changed the
booking, so the screen under it (calendar, bookings, today) reloads. Every action calls core,
which re-checks everything (a reschedule onto a time taken meanwhile raises SlotTaken).
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..core import settings
from ..core.booking import bookings, slots, visit_edits, visits
from ..core.errors import DomainError
from ..core.messaging import notify
from ..core.storage.models import BY_SALON, CANCELLED, Booking
from ..i18n import N_, _
from ..widgets.booking_table import (
    client_phone,
    format_day,
    format_duration,
    format_money,
    status_name,
    status_text,
)
from ..widgets.card_fields import CardFields
from ..widgets.month_calendar import MonthCalendar
from ..widgets.slot_grid import SlotGrid, hhmm
from . import no_shows
from .base import show_text
from .db_work import DbWork, busy_text, is_busy, quick_reads
from .delivery import client_told, message_sent
from .dialogs import ConfirmModal, TextInputModal
from .visit_services import VisitServicesModal


def booking_line(booking: Booking) -> str:
    """One line naming a booking (for confirmations): "№1001 23.11.2026 Mo 10:00 Anna, Haircut"."""
    return _(
        "No. {number}: {day} {time}, {master}, {service}, {client}",
        number=booking.number,
        day=format_day(booking.date),
        time=hhmm(booking.start),
        master=booking.master.name,
        service=visits.title(booking),
        client=booking.client.full_name or client_phone(booking),
    )


def _editable(booking: Booking | None) -> bool:
    """Whether the visit's services may change: an upcoming (pending/confirmed) visit."""
    return booking is not None and booking.status in bookings.UPCOMING


class StatusList(OptionList):
    """An option list whose cursor stops at the ends: Up on the first status does not wrap round
    to "Cancelled" (issue 11, defect 2)."""

    def action_cursor_up(self) -> None:
        if self.highlighted:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()


class StatusModal(ModalScreen[str | None]):
    """Pick a status among those that make sense for the booking's time (core's
    `statuses_for`); the current one is marked and highlighted, so Enter alone changes nothing.
    Dismisses with the new status, or None (Escape, or the current one picked)."""

    BINDINGS = [Binding("escape", "dismiss_none", N_("Cancel"))]

    def __init__(self, booking: Booking) -> None:
        super().__init__(classes="dialog-screen")
        self.current = booking.status
        self.choices = bookings.statuses_for(booking)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog status-dialog"):
            yield Static(_("New status"), classes="dialog-title")
            yield StatusList(
                *(Option(self._label(s), id=s) for s in self.choices), id="status-list"
            )
            yield Static(_("↑↓ choose · Enter set · Esc cancel"), classes="section-hint card-keys")

    def _label(self, status: str) -> Text:
        if status == self.current:
            return Text.assemble("● ", status_text(status), " ", (_("(now)"), "dim"))
        return Text.assemble("  ", status_text(status))

    def on_mount(self) -> None:
        status_list = self.query_one(StatusList)
        status_list.highlighted = self.choices.index(self.current)
        status_list.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(None if event.option.id == self.current else event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class RescheduleModal(ModalScreen[tuple[dt.date, int] | None]):
    """A new date and free time for the same master and service."""

    BINDINGS = [Binding("escape", "back", N_("Back"))]

    def __init__(self, booking: Booking) -> None:
        super().__init__(classes="dialog-screen")
        self.booking = booking
        self.day: dt.date | None = None

    def compose(self) -> ComposeResult:
        days = slots.horizon()
        with Vertical(classes="dialog reschedule-dialog"):
            yield Static(
                _("Move booking No. {number}", number=self.booking.number), classes="dialog-title"
            )
            yield Label(_("Choose a date, then a free time."), id="reschedule-hint")
            with Horizontal(classes="reschedule-body"):
                yield MonthCalendar(
                    days[0], today=days[0], first=days[0], last=days[-1], id="reschedule-calendar"
                )
                yield SlotGrid(columns=4, id="reschedule-times")

    def on_mount(self) -> None:
        calendar = self.query_one(MonthCalendar)
        dates = visit_edits.move_dates(self.booking)  # for the visit's whole duration
        # The booking's own day stays pickable: another time on the same day is a move too.
        if self.booking.date in slots.horizon():
            dates = [*dates, self.booking.date]
        calendar.set_enabled(dates)
        calendar.set_marks({day: "•" for day in dates})
        calendar.focus()

    @on(MonthCalendar.DayPicked)
    async def _day(self, event: MonthCalendar.DayPicked) -> None:
        self.day = event.day
        starts = visit_edits.move_starts(self.booking, event.day)
        grid = self.query_one(SlotGrid)
        await grid.set_slots(starts)
        self.query_one("#reschedule-hint", Label).update(
            _("Free times on {day}:", day=format_day(event.day))
        )
        grid.focus()

    @on(SlotGrid.Picked)
    def _time(self, event: SlotGrid.Picked) -> None:
        if self.day is not None:
            self.dismiss((self.day, event.start))

    def action_back(self) -> None:
        if self.query_one(SlotGrid).has_focus:
            self.query_one(MonthCalendar).focus()
        else:
            self.dismiss(None)


class BookingCard(DbWork, ModalScreen[bool]):
    """Master, number, date, time, service, client, phone, status — and what can be done."""

    BINDINGS = [
        Binding("escape", "close", N_("Close")),
        Binding("s,ы", "status", N_("Status")),
        Binding("r,к", "reschedule", N_("Move")),
        Binding("c,с", "cancel_booking", N_("Cancel booking")),
        Binding("m,ь", "message", N_("Message the client")),
        Binding("v,м", "services", N_("Services of the visit")),
        Binding("b,и", "block", N_("Block the client"), show=False),
    ]

    def __init__(self, number: int) -> None:
        # "card-screen": an opaque background. Under a translucent one Textual renders the
        # screen below (Today's 300-row table, which repaints as it loses focus) into every
        # update of the card; over a solid colour it renders only the card.
        super().__init__(classes="dialog-screen card-screen")
        self.number = number
        self.booking: Booking | None = None
        self.changed = False
        self._error: DomainError | None = None

    def compose(self) -> ComposeResult:
        """Composed with the booking's values (read here, ~1 ms), so the first layout has them:
        fields mounted after it cost another layout and paint."""
        booking = self.booking = self._fetch()
        rows = self._rows(booking) if booking is not None else []
        view = self._view(booking) if booking is not None else {}
        with Vertical(classes="dialog booking-card"):
            yield Static(view.get("#card-title", ""), id="card-title", classes="dialog-title")
            yield CardFields(rows, id="card-fields")
            yield Static(view.get("#card-contact", ""), id="card-contact", markup=False)
            yield Static(view.get("#card-note", ""), id="card-note")
            flag = Static(view.get("#card-flag", ""), id="card-flag", classes="warning-line",
                          markup=False)
            flag.display = bool(view.get("#card-flag"))  # no empty line under most cards
            yield flag
            note = str(view.get("#card-note", ""))
            cancelled = booking is not None and booking.status == CANCELLED
            with Horizontal(classes="dialog-buttons card-buttons"):
                yield Button(_("S Status"), id="card-status", variant="primary", compact=True)
                yield Button(_("R Move"), id="card-move", compact=True, disabled=cancelled)
                yield Button(
                    _("C Cancel booking"), id="card-cancel", variant="error", compact=True,
                    disabled=cancelled,
                )
                yield Button(_("M Message"), id="card-message", compact=True,
                             disabled=bool(note), tooltip=note or None)
            # a second row: at 80 columns the first holds four buttons in both languages
            with Horizontal(classes="dialog-buttons card-buttons card-buttons-2"):
                yield Button(_("V Services"), id="card-services", compact=True,
                             disabled=not _editable(booking))
                yield Button(_("Esc Close"), id="card-close", compact=True)

    def on_mount(self) -> None:
        if self._error is not None:  # say why (not found) and close
            self.notify(self._error.message(), severity="error", markup=False)
            self.dismiss(self.changed)

    def refresh_data(self) -> None:
        """The booking may have changed in the bot meanwhile: show it as it is now."""
        self.reload()

    def _fetch(self) -> Booking | None:
        try:
            return bookings.get_booking(self.number)
        except DomainError as err:
            self._error = err
            return None

    def _rows(self, booking: Booking) -> list[tuple[str, str | Text]]:
        currency = settings.load().currency
        return [
            (_("Master"), booking.master.name),
            (_("Number"), str(booking.number)),
            (_("Date"), format_day(booking.date)),
            (_("Time"), f"{hhmm(booking.start)}–{hhmm(booking.end)}"),
            (_("Services") if len(visits.lines(booking)) > 1 else _("Service"),
             visits.title(booking)),
            (_("Price"), format_money(booking.price, currency)),
            (_("Duration"), format_duration(booking.duration)),
            (_("Client"), booking.client.full_name or "—"),
            (_("Phone"), client_phone(booking)),
            (_("Status"), status_text(booking.status)),
            *([(_("Wish"), booking.comment.replace("\n", " "))] if booking.comment else []),
        ]

    def _view(self, booking: Booking) -> dict[str, str]:
        """The texts around the fields, by widget id."""
        tg = booking.client.telegram_id
        contact = [client_phone(booking)]
        if tg:
            contact.append(f"tg://user?id={tg}")
        self.missed = no_shows.flag_of(booking.client) if not booking.client.blocked else 0
        flag = (no_shows.flag_text(booking.client, self.missed) + " · " + _("B: block")
                if self.missed else "")
        return {
            "#card-flag": flag,
            "#card-title": _("Booking No. {number}", number=booking.number),
            "#card-contact": _("Contact: ") + "  ".join(contact),
            "#card-note": "" if tg else _("The client has no Telegram: messages cannot be sent."),
        }

    def reload(self) -> None:
        """Show the booking as it is now; the reads wait ~0.1 s for another program's lock (a
        busy database keeps what is shown and says so)."""
        try:
            with quick_reads():
                booking = bookings.get_booking(self.number)
                rows, view = self._rows(booking), self._view(booking)
        except DomainError as err:
            if is_busy(err):
                self.notify(busy_text(), severity="warning", markup=False)
                return
            self.notify(err.message(), severity="error", markup=False)
            self.dismiss(self.changed)
            return
        self.booking = booking
        self.query_one(CardFields).show(rows)
        for selector, text in view.items():
            show_text(self.query_one(selector, Static), text)
        self.query_one("#card-flag", Static).display = bool(view["#card-flag"])
        note = view["#card-note"]
        message = self.query_one("#card-message", Button)
        message.disabled = bool(note)
        message.tooltip = note or None
        is_cancelled = booking.status == CANCELLED
        self.query_one("#card-cancel", Button).disabled = is_cancelled
        self.query_one("#card-move", Button).disabled = is_cancelled
        self.query_one("#card-services", Button).disabled = not _editable(booking)

    def _done(self, text: str) -> None:
        self.changed = True
        self.notify(text, markup=False)
        self.reload()

    def action_close(self) -> None:
        self.dismiss(self.changed)

    def action_block(self) -> None:
        """The one-key "block?" offer for a client flagged for no-shows."""
        if self.booking is None or not getattr(self, "missed", 0):
            return

        def done(blocked: bool) -> None:
            if blocked:
                self.changed = True
                self.reload()

        no_shows.offer_block(self, self.booking.client, self.missed, done)

    def action_status(self) -> None:
        if self.booking is None:
            return

        def chosen(status: str | None) -> None:
            if not status:
                return
            if status == CANCELLED:  # the same confirmation as the Cancel button
                self.action_cancel_booking()
                return
            self.run_db(bookings.set_status, self.number, status, group="card",
                        done=lambda _r: self._done(_("Status: {status}",
                                                     status=status_name(status))))

        self.app.push_screen(StatusModal(self.booking), chosen)

    def action_reschedule(self) -> None:
        if self.booking is None or self.booking.status == CANCELLED:
            self.app.bell()
            return

        def chosen(when: tuple[dt.date, int] | None) -> None:
            if when is None:
                return
            day, start = when
            self.run_db(bookings.reschedule, self.number, day=day, start=start, by=BY_SALON,
                        group="card",
                        done=lambda _r: self._done(_("Moved to {day} {time}",
                                                     day=format_day(day), time=hhmm(start))))

        self.app.push_screen(RescheduleModal(self.booking), chosen)

    def action_cancel_booking(self) -> None:
        if self.booking is None or self.booking.status == CANCELLED:
            self.app.bell()
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self.run_db(bookings.cancel, self.number, by=BY_SALON, group="card",
                        done=lambda _r: self._done(_("Booking No. {number} is cancelled.",
                                                     number=self.number)))

        question = _("Cancel this booking?") + " " + client_told(self.booking.client, self.app)
        items = [booking_line(self.booking)]
        self.app.push_screen(ConfirmModal(question, items, danger=True), answered)

    def action_message(self) -> None:
        if self.booking is None:
            return
        if not self.booking.client.telegram_id:
            self.notify(_("The client has no Telegram: messages cannot be sent."), severity="warning")
            return
        client_id = self.booking.client_id

        def written(text: str | None) -> None:
            if not text or not text.strip():
                return
            self.run_db(notify.message_client, client_id, text.strip(), group="card",
                        done=lambda _r: self.notify(message_sent(self.app), markup=False))

        modal = TextInputModal(
            _("Message to {client}", client=self.booking.client.full_name or "—"),
            _("Text"),
            multiline=True,
            submit=_("Send"),
        )
        self.app.push_screen(modal, written)

    def action_services(self) -> None:
        if not _editable(self.booking):
            self.app.bell()
            return

        def closed(changed: bool | None) -> None:
            if changed:
                self._done(_("The services of booking No. {number} are changed.",
                             number=self.number))

        self.app.push_screen(VisitServicesModal(self.number), closed)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        actions = {
            "card-status": self.action_status,
            "card-move": self.action_reschedule,
            "card-cancel": self.action_cancel_booking,
            "card-message": self.action_message,
            "card-services": self.action_services,
            "card-close": self.action_close,
        }
        action = actions.get(event.button.id or "")
        if action:
            action()
