"""Reusable pieces of the admin TUI: the month calendar and the grid of times."""

from __future__ import annotations

from .month_calendar import MonthCalendar
from .slot_grid import SlotGrid, hhmm

__all__ = ["MonthCalendar", "SlotGrid", "hhmm"]
