"""The Telegram stand-in, checked with the real python-telegram-bot against it over HTTP."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import telegram
from hypothesis import given
from hypothesis import strategies as st
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from tests.fakegram import FakeTelegram, run_application_in_thread
from tests.fakegram.errors import NOT_MODIFIED, ApiError
from tests.fakegram.markup import parse_html

ANNA = 1001


@pytest.fixture
def fake():
    with FakeTelegram() as server:
        yield server


def bot_for(fake: FakeTelegram, token: str | None = None, **kwargs) -> telegram.Bot:
    return telegram.Bot(
        token or fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url, **kwargs
    )


def run(fake: FakeTelegram, action, **bot_kwargs):
    """Run `action(bot)` with an initialized real Bot pointed at the fake."""

    async def main():
        async with bot_for(fake, **bot_kwargs) as bot:
            return await action(bot)

    return asyncio.run(main())


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d)] for t, d in pairs])


def test_get_me():
    with FakeTelegram() as fake:
        me = run(fake, lambda bot: bot.get_me())
        assert me.is_bot and me.username == "mtime_test_bot" and me.id == 123456
        assert fake.base_url.startswith("http://127.0.0.1:") and fake.base_url.endswith("/bot")


def test_wrong_token_is_invalid_token(fake):
    with pytest.raises(InvalidToken):
        run(fake, lambda bot: bot.get_me(), token="999:WRONG")


def test_send_edit_delete(fake):
    anna = fake.user(ANNA, first_name="Anna")

    async def action(bot):
        sent = await bot.send_message(ANNA, "Choose", reply_markup=keyboard(("A", "a")))
        edited = await bot.edit_message_text(
            "Choose <b>again</b>",
            ANNA,
            sent.message_id,
            parse_mode="HTML",
            reply_markup=keyboard(("B", "b")),
        )
        second = await bot.send_message(ANNA, "Bye")
        assert await bot.delete_message(ANNA, second.message_id)
        return sent, edited, second

    sent, edited, second = run(fake, action)
    assert second.message_id == sent.message_id + 1
    assert edited.text == "Choose again" and edited.edit_date is not None
    first, last = anna.messages
    assert first.text == "Choose again" and first.edited == 1 and first.history == ["Choose"]
    assert first.parse_mode == "HTML" and first.raw_text == "Choose <b>again</b>"
    assert anna.buttons(first) == [("B", "b")]
    assert last.deleted and anna.last is first
    assert [p["text"] for p in fake.calls_of("sendMessage")] == ["Choose", "Bye"]
    assert fake.sent_to(ANNA) == [first, last]


def test_long_poll_delivers_message_and_button_press(fake):
    anna = fake.user(ANNA, first_name="Anna", language_code="en")

    async def action(bot):
        msg = await bot.send_message(ANNA, "Menu", reply_markup=keyboard(("Book", "bk:1")))
        poll = asyncio.create_task(bot.get_updates(timeout=5))
        await asyncio.to_thread(fake.wait_until, lambda: fake.polling)
        await asyncio.to_thread(anna.send, "/start")
        first = await poll
        press = await asyncio.to_thread(anna.press, "Boo")
        second = await bot.get_updates(offset=first[-1].update_id + 1, timeout=5)
        await bot.answer_callback_query(second[0].callback_query.id, text="Booked")
        return msg, first, second, press

    msg, first, second, press = run(fake, action)
    (update,) = first
    assert update.message.text == "/start" and update.message.from_user.language_code == "en"
    assert update.message.entities[0].type == "bot_command"
    assert update.message.chat.id == ANNA
    (pressed,) = second
    assert pressed.update_id > update.update_id
    query = pressed.callback_query
    assert query.id == press and query.data == "bk:1" and query.from_user.id == ANNA
    assert query.message.message_id == msg.message_id
    assert anna.callback_answers[0]["text"] == "Booked"
    assert anna.wait_answer(press)["show_alert"] is False
    assert fake.pending_updates() == 0


def test_empty_long_poll_answers_nothing_after_timeout(fake):
    assert run(fake, lambda bot: bot.get_updates(timeout=0.2)) == ()


def test_callback_data_over_64_bytes_is_refused(fake):
    fake.user(ANNA)
    ok = "x" * 64
    run(fake, lambda bot: bot.send_message(ANNA, "ok", reply_markup=keyboard(("A", ok))))
    with pytest.raises(BadRequest, match="(?i)BUTTON_DATA_INVALID"):
        run(fake, lambda bot: bot.send_message(ANNA, "no", reply_markup=keyboard(("A", ok + "y"))))
    # bytes, not characters: 33 Cyrillic letters are 66 bytes
    with pytest.raises(BadRequest, match="(?i)BUTTON_DATA_INVALID"):
        run(fake, lambda bot: bot.send_message(ANNA, "no", reply_markup=keyboard(("A", "ж" * 33))))


def test_more_than_100_buttons_is_refused(fake):
    """Telegram's limit: at most 100 buttons in one inline keyboard."""
    fake.user(ANNA)
    hundred = keyboard(*[(f"B{i}", f"b{i}") for i in range(100)])
    run(fake, lambda bot: bot.send_message(ANNA, "ok", reply_markup=hundred))
    too_many = keyboard(*[(f"B{i}", f"b{i}") for i in range(101)])
    with pytest.raises(BadRequest, match="(?i)reply markup is too long"):
        run(fake, lambda bot: bot.send_message(ANNA, "no", reply_markup=too_many))


