"""What to do with the upcoming bookings of a master or a client just blocked (issue 11,
defect 5): list them and offer to cancel them — their clients told — or keep them, as a day off
does. The listing and cancelling are core's (`upcoming_bookings`, `cancel_upcoming`), so a
change of a master's hours can offer the same."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from ..core.booking import bookings
from ..core.booking.booking_queries import upcoming_bookings
from ..core.errors import DomainError
from ..core.storage.models import Booking
from ..i18n import N_, _
from .booking_card import booking_line
from .delivery import delivery_note, told_mark
from .dialogs import ConfirmModal


def ask_about_upcoming(
    screen: Screen, items: list[Booking], question: str, done: Callable[[], None],
    lines: list[str] | None = None,
) -> None:
    """Ask whether to cancel `items` (Keep is the safe choice); `done()` afterwards either way.
    `screen` is a DbWork screen: the cancelling runs in its worker."""
    if not items:
        done()
        return

    def cancelled(numbers: list) -> None:
        screen.notify(
            _("Bookings cancelled: {count}; clients on Telegram are told. {delivery}",
              count=len(numbers), delivery=delivery_note(screen.app)),
            markup=False,
        )
        done()

    def refused(err: DomainError) -> None:
        screen.notify(err.message(), title=_("Not done"), severity="error", markup=False)
        done()

    def answered(cancel: bool | None) -> None:
        if not cancel:
            done()
            return
        screen.run_db(bookings.cancel_upcoming, [b.number for b in items], done=cancelled,
                      failed=refused, group="upcoming")

    if lines is None:
        lines = upcoming_lines(items)
    screen.app.push_screen(
        ConfirmModal(question, lines, yes=_("Cancel them"), no=_("Keep them"), danger=True),
        answered,
    )


def upcoming_lines(items: list[Booking]) -> list[str]:
    return [f"{booking_line(b)} — {told_mark(b.client)}" for b in items]


def _listed(**who: int) -> tuple[list[Booking], list[str]]:
    """In a worker: the upcoming bookings and their lines (which read the client, the service)."""
    items = upcoming_bookings(**who)
    return items, upcoming_lines(items)


def after_blocking_master(screen: Screen, master_id: int, name: str, done) -> None:
    _after_blocking(screen, done, N_(
        "{name} is blocked and has {count} upcoming booking(s). Cancel them? Clients on "
        "Telegram are told; call the others. Kept, they stay in the master's day."),
        name, master_id=master_id)


def after_blocking_client(screen: Screen, client_id: int, name: str, done) -> None:
    _after_blocking(screen, done, N_(
        "{name} is blocked and has {count} upcoming booking(s). Cancel them? Kept, they "
        "stay as they are."), name, client_id=client_id)


def _after_blocking(screen: Screen, done, question: str, name: str, **who: int) -> None:
    """List the upcoming bookings of whoever was blocked (in a worker), then ask."""
    def listed(found: tuple[list[Booking], list[str]]) -> None:
        items, lines = found
        ask_about_upcoming(screen, items, _(question, name=name, count=len(items)), done, lines)

    screen.run_db(_listed, **who, done=listed, group="upcoming")
