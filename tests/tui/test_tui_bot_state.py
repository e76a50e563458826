"""Today's bot line tells a token Telegram refuses apart from no token at all: the owner must
check the token they entered, not look for where to enter one."""

from __future__ import annotations

import time

import pytest
from textual.widgets import Static

from mtime_tui.core import settings
from tests.fakegram import FakeTelegram

from .conftest import SIZE, settle

pytestmark = pytest.mark.anyio


async def test_a_token_telegram_rejects_is_said_so_on_today(salon, shell_salon):
    with FakeTelegram(token="111111:the-token-Telegram-knows-abcdefghij") as fake:
        settings.save(bot_token="222222:a-token-it-does-not-know-abcdefghij",
                      bot_api_url=fake.base_url)
        from mtime_tui.app import make_app

        app = make_app(start_bot=True)
        async with app.run_test(size=SIZE) as pilot:
            deadline = time.monotonic() + 10
            while app.bot.state != "token_rejected" and time.monotonic() < deadline:
                await pilot.pause(0.05)
            assert app.bot.state == "token_rejected"
            app.screen.refresh_status()
            await settle(pilot)
            line = str(app.screen.query_one("#today-bot", Static).render())
            assert line == "Bot: Telegram rejected the token — check it in Settings (9)"
