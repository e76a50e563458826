"""What the bot thread tells the TUI. A plain dataclass: the TUI wraps it in a Textual message."""

from __future__ import annotations

from dataclasses import dataclass

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
