"""`routes`: one table handler for every button of the bot, in the place of a
CallbackQueryHandler per action — the same press reaches the same coroutine."""

from __future__ import annotations

from telegram import CallbackQuery, Chat, Message, Update, User
from telegram.ext import ApplicationBuilder

from mtime_tui.bot.telegram import application, routes
from mtime_tui.bot.telegram import callbacks as cb
from mtime_tui.core.settings import Settings

USER = User(5, "Ann", False)


def press(data: str) -> Update:
    return Update(1, callback_query=CallbackQuery("q", USER, "ci", data=data))


async def first(update, context): ...
async def second(update, context): ...
async def about(update, context): ...


def test_a_press_goes_to_its_action_and_an_action_stays_with_the_first_flow():
    app = ApplicationBuilder().token("1:a").updater(None).build()
    routes.route(app, {cb.MENU: first})
    routes.route(app, {cb.MENU: second, cb.ABOUT: about})
    tables = [h for h in app.handlers[0] if isinstance(h, routes.Routes)]
    assert len(tables) == 1
    table = tables[0]
    assert table.check_update(press(cb.encode(cb.MENU))) is first
    assert table.check_update(press(cb.encode(cb.ABOUT))) is about
    assert table.check_update(press("nonsense:1")) is None  # on to "this menu is out of date"
    assert table.check_update(press(cb.encode(cb.SERVICE, 3))) is None  # no flow added it here
    message = Message(1, None, Chat(5, "private"), text="hi", from_user=USER)
    assert table.check_update(Update(2, message=message)) is None
    assert table.check_update("not an update") is None


def test_the_bot_routes_every_action_of_its_buttons_through_one_table():
    settings = Settings(bot_token="1:a", bot_api_url="http://127.0.0.1:9/bot")
    app = application.build_application(settings)
    tables = [h for group in app.handlers.values() for h in group
              if isinstance(h, routes.Routes)]
    assert len(tables) == 1
    table = tables[0].table
    for action in (cb.MENU, cb.BOOK, cb.DATE, cb.TIME_PICK, cb.CONFIRM, cb.MY_CANCEL_YES,
                   cb.MASTER_CONFIRM, cb.WL_JOIN, cb.UNSUBSCRIBE, cb.WRITE_SALON):
        assert action in table, action
