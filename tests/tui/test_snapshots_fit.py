"""Every screen fits (issue 11): each section, the wizard, the cards and the forms at 80×24,
120×36 and 200×50, in English and Russian, over one seeded salon (clock pinned to Monday
2026-11-23 09:00 Moscow). Today belongs to the journal's own pictures; Statistics and Working
time's Month and Week tabs have theirs at the three sizes already. The wizard's other steps and
the dialogs over the booking card and the journal are drawn at 80×24 and 120×36 (at 200×50 they
have room to spare).

Regenerate with `pytest tests/tui/test_snapshots_fit.py --snapshot-update`, turn the SVGs into
PNGs (`rsvg-convert`) and look at them: number, time, client and status in full in every
bookings table, no heading or label cut.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from mtime_tui.core import settings
from mtime_tui.i18n import set_language
from tests.tui.booking_fixtures import (
    TUESDAY,
    book,
    keys,
    new_app,
    seed_pictured_week,
    settle,
    to_day,
)

SIZES = [(80, 24), (120, 36), (200, 50)]


@pytest.fixture
def fitted(salon):
    s = seed_pictured_week()
    # a long name and a pending booking on Tuesday: the widest cells a table meets
    book(s.boris, s.haircut, TUESDAY, 16, phone="+79220003344", first="Konstantin",
         last="Vladimirovich-Rozhdestvensky")
    return s


@pytest.fixture(params=["en", "ru"])
def language(request, fitted):
    settings.save(tui_language=request.param)
    yield request.param
    set_language("en")


def row(number: int):
    async def step(pilot) -> None:
        pilot.app.screen.query_one(DataTable).move_cursor(row=number)

    return step


def week_filter():
    async def step(pilot) -> None:
        pilot.app.screen.select_filter("week")

    return step


SCENES = {
    "services": ("services",),
    "service_form": ("services", keys("a")),
    "masters": ("masters",),
    "master_form": ("masters", row(0), keys("e")),
    "working_time": ("working_time",),
    # Boris works 10–18 every 30 minutes: more times than one row holds at 80 and 120
    "wizard_time": ("new_booking", keys("down", "enter"), keys("enter"),
                    to_day("#date-calendar", TUESDAY), keys("enter")),
    "calendar_day": ("calendar", to_day("#calendar-month", TUESDAY), keys("enter")),
    "booking_card": ("calendar", to_day("#calendar-month", TUESDAY), keys("enter"),
                     keys("enter")),
    "bookings_week": ("bookings", week_filter()),
    "clients": ("clients",),
    "client_card": ("clients", row(0), keys("o")),
    "settings": ("settings",),
}


CARD = SCENES["booking_card"]
# Boris at 10:00 on Tuesday, then the phone of a new client and her name
WIZARD_PHONE = (*SCENES["wizard_time"], keys("enter"))
WIZARD_REVIEW = (*WIZARD_PHONE, keys(*"89120001122", "enter"),
                 keys(*"Vera", "enter", *"Sokolova", "enter"))
DIALOGS = {
    "wizard_master": ("new_booking",),
    "wizard_date": ("new_booking", keys("enter"), keys("down", "enter")),
    "wizard_phone": WIZARD_PHONE,
    "wizard_review": WIZARD_REVIEW,
    "status_picker": (*CARD, keys("s")),
    "cancel_confirmation": (*CARD, keys("c")),
    "reschedule": (*CARD, keys("r")),
    "help": ("today", keys("f1")),
}


def scene(mode: str, *steps):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.app.switch_mode(mode)
        await settle(pilot)
        for step in steps:
            await step(pilot)
            await settle(pilot)
        await pilot.pause(0.05)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCENES))
def test_fits(language, name, size, snap_compare):
    assert snap_compare(new_app(), terminal_size=size, run_before=scene(*SCENES[name]))


@pytest.mark.parametrize("size", SIZES[:2], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog_fits(language, name, size, snap_compare):
    assert snap_compare(new_app(), terminal_size=size, run_before=scene(*DIALOGS[name]))
