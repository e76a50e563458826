"""The bot's aiohttp transport against the stand-in: the same answers and the same errors as
python-telegram-bot's own httpx request — a form, a file upload, a timeout, a dropped or refused
connection, and Telegram's error statuses."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import socket

import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from mtime_tui.bot.telegram.transport import AiohttpRequest
from tests.fakegram import FakeTelegram

TOKEN = "424242:TRANSPORT-test-token-abcdefghijklmn"
PNG = (  # a valid 1×1 image
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def run(base_url: str, action, *, read_timeout: float = 2.0):
    """`action(bot)` on a Bot whose requests go through AiohttpRequest."""

    async def main():
        bot = Bot(TOKEN, base_url=base_url,
                  request=AiohttpRequest(read_timeout=read_timeout, connect_timeout=2.0),
                  get_updates_request=AiohttpRequest(connection_pool_size=1))
        async with bot:
            return await action(bot)

    return asyncio.run(main())


@pytest.fixture
def fake():
    with FakeTelegram(TOKEN, open_chats=True) as server:
        yield server


def test_a_message_with_markup_and_html_goes_through_as_a_form(fake):
    user = fake.user(5001, first_name="Ann")
    text = "<b>Bold</b> &amp; “quotes”, ёжик"
    sent = run(fake.base_url, lambda bot: bot.send_message(5001, text, parse_mode="HTML"))
    assert sent.text == "Bold & “quotes”, ёжик"
    assert user.wait_for("ёжик").text == "Bold & “quotes”, ёжик"


def test_a_photo_is_uploaded_as_multipart(fake):
    fake.user(5002, first_name="Bob")
    sent = run(fake.base_url, lambda bot: bot.send_photo(5002, PNG, caption="Maria",
                                                         filename="maria.png"))
    assert sent.caption == "Maria"
    (params,) = fake.calls_of("sendPhoto", ok=True)
    assert params.get("caption") == "Maria"


def test_telegram_errors_keep_their_meaning(fake):
    fake.user(5003, first_name="Cid")
    fake.fail("sendMessage", status=429, retry_after=7)
    with pytest.raises(RetryAfter) as retry:
        run(fake.base_url, lambda bot: bot.send_message(5003, "x"))
    assert retry.value.retry_after in (7, dt.timedelta(seconds=7))
    with pytest.raises(BadRequest):
        run(fake.base_url, lambda bot: bot.send_message(5003, "<b>unclosed", parse_mode="HTML"))
    fake.forbid(5003)
    with pytest.raises(Forbidden):
        run(fake.base_url, lambda bot: bot.send_message(5003, "x"))
    fake.unforbid(5003)
    fake.fail("sendMessage", status=502)
    with pytest.raises(NetworkError):
        run(fake.base_url, lambda bot: bot.send_message(5003, "x"))


def test_a_timeout_given_for_one_call_is_that_calls_own(fake):
    """The ClientTimeout of each combination of timeouts is made once and kept: a call that
    asks for a shorter read than the transport's default gets it, and the next call without
    one is back on the default (during a hang of 1.2 s only the 0.4 s read times out; the
    other waits out the hang and sees the dropped connection)."""
    fake.user(5006, first_name="Fin")

    async def timed(call):
        started = asyncio.get_running_loop().time()
        try:
            await call
        except NetworkError as exc:  # TimedOut is a NetworkError
            return exc, asyncio.get_running_loop().time() - started
        raise AssertionError("answered during a hang")

    async def calls(bot):
        await bot.send_message(5006, "warm")  # the default timeouts, kept
        fake.outage(seconds=1.2, mode="hang")
        short = await timed(bot.send_message(5006, "x", read_timeout=0.4))
        await asyncio.sleep(1.0)
        fake.restore()
        fake.outage(seconds=1.2, mode="hang")
        default = await timed(bot.send_message(5006, "y"))
        return short, default

    (short, short_took), (default, default_took) = run(fake.base_url, calls, read_timeout=5.0)
    assert isinstance(short, TimedOut) and short_took < 1.1
    assert not isinstance(default, TimedOut) and default_took >= 1.0


def test_a_dropped_connection_is_a_network_error(fake):
    fake.user(5004, first_name="Dan")
    fake.fail("sendMessage", drop=True)
    with pytest.raises(NetworkError) as error:
        run(fake.base_url, lambda bot: bot.send_message(5004, "x"))
    assert not isinstance(error.value, TimedOut)
    assert "aiohttp" in str(error.value)


def test_an_answer_that_never_comes_is_a_timeout(fake):
    fake.user(5005, first_name="Eve")

    async def send(bot):
        fake.outage(mode="hang")  # after getMe: only the send hangs
        try:
            return await bot.send_message(5005, "x")
        finally:
            fake.restore()

    with pytest.raises(TimedOut):
        run(fake.base_url, send, read_timeout=0.5)


def test_nobody_listening_is_a_network_error():
    with socket.socket() as probe:  # a free port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(NetworkError):
        run(f"http://127.0.0.1:{port}/bot", lambda bot: bot.get_me())


def test_it_refuses_to_work_before_initialize():
    request = AiohttpRequest()

    with pytest.raises(RuntimeError):
        asyncio.run(request.do_request("http://127.0.0.1:9/x", "POST"))


# ---- proxies: from the environment, read once at start (issue 17) ----------------------------


def proxied_get_me(base_url: str, *, change_env=None):
    """getMe through a started AiohttpRequest; `change_env()` runs after it started."""

    async def main():
        request = AiohttpRequest(connect_timeout=2.0)
        bot = Bot(TOKEN, base_url=base_url, request=request,
                  get_updates_request=AiohttpRequest(connection_pool_size=1))
        async with bot:
            assert request._session.trust_env is False  # no per-request lookups in a thread
            if change_env:
                change_env()
            return await bot.get_me()

    return asyncio.run(main())


def test_a_proxy_from_the_environment_is_used(fake, monkeypatch):
    """HTTP_PROXY points at the stand-in, the Bot API address at a host that does not exist:
    only a request sent through the proxy can be answered."""
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{fake.port}")
    me = proxied_get_me("http://api.telegram.invalid/bot")
    assert me.username == "mtime_test_bot"


def test_no_proxy_and_the_environment_read_once(fake, monkeypatch):
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    with socket.socket() as closed:  # a port nobody listens on: the proxy is "down"
        closed.bind(("127.0.0.1", 0))
        dead = closed.getsockname()[1]
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{dead}")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    assert proxied_get_me(fake.base_url).username == "mtime_test_bot"  # NO_PROXY honoured
    monkeypatch.delenv("http_proxy")
    monkeypatch.delenv("no_proxy")
    # Started without a proxy; a proxy set afterwards is not looked up on each request.
    me = proxied_get_me(fake.base_url, change_env=lambda: monkeypatch.setenv(
        "http_proxy", f"http://127.0.0.1:{dead}"))
    assert me.username == "mtime_test_bot"


def test_proxy_credentials_come_from_its_url():
    from mtime_tui.bot.telegram.transport import _proxy

    proxy, headers = _proxy({"https": "http://ann:p%40ss@proxy.local:3128"}, "https", "api.org")
    assert proxy == "http://proxy.local:3128"
    assert headers == {"Proxy-Authorization": "Basic " + base64.b64encode(b"ann:p@ss").decode()}
    assert _proxy({"https": "http://proxy.local:3128", "no": ".org"}, "https", "api.org") == (
        None, None)
    assert _proxy({"all": "socks5://x:1"}, "https", "api.org")[0] == "socks5://x:1"


def test_a_sent_message_comes_back_without_the_echo_of_its_keyboard(fake):
    """The bot knows what it sent (`shown`): no button objects are built for Telegram's echo."""
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup

    user = fake.user(5010, first_name="Eve")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    sent = run(fake.base_url, lambda bot: bot.send_message(5010, "Choose", reply_markup=markup))
    assert sent.message_id and sent.chat_id == 5010 and sent.text == "Choose"
    assert sent.reply_markup is None
    assert user.buttons(user.wait_for("Choose")) == [("Go", "go")]  # the user sees it all