def test_message_is_not_modified(fake):
    fake.user(ANNA)

    async def action(bot):
        msg = await bot.send_message(ANNA, "Same", reply_markup=keyboard(("A", "a")))
        await bot.edit_message_text("Same", ANNA, msg.message_id, reply_markup=keyboard(("A", "a")))

    with pytest.raises(BadRequest) as caught:
        run(fake, action)
    assert caught.value.message.lower() == NOT_MODIFIED.removeprefix("Bad Request: ").lower()


def test_edit_without_markup_removes_keyboard_and_counts_as_change(fake):
    anna = fake.user(ANNA)

    async def action(bot):
        msg = await bot.send_message(ANNA, "Same", reply_markup=keyboard(("A", "a")))
        await bot.edit_message_text("Same", ANNA, msg.message_id)
        with pytest.raises(BadRequest, match="(?i)not modified"):
            await bot.edit_message_reply_markup(ANNA, msg.message_id)

    run(fake, action)
    assert anna.buttons() == []


def test_blocked_user_is_forbidden(fake):
    anna = fake.user(ANNA)
    anna.block()
    with pytest.raises(Forbidden, match="(?i)bot was blocked by the user"):
        run(fake, lambda bot: bot.send_message(ANNA, "hello"))
    anna.unblock()
    run(fake, lambda bot: bot.send_message(ANNA, "hello"))
    assert [c.status for c in fake.calls if c.method == "sendMessage"] == [403, 200]


def test_unknown_chat_cannot_be_started_until_allowed(fake):
    with pytest.raises(Forbidden, match="(?i)can't initiate conversation"):
        run(fake, lambda bot: bot.send_message(5005, "hello master"))
    fake.allow(5005)
    run(fake, lambda bot: bot.send_message(5005, "hello master"))
    assert [m.text for m in fake.sent_to(5005)] == ["hello master"]


def test_user_not_started_until_they_write(fake):
    shy = fake.user(2002, started=False)
    with pytest.raises(Forbidden, match="(?i)can't initiate conversation"):
        run(fake, lambda bot: bot.send_message(2002, "hi"))
    shy.send("hello")
    assert shy.started
    run(fake, lambda bot: bot.send_message(2002, "hi"))


def test_429_raises_retry_after(fake):
    fake.user(ANNA)
    fake.fail("sendMessage", status=429, retry_after=2, count=1)
    with pytest.raises(RetryAfter) as caught:
        run(fake, lambda bot: bot.send_message(ANNA, "x"))
    retry = caught.value.retry_after
    seconds = retry.total_seconds() if isinstance(retry, dt.timedelta) else retry
    assert seconds == 2
    run(fake, lambda bot: bot.send_message(ANNA, "x"))  # only one failure was asked for


