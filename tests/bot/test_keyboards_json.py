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


def test_a_key_is_the_button_ptb_makes():
    """`keyboards.key` skips PTB's __init__; the button is the same in every way PTB reads."""
    import copy
    import pickle

    import pytest

    for text, data, url in [("10:00", "bk:t:3:0:20261212:1000", None),
                            ("Site", None, "https://example.org/"), ("Both", "x", "https://e.org/")]:
        made = keyboards.key(text, data, url)
        ptb = InlineKeyboardButton(text, url=url, callback_data=data)
        assert type(made) is InlineKeyboardButton
        assert made == ptb and ptb == made and hash(made) == hash(ptb)
        assert made.to_dict() == ptb.to_dict()
        assert pickle.loads(pickle.dumps(made)) == ptb and copy.deepcopy(made) == ptb
        assert same_as_ptb([[made, ptb]])
        with pytest.raises(AttributeError):
            made.text = "changed"  # frozen, as PTB's
    assert keyboards.Markup([[keyboards.key("a", "b")]]) == InlineKeyboardMarkup(
        [[InlineKeyboardButton("a", callback_data="b")]])
    with pytest.raises(ValueError):
        keyboards.Markup(["not rows"])  # odd input still goes through PTB's own check
