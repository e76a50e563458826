"""The bot's thread: start, states, stopping from another thread, the token kept out of logs."""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import threading

import pytest

from mtime_tui.bot.telegram import runner as runner_mod
from mtime_tui.bot.telegram.events import STATE_CHANGED
from mtime_tui.bot.telegram.headless import run_headless
from mtime_tui.bot.telegram.runner import NO_TOKEN, RUNNING, TOKEN_REJECTED, UNREACHABLE, BotRunner
from mtime_tui.bot.telegram.token_check import check_token
from mtime_tui.core import logs, settings
from tests.bot.conftest import TOKEN, book

pytestmark = pytest.mark.both_engines

SECRET = TOKEN.split(":", 1)[1]


def make_runner(events=None, **options) -> BotRunner:
    defaults = dict(poll_timeout=1, sender_interval=0.1, retry_delays=(0.2, 0.5),
                    request_timeout=2)
    defaults.update(options)
    return BotRunner(on_event=(events.append if events is not None else None), **defaults)


def stop_from_another_thread(bot: BotRunner) -> None:
    """Call stop() from a fresh thread (as the TUI does): it joins the bot thread for at most
    5 s, so a bot thread still alive after it did not stop within those 5 s."""
    thread = threading.Thread(target=bot.stop, kwargs={"timeout": 5})
    thread.start()
    thread.join(30)
    assert not thread.is_alive(), "stop() did not return"


def test_it_stops_within_seconds_while_long_polling(bot_settings, fake):
    bot = make_runner(poll_timeout=30)  # a long poll that would hold for half a minute
    bot.start()
    fake.wait_until(lambda: bot.state == "running" and fake.polling, timeout=10)
    stop_from_another_thread(bot)
    assert not bot.alive
    assert bot.state == "stopped"


@pytest.mark.parametrize("mode", ["error", "drop", "hang"])
def test_it_stops_within_seconds_while_telegram_is_unreachable(bot_settings, fake, mode):
    events = []
    fake.outage(mode=mode)
    bot = make_runner(events)
    bot.start()
    if mode != "hang":
        fake.wait_until(lambda: bot.state == "unreachable", timeout=10)
    stop_from_another_thread(bot)
    assert not bot.alive


def test_unreachable_at_start_then_running_when_telegram_is_back(bot_settings, fake):
    events = []
    fake.outage(mode="error")
    bot = make_runner(events)
    bot.start()
    try:
        fake.wait_until(lambda: bot.state == "unreachable", timeout=10)
        fake.restore()
        fake.wait_until(lambda: bot.state == "running", timeout=10)
    finally:
        bot.stop()
    states = [e.text for e in events if e.kind == STATE_CHANGED]
    assert states == ["unreachable", "running", "stopped"]


def test_without_a_token_the_state_says_so(seed):
    events = []
    bot = make_runner(events)
    bot.start()
    bot.join(5)
    assert not bot.alive
    assert bot.state == "no_token"
    assert [e.text for e in events if e.kind == STATE_CHANGED] == ["no_token"]
    bot.stop()


def test_a_rejected_token_is_reported_and_not_retried(seed, fake):
    settings.save(bot_token="999:WRONG-token-aaaaaaaaaaaaaaaaaaaaaaa", bot_api_url=fake.base_url)
    bot = make_runner()
    bot.start()
    bot.join(5)
    assert not bot.alive
    assert bot.state == "token_rejected"  # not "no token": the owner must check it, not set it


