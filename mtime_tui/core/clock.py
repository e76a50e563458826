"""The clock, injectable so tests pin "now". Everything that asks for the time asks a Clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


class Clock:
    """The real clock: aware UTC now."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class FixedClock(Clock):
    """A clock that stands still (or moves only when told) — for tests and demos."""

    def __init__(self, at: dt.datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._at = at

    def now(self) -> dt.datetime:
        return self._at

    def set(self, at: dt.datetime) -> None:
        self._at = at

    def advance(self, **delta: float) -> None:
        self._at += dt.timedelta(**delta)


_clock: Clock = Clock()


def get_clock() -> Clock:
    return _clock


def set_clock(clock: Clock) -> None:
    global _clock
    _clock = clock


def now_utc() -> dt.datetime:
    return _clock.now()


def salon_now(tz: ZoneInfo) -> dt.datetime:
    """Now as the salon's wall clock (aware, in the salon's zone)."""
    return _clock.now().astimezone(tz)