def test_an_edit_is_answered_true_and_still_made(fake):
    """The bot never reads Telegram's copy of a message it edited: the answer is True, as for
    an inline message, and the user sees the edit."""
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup

    user = fake.user(5011, first_name="Fay")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])

    async def send_and_edit(bot):
        sent = await bot.send_message(5011, "Choose", reply_markup=markup)
        edited = await bot.edit_message_text("<b>Chosen</b>", chat_id=5011,
                                             message_id=sent.message_id, parse_mode="HTML",
                                             reply_markup=markup)
        keys = await bot.edit_message_reply_markup(chat_id=5011, message_id=sent.message_id,
                                                   reply_markup=None)
        return edited, keys

    assert run(fake.base_url, send_and_edit) == (True, True)
    shown = user.wait_for("Chosen")
    assert shown.text == "Chosen" and user.buttons(shown) == []


def test_a_pressed_keyboard_is_built_only_when_asked_and_as_telegram_sent_it():
    import copy

    from telegram import InlineKeyboardMarkup, Update

    from mtime_tui.bot.telegram import pressed

    keyboard = {"inline_keyboard": [[{"text": "10:00", "callback_data": "tp:1:1000"},
                                     {"text": "Site", "url": "https://example.org/"}]]}
    sent = {"update_id": 7, "callback_query": {
        "id": "1", "chat_instance": "1", "data": "tp:1:1000",
        "from": {"id": 5, "is_bot": False, "first_name": "A"},
        "message": {"message_id": 3, "date": 1_700_000_000, "text": "Free times",
                    "chat": {"id": 5, "type": "private"}, "reply_markup": keyboard}}}
    whole = Update.de_json(copy.deepcopy(sent), None)
    aside = copy.deepcopy(sent)
    pressed.set_aside(aside)
    update = Update.de_json(aside, None)
    message = update.callback_query.message
    assert message.reply_markup is None and message.text == "Free times"
    assert pressed.keyboard(message) == whole.callback_query.message.reply_markup
    assert pressed.keyboard(message) == InlineKeyboardMarkup.de_json(keyboard, None)
    assert pressed.keyboard(whole.callback_query.message) is whole.callback_query.message.reply_markup
    plain = {"update_id": 8, "message": {"message_id": 4, "date": 1_700_000_000, "text": "hi",
                                         "chat": {"id": 5, "type": "private"}}}
    pressed.set_aside(plain)
    assert pressed.keyboard(Update.de_json(plain, None).message) is None
    assert pressed.keyboard(None) is None


