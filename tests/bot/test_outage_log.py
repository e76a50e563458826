"""OutageLog: one line per kind of failure and back-off step, a summary when it works again."""

from __future__ import annotations

import logging

from telegram.error import NetworkError, TimedOut

from mtime_tui.bot.telegram.outage_log import OutageLog, kind_of
from mtime_tui.bot.telegram.transport import AiohttpRequest


def test_repeats_are_counted_not_logged_and_the_summary_says_how_many(caplog):
    caplog.set_level(logging.INFO)
    outage = OutageLog(logging.getLogger("t"), "getUpdates")
    html = NetworkError("Bad Gateway (502). Parsing the server response b'<html>" + "x" * 5000)
    for wait in (1, 2, 2, 5, 5, 5):
        outage.failed(html, wait)
    outage.failed(TimedOut(), 5)
    assert outage.failing
    outage.recovered()
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 5  # 1 s, 2 s, 5 s; the time-out at 5 s; the summary
    assert all(r.levelno == logging.WARNING and not r.exc_info for r in caplog.records)
    assert "works again" in lines[-1] and "7 failed call(s)" in lines[-1]
    assert not any("<html>" in line for line in lines)
    assert kind_of(html) == "NetworkError: Bad Gateway (502) (not Telegram's answer)"
    outage.recovered()  # nothing to say twice
    assert len(caplog.records) == 5 and not outage.failing


def test_a_body_that_is_not_json_is_refused_without_an_error_log(caplog):
    caplog.set_level(logging.DEBUG)
    try:
        AiohttpRequest.parse_json_payload(b"<html>502 Bad Gateway</html>")
    except Exception as exc:
        assert str(exc) == "Invalid server response"
    else:
        raise AssertionError("parsed")
    assert caplog.records == []
    assert AiohttpRequest.parse_json_payload(b'{"ok": true}') == {"ok": True}
