"""Which screen runs each section (the app's MODES), in the sidebar's order — imported on the
section's first visit, not at start-up.

Textual builds a mode's screen on the first switch to it (a MODES value is called then); each
value here is a `LazySection`, which imports the section's module only at that moment. The start
then imports and composes the first section alone (issue 17: all of them cost ~190 ms of
imports before the first paint), and a section that is never opened is never imported.
A new section (or a new screen for one) is one line of `SECTION_SCREENS`: "module:Class" in
this package. What needs a section's class without showing it (the command palette reads its
bindings) asks `section_class`, which imports it then.
"""

from __future__ import annotations

from importlib import import_module

from textual.screen import Screen

from ..widgets.textual_internals import styled_as_app

SECTION_SCREENS: dict[str, str] = {
    "today": "today:TodayScreen",
    "services": "services:ServicesScreen",
    "masters": "masters:MastersScreen",
    "working_time": "working_time:WorkingTimeScreen",
    "new_booking": "booking_wizard:NewBookingScreen",
    "calendar": "calendar:CalendarScreen",
    "bookings": "bookings:BookingsScreen",
    "clients": "clients:ClientsScreen",
    "settings": "settings:SettingsScreen",
    "statistics": "statistics:StatisticsScreen",
}


class LazySection:
    """A MODES value: called by Textual on the mode's first visit, it imports the section's
    module and returns a new screen of its class."""

    def __init__(self, mode: str, where: str) -> None:
        self.mode = mode
        self.module, _, self.name = where.partition(":")

    @property
    def screen_class(self) -> type[Screen]:
        return getattr(import_module(f"{__package__}.{self.module}"), self.name)

    def __call__(self) -> Screen:
        return styled_as_app(self.screen_class())  # no second parse of the whole stylesheet

    def __repr__(self) -> str:
        return f"LazySection({self.mode!r}, '{self.module}:{self.name}')"


def section_modes() -> dict[str, LazySection]:
    return {mode: LazySection(mode, where) for mode, where in SECTION_SCREENS.items()}


def section_class(entry: object) -> type[Screen]:
    """The screen class behind a MODES value (imported now if it was not yet)."""
    if isinstance(entry, LazySection):
        return entry.screen_class
    if isinstance(entry, type) and issubclass(entry, Screen):
        return entry
    raise TypeError(f"not a section's screen: {entry!r}")
