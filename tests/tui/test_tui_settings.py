"""Settings section: all-or-nothing save with messages by the fields, the masked token, admins,
and "check the bot" against the fake Telegram on 127.0.0.1."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Static

from mtime_tui.core import settings
from mtime_tui.screens.dialogs import TextInputModal
from mtime_tui.screens.settings import SettingsScreen
from mtime_tui.screens.timezone_picker import TimezoneModal
from tests.fakegram import FakeTelegram

from .conftest import SIZE, settle, type_into

pytestmark = pytest.mark.anyio

TOKEN = "123456789:AAFakeSecretPartOfTheTokenXYZ9-abcd"
NEW_TOKEN = "987654:NEWtokenAAAAAAAAAAAAAAAAAAAAAAAABCD"


async def open_settings(pilot) -> SettingsScreen:
    await pilot.press("9")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SettingsScreen)
    return pilot.app.screen


def error_text(screen, field: str) -> str:
    return str(screen.query_one(f"#error-{field}", Static).render())


async def test_save_changes_every_field_at_once(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await type_into(pilot, "#salon_name", "Barbershop <North>")
        await type_into(pilot, "#salon_address", "Lenina 1")
        await type_into(pilot, "#horizon_days", "30")
        await type_into(pilot, "#min_notice_minutes", "60")
        await type_into(pilot, "#reminder_hours", "2, 24, 48")
        await type_into(pilot, "#currency", "EUR")
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = settings.load()
        assert (saved.salon_name, saved.salon_address, saved.horizon_days,
                saved.min_notice_minutes, saved.reminder_hours, saved.currency) == (
            "Barbershop <North>", "Lenina 1", 30, 60, (48, 24, 2), "EUR")
        assert app.title == "Barbershop <North>"
        assert screen.query_one("#reminder_hours", Input).value == "2, 24, 48"


async def test_wrong_values_are_all_shown_and_nothing_is_saved(app_factory):
    app = app_factory()
    before = settings.load()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await type_into(pilot, "#salon_address", "A valid new address")
        await type_into(pilot, "#salon_name", "")
        await type_into(pilot, "#horizon_days", "0")
        await type_into(pilot, "#reminder_hours", "24, soon")
        await type_into(pilot, "#bot_api_url", "ftp://example")
        await type_into(pilot, "#bot_token", "not a token")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_text(screen, "salon_name") == "The salon name is required"
        assert error_text(screen, "horizon_days") == "The booking horizon must be 1 to 365 days"
        assert error_text(screen, "reminder_hours").startswith("Reminder hours are whole numbers")
        assert error_text(screen, "bot_api_url").startswith("The Bot API address must start")
        assert error_text(screen, "bot_token").startswith("This does not look like a bot token")
        assert "Nothing saved" in str(screen.query_one("#form-error", Static).render())
        assert settings.load() == before, "all or nothing: the valid address was not saved"


async def test_the_token_is_masked_and_replaced_only_when_a_new_one_is_typed(app_factory):
    settings.save(bot_token=TOKEN)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        field = screen.query_one("#bot_token", Input)
        assert field.value == "" and field.password
        hint = str(screen.query_one("#token-hint", Static).render())
        assert "123456789:…abcd" in hint
        assert all(TOKEN not in str(w.render()) for w in screen.query("Input, Static"))
        # saving other things keeps the token
        await type_into(pilot, "#salon_phone", "+7 900 000-00-00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert settings.load().bot_token == TOKEN
        # a new token replaces it, is never shown in clear while typed, and the hint shows it masked
        await type_into(pilot, "#bot_token", NEW_TOKEN)
        assert NEW_TOKEN not in str(field.render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert settings.load().bot_token == NEW_TOKEN
        assert field.value == ""
        assert "987654:…ABCD" in str(screen.query_one("#token-hint", Static).render())
        # "Remove the token" asks first (No is focused), then removes it
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert settings.load().bot_token == NEW_TOKEN
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert settings.load().bot_token == ""
        assert "No token yet" in str(screen.query_one("#token-hint", Static).render())


@pytest.mark.parametrize("typed", ["5", "123456789:…abcd", "123456789:…abcd5", "42:short"])
async def test_a_masked_or_malformed_token_is_never_saved(app_factory, typed):
    """Issue 11, defect 1: a digit typed into the token field (meant as a section key) or the
    masked token pasted back was saved as the new token, and the real one was gone."""
    settings.save(bot_token=TOKEN)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#bot_token", Input).focus()
        await pilot.press(*typed)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert settings.load().bot_token == TOKEN
        assert error_text(screen, "bot_token").startswith("This does not look like a bot token")
        assert "Nothing saved" in str(screen.query_one("#form-error", Static).render())


async def test_the_time_zone_is_picked_by_city(app_factory):
    """Issue 11, defect 9: the time zone was an IANA name to type; now a searchable list of
    cities (English, or Russian for the usual ones)."""
    app = app_factory("ru")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        button = screen.query_one("#timezone")
        assert str(button.label) == "Moscow, UTC+03:00"
        button.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TimezoneModal)
        await pilot.press(*"Екатеринбург")
        await settle(pilot)
        options = app.screen.query_one("#tz-list")
        assert options.get_option_at_index(0).id == "Asia/Yekaterinburg"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert str(button.label) == "Yekaterinburg, UTC+05:00"
        assert settings.load().timezone == "Europe/Moscow"  # not before Save
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert settings.load().timezone == "Asia/Yekaterinburg"
        # Escape in the list leaves the zone as it is
        button.focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"vladiv", "down", "escape")
        await settle(pilot)
        assert app.screen is screen and "Yekaterinburg" in str(button.label)


async def test_add_and_remove_admins(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        table = screen.query_one("#admins-table", DataTable)
        await pilot.press("ctrl+n")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, TextInputModal)
        await pilot.press(*"12ab")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is modal
        assert error_text(modal, "text").startswith("A Telegram ID is a positive whole number")
        await type_into(pilot, "#text", "777000")
        await pilot.press("enter")
        await settle(pilot)
        assert settings.admin_ids() == [777000]
        assert table.row_count == 1
        table.focus()
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert settings.admin_ids() == []
        assert table.row_count == 0


async def test_check_the_bot_asks_telegram_in_a_thread(app_factory):
    """Issue 11, defect 7: the check printed a raw aiohttp exception below the fold and Today
    said "stopped" with no reason. Now: one clear line, as a toast, in the form and on Today."""
    with FakeTelegram(token=TOKEN, bot_username="salon_test_bot") as fake:
        settings.save(bot_token=TOKEN, bot_api_url=fake.base_url)
        app = app_factory()
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_settings(pilot)

            async def check() -> str:
                app.clear_notifications()
                await pilot.press("ctrl+b")
                await settle(pilot)
                line = str(screen.query_one("#bot-check", Static).render())
                assert [n.message for n in app._notifications] == [line]
                return line

            assert await check() == "Check: the token works, the bot is @salon_test_bot"
            settings.save(bot_token="42:WRONGtoken" + "x" * 25)
            assert await check() == (
                "Check: Telegram rejected the token — copy it again from @BotFather")
            settings.save(bot_token=TOKEN)
            fake.outage(mode="error")
            line = await check()
            assert line == (
                "Check: cannot reach Telegram — check the network or the Bot API address")
            await pilot.press("escape", "1")
            await settle(pilot)
            today = str(app.screen.query_one("#today-bot", Static).render())
            assert today == f"Bot: not started — the demo salon runs without it · {line}"


async def test_switching_the_language_redraws_the_sections_in_russian(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#tui_language").value = "ru"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert settings.load().tui_language == "ru"
        assert isinstance(app.screen, SettingsScreen)
        assert app.screen.sub_title == "Настройки"
        await pilot.press("2")  # the form has the focus, not a field: 2 switches
        await settle(pilot)
        assert app.screen.sub_title == "Услуги"


async def test_a_section_key_on_arrival_switches_and_never_types_into_the_name(app_factory):
    """Found trying the app as a newcomer: Settings focused the salon's name on arrival, so a
    digit meant as a section key replaced the name in the field (saved with the next Ctrl+S).
    The form has the focus; Tab goes into the fields, where a digit is typed, Escape leaves."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        name = screen.query_one("#salon_name", Input).value
        await pilot.press("5")
        await settle(pilot)
        assert app.screen.sub_title == "New booking"
        await pilot.press("9")
        await settle(pilot)
        assert app.screen is screen and screen.query_one("#salon_name", Input).value == name
        await pilot.press("tab")
        assert app.focused is screen.query_one("#salon_name", Input)
        await pilot.press("end", "2")
        assert screen.query_one("#salon_name", Input).value == name + "2"
        assert app.screen is screen
        await pilot.press("escape", "2")  # Escape leaves the field, then 2 switches
        await settle(pilot)
        assert app.screen.sub_title == "Services"


