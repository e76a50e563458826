"""Names are normalised in one place (core.people.fields.normal_name) on every path that stores one:
NFC, invisible format characters out, single spaces; bidi overrides refused where a name is
typed and dropped where it comes from Telegram. Search finds a name whatever was typed around it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from mtime_tui.core import settings
from mtime_tui.core.booking import booking_queries, bookings
from mtime_tui.core.errors import ValidationError
from mtime_tui.core.people import clients, masters, services
from mtime_tui.core.people.fields import normal_name
from mtime_tui.core.storage.models import SOURCE_MANUAL, Client

from .conftest import TODAY

pytestmark = pytest.mark.both_engines

ZW_IVAN = "\u200bИван\u200d"  # zero-width space before, zero-width joiner after
DECOMPOSED = "Иосиф Андреи\u0306"  # "й" as и + combining breve
COMPOSED = unicodedata.normalize("NFC", DECOMPOSED)


@pytest.mark.parametrize(("typed", "stored"), [
    (ZW_IVAN, "Иван"),
    ("\ufeffАнна\u00ad", "Анна"),  # a byte-order mark, a soft hyphen
    ("Анна\u2060  Мария", "Анна Мария"),  # a word joiner; two spaces
    ("Анна\u00a0Мария", "Анна Мария"),  # a no-break space between the parts
    (DECOMPOSED, COMPOSED),
    ("  Olga  ", "Olga"),
])
def test_normal_name(typed, stored):
    assert normal_name(typed) == stored
    assert normal_name(stored) == stored  # stable


def test_every_path_that_stores_a_name_normalises_it(salon):
    client = clients.find_or_create_by_phone("+79120000001", ZW_IVAN, DECOMPOSED)
    assert (client.first_name, client.last_name) == ("Иван", COMPOSED)
    other = clients.find_or_create_by_phone("+79120000002", "Пётр")
    assert clients.update_client(other.id, first_name=ZW_IVAN).first_name == "Иван"
    telegram = clients.telegram_client(42, first_name="\u200dМария\u202e", last_name=DECOMPOSED)
    assert (telegram.first_name, telegram.last_name) == ("Мария", COMPOSED)  # never refused
    shared = clients.telegram_client_with_phone(43, "+79120000003", first_name=ZW_IVAN)
    assert shared.first_name == "Иван"
    assert services.create_service(name="\u200bСтрижка", duration=60).name == "Стрижка"
    master = masters.create_master(telegram_id=777, name="Анна\u200d", shift_start=9,
                                   shift_end=18, interval=60)
    assert master.name == "Анна"
    assert masters.update_master(master.id, name=DECOMPOSED).name == COMPOSED
    assert settings.add_admin(555, "\u200bOwner").name == "Owner"
    stored = {c.first_name for c in Client.select()}
    assert not any("\u200b" in n or "\u200d" in n for n in stored)


@pytest.mark.parametrize("bad", ["Ива\u202eн", "\u2066Иван", "Иван\u0007"])
def test_a_typed_name_that_must_be_refused_still_is(salon, bad):
    with pytest.raises(ValidationError) as refused:
        clients.find_or_create_by_phone("+79120000009", bad)
    assert refused.value.field == "first_name" and refused.value.message("ru")
    with pytest.raises(ValidationError):
        services.create_service(name=bad, duration=30)
    with pytest.raises(ValidationError):
        masters.validate_name(bad)
    assert Client.select().count() == 0


def test_search_finds_ivan_typed_with_zero_width_characters(salon):
    ivan = clients.find_or_create_by_phone("+79120000001", ZW_IVAN, "Петров")
    for typed in ("Иван", ZW_IVAN, "\u200bив", "петров \u200dиван", "Иван\u00a0Петров"):
        assert [c.id for c in clients.search_clients(typed)] == [ivan.id], typed
        assert clients.count_clients(typed) == 1, typed
    haircut = services.create_service(name="Haircut", duration=60)
    anna = masters.create_master(telegram_id=1, name="Anna", shift_start=9, shift_end=18,
                                 interval=60)
    masters.add_master_services(anna.id, [haircut.id])
    booking = bookings.create_booking(service_id=haircut.id, client_id=ivan.id,
                                      day=TODAY + dt.timedelta(days=1), start=600,
                                      master_id=anna.id, source=SOURCE_MANUAL)
    assert [b.number for b in booking_queries.search_bookings(ZW_IVAN)] == [booking.number]