def test_5xx_fault_counts_down(fake):
    fake.user(ANNA)
    fake.fail("sendMessage", status=500, count=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match="(?i)Internal Server Error"):
            run(fake, lambda bot: bot.send_message(ANNA, "x"))
    run(fake, lambda bot: bot.send_message(ANNA, "x"))
    assert [c.status for c in fake.calls if c.method == "sendMessage"] == [500, 500, 200]


@pytest.mark.parametrize("mode", ["error", "drop"])
def test_outage_is_a_network_error_until_restored(fake, mode):
    fake.user(ANNA)

    async def action(bot):
        fake.outage(mode=mode)
        with pytest.raises(NetworkError):
            await bot.send_message(ANNA, "x")
        fake.restore()
        return await bot.send_message(ANNA, "y")

    assert run(fake, action).text == "y"
    assert [m.text for m in fake.sent_to(ANNA)] == ["y"]


def test_hanging_outage_times_out_and_ends_by_itself(fake):
    fake.user(ANNA)

    async def action(bot):
        fake.outage(seconds=0.5, mode="hang")
        with pytest.raises(TimedOut):
            await bot.send_message(ANNA, "x", read_timeout=0.2)
        await asyncio.to_thread(fake.wait_until, lambda: fake._current_outage() is None, 3)
        return await bot.send_message(ANNA, "y")

    assert run(fake, action).text == "y"


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("Tom & Jerry", "Can't find end of the entity starting at byte offset 4"),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("<b>x", "Can't find end tag"),
        ("x <", "Unclosed start tag at byte offset 2"),
    ],
)
def test_html_parse_errors(fake, html, error):
    fake.user(ANNA)
    with pytest.raises(BadRequest, match="(?i)Can't parse entities") as caught:
        run(fake, lambda bot: bot.send_message(ANNA, html, parse_mode="HTML"))
    assert error.lower() in caught.value.message.lower()


def test_html_allowed_tags_and_entities():
    text, entities = parse_html(
        "<b>B</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike>"
        '<del>d</del><a href="https://x.ru/?a=1&amp;b=2">link</a><code>c</code>'
        '<pre><code class="language-python">p</code></pre><tg-spoiler>t</tg-spoiler>'
        '<span class="tg-spoiler">S</span><blockquote expandable>q</blockquote>'
        " &lt;&gt;&amp;&quot;&#33;&#x41;"
    )
    assert text.endswith(' <>&"!A')
    kinds = [e["type"] for e in entities]
    assert kinds.count("bold") == 2 and kinds.count("strikethrough") == 3
    assert "expandable_blockquote" in kinds and kinds.count("spoiler") == 2
    link = next(e for e in entities if e["type"] == "text_url")
    assert link["url"] == "https://x.ru/?a=1&b=2"


def test_text_empty_and_too_long(fake):
    fake.user(ANNA)
    with pytest.raises(BadRequest, match="(?i)Message text is empty"):
        run(fake, lambda bot: bot.send_message(ANNA, " <b></b> ", parse_mode="HTML"))
    with pytest.raises(BadRequest, match="(?i)Message is too long"):
        run(fake, lambda bot: bot.send_message(ANNA, "я" * 4097))
    run(fake, lambda bot: bot.send_message(ANNA, "я" * 4096))
    # the limit counts the text after entities are parsed
    run(fake, lambda bot: bot.send_message(ANNA, "<b>" + "я" * 4096 + "</b>", parse_mode="HTML"))


def test_edit_and_delete_unknown_messages(fake):
    fake.user(ANNA)
    with pytest.raises(BadRequest, match="(?i)Message to edit not found"):
        run(fake, lambda bot: bot.edit_message_text("x", ANNA, 77))
    with pytest.raises(BadRequest, match="(?i)Message to delete not found"):
        run(fake, lambda bot: bot.delete_message(ANNA, 77))


