"""New booking, steps 5–8: the client's phone, a new client's name, the review and the
booking itself (written in a worker), then what was booked (NewBookingScreen holds the wizard's
state and its navigation, `goto`)."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.widgets import Button, Input, Static

from ..core import settings
from ..core.booking import bookings, visits
from ..core.errors import DomainError, SlotTaken, ValidationError
from ..core.people import clients, phones
from ..core.storage.models import SOURCE_MANUAL, Booking, Client
from ..i18n import _
from ..widgets.booking_table import format_day, format_duration, format_money
from ..widgets.slot_grid import hhmm
from . import no_shows
from .base import SectionScreen
from .db_work import busy_text
from .invitation import InvitationModal


class WizardClient(SectionScreen):
    """The wizard's last steps: who the client is, the review, Book and the booked page."""

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


def _make_booking(master_id: int, service_ids: list[int], day: dt.date, start: int, phone: str,
                  client: Client | None, first_name: str, last_name: str,
                  comment: str = "") -> tuple:
    """In the worker: the client (found or saved for next time), then the booking."""
    client = client or clients.find_or_create_by_phone(phone, first_name, last_name)
    booking = bookings.create_booking(service_ids=service_ids, client_id=client.id, day=day,
                                      start=start, master_id=master_id, source=SOURCE_MANUAL,
                                      comment=comment)
    return client, booking
