"""Rows for booking tests, made straight with the peewee models (no dependency on the services,
masters and clients modules, so the booking core can be tested on its own)."""

from __future__ import annotations

import datetime as dt
import itertools

from mtime_tui.core.storage.models import (
    Client,
    Master,
    MasterService,
    Service,
    TelegramUser,
    WorkHours,
)

_ids = itertools.count(1000)


def service(name: str = "Haircut", duration: int = 60, price: int | None = 1500, **kw) -> Service:
    return Service.create(name=name, duration=duration, price=price, **kw)


def master(
    name: str = "Anna",
    *services: Service,
    shift_start: int = 9,
    shift_end: int = 21,
    interval: int = 60,
    telegram_id: int | None = None,
    **kw,
) -> Master:
    m = Master.create(
        telegram_id=telegram_id or next(_ids) * 1000 + 7,
        name=name,
        interval=interval,
        **kw,
    )
    for day in range(7):  # shift hours, the same on every weekday
        WorkHours.create(master=m, kind="week", day=day, start=shift_start * 60,
                         last_start=shift_end * 60)
    for s in services:
        MasterService.create(master=m, service=s)
    return m


def client(
    first_name: str = "Olga",
    *,
    telegram_id: int | None = None,
    phone: str | None = None,
    language: str = "ru",
    **kw,
) -> Client:
    return Client.create(
        first_name=first_name,
        telegram_id=telegram_id,
        phone=phone or f"+7912{next(_ids):07d}",
        language=language,
        **kw,
    )


def telegram_user(telegram_id: int, language: str = "en") -> TelegramUser:
    return TelegramUser.create(telegram_id=telegram_id, language=language)


def hm(text: str) -> int:
    """'09:30' -> 570."""
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)
