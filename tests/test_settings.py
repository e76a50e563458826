"""Settings: typed, validated all-or-nothing, overridable by the environment for the bot."""

from __future__ import annotations

import pytest

from mtime_tui.core import settings
from mtime_tui.core.errors import ValidationError
from mtime_tui.core.storage.models import Setting

pytestmark = pytest.mark.both_engines

TOKEN = "123456789:AAHk2x_QbZ-9yV3mN8pL1wR5tE6uI0oPaSd"


def test_defaults_and_fixture_values(salon):
    s = settings.load()
    assert (s.salon_name, s.timezone, s.tui_language) == ("Test Salon", "Europe/Moscow", "en")
    assert (s.currency, s.horizon_days, s.min_notice_minutes, s.reminder_hours) == ("₽", 14, 0, (24, 2))
    assert s.phone_region == "RU" and s.bot_api_url == settings.TELEGRAM_API_URL
    assert str(s.tz) == "Europe/Moscow"


def test_save_round_trips_types(salon):
    s = settings.save(horizon_days="30", min_notice_minutes=60, reminder_hours="2, 24, 24",
                      notify_admins=False, phone_region="gb", currency=" $ ")
    assert (s.horizon_days, s.min_notice_minutes, s.reminder_hours) == (30, 60, (24, 2))
    assert (s.notify_admins, s.phone_region, s.currency) == (False, "GB", "$")
    assert settings.load() == s


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("timezone", "Mars/Olympus"),
        ("timezone", ""),
        ("horizon_days", 0),
        ("horizon_days", 366),
        ("horizon_days", "two"),
        ("min_notice_minutes", -1),
        ("min_notice_minutes", 10081),
        ("reminder_hours", "24, two"),
        ("reminder_hours", "0"),
        ("reminder_hours", "169"),
        ("tui_language", "de"),
        ("salon_name", "  "),
        ("salon_name", "n" * 101),
        ("salon_address", "a" * 201),
        ("currency", ""),
        ("currency", "dollars"),
        ("phone_region", "XX"),
        ("bot_token", "no colon here"),
        ("bot_token", "123: with space"),
        ("bot_token", "123456789:…" + TOKEN[-4:]),  # the masked form is never a token
        ("bot_token", "123456789:short"),
        ("bot_token", TOKEN + "x"),
        ("bot_api_url", "ftp://example.org"),
        ("no_such_setting", "x"),
    ],
)
def test_bad_values_name_the_field_and_are_translated(salon, name, value):
    with pytest.raises(ValidationError) as err:
        settings.save(**{name: value})
    assert err.value.field == name
    assert err.value.message("ru") != err.value.message("en")


def test_save_is_all_or_nothing(salon):
    with pytest.raises(ValidationError):
        settings.save(salon_name="New name", horizon_days=0)
    assert settings.load().salon_name == "Test Salon"


def test_environment_overrides_the_bot_settings(salon, monkeypatch):
    settings.save(bot_token="1:stored-token-aaaaaaaaaaaaaaaaaaaaaa", bot_api_url="http://127.0.0.1:8081/bot")
    monkeypatch.setenv("MTIME_BOT_TOKEN", f" {TOKEN} ")
    monkeypatch.setenv("MTIME_BOT_API_URL", "http://127.0.0.1:9999/bot")
    s = settings.load()
    assert (s.bot_token, s.bot_api_url) == (TOKEN, "http://127.0.0.1:9999/bot")
    stored = settings.load(with_env=False)
    assert (stored.bot_token, stored.bot_api_url) == ("1:stored-token-aaaaaaaaaaaaaaaaaaaaaa", "http://127.0.0.1:8081/bot")


def test_loaded_settings_are_made_once_per_state_of_the_database(salon, monkeypatch):
    """Every press loads the settings: while nothing is written, the same (frozen) settings are
    handed out, not made again; a save, a write by hand or the environment is seen."""
    first = settings.load()
    assert settings.load() is first and settings.load(with_env=False) is first
    saved = settings.save(salon_name="Renamed")
    assert settings.load() is not first and settings.load() == saved
    assert settings.load().salon_name == "Renamed"
    Setting.update(value="Changed by hand").where(Setting.key == "salon_name").execute()
    assert settings.load().salon_name == "Changed by hand"
    monkeypatch.setenv("MTIME_BOT_TOKEN", TOKEN)
    assert settings.load().bot_token == TOKEN and settings.load(with_env=False).bot_token == ""


def test_token_is_masked_for_display(salon):
    s = settings.save(bot_token=TOKEN)
    assert s.token_masked == "123456789:…" + TOKEN[-4:]
    assert TOKEN.split(":")[1] not in s.token_masked
    assert settings.save(bot_token="").token_masked == ""


def test_hand_edited_bad_value_falls_back_to_default(salon):
    Setting.insert(key="horizon_days", value="lots").execute()
    Setting.insert(key="unknown_key", value="1").execute()
    assert settings.load().horizon_days == 14


def test_admins(salon):
    settings.add_admin(" 555 ", "Boss")
    settings.add_admin(111)
    assert settings.admin_ids() == [111, 555]
    with pytest.raises(ValidationError) as err:
        settings.add_admin(555)
    assert err.value.field == "telegram_id"
    settings.remove_admin(555)
    assert settings.admin_ids() == [111]


@pytest.mark.parametrize("bad", ["", "abc", "-5", "0", "1.5", str(2**52), "12 34", "²", "١٢٣"])
def test_parse_telegram_id_rejects(bad):
    with pytest.raises(ValidationError):
        settings.parse_telegram_id(bad)


def test_parse_telegram_id_accepts():
    assert settings.parse_telegram_id(" 123456789 ") == 123456789