def test_callback_answered_twice_or_unknown_is_too_old(fake):
    anna = fake.user(ANNA)
    run(fake, lambda bot: bot.send_message(ANNA, "m", reply_markup=keyboard(("Go", "go"))))
    query = anna.press("Go")

    async def action(bot):
        assert await bot.answer_callback_query(query)
        with pytest.raises(BadRequest, match="(?i)Query is too old"):
            await bot.answer_callback_query(query)
        with pytest.raises(BadRequest, match="(?i)Query is too old"):
            await bot.answer_callback_query("nope")

    run(fake, action)


def test_forged_press_and_reply_keyboard(fake):
    anna = fake.user(ANNA)
    contact = ReplyKeyboardMarkup([[KeyboardButton("Share phone", request_contact=True)]])
    run(fake, lambda bot: bot.send_message(ANNA, "Phone?", reply_markup=contact))
    assert anna.reply_keyboard() == [("Share phone", True)]
    anna.send_contact("+79123456789")
    anna.press_data("bk:c:999", message_id=555)

    updates = run(fake, lambda bot: bot.get_updates(timeout=1))
    assert updates[0].message.contact.phone_number == "+79123456789"
    assert updates[0].message.contact.user_id == ANNA
    forged = updates[1].callback_query
    assert forged.data == "bk:c:999" and forged.message.message_id == 555
    assert not forged.message.is_accessible


def test_send_photo_upload_and_reuse(fake):
    anna = fake.user(ANNA)

    async def action(bot):
        first = await bot.send_photo(
            ANNA,
            photo=b"\xff\xd8jpeg",
            caption="<b>Masha</b>",
            parse_mode="HTML",
            reply_markup=keyboard(("Pick", "p")),
        )
        again = await bot.send_photo(ANNA, photo=first.photo[-1].file_id)
        file = await bot.get_file(first.photo[-1].file_id)
        await bot.edit_message_caption(ANNA, first.message_id, caption="Masha, 5 years")
        with pytest.raises(BadRequest, match="(?i)no text in the message"):
            await bot.edit_message_text("x", ANNA, first.message_id)
        with pytest.raises(BadRequest, match="(?i)Wrong file identifier"):
            await bot.send_photo(ANNA, photo="nonsense")
        return first, again, bytes(await file.download_as_bytearray())

    first, again, content = run(fake, action)
    assert first.caption == "Masha" and again.photo[-1].file_id == first.photo[-1].file_id
    assert content == b"\xff\xd8jpeg"
    assert anna.messages[0].text == "Masha, 5 years" and anna.messages[0].photo


def test_commands_and_harmless_setup_methods(fake):
    async def action(bot):
        await bot.set_my_commands([("start", "Start"), ("help", "Help")])
        assert await bot.delete_webhook()
        assert (await bot.get_webhook_info()).url == ""
        assert await bot.set_chat_menu_button()
        with pytest.raises(BadRequest, match="(?i)Bot_command_invalid"):
            await bot.set_my_commands([("Start Now", "x")])
        return await bot.get_my_commands()

    commands = run(fake, action)
    assert [c.command for c in commands] == ["start", "help"]
    assert [c["command"] for c in fake.commands()] == ["start", "help"]


def test_unknown_method_is_404(fake):
    reply = httpx.post(f"{fake.base_url}{fake.token}/sendTelepathy", data={"chat_id": 1})
    assert reply.status_code == 404
    assert reply.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


def test_second_poller_conflicts_the_first(fake):
    async def action(bot):
        first = asyncio.create_task(bot.get_updates(timeout=5))
        await asyncio.to_thread(fake.wait_until, lambda: fake.polling)
        async with bot_for(fake) as other_instance:  # a second bot process, as Telegram sees it
            second = asyncio.create_task(other_instance.get_updates(timeout=0.2))
            with pytest.raises(telegram.error.Conflict):
                await first
            return await second

    assert run(fake, action) == ()


