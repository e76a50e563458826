"""The invitation of a client to Telegram: the deep link as text to copy, and as a QR code
(core.people.invitations; offered after a manual booking and on every client's card)."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..core import seat, settings
from ..core.errors import DomainError
from ..core.people import branches, invitations
from ..core.storage.models import Client
from ..i18n import N_, _
from ..widgets.qr_code import QRCode
from .base import TranslatedBindings


class InvitationModal(TranslatedBindings, ModalScreen[None]):
    """Makes (or reuses) the client's invitation and shows it; C copies the link."""

    BINDINGS = [
        Binding("escape", "close", N_("Close")),
        Binding("c,с", "copy", N_("Copy the link")),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__(classes="dialog-screen")
        self.client_id = client_id
        self.link = ""
        self.error = ""
        self.expires = ""
        self.client_name = ""
        try:
            self._prepare()
        except DomainError as err:
            self.error = err.message()

    def _prepare(self) -> None:
        client = Client.get_by_id(self.client_id)
        self.client_name = client.full_name or _("No name")
        bot = settings.load().bot_username
        if not bot:
            self.error = _("The bot's Telegram name is not known yet: set the bot token in "
                           "Settings and let the bot start once, then invite again.")
            return
        invitation = invitations.latest_for(self.client_id) or invitations.create_invitation(
            self.client_id)
        self.link = invitations.link(invitation.token, bot)
        tz = branches.for_branch(settings.load(), seat.seat_branch()).tz  # the seat's clock
        until = invitation.expires_at.replace(tzinfo=dt.UTC).astimezone(tz)
        self.expires = f"{until:%d.%m.%Y %H:%M}"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog invitation"):
            yield Static(_("Invite to Telegram: {name}", name=self.client_name),
                         classes="dialog-title", markup=False)
            if self.error:
                yield Static(self.error, id="invite-error", markup=False)
                yield Static(_("Esc close"), classes="section-hint")
                return
            with Center():
                yield QRCode(self.link, id="invite-qr")
            yield Static(self.link, id="invite-link", markup=False)
            yield Static(_("Send it by SMS or WhatsApp, or let the client scan it."),
                         classes="field-hint", markup=False)
            yield Static(_("Once, until {until} · C copy · Esc close", until=self.expires),
                         classes="section-hint", markup=False)

    def action_copy(self) -> None:
        if self.link:
            self.app.copy_to_clipboard(self.link)
            self.notify(_("The link is copied"), markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
