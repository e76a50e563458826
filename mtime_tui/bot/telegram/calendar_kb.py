"""An inline month calendar: a header with the month and arrows, weekday names, the days.

Each day inside the allowed range is a button whose data the caller builds (so it carries the
caller's action and the date); days outside it, the header and the weekday names are inert
(`NOOP`, answered and ignored). The arrows move by a month within the range, again with the
caller's action and the first day of the month to show — old calendars re-check that on press.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Mapping

from telegram import InlineKeyboardButton, Update
from telegram.ext import Application

from ...core.people import branches
from ...core.storage.models import Master
from ...i18n import tr
from ...i18n.dates import month_title
from . import callbacks as cb
from .dialogue import Context, answer
from .keyboards import key
from .routes import route
from .texts import WEEKDAYS

NOOP = cb.action("nop")  # an inert cell: a blank day, the header, a weekday name
BLANK = "·"  # Telegram refuses empty or blank button texts

DayData = Callable[[dt.date], str]
MonthData = Callable[[dt.date], str]


def salon_today(master: Master | int | None = None) -> dt.date:
    """Today on the salon's clock, or with a master on their branch's (docs/BRANCHES.md)."""
    return branches.master_today(master)


PLAN_DAYS = 180  # how far ahead a master plans days off and breaks


def plan_range(master: Master | int | None = None) -> tuple[dt.date, dt.date]:
    """Today … PLAN_DAYS ahead: the days a master may choose for days off and breaks."""
    today = salon_today(master)
    return today, today + dt.timedelta(days=PLAN_DAYS)


def this_month(master: Master | int | None = None) -> dt.date:
    return salon_today(master).replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def clamp_month(month: dt.date, first: dt.date, last: dt.date) -> dt.date:
    """The first day of `month`, moved into [first, last]'s months (an old or forged arrow)."""
    month = month.replace(day=1)
    return min(max(month, first.replace(day=1)), last.replace(day=1))


def _inert(text: str) -> InlineKeyboardButton:
    return key(text, cb.encode(NOOP))


def month_rows(
    month: dt.date,
    *,
    lang: str,
    first: dt.date,
    last: dt.date,
    pick: DayData,
    turn: MonthData,
    marks: Mapping[dt.date, int] | None = None,
) -> list[list[InlineKeyboardButton]]:
    """The rows of one month. `pick(day)`/`turn(month)` give the callback data of a day and of an
    arrow; `marks` (e.g. bookings per day) adds a dot to those days."""
    month = clamp_month(month, first, last)
    marks = marks or {}
    prev_month = add_months(month, -1)
    next_month = add_months(month, 1)
    header = [
        key("◀️", turn(prev_month))
        if prev_month >= first.replace(day=1) else _inert(BLANK),
        _inert(month_title(month, lang)),
        key("▶️", turn(next_month))
        if next_month <= last.replace(day=1) else _inert(BLANK),
    ]
    rows = [header, [_inert(tr(name, lang)) for name in WEEKDAYS]]
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        row = []
        for day in week:
            if day.month != month.month or not first <= day <= last:
                row.append(_inert(BLANK))
                continue
            label = str(day.day) + ("•" if marks.get(day) else "")
            row.append(key(label, pick(day)))
        rows.append(row)
    return rows


async def inert(update: Update, context: Context) -> None:
    await answer(update)


def register(app: Application) -> None:
    route(app, {NOOP: inert})
