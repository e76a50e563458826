"""Reads whose SQL is built once (`core.storage.prepared`): on each engine they give exactly the rows the
same peewee query gives, run again with other values, converted as peewee converts them."""

from __future__ import annotations

import pytest

from mtime_tui.core import settings
from mtime_tui.core.booking import slots
from mtime_tui.core.people import clients, masters
from mtime_tui.core.storage.models import Client, Master, Service
from mtime_tui.core.storage.prepared import Prepared

from . import salon_rows as rows

pytestmark = pytest.mark.both_engines


def same(a, b) -> bool:
    return a is None and b is None or (a is not None and b is not None and a.__data__ == b.__data__)


def test_the_hot_reads_give_what_peewee_gives(salon):
    cut, colour, gone = rows.service("Cut"), rows.service("Colour"), rows.service("Old", active=False)
    anna = rows.master("Anna", cut, colour, telegram_id=111)
    rows.master("Boris", cut, telegram_id=222, active=False)
    vera = rows.master("Vera", cut, gone, telegram_id=333)
    olga = rows.client("Olga", telegram_id=444)
    for _ in range(2):  # the second round runs the SQL built in the first
        assert same(masters.master_by_telegram(111), Master.get_by_id(anna.id))
        assert masters.master_by_telegram(222) is None  # not active
        assert masters.master_by_telegram(999) is None
        assert [m.id for m in slots.masters_for_service(cut.id)] == [anna.id, vera.id]
        assert [m.id for m in slots.masters_for_service(colour.id)] == [anna.id]
        assert slots.masters_for_service(gone.id) == []
        assert all(same(m, Master.get_by_id(m.id)) for m in slots.masters_for_service(cut.id))
        assert same(slots.bookable_service(cut.id), Service.get_by_id(cut.id))
        assert slots.bookable_service(gone.id) is None
        assert same(clients.client_by_telegram(444), Client.get_by_id(olga.id))
        assert clients.client_by_telegram(555) is None
    loaded = masters.master_by_telegram(111)
    assert loaded.active is True and not loaded.is_dirty()  # converted, nothing to save
    settings.save(salon_name="Salon Two")
    assert settings.load().salon_name == "Salon Two"  # the settings rows, read with built SQL


def test_a_prepared_read_refuses_what_it_cannot_run():
    with pytest.raises(ValueError):  # the value used twice
        Prepared(lambda a: Master.select().where((Master.id == a) | (Master.telegram_id == a)),
                 1)._compiled()
    with pytest.raises(TypeError):
        Prepared(lambda a: Master.select().where(Master.id == a), 1)()
