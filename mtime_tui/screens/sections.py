"""Which screen class runs each section (the app's MODES)."""

from __future__ import annotations

import importlib
import logging

from textual.screen import Screen

log = logging.getLogger(__name__)

# mode name -> (module under mtime_tui.screens, class name)
SECTION_SCREENS: dict[str, tuple[str, str]] = {
    "today": ("today", "TodayScreen"),
    "services": ("services", "ServicesScreen"),
    "masters": ("masters", "MastersScreen"),
    "working_time": ("working_time", "WorkingTimeScreen"),
    "new_booking": ("booking_wizard", "NewBookingScreen"),
    "calendar": ("calendar", "CalendarScreen"),
    "bookings": ("bookings", "BookingsScreen"),
    "clients": ("clients", "ClientsScreen"),
    "settings": ("settings", "SettingsScreen"),
}


def section_modes() -> dict[str, type[Screen]]:
    """Every section whose module is there (all nine in a finished build)."""
    modes: dict[str, type[Screen]] = {}
    for mode, (module, name) in SECTION_SCREENS.items():
        try:
            modes[mode] = getattr(importlib.import_module(f"{__package__}.{module}"), name)
        except ImportError as err:  # TEMP while the sections are being built in parallel
            log.warning("section %s is not available: %s", mode, err)
    return modes
