"""The bot's `BotApi` (bot/telegram/api_calls.py) against python-telegram-bot's own `ExtBot`:
the same calls reach Telegram with the same fields, and Telegram's answers and errors reach the
bot as PTB maps them (RetryAfter, Forbidden, BadRequest "message is not modified", InvalidToken,
ChatMigrated, Conflict, TimedOut, NetworkError); a send whose answer the bot does not read
(`unread`) goes out the same and fails the same, without a Message made of the answer."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading

import pytest
from aiohttp import web
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyKeyboardMarkup,
    ReplyParameters,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import Defaults, ExtBot

from mtime_tui.bot.telegram import keyboards
from mtime_tui.bot.telegram.api_calls import BotApi, ShortBotApi, fits, unread
from mtime_tui.bot.telegram.transport import AiohttpRequest, UpdatesRequest
from tests.fakegram import FakeTelegram

TOKEN = "424242:APICALLS-test-token-abcdefghijklm"
PNG = (  # a valid 1×1 image
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def make(cls, base_url: str, *, read_timeout: float = 2.0):
    return cls(TOKEN, base_url=base_url, defaults=Defaults(parse_mode=ParseMode.HTML),
               request=AiohttpRequest(read_timeout=read_timeout, connect_timeout=2.0),
               get_updates_request=UpdatesRequest(connection_pool_size=1))


async def every_kind_of_call(bot, fake) -> list:
    """The bot's own calls (plain fields, its keyboards) and PTB's objects of every kind."""
    user = fake.user(5001, first_name="Ann")
    ours = keyboards.markup([keyboards.key("10:00", "t:1000"), keyboards.key("Site", url="https://example.org")])
    theirs = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    got = []
    sent = await bot.send_message(5001, "<b>Times</b> & more".replace("&", "&amp;"),
                                  reply_markup=ours)
    got.append((sent.message_id, sent.text, [e.type for e in sent.entities]))
    got.append(await bot.edit_message_text("<i>Chosen</i>", chat_id=5001,
                                           message_id=sent.message_id, reply_markup=theirs))
    got.append((await bot.send_message(5001, "plain", parse_mode=None,
                                       entities=[MessageEntity("bold", 0, 5)])).entities)
    got.append((await bot.send_message(
        5001, "link https://example.org", parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        reply_parameters=ReplyParameters(message_id=sent.message_id),
        disable_notification=True, protect_content=False)).message_id)
    got.append((await bot.send_message(
        5001, "Share", reply_markup=ReplyKeyboardMarkup([["📱 Phone"]], resize_keyboard=True),
        api_kwargs={"at": dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)})).text)
    query = user.press_data("t:1000", sent.message_id)
    updates = await bot.get_updates(timeout=0)
    got.append([(u.update_id, u.callback_query.data) for u in updates])
    got.append(await bot.answer_callback_query(query, text="ok", cache_time=0))
    photo = await bot.send_photo(5001, PNG, caption="<b>Maria</b>", filename="m.png")
    got.append(photo.caption)
    for call in (bot.send_message(5001, ""), bot.answer_callback_query(query)):
        try:
            await call
        except BadRequest as exc:
            got.append((type(exc).__name__, exc.message))
    return got


def run_calls(cls):
    with FakeTelegram(TOKEN, open_chats=True) as fake:
        async def main():
            async with make(cls, fake.base_url) as bot:
                return await every_kind_of_call(bot, fake)

        got = asyncio.run(main())
        calls = [(c.method, c.params, c.status) for c in fake.calls if c.method != "getMe"]
    return got, calls


def test_the_same_calls_reach_telegram_with_the_same_fields():
    theirs, their_calls = run_calls(ExtBot)
    ours, our_calls = run_calls(BotApi)
    assert ours == theirs
    assert our_calls == their_calls
    sent = [params for method, params, _ in our_calls if method == "sendMessage"]
    assert sent[0]["parse_mode"] == "HTML"  # the default inserted on the short way
    assert sent[0]["reply_markup"] == {"inline_keyboard": [[
        {"text": "10:00", "callback_data": "t:1000"}, {"text": "Site", "url": "https://example.org"}]]}
    assert "parse_mode" not in sent[1] and sent[1]["entities"][0]["type"] == "bold"
    assert sent[2]["link_preview_options"] == {"is_disabled": True}
    assert sent[3]["at"] == int(dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC).timestamp())
    # PTB's own quirk kept: an empty text goes as [] (read as a sequence of poll options)
    assert sent[-1]["text"] == []
    assert our_calls[-1][0] == "answerCallbackQuery" and our_calls[-1][2] == 400  # twice


# ---- Telegram's errors, as PTB maps them ------------------------------------------------------


class Answers:
    """A Bot API stand-in that answers each request with the next (status, body) given — for
    the answers fakegram does not make (a chat that migrated, a bad token)."""

    def __init__(self) -> None:
        self.next: tuple[int, object] = (200, {"ok": True, "result": True})
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    async def _answer(self, request: web.Request) -> web.Response:
        status, body = self.next
        if body == "hang":
            await asyncio.sleep(3)
            body = {"ok": True, "result": True}
        text = body if isinstance(body, str) else json.dumps(body)
        return web.Response(status=status, text=text, content_type="application/json")

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._answer)
        self.runner = web.AppRunner(app)
        self.loop.run_until_complete(self.runner.setup())
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        self.loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]
        self.ready.set()
        self.loop.run_forever()

    def __enter__(self) -> Answers:
        self.thread.start()
        self.ready.wait(5)
        return self

    def __exit__(self, *exc) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def error(status: int, description: str, **parameters) -> tuple[int, dict]:
    body = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return status, body


ANSWERS = [
    (error(429, "Too Many Requests: retry after 7", retry_after=7), RetryAfter),
    (error(403, "Forbidden: bot was blocked by the user"), Forbidden),
    (error(400, "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same"), BadRequest),
    (error(401, "Unauthorized"), InvalidToken),
    (error(404, "Not Found"), InvalidToken),
    (error(400, "Bad Request: group chat was upgraded to a supergroup chat",
           migrate_to_chat_id=-1001234), ChatMigrated),
    (error(409, "Conflict: terminated by other getUpdates request"), Conflict),
    (error(502, "Bad Gateway"), NetworkError),
    ((502, "<html>502 Bad Gateway</html>"), NetworkError),
    ((200, "not json"), TelegramError),
    ((200, "hang"), TimedOut),
]


def an_edit(bot):
    return bot.edit_message_text("x", chat_id=5, message_id=1, reply_markup=keyboards.markup(
        [keyboards.key("a", "b")]))


def outcome(cls, port: int, answers: Answers, answer, call=an_edit) -> tuple | None:
    """What `call(bot)` raised (type, text, retry_after, new_chat_id) when Telegram gave `answer`;
    None when it did not raise."""
    answers.next = answer

    async def main():
        bot = make(cls, f"http://127.0.0.1:{port}/bot", read_timeout=0.5)
        await bot._request[1].initialize()  # not bot.initialize(): its getMe would take the answer
        try:
            await call(bot)
        except TelegramError as exc:
            return type(exc), str(exc), getattr(exc, "retry_after", None), getattr(
                exc, "new_chat_id", None)
        finally:
            await bot._request[1].shutdown()
        return None

    return asyncio.run(main())


@pytest.mark.parametrize(("answer", "expected"), ANSWERS,
                         ids=[f"{a[0]}-{e.__name__}" for a, e in ANSWERS])
def test_telegrams_errors_reach_the_bot_as_ptb_maps_them(answer, expected):
    with Answers() as answers:
        ours = outcome(BotApi, answers.port, answers, answer)
        theirs = outcome(ExtBot, answers.port, answers, answer)
    assert ours == theirs
    assert ours is not None and ours[0] is expected
    if expected is RetryAfter:
        assert ours[2] in (7, dt.timedelta(seconds=7))
    if expected is ChatMigrated:
        assert ours[3] == -1001234
    if answer[1] != "hang" and "not modified" in json.dumps(answer[1]):
        assert "message is not modified" in ours[1].lower()  # what dialogue.show looks for


def test_the_installed_ptb_takes_the_shorter_way():
    """What the comparisons above test is the shorter way itself, not PTB's fallback."""
    assert fits(ExtBot)
    assert BotApi is ShortBotApi


