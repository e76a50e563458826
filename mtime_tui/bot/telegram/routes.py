"""Where a pressed button goes: one handler for every action of the bot's own buttons.

Each flow used to add a `CallbackQueryHandler` per action (≈ 80 of them), and
python-telegram-bot tries its handlers in order, so a client's press on a screen of times was
checked against every staff action first — ≈ 60 pattern checks per press, a few percent of the
bot's CPU for each update (docs/PERFORMANCE.md, issue 17, third pass). `route(app, routes)` puts
the flow's actions in one table instead, looked up by the pressed data's action
(`callbacks.decode`, cached). The table handler stands where the first flow added it; only
callback queries reach it, and no other kind of handler matches them, so the order of the flows
is kept: an action two flows claim stays with the first. Data no action claims goes on to the
common handlers (`dialogue.unknown_button`), as before.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseHandler

from . import callbacks as cb

Press = Callable[[Update, Any], Awaitable[Any]]


class Routes(BaseHandler[Update, Any, Any]):
    """The handler of every declared action added with `add`: action → its coroutine."""

    __slots__ = ("table",)

    def __init__(self) -> None:
        super().__init__(self._unrouted)
        self.table: dict[str, Press] = {}

    def check_update(self, update: object) -> Press | None:
        if not isinstance(update, Update) or update.callback_query is None:
            return None
        decoded = cb.decode(update.callback_query.data)
        return None if decoded is None else self.table.get(decoded.action)

    async def handle_update(self, update: Update, application: Any, check_result: Press,
                            context: Any) -> Any:
        self.collect_additional_context(context, update, application, check_result)
        return await check_result(update, context)

    @staticmethod
    async def _unrouted(update: Update, context: Any) -> None:  # never called: see handle_update
        return None


def route(app: Application, routes: Mapping[str, Press], group: int = 0) -> None:
    """Send presses of these actions (declared with `callbacks.action`) to their coroutines."""
    table = next((h for h in app.handlers.get(group, ()) if isinstance(h, Routes)), None)
    if table is None:
        table = Routes()
        app.add_handler(table, group)
    for name, press in routes.items():
        table.table.setdefault(name, press)
