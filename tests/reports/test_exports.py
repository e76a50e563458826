"""Exports: bookings and clients as CSV read back by the csv module, bookings as iCalendar read
back by the icalendar parser, stable UIDs, owner-only files, the Bookings section's selection."""

from __future__ import annotations

import csv
import datetime as dt
import os
import stat
from zoneinfo import ZoneInfo

import icalendar
import pytest

from mtime_tui.core.booking import visits
from mtime_tui.core.errors import ValidationError
from mtime_tui.core.reports import exports
from mtime_tui.core.storage import files
from mtime_tui.core.storage.models import CANCELLED, COMPLETED, PENDING, Booking
from tests.reports import fixture_salon
from tests.reports.fixture_salon import NOV

pytestmark = pytest.mark.both_engines


@pytest.fixture
def shop(salon):
    s = fixture_salon.build()
    s.olga.last_name = "=HYPERLINK(\"x\")"  # a name a spreadsheet would run as a formula
    s.olga.save()
    return s


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel reads it as UTF-8
    assert b"\r\n" in raw
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


def test_bookings_csv_round_trip(shop, tmp_path):
    out = tmp_path / "bookings.csv"
    count = exports.export_bookings(out, exports.Selection(NOV(16), NOV(22)), lang="en")
    assert count == 8
    header, *rows = read_csv(out)
    assert header[:8] == ["Number", "Date", "Start", "End", "Minutes", "Master", "Services",
                          "Client"]
    first = dict(zip(header, rows[0], strict=True))
    assert first["Date"] == "16.11.2026" and first["Start"] == "10:00" and first["End"] == "11:00"
    assert first["Master"] == "Anna" and first["Services"] == "Cut" and first["Price"] == "1500"
    assert first["Client"] == 'Olga =HYPERLINK("x")'  # not at the start: no formula
    assert first["Phone"] == "8 (912) 000-00-01" and first["Status"] == "Completed"
    statuses = [dict(zip(header, r, strict=True))["Status"] for r in rows]
    assert statuses.count("Cancelled") == 2 and statuses.count("No-show") == 1
    consult = next(dict(zip(header, r, strict=True)) for r in rows if "Consult" in r)
    assert consult["Price"] == "" and consult["Source"] == "master"  # a visit with no price
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_a_formula_is_not_run_and_reads_back_as_typed(shop, tmp_path):
    out = tmp_path / "clients.csv"
    exports.export_clients(out, lang="en")
    header, *rows = read_csv(out)
    olga = next(dict(zip(header, r, strict=True)) for r in rows if r[1] == "Olga")
    assert olga["Last name"] == "'=HYPERLINK(\"x\")"  # a leading apostrophe: text, not a formula
    assert files.unsafe_cell(olga["Last name"]) == "=HYPERLINK(\"x\")"
    assert olga["Visits"] == "3" and olga["No-shows"] == "0"  # completed on the 10th, 16th, 17th
    petr = next(dict(zip(header, r, strict=True)) for r in rows if r[1] == "Petr")
    assert (petr["Visits"], petr["No-shows"]) == ("1", "1")


def test_several_services_of_a_visit_in_one_cell(shop, tmp_path):
    booking = fixture_salon.visit(shop.anna, shop.cut, shop.maria, NOV(2), 10, COMPLETED)
    visits.write_lines(booking, [visits.Line(0, shop.cut.id, "Cut", 60, 1500),
                                 visits.Line(1, shop.colour.id, "Colour", 120, 3000)])
    booking.save()
    out = tmp_path / "day.csv"
    exports.export_bookings(out, exports.Selection(NOV(2), NOV(2)), lang="ru")
    header, row = read_csv(out)
    cells = dict(zip(header, row, strict=True))
    assert cells["Услуги"] == "Cut + Colour" and cells["Цена"] == "4500"
    assert cells["Конец"] == "13:00" and cells["Статус"] == "Выполнена"


def test_the_bookings_sections_selections(shop, tmp_path):
    out = tmp_path / "x.csv"
    assert exports.export_bookings(out, exports.Selection(statuses=(PENDING,))) == 2
    assert exports.export_bookings(out, exports.Selection(search="Petr")) == 3
    assert exports.export_bookings(out, exports.Selection(search="1003")) == 1
    assert exports.export_bookings(out, exports.Selection(master_id=shop.boris.id)) == 7


def ics_events(path):
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return cal, {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_ics_round_trip_in_the_salons_zone_with_stable_uids(shop, tmp_path):
    out = tmp_path / "salon.ics"
    count = exports.export_bookings(out, exports.Selection(NOV(16), NOV(22)), fmt="ics",
                                   lang="en")
    assert count == 8 and stat.S_IMODE(os.stat(out).st_mode) == 0o600
    cal, events = ics_events(out)
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Moscow"]
    first = next(e for e in events.values() if "Booking № 1003" in str(e["description"]))
    start = first.decoded("dtstart")
    assert start == dt.datetime(2026, 11, 16, 10, 0, tzinfo=ZoneInfo("Europe/Moscow"))
    assert first.decoded("dtend") - start == dt.timedelta(minutes=60)
    assert str(first["summary"]).startswith("Anna: Cut — Olga")
    assert sorted(str(e["status"]) for e in events.values()).count("CANCELLED") == 2
    # Exported again after a change: the same UIDs, the changed event's SEQUENCE grew.
    booking = Booking.get(Booking.number == 1003)
    old_sequence = int(first["sequence"])
    booking.status = CANCELLED
    booking.updated_at = booking.updated_at + dt.timedelta(hours=1)
    booking.save()
    again = tmp_path / "again.ics"
    exports.export_bookings(again, exports.Selection(NOV(16), NOV(22)), fmt="ics")
    _, events2 = ics_events(again)
    assert events2.keys() == events.keys()
    changed = events2[str(first["uid"])]
    assert str(changed["status"]) == "CANCELLED" and int(changed["sequence"]) > old_sequence


def test_ics_of_one_master_is_named_after_them(shop, tmp_path):
    out = tmp_path / "boris.ics"
    assert exports.export_bookings(out, exports.Selection(master_id=shop.boris.id), fmt="ics") == 7
    cal, events = ics_events(out)
    assert str(cal["x-wr-calname"]) == "Test Salon — Boris"
    assert all(not str(e["summary"]).startswith("Boris:") for e in events.values())


def test_an_export_into_a_folder_or_nowhere_is_a_clear_error(shop, tmp_path):
    with pytest.raises(ValidationError, match="is a folder"):
        exports.export_clients(tmp_path)
    with pytest.raises(ValidationError, match="Cannot write"):
        exports.export_clients(tmp_path / "no" / "such" / "dir" / "x.csv")
    assert not list(tmp_path.glob("*.part"))


def test_progress_is_reported_by_pages(shop, tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 4)
    seen = []
    exports.export_bookings(tmp_path / "p.csv", progress=lambda done, total: seen.append(
        (done, total)))
    assert seen[0] == (0, 15) and seen[-1] == (15, 15) and (8, 15) in seen