def test_a_ptb_whose_internals_moved_takes_its_own_way():
    """A 22.x that renamed the rate limiter's marker or changed `_do_post`'s shape: no shorter way."""

    class Renamed(ExtBot):
        __slots__ = ()

    class Reshaped(ExtBot):
        __slots__ = ()

        async def _do_post(self, endpoint, data, *, timeouts=None):  # a new shape
            return await super()._do_post(endpoint, data)

    assert fits(Reshaped) is False
    marker = ExtBot._ExtBot__RL_KEY
    try:
        del ExtBot._ExtBot__RL_KEY
        assert fits(Renamed) is False
    finally:
        ExtBot._ExtBot__RL_KEY = marker
    assert fits(Renamed) is True


# ---- a send whose answer is not read (`unread`) ------------------------------------------------


def unread_sends(cls) -> tuple[list, list, int]:
    """Two sends through `unread` (one with the bot's keyboard), then one read as usual: what
    each returned, what Telegram received, and how many Messages PTB made meanwhile."""
    made = []
    original = Message.de_json

    def counting(data, bot=None):  # noqa: ANN001, ANN202
        made.append(data.get("message_id") if isinstance(data, dict) else data)
        return original(data, bot)

    with FakeTelegram(TOKEN, open_chats=True) as fake:
        async def main():
            async with make(cls, fake.base_url) as bot:
                got = [await unread(bot.send_message(5001, "<b>Thank you!</b>")),
                       await unread(bot.send_message(5001, "Keep it?", reply_markup=keyboards.markup(
                           [keyboards.key("Keep", "k:1")])))]
                before = len(made)
                sent = await bot.send_message(5001, "read")  # outside `unread`: a Message
                got.append((type(sent).__name__, sent.text, len(made) - before))
                return got

        Message.de_json = counting  # PTB calls it as Message.de_json(result, self)
        try:
            got = asyncio.run(main())
        finally:
            Message.de_json = original
        calls = [(c.method, c.params, c.status) for c in fake.calls if c.method != "getMe"]
    return got, calls, len(made)