def test_stop_releases_a_held_poll_quickly():
    fake = FakeTelegram().start()
    client = httpx.Client(timeout=10)
    result: list = []
    url = f"{fake.base_url}{fake.token}/getUpdates"
    thread = threading.Thread(target=lambda: result.append(client.post(url, data={"timeout": 30})))
    thread.start()
    fake.wait_until(lambda: fake.polling)
    fake.stop()
    thread.join(5)
    assert not thread.is_alive()  # answered at once: the poll itself would have held 30 s
    assert result[0].json() == {"ok": True, "result": []}
    client.close()


def test_wait_for_reports_recent_messages_on_timeout(fake):
    anna = fake.user(ANNA, first_name="Anna")
    run(fake, lambda bot: bot.send_message(ANNA, "Something else"))
    with pytest.raises(TimeoutError, match="(?i)Something else"):
        anna.wait_for("Choose a service", timeout=0.2)
    anna.clear()
    with pytest.raises(TimeoutError):
        anna.wait_for("Something", timeout=0.1)


def test_real_application_answers_start_end_to_end(fake):
    anna = fake.user(ANNA, first_name="Anna")

    async def start(update, context):
        await update.message.reply_text("hi", reply_markup=keyboard(("Again", "again")))

    async def again(update, context):
        await update.callback_query.answer("again!")
        await update.callback_query.edit_message_text("hi again")

    app = (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(again))
    with run_application_in_thread(app, poll_timeout=1):
        anna.send("/start")
        msg = anna.wait_for("hi")
        anna.press("Again")
        assert anna.wait_for("hi again") is msg and msg.edited == 1
        assert anna.wait_answer()["text"] == "again!"
    assert fake.calls_of("getMe") and fake.calls_of("deleteWebhook")


def test_flood_limit_answers_429_per_chat(fake):
    fake.user(ANNA)
    fake.user(1002)
    fake.flood_limit(None, per_chat=2, retry_after=3)

    async def action(bot):
        await bot.send_message(ANNA, "1")
        await bot.send_message(ANNA, "2")
        await bot.send_message(1002, "other chat")
        with pytest.raises(RetryAfter):
            await bot.send_message(ANNA, "3")
        await bot.send_chat_action(ANNA, "typing")  # not a send

    run(fake, action)
    refused = [c for c in fake.calls if c.status == 429]
    assert [c.params["text"] for c in refused] == ["3"]
    assert "retry after 3" in refused[0].description
    fake.flood_limit(None)
    run(fake, lambda bot: bot.send_message(ANNA, "3"))


def test_latency_delays_answers_and_calls_keep_their_time(fake):
    fake.user(ANNA)
    fake.set_latency(0.3, "sendMessage")
    run(fake, lambda bot: bot.send_message(ANNA, "slow"))
    fake.set_latency(0, "sendMessage")
    run(fake, lambda bot: bot.send_message(ANNA, "fast"))
    get_me, slow, _, fast = fake.calls
    assert slow.at - get_me.at >= 0.3
    assert [c.method for c in fake.calls] == ["getMe", "sendMessage", "getMe", "sendMessage"]
    assert fast.ok


def test_outage_cuts_a_held_long_poll(fake):
    async def action(bot):
        poll = asyncio.create_task(bot.get_updates(timeout=10))
        await asyncio.to_thread(fake.wait_until, lambda: fake.polling)
        fake.outage()
        with pytest.raises(NetworkError, match="(?i)bad gateway"):
            await poll  # a poll left to run would end after its 10 s with no updates, no error

    run(fake, action)


