"""What the bot reported since the last reload, told as one toast per kind instead of one per event.

A burst from the bot (200 bookings in a few seconds, a storm of failed deliveries) would otherwise
mean 200 toasts and 200 reloads of every screen. The app collects the events of one short window
(`WINDOW` seconds from the first) into a `ChangeBatch`, then reloads once and shows its `toasts()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..bot.telegram import events
from ..bot.telegram.events import BotEvent
from ..i18n import _

WINDOW = 0.5  # seconds from the first event of a burst to its one reload
SHOWN_NUMBERS = 5  # booking numbers named in a summary; more become "…"


def _numbers(numbers: list[int]) -> str:
    shown = ", ".join(f"#{n}" for n in numbers[:SHOWN_NUMBERS])
    return shown + (", …" if len(numbers) > SHOWN_NUMBERS else "")


def _names(names: list[str]) -> str:
    return ", ".join(names[:SHOWN_NUMBERS]) + (", …" if len(names) > SHOWN_NUMBERS else "")


@dataclass
class ChangeBatch:
    created: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    undelivered: list[str] = field(default_factory=list)
    writers: list[str] = field(default_factory=list)  # who wrote to the salon, in order
    messages: int = 0
    bound: list[str] = field(default_factory=list)  # clients who used their invitation
    events: int = 0

    def add(self, event: BotEvent) -> None:
        self.events += 1
        number = event.booking_number
        if event.kind == events.BOOKING_CREATED and number is not None:
            if number not in self.created:
                self.created.append(number)
        elif event.kind == events.BOOKING_CHANGED and number is not None:
            if number not in self.changed and number not in self.created:
                self.changed.append(number)
        elif event.kind == events.DELIVERY_FAILED:
            self.undelivered.append(event.text or _("A notification could not be delivered"))
        elif event.kind == events.CLIENT_MESSAGE and event.text:
            self.messages += 1
            if event.text not in self.writers:
                self.writers.append(event.text)
        elif event.kind == events.CLIENT_BOUND:
            self.bound.append(event.text or "—")

    def toasts(self) -> list[tuple[str, str]]:
        """(text, severity) of each toast the batch needs: at most one per kind."""
        toasts = []
        if len(self.created) == 1:
            toasts.append((_("New booking #{number} from Telegram", number=self.created[0]),
                           "information"))
        elif self.created:
            toasts.append((_("New bookings from Telegram: {count} — {numbers}",
                             count=len(self.created), numbers=_numbers(self.created)),
                           "information"))
        if len(self.changed) == 1:
            toasts.append((_("Booking #{number} changed", number=self.changed[0]), "information"))
        elif self.changed:
            toasts.append((_("Bookings changed: {count} — {numbers}",
                             count=len(self.changed), numbers=_numbers(self.changed)),
                           "information"))
        if self.messages == 1:
            toasts.append((_("New message from {name} (I opens the inbox)",
                             name=self.writers[0]), "information"))
        elif self.messages:
            toasts.append((_("New messages: {count} from {names} (I opens the inbox)",
                             count=self.messages, names=_names(self.writers)), "information"))
        if len(self.bound) == 1:
            toasts.append((_("{name} is now on Telegram", name=self.bound[0]), "information"))
        elif self.bound:
            toasts.append((_("Now on Telegram: {names}", names=_names(self.bound)),
                           "information"))
        if len(self.undelivered) == 1:
            toasts.append((self.undelivered[0], "warning"))
        elif self.undelivered:
            toasts.append((_("Notifications not delivered: {count} (see Today)",
                             count=len(self.undelivered)), "warning"))
        return toasts