# ---- JSON by orjson, read and written as json did (issue 17, fourth pass) -----------------


def test_telegrams_answers_are_read_as_json_read_them():
    """orjson reads the answers; what it refuses, json reads as before — or it is refused as
    before (a proxy's page while Telegram is away)."""
    import json
    import math

    from telegram.error import TelegramError

    parse = AiohttpRequest.parse_json_payload
    answer = {"ok": True, "result": [{"update_id": 9, "message": {"text": "Ёжик 😀 <b>&amp;",
                                                                   "date": 1_700_000_000}}]}
    raw = json.dumps(answer, ensure_ascii=False).encode()
    assert parse(raw) == answer
    assert parse(json.dumps(answer).encode()) == answer  # \\u escapes
    assert math.isnan(parse(b'{"ok": true, "result": NaN}')["result"])  # json's extension
    assert parse(b'{"ok": true, "result": "\\ud800"}') == {"ok": True, "result": "\ud800"}
    assert parse(b'{"ok": false, "description": "caf\xe9"}')["description"] == "caf\ufffd"
    with pytest.raises(TelegramError, match="Invalid server response"):
        parse(b"<html><body>502 Bad Gateway</body></html>")
    with pytest.raises(TelegramError, match="Invalid server response"):
        parse(b"")


def test_request_bodies_are_the_json_they_were():
    """orjson writes the bodies (no spaces, UTF-8 as it is); what it cannot write (a key that
    is not a string, an integer beyond 64 bits) json writes as before."""
    import json

    from mtime_tui.bot.telegram.transport import _dumps

    fields = {"chat_id": -1001234567890, "text": "Ёжик 😀 <b>&amp;</b>", "parse_mode": "HTML",
              "reply_markup": {"inline_keyboard": [[{"text": "10:00", "callback_data": "t:1"}]]},
              "rows": (1, 2.5, True, None)}
    assert json.loads(_dumps(fields)) == json.loads(json.dumps(fields))
    assert "Ёжик 😀".encode() in _dumps(fields)  # not \\u-escaped: as ensure_ascii=False wrote
    assert _dumps({1: "x"}) == b'{"1": "x"}'
    assert json.loads(_dumps({"n": 2 ** 70})) == {"n": 2 ** 70}


def test_kept_updates_are_telegrams_json(fake):
    """The getUpdates request keeps each update as JSON text that reads back to what Telegram
    sent, non-ASCII and all."""
    import json

    from mtime_tui.bot.telegram.transport import UpdatesRequest

    user = fake.user(5012, first_name="Ёжик 😀")
    user.send("Привет <b>&amp;</b> 😀")

    async def fetch():
        updates = UpdatesRequest(connection_pool_size=1)
        bot = Bot(TOKEN, base_url=fake.base_url, request=AiohttpRequest(),
                  get_updates_request=updates)
        async with bot:
            fetched = await bot.get_updates(timeout=0)
        return fetched, updates.fetched

    fetched, kept = asyncio.run(fetch())
    (update,) = fetched
    text = kept[update.update_id]
    assert json.loads(text)["message"]["text"] == "Привет <b>&amp;</b> 😀"
    assert json.loads(text)["message"]["from"]["first_name"] == "Ёжик 😀"
    assert _update_from(text).message.text == update.message.text


def _update_from(text: str):
    import json

    from telegram import Update

    return Update.de_json(json.loads(text), None)
