"""What the bot thread tells the TUI. A plain dataclass: the TUI wraps it in a Textual message."""

from __future__ import annotations

from dataclasses import dataclass

# The bot's states (BotRunner.state, and the text of a STATE_CHANGED event). Here, not in the
# runner, so that the TUI can name them without importing python-telegram-bot.
RUNNING = "running"
NO_TOKEN = "no_token"
TOKEN_REJECTED = "token_rejected"  # Telegram said the token is not a bot's (401)
UNREACHABLE = "unreachable"
STOPPED = "stopped"

BOOKING_CREATED = "booking_created"
BOOKING_CHANGED = "booking_changed"
STATE_CHANGED = "state_changed"
DELIVERY_FAILED = "delivery_failed"
CLIENT_MESSAGE = "client_message"  # a client wrote to the salon (or staff replied): text = name
CLIENT_BOUND = "client_bound"  # an invitation link was used: text = the client's name
SEAT_CHANGED = "seat_changed"  # another seat on the server (a TUI, a bot process) wrote


@dataclass(frozen=True)
class BotEvent:
    kind: str
    booking_number: int | None = None
    text: str = ""
