"""Building the bot's Application: settings → token, Bot API address, timeouts, handlers.

Every flow is one module with one `register(app)`; `FLOWS` lists them in the order their handlers
must be tried. The common handlers (anything no flow recognised → "this menu is out of date",
typed input dispatch) come last, in `dialogue.register`; the error handler in `failures`.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults, SimpleUpdateProcessor

from ...core.settings import Settings
from ..client import broadcasts, client, conversations, invitations, my_bookings, waitlist
from ..staff import admin, admin_stats, master, master_booking, master_time, outcomes, staff
from . import attachments, dialogue, failures, private_chats
from .api_calls import BotApi
from .transport import AiohttpRequest, UpdatesRequest

# (register function) per flow; the staff flows add theirs here, before the common catch-alls.
FLOWS = (
    invitations.register,  # /start <token>, before the staff's /start
    staff.register,  # its /start for staff runs in an earlier group and stops the client's
    master.register,
    master_time.register,
    master_booking.register,
    admin.register,
    admin_stats.register,
    outcomes.register,
    client.register,
    my_bookings.register,
    conversations.register,
    broadcasts.register,
    waitlist.register,
)


UPDATES_REQUEST = "updates_request"  # bot_data: the getUpdates request (`transport.UpdatesRequest`)

# Updates handled at once. While one waits for the disk (its core call in `dbcalls.run_db`) or for
# Telegram, the loop serves the next; one person's updates still go one at a time, in order.
CONCURRENT_UPDATES = 8
# Connections to the Bot API: every update at once, the outbox sender, and room to spare.
REQUEST_POOL = 2 * CONCURRENT_UPDATES


class PerUserUpdates(SimpleUpdateProcessor):
    """Different people's updates run concurrently; one person's run one after another.

    PTB starts a task per update in the order they arrived; the per-user lock (asyncio.Lock wakes
    its waiters first come, first served) keeps that order for each user, so a double tap or a
    quick second press sees the first one's result, as it did with updates one at a time.
    """

    __slots__ = ("_locks", "on_done")

    def __init__(self, max_concurrent_updates: int = CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, list] = {}  # user (or chat) id → [lock, updates holding or waiting]
        # Called with the update id once its handlers have finished (`polling`: mark it done).
        self.on_done: Callable[[int], None] | None = None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _who(update)
        if key is None:
            await coroutine
            self._done(update)
            return
        entry = self._locks.get(key)
        if entry is None:
            entry = self._locks[key] = [asyncio.Lock(), 0]
        entry[1] += 1
        try:
            async with entry[0]:
                await coroutine
            self._done(update)
        except asyncio.CancelledError:
            if inspect.iscoroutine(coroutine):
                coroutine.close()  # cancelled while waiting its turn: no "never awaited" warning
            raise
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                del self._locks[key]

    def _done(self, update: object) -> None:
        if self.on_done is not None and isinstance(update, Update):
            self.on_done(update.update_id)


def _who(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    if update.effective_chat is not None:
        return update.effective_chat.id
    return None


def file_url(base_url: str) -> str:
    """The Bot API file address beside `base_url` (…/bot → …/file/bot), as Telegram lays it out."""
    base = base_url.rstrip("/")
    if base.endswith("/bot"):
        return base[: -len("/bot")] + "/file/bot"
    return base + "/file"


def build_application(
    settings: Settings,
    *,
    connect_timeout: float = 5.0,
    read_timeout: float = 10.0,
) -> Application:
    """The Application for `settings` (which must carry a token), with every handler registered."""
    updates = UpdatesRequest(connection_pool_size=1, connect_timeout=connect_timeout,
                             read_timeout=read_timeout, write_timeout=read_timeout,
                             pool_timeout=connect_timeout)
    bot = BotApi(  # PTB's ExtBot, plain fields on a shorter way (`api_calls`)
        settings.bot_token,
        base_url=settings.bot_api_url,
        base_file_url=file_url(settings.bot_api_url),
        defaults=Defaults(parse_mode=ParseMode.HTML),
        request=_request(REQUEST_POOL, connect_timeout, read_timeout),
        get_updates_request=updates,
    )
    app = (
        ApplicationBuilder()
        .bot(bot)
        .concurrent_updates(PerUserUpdates())
        .updater(None)  # polling.KeptPolling fetches: every update kept until handled
        .build()
    )
    app.bot_data[UPDATES_REQUEST] = updates  # polling keeps the JSON as Telegram sent it
    register_handlers(app)
    return app


def _request(pool: int, connect_timeout: float, read_timeout: float) -> AiohttpRequest:
    return AiohttpRequest(connection_pool_size=pool, connect_timeout=connect_timeout,
                          read_timeout=read_timeout, write_timeout=read_timeout,
                          pool_timeout=connect_timeout)


def register_handlers(app: Application) -> None:
    private_chats.register(app)  # groups and channels stop here, before any flow
    for register in FLOWS:
        register(app)
    attachments.register(app)
    dialogue.register(app)
    failures.register(app)
