"""The log file never holds a bot token, whoever logs it and however."""

from __future__ import annotations

import logging

import pytest

from mtime_tui.core import logs, paths

TOKEN = "7234567890:AAHk2x_QbZ-9yV3mN8pL1wR5tE6uI0oPaSd"
SHORT = "42:short-test-token"


@pytest.fixture
def log_file():
    path = logs.setup_logging(logging.DEBUG)
    yield path
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_mtime_tui", False):
            root.removeHandler(handler)
            handler.close()
    logs._secrets.clear()


def written(path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_the_file_is_in_the_log_folder(log_file):
    assert log_file == paths.log_dir() / "mtime-tui.log"


def test_tokens_never_reach_the_file(log_file):
    logging.getLogger("telegram.ext.Updater").error("Fetching %s failed", f"https://api.telegram.org/bot{TOKEN}/getUpdates")
    logging.getLogger("httpx").warning(f"HTTP Request: POST https://api.telegram.org/bot{TOKEN}/getMe")
    logging.getLogger("mtime_tui.bot").info("token is %s", TOKEN)
    logging.getLogger("some.library").info("dict %r", {"token": TOKEN})
    logging.getLogger().warning("local api http://127.0.0.1:8081/bot%s/sendMessage ok", "whatever-secret")
    try:
        raise RuntimeError(f"Invalid token {TOKEN}")
    except RuntimeError:
        logging.getLogger("mtime_tui.x").exception("it broke")
    logging.getLogger("mtime_tui.y").info("with stack %s", TOKEN, stack_info=True)
    text = written(log_file)
    assert TOKEN not in text
    assert TOKEN.split(":")[1] not in text
    assert "whatever-secret" not in text
    assert "/bot***/getMe" in text and "/bot***/sendMessage" in text
    assert "token is ***" in text
    assert "RuntimeError: Invalid token ***" in text
    assert "it broke" in text and "with stack ***" in text


def test_a_configured_token_of_any_shape_is_masked(log_file):
    logs.add_secret(SHORT)
    logging.getLogger("mtime_tui.bot").warning("using %s", SHORT)
    text = written(log_file)
    assert SHORT not in text and "using ***" in text


def test_chatty_loggers_stay_quiet(log_file):
    logging.getLogger("httpx").info("HTTP Request: GET something")
    logging.getLogger("httpcore").debug("connect_tcp.started")
    logging.getLogger("mtime_tui.core").debug("kept")
    text = written(log_file)
    assert "HTTP Request" not in text and "connect_tcp" not in text
    assert "kept" in text


def test_setting_up_twice_keeps_one_handler(log_file):
    logs.setup_logging()
    mine = [h for h in logging.getLogger().handlers if getattr(h, "_mtime_tui", False)]
    assert len(mine) == 1
    logging.getLogger("x").warning("once")
    assert written(log_file).count("once") == 1


def test_a_bad_format_string_does_not_lose_the_record(log_file):
    logging.getLogger("x").warning("broken %d", "not a number " + TOKEN)
    text = written(log_file)
    assert "broken" in text and TOKEN not in text
