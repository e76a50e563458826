"""What really happens to a message or a notice the TUI hands to the bot (issue 11, defect 6):
the texts that promise a client will be told say so only when they will be, and when."""

from __future__ import annotations

from textual.app import App

from ..core.people.phones import format_phone
from ..core.storage.models import Client
from ..i18n import _
from .bot_link import NO_TOKEN, RUNNING, TOKEN_REJECTED, UNREACHABLE


def delivery_note(app: App) -> str:
    """When what was just queued reaches Telegram, by the bot's state in this window."""
    link = getattr(app, "bot", None)
    state = link.state if link is not None else ""
    if state == RUNNING:
        return _("The bot sends it now.")
    if state == UNREACHABLE:
        return _("It waits: the bot cannot reach Telegram and keeps trying.")
    if state == NO_TOKEN:
        return _("It waits until the bot runs: set the bot token in Settings (9).")
    if state == TOKEN_REJECTED:
        return _("It waits until the bot runs: Telegram rejected the token (Settings, 9).")
    if link is not None and not link.enabled:
        return _("It waits: the demo salon runs without the bot.")
    return _("It waits until the bot runs again.")


def message_sent(app: App) -> str:
    """The toast after a message to a client was kept for the bot."""
    return _("The message is kept in the conversation. {delivery}", delivery=delivery_note(app))


def client_told(client: Client, app: App) -> str:
    """Whether (and when) a client hears of a change the salon makes to their booking."""
    if not client.telegram_id:
        phone = format_phone(client.phone) if client.phone else "—"
        return _("The client is not on Telegram and will not be told: call them ({phone}).",
                 phone=phone)
    link = getattr(app, "bot", None)
    if link is not None and link.state == RUNNING:
        return _("The client is told in Telegram.")
    return _("The client is told in Telegram once the bot runs.")


def told_mark(client: Client) -> str:
    """A short mark after a booking in a list of bookings about to be cancelled."""
    if client.telegram_id:
        return _("told in Telegram")
    phone = format_phone(client.phone) if client.phone else "—"
    return _("not on Telegram: call {phone}", phone=phone)
