"""Time zones picked by city (issue 11, defect 9)."""

from __future__ import annotations

import datetime as dt

from mtime_tui.core import timezones


def test_every_choice_is_a_real_zone_and_utc_is_there(salon):
    names = [zone.name for zone in timezones.choices()]
    assert "UTC" in names and "Europe/Moscow" in names
    assert not [n for n in names if n.startswith(("Etc/", "SystemV", "posix"))]
    assert len(names) == len(set(names))


def test_search_by_city_in_english_or_russian_and_by_zone(salon):
    assert timezones.search("moscow")[0].name == "Europe/Moscow"
    assert timezones.search("Москва")[0].name == "Europe/Moscow"
    assert timezones.search("казань")[0].name == "Europe/Moscow"
    assert timezones.search("new york")[0].name == "America/New_York"
    assert timezones.search("Asia/Vladiv")[0].name == "Asia/Vladivostok"
    assert timezones.search("no such place") == []


def test_offsets_follow_summer_time():
    winter = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
    summer = dt.datetime(2026, 7, 15, tzinfo=dt.UTC)
    assert timezones.zone_label("Europe/Berlin", winter).endswith("(UTC+01:00)")
    assert timezones.zone_label("Europe/Berlin", summer).endswith("(UTC+02:00)")
    assert timezones.zone_label("America/New_York", winter) == (
        "New York — America/New_York (UTC−05:00)")
