"""Domain errors: things a user can cause. Each carries an English message id and its params, so
the TUI or the bot can show it in the user's language (`err.message(lang)`)."""

from __future__ import annotations

from ..i18n import tr


class DomainError(Exception):
    """Base of all errors a user can cause and should see explained."""

    def __init__(self, msgid: str, /, **params: object) -> None:
        self.msgid = msgid
        self.params = params
        super().__init__(tr(msgid, "en", **params))

    def message(self, lang: str | None = None) -> str:
        return tr(self.msgid, lang, **self.params)


class ValidationError(DomainError):
    """Bad input in a form field; `field` names the field so a form can show it beside it."""

    def __init__(self, msgid: str, /, field: str | None = None, **params: object) -> None:
        self.field = field
        super().__init__(msgid, **params)


class SlotTaken(DomainError):
    """The time was free when offered but is not any more (lost race, old button)."""


class NotFound(DomainError):
    """The thing asked for does not exist (any more)."""


class NotAllowed(DomainError):
    """The user may not do this (wrong role, not their booking, blocked)."""


class TooLate(NotAllowed):
    """A client's online cancel or move inside the salon's cut-off: call the salon instead."""


class TooManyBookings(NotAllowed):
    """A client already holds as many upcoming bookings as the salon allows."""


class Conflict(DomainError):
    """The change clashes with existing data (e.g. a day off over bookings without confirmation)."""

    def __init__(self, msgid: str, /, items: list | None = None, **params: object) -> None:
        self.items = items or []
        super().__init__(msgid, **params)


class DatabaseUnavailable(DomainError):
    """The database file cannot be opened, is locked beyond the busy timeout, or is read-only."""


# SQLite's words for "someone else holds the file" or "we may not write it": the user can wait or
# fix the file's permissions, so these become a DatabaseUnavailable with a clear message.
_BUSY_WORDS = ("locked", "busy")
_READONLY_WORDS = ("readonly", "read-only", "attempt to write")


def unavailable_error(exc: Exception) -> DatabaseUnavailable | None:
    """The DatabaseUnavailable for a lock or read-only OperationalError, else None (a bug)."""
    text = str(exc).lower()
    if any(word in text for word in _BUSY_WORDS):
        return DatabaseUnavailable(
            "The database is busy (another program is writing to it). Please try again in a moment."
        )
    if any(word in text for word in _READONLY_WORDS):
        return DatabaseUnavailable(
            "The database file cannot be written (read-only). Check the file's permissions."
        )
    return None