def test_the_environment_overrides_the_stored_token(seed, fake, monkeypatch):
    monkeypatch.setenv("MTIME_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("MTIME_BOT_API_URL", fake.base_url)
    bot = make_runner()
    bot.start()
    try:
        fake.wait_until(lambda: bot.state == "running", timeout=10)
        assert bot.username == "mtime_test_bot"
    finally:
        bot.stop()


def test_the_token_never_reaches_the_log(bot_settings, fake, log_records):
    """Checked twice: the records themselves (before core.logs' masking) and the log file."""
    log_file = logs.setup_logging(logging.DEBUG)
    bot = make_runner()
    bot.start()
    try:
        fake.wait_until(lambda: bot.state == "running", timeout=10)
        anna = fake.user(1001, first_name="Anna", language_code="en")
        book(anna)
        fake.outage(mode="error")
        fake.wait_until(lambda: bot.state == "unreachable", timeout=10)
        fake.restore()
        fake.wait_until(lambda: bot.state == "running", timeout=10)
    finally:
        bot.stop()
    assert log_records  # something was logged at DEBUG, including by telegram and httpx
    assert not [r for r in log_records if SECRET in r]
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING
    for handler in logging.getLogger().handlers:
        handler.flush()
    written = log_file.read_text(encoding="utf-8")
    assert "Bot state: running" in written and SECRET not in written


def test_check_token(seed, fake, caplog):
    assert check_token(TOKEN, fake.base_url) == (RUNNING, "@mtime_test_bot")
    assert check_token("999:WRONG" + "x" * 30, fake.base_url) == (TOKEN_REJECTED, "")
    assert check_token("", fake.base_url) == (NO_TOKEN, "")
    fake.outage(mode="error")
    assert check_token(TOKEN, fake.base_url) == (UNREACHABLE, "")  # the details: in the log
    assert not [r for r in caplog.records if SECRET in r.getMessage()]


def test_headless_without_a_token_explains_and_fails(seed, capsys):
    assert run_headless() == 2
    assert "MTIME_BOT_TOKEN" in capsys.readouterr().err


def test_headless_with_a_rejected_token_says_so_and_fails(seed, fake, capsys):
    settings.save(bot_token="999:WRONG-token-aaaaaaaaaaaaaaaaaaaaaaa", bot_api_url=fake.base_url)
    assert run_headless() == 2
    assert "Telegram rejected the bot token" in capsys.readouterr().err


def test_headless_runs_until_sigterm(bot_settings, fake):
    def terminate_when_running():
        fake.wait_until(lambda: fake.calls_of("setMyCommands"), timeout=10)
        os.kill(os.getpid(), signal.SIGTERM)

    killer = threading.Thread(target=terminate_when_running)
    killer.start()
    assert run_headless() == 0
    killer.join(5)
    assert signal.getsignal(signal.SIGTERM) is not None


def test_states_are_the_documented_ones():
    assert {runner_mod.RUNNING, runner_mod.NO_TOKEN, runner_mod.TOKEN_REJECTED,
            runner_mod.UNREACHABLE, runner_mod.STOPPED} == {
        "running", "no_token", "token_rejected", "unreachable", "stopped"}


def test_a_headless_runner_does_the_daily_upkeep(bot_settings, fake, seed):
    from mtime_tui.core.storage.models import Break
    from tests.conftest import TODAY

    Break.create(master=seed.maria, date=TODAY - dt.timedelta(days=2), start=600, duration=60)
    bot = make_runner(upkeep_interval=0.2)
    bot.start()
    try:
        fake.wait_until(lambda: Break.select().count() == 0, timeout=10)
    finally:
        bot.stop()


def test_phonenumbers_is_imported_by_a_reader_once_the_bot_serves(bot_settings, fake, monkeypatch):
    """The first phone number after a start does not import `phonenumbers` (≈ 13 ms) in the
    bot's loop: a reading worker imports it as soon as the bot runs."""
    from mtime_tui.core.people import phones

    threads = []
    load = phones.load_library
    monkeypatch.setattr(phones, "load_library",
                        lambda: (threads.append(threading.current_thread().name), load()))
    bot = make_runner()
    bot.start()
    try:
        fake.wait_until(lambda: bot.state == RUNNING and threads, timeout=10)
    finally:
        bot.stop(timeout=5)
    assert len(threads) == 1 and threads[0].startswith("mtime-bot-read")