async def test_the_booking_rules_are_settings_too(app_factory):
    """SPEC "Booking rules": the online cut-off and the upcoming limit, set in Settings."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#client_change_hours", Input).value == "2"
        assert screen.query_one("#max_upcoming_bookings", Input).value == "3"
        await type_into(pilot, "#client_change_hours", "200")
        await type_into(pilot, "#max_upcoming_bookings", "0")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_text(screen, "client_change_hours").startswith("Clients may change")
        assert error_text(screen, "max_upcoming_bookings").startswith("A client may hold")
        assert (settings.load().client_change_hours, settings.load().max_upcoming_bookings) == (2, 3)
        await type_into(pilot, "#client_change_hours", "12")
        await type_into(pilot, "#max_upcoming_bookings", "5")
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = settings.load()
    assert (saved.client_change_hours, saved.max_upcoming_bookings) == (12, 5)


async def test_invitations_and_opting_out_are_settings_too(app_factory):
    """Issue 16: how long an invitation link holds, and whether /stop stops booking notices."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#invitation_days", Input).value == "7"
        box = screen.query_one("#opt_out_stops_notices")
        assert box.value is False
        await type_into(pilot, "#invitation_days", "0")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_text(screen, "invitation_days").startswith("An invitation is valid")
        assert settings.load().invitation_days == 7
        await type_into(pilot, "#invitation_days", "14")
        box.value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = settings.load()
    assert (saved.invitation_days, saved.opt_out_stops_notices) == (14, True)
