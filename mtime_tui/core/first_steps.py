"""The first steps of a new salon (issue 11, defect 11), each one's state read from the data:
an empty salon's Today shows them as a checklist until every step is done."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_
from . import settings
from .people import masters
from .storage.models import Booking, Master, Service


@dataclass(frozen=True)
class Step:
    key: str  # the section key that gets there
    title: str  # an English msgid (the TUI translates it)
    done: bool


def first_steps() -> list[Step]:
    """The steps in order; `is_new_salon()` says whether Today should show them."""
    s = settings.load()
    has_services = Service.select().where(Service.active == True).exists()  # noqa: E712
    active = Master.select().where(Master.active == True)  # noqa: E712
    has_masters = active.exists()
    return [
        Step("9", N_("Settings: the salon's name, address and time zone"),
             s.salon_name != settings.Settings.salon_name),
        Step("2", N_("Services: what clients book, with durations and prices"), has_services),
        Step("3", N_("Masters, and the services each one does"),
             has_masters and not masters.masters_without_services()),
        Step("9", N_("The bot token from @BotFather (Settings)"), bool(s.bot_token)),
        Step("3", N_("Each master presses /start in the bot once"),
             has_masters and not masters.masters_not_started()),
    ]


def is_new_salon() -> bool:
    """No booking was ever made: the checklist is shown (until its steps are done)."""
    return not Booking.select().exists()
