"""Which screen class runs each section (the app's MODES), in the sidebar's order."""

from __future__ import annotations

from textual.screen import Screen

from .booking_wizard import NewBookingScreen
from .bookings import BookingsScreen
from .calendar import CalendarScreen
from .clients import ClientsScreen
from .masters import MastersScreen
from .services import ServicesScreen
from .settings import SettingsScreen
from .statistics import StatisticsScreen
from .today import TodayScreen
from .working_time import WorkingTimeScreen


def section_modes() -> dict[str, type[Screen]]:
    return {
        "today": TodayScreen,
        "services": ServicesScreen,
        "masters": MastersScreen,
        "working_time": WorkingTimeScreen,
        "new_booking": NewBookingScreen,
        "calendar": CalendarScreen,
        "bookings": BookingsScreen,
        "clients": ClientsScreen,
        "settings": SettingsScreen,
        "statistics": StatisticsScreen,
    }