def test_an_unread_send_reaches_telegram_as_a_read_one_and_makes_no_message():
    ours, our_calls, our_made = unread_sends(BotApi)
    theirs, their_calls, their_made = unread_sends(ExtBot)
    assert our_calls == their_calls  # the same requests, fields and keyboard
    assert [m for m, _, status in our_calls] == ["sendMessage"] * 3
    assert all(status == 200 for _, _, status in our_calls)
    assert ours == [None, None, ("Message", "read", 1)]  # `unread` gives nothing to read
    assert our_made == 1  # only the read send's answer became a Message
    assert their_made == 3  # PTB's own way (the fallback where BotApi is ExtBot) makes each


def an_unread_send(bot):
    return unread(bot.send_message(5, "x", reply_markup=keyboards.markup(
        [keyboards.key("a", "b")])))


@pytest.mark.parametrize(("answer", "expected"), ANSWERS,
                         ids=[f"{a[0]}-{e.__name__}" for a, e in ANSWERS])
def test_an_unread_send_fails_as_ptb_fails_it(answer, expected):
    with Answers() as answers:
        ours = outcome(BotApi, answers.port, answers, answer, an_unread_send)
        theirs = outcome(ExtBot, answers.port, answers, answer, an_unread_send)
    assert ours == theirs
    assert ours is not None and ours[0] is expected


def test_unread_is_for_its_own_send_only():
    """A send awaited after `unread`, or in another task meanwhile, is read as usual."""
    with FakeTelegram(TOKEN, open_chats=True) as fake:
        async def main():
            async with make(BotApi, fake.base_url) as bot:
                other = asyncio.create_task(bot.send_message(5001, "other task"))
                await unread(bot.send_message(5001, "unread"))
                after = await bot.send_message(5001, "after")
                return await other, after

        other, after = asyncio.run(main())
    assert isinstance(other, Message) and other.text == "other task"
    assert isinstance(after, Message) and after.text == "after"
