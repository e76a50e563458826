"""The TUI's "check the bot": one getMe for a token, answered as one of the runner's states."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from telegram import Bot
from telegram.error import InvalidToken, TelegramError

from ...core import settings as settings_mod
from .events import NO_TOKEN, RUNNING, TOKEN_REJECTED, UNREACHABLE
from .redact import safe
from .transport import AiohttpRequest

log = logging.getLogger(__name__)


def check_token(token: str, base_url: str = settings_mod.TELEGRAM_API_URL) -> tuple[str, str]:
    """A synchronous getMe for the TUI's "check the bot", as one of the runner's states:
    (RUNNING, "@name"), (NO_TOKEN, ""), (TOKEN_REJECTED, "") or (UNREACHABLE, ""). What went
    wrong in detail (an aiohttp error, say) goes to the log, not to the owner's screen."""
    token = (token or "").strip()
    if not token:
        return NO_TOKEN, ""

    async def ask() -> tuple[str, str]:
        bot = Bot(token, base_url=base_url, request=AiohttpRequest(connection_pool_size=1),
                  get_updates_request=AiohttpRequest(connection_pool_size=1))
        async with bot:
            return RUNNING, "@" + (bot.username or "")

    try:  # a thread of its own: the caller may be inside a running event loop (the TUI's)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="check-token") as pool:
            return pool.submit(asyncio.run, ask()).result()
    except InvalidToken:
        return TOKEN_REJECTED, ""
    except TelegramError as exc:  # NetworkError and TimedOut among them
        log.warning("Check the bot: Telegram cannot be reached: %s", safe(exc, token))
        return UNREACHABLE, ""
