"""Importing clients: headers recognised (this app's export, YCLIENTS'), phones parsed as
everywhere, merged by phone without overwriting, a report per refused line, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtime_tui.core.errors import ValidationError
from mtime_tui.core.people import clients
from mtime_tui.core.reports import exports, imports
from mtime_tui.core.storage.models import Client
from tests.reports import fixture_salon

FILES = Path(__file__).parent / "files"

pytestmark = pytest.mark.both_engines


@pytest.fixture
def shop(salon):
    return fixture_salon.build()


def test_yclients_export_imports_as_it_is(shop):
    preview = imports.read_clients(FILES / "yclients.csv", lang="en")
    assert preview.columns == {"name": "Имя", "phone": "Телефон", "notes": "Комментарий"}
    assert not preview.refused and len(preview.new) == 2
    result = imports.apply(preview)
    assert (result.added, result.merged) == (2, 0)
    anna = clients.find_by_phone("+79125550101")
    assert (anna.full_name, anna.last_name, anna.notes) == ("Анна Иванова", "Иванова", "любит кофе")
    assert [c.id for c in clients.search_clients("иванова")] == [anna.id]  # searchable at once
    assert clients.find_by_phone("+79125550102").first_name == "Пётр"


def test_own_export_reimports_as_nothing_new(shop, tmp_path):
    out = tmp_path / "clients.csv"
    exports.export_clients(out, lang="ru")
    preview = imports.read_clients(out)
    assert preview.columns["phone"] == "Телефон" and "first_name" in preview.columns
    assert not preview.refused and not preview.new
    assert preview.unchanged == 4 and not preview.changed


def test_bad_lines_each_with_its_number_and_reason_and_nothing_written(shop):
    Client.update(telegram_id=4242).where(Client.id == shop.ivan.id).execute()
    before = Client.select().count()
    preview = imports.read_clients(FILES / "bad_lines.csv", lang="en")
    reasons = {r.line: r.reason for r in preview.refused}
    assert reasons[3] == "no phone"
    assert reasons[4].startswith("the phone 12345: ")
    assert reasons[6] == "the same phone as line 5"
    assert reasons[7] == "the Telegram ID abc is not a number"
    assert reasons[8] == "the Telegram ID 4242 belongs to another client"
    assert len(reasons) == 5
    (olga,) = preview.merges
    assert olga.fill == {"notes": "new notes"} and olga.kept == [
        "the name Olga is kept (the file says Olga Smirnova)"]
    with pytest.raises(ValidationError, match="5 line\\(s\\) cannot be imported"):
        imports.apply(preview)
    assert Client.select().count() == before  # all or nothing
    result = imports.apply(preview, skip_refused=True)
    assert (result.added, result.merged, result.skipped) == (1, 1, 5)
    assert Client.get_by_id(shop.olga.id).notes == "new notes"
    assert Client.get_by_id(shop.olga.id).first_name == "Olga"  # not overwritten


@pytest.mark.parametrize("name, words", [
    ("empty.csv", "The file is empty"),
    ("no_phone.csv", "No phone column"),
    ("binary.csv", "not a CSV table"),
])
def test_files_that_are_not_client_tables_are_refused(shop, name, words):
    with pytest.raises(ValidationError, match=words) as err:
        imports.read_clients(FILES / name)
    assert err.value.message("ru") != err.value.message("en")


def test_a_missing_file_is_a_clear_error(shop, tmp_path):
    with pytest.raises(ValidationError, match="Cannot read"):
        imports.read_clients(tmp_path / "nope.csv")


def test_a_phone_added_meanwhile_stops_the_whole_import(shop):
    preview = imports.read_clients(FILES / "yclients.csv")
    clients.find_or_create_by_phone("+79125550102", "Someone")
    with pytest.raises(ValidationError, match="added meanwhile"):
        imports.apply(preview)
    assert clients.find_by_phone("+79125550101") is None