def test_many_users_at_once_each_get_their_own_answer(fake):
    """Thirty users in thirty threads talk to one real Application at the same time."""
    users = [fake.user(3000 + n, first_name=f"U{n}") for n in range(30)]

    async def echo(update, context):
        await update.message.reply_text(
            f"echo {update.message.text}",
            reply_markup=keyboard(("Ping", f"p:{update.effective_user.id}")),
        )

    async def ping(update, context):
        await update.callback_query.answer(f"pong {update.callback_query.data}")

    app = ApplicationBuilder().token(fake.token).base_url(fake.base_url).concurrent_updates(8)
    app = app.build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.add_handler(CallbackQueryHandler(ping))

    def talk(user):
        user.send(f"hello {user.id}")
        assert user.wait_for(f"echo hello {user.id}")
        user.press("Ping")
        return user.wait_answer()["text"]

    with run_application_in_thread(app, poll_timeout=1):
        with ThreadPoolExecutor(len(users)) as pool:
            answers = list(pool.map(talk, users))
    assert answers == [f"pong p:{u.id}" for u in users]
    for user in users:
        assert [m.text for m in user.messages] == [f"echo hello {user.id}"]
        assert user.messages[0].message_id == 2  # the user's message was #1 in that chat


def test_text_is_trimmed_like_telegram_so_trailing_space_is_no_change(fake):
    anna = fake.user(ANNA)

    async def action(bot):
        msg = await bot.send_message(ANNA, "\n  <b>Hi</b> there \n", parse_mode="HTML")
        with pytest.raises(BadRequest, match="(?i)not modified"):
            await bot.edit_message_text("<b>Hi</b> there", ANNA, msg.message_id, parse_mode="HTML")
        return msg

    msg = run(fake, action)
    assert msg.text == "Hi there" and msg.entities[0].offset == 0 and msg.entities[0].length == 2
    assert anna.last.raw_text == "\n  <b>Hi</b> there \n"


@given(st.text())
def test_escaped_text_always_parses_back_to_itself(text):
    plain, entities = parse_html(html.escape(text))
    assert plain == text and entities == []


PIECES = list("<>/&;ab \"='#x1\u0436") + ["<b>", "</b>", "&amp;", "<a href=", "&#x"]


@given(st.lists(st.sampled_from(PIECES)).map("".join))
def test_any_text_parses_or_is_refused_as_telegram_refuses(text):
    try:
        parse_html(text)
    except ApiError as error:
        assert error.code == 400 and "can't parse entities" in error.description


def test_pressing_a_button_on_an_old_message(fake):
    anna = fake.user(ANNA)

    async def action(bot):
        old = await bot.send_message(ANNA, "old", reply_markup=keyboard(("Go", "go:1")))
        await bot.send_message(ANNA, "new", reply_markup=keyboard(("Go", "go:2")))
        return old

    old = run(fake, action)
    anna.press("Go")
    anna.press("Go", msg=anna.messages[0])
    updates = run(fake, lambda bot: bot.get_updates(timeout=1))
    assert [(u.callback_query.data, u.callback_query.message.message_id) for u in updates] == [
        ("go:2", old.message_id + 1),
        ("go:1", old.message_id),
    ]
    with pytest.raises(LookupError, match="no button 'Stop'"):
        anna.press("Stop", timeout=0.1)


def test_a_blocked_user_who_writes_again_has_unblocked_the_bot(fake):
    anna = fake.user(ANNA)
    anna.block()
    with pytest.raises(Forbidden):
        run(fake, lambda bot: bot.send_message(ANNA, "x"))
    anna.send("/start")
    run(fake, lambda bot: bot.send_message(ANNA, "welcome back"))


def test_bot_description_and_name_round_trip(fake):
    async def action(bot):
        await bot.set_my_description("Salon bot")
        await bot.set_my_short_description("Book a haircut")
        await bot.set_my_name("Salon")
        return (
            (await bot.get_my_description()).description,
            (await bot.get_my_short_description()).short_description,
            (await bot.get_my_name()).name,
        )

    assert run(fake, action) == ("Salon bot", "Book a haircut", "Salon")


def test_get_chat_of_a_user_and_of_a_stranger(fake):
    fake.user(ANNA, first_name="Anna", last_name="Smith", username="anna_s")

    async def action(bot):
        chat = await bot.get_chat(ANNA)
        with pytest.raises(BadRequest, match="(?i)chat not found"):
            await bot.get_chat(4242)
        return chat

    chat = run(fake, action)
    assert (chat.id, chat.first_name, chat.last_name, chat.username) == (
        ANNA,
        "Anna",
        "Smith",
        "anna_s",
    )
