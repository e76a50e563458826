"""The update store keeps each fetched update as the JSON Telegram sent (`transport.
UpdatesRequest`), not as python-telegram-bot's re-serialised copy; a kept update reads back as
the same Update (after a crash it is handled from there, `polling.KeptPolling.start`)."""

from __future__ import annotations

import json

import pytest
from telegram import Update

from mtime_tui.core.storage.models import TelegramUpdate


@pytest.mark.both_engines  # representative: this module's flow on PostgreSQL too (CI time)
def test_a_press_is_kept_as_telegram_sent_it_and_marked_done(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.wait_for("Welcome")
    anna.clear()
    anna.press("Book")
    anna.wait_for("Choose a service")
    fake.wait_until(lambda: TelegramUpdate.select().where(
        TelegramUpdate.done_at.is_null()).count() == 0, timeout=10)
    rows = list(TelegramUpdate.select().order_by(TelegramUpdate.update_id))
    assert len(rows) >= 2
    sent = [json.loads(r.payload) for r in rows]
    start, press = sent[-2], sent[-1]
    assert start["message"]["text"] == "/start"
    assert press["callback_query"]["from"]["id"] == 1001
    # Telegram's own JSON: what PTB would drop or rename when re-serialising stays as sent.
    assert set(press) == {"update_id", "callback_query"}
    for row, payload in zip(rows, sent, strict=True):
        again = Update.de_json(payload, None)
        assert again.update_id == row.update_id == payload["update_id"]
