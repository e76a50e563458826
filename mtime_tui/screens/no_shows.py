"""A client who often does not come (issue 15, setting `no_show_flag`): the flag text, and the
one-key offer to block them, shared by the booking wizard and the booking card."""

from __future__ import annotations

from collections.abc import Callable

from ..core.errors import DomainError
from ..core.people import clients
from ..core.reports import outcomes
from ..core.storage.models import Client
from ..i18n import _
from .dialogs import ConfirmModal


def flag_of(client: Client) -> int:
    """The client's no-shows when they reach the flag, else 0."""
    count = outcomes.no_shows(client.id)
    return count if outcomes.is_flagged(count) else 0


def flag_text(client: Client, count: int) -> str:
    return _("⚠ {name} did not come {count} times", name=client.full_name or "—", count=count)


def offer_block(screen, client: Client, count: int, done: Callable[[bool], None]) -> None:
    """Ask "block?" (Y blocks, N goes on); `done(blocked)` afterwards. `screen` is a DbWork
    screen: the block runs in its worker."""

    def blocked(_result: object) -> None:
        screen.notify(_("{name} is blocked.", name=client.full_name or "—"), markup=False)
        done(True)

    def refused(err: DomainError) -> None:
        screen.notify(err.message(), severity="error", markup=False)
        done(False)

    def answered(yes: bool | None) -> None:
        if not yes:
            done(False)
            return
        screen.run_db(clients.block_client, client.id,
                      _("Did not come {count} times", count=count),
                      done=blocked, failed=refused, group="no-show")

    screen.app.push_screen(
        ConfirmModal(flag_text(client, count) + ". " + _("Block the client? They will not be "
                                                        "able to book."),
                     yes=_("Y Block"), no=_("N Not now")),
        answered,
    )
