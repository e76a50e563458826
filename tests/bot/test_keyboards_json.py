"""`keyboards.Markup` writes a keyboard's JSON for Telegram itself (PTB's generic `to_dict` was
the slowest part of sending a screen): it must be exactly the dict PTB would send, for the bot's
own buttons and for any other kind, which it leaves to PTB."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LoginUrl, WebAppInfo

from mtime_tui.bot.telegram import callbacks as cb
from mtime_tui.bot.telegram import keyboards


def same_as_ptb(rows) -> bool:
    return keyboards.Markup(rows).to_dict() == InlineKeyboardMarkup(rows).to_dict()


def test_the_bots_own_buttons_give_what_ptb_gives():
    rows = [[keyboards.button("10:00", cb.MENU), keyboards.button("Ёлка ✅", cb.ABOUT)],
            [InlineKeyboardButton("Site", url="https://example.org/")],
            [InlineKeyboardButton("Both", url="https://example.org/", callback_data="x")]]
    assert same_as_ptb(rows)
    assert keyboards.Markup(rows).to_dict()["inline_keyboard"][1] == [
        {"text": "Site", "url": "https://example.org/"}]


def test_other_kinds_of_buttons_are_left_to_ptb():
    rows = [[InlineKeyboardButton("App", web_app=WebAppInfo("https://example.org/app"))],
            [InlineKeyboardButton("Login", login_url=LoginUrl("https://example.org/login"))],
            [InlineKeyboardButton("Inline", switch_inline_query="q")],
            [InlineKeyboardButton("Odd", callback_data="x", api_kwargs={"future": 1})]]
    assert same_as_ptb(rows)
    assert keyboards.Markup(rows).to_dict()["inline_keyboard"][0][0]["web_app"] == {
        "url": "https://example.org/app"}
    assert same_as_ptb([])


def test_the_keyboards_the_bot_sends_are_markups_of_its_own():
    assert isinstance(keyboards.main_menu("en"), keyboards.Markup)
    assert isinstance(keyboards.markup([keyboards.button("x", cb.MENU)]), keyboards.Markup)
