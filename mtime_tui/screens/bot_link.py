"""The TUI's handle on the bot thread: start it when a token is set, stop it on exit, and say
in which state it is. The runner (mtime_tui.bot.runner) is imported lazily, so the TUI starts
without python-telegram-bot work when no token is set."""

from __future__ import annotations

import logging
from collections.abc import Callable

from ..bot.events import BotEvent
from ..core import settings

log = logging.getLogger(__name__)

RUNNING, NO_TOKEN, UNREACHABLE, STOPPED = "running", "no_token", "unreachable", "stopped"
TOKEN_REJECTED = "token_rejected"  # bot.runner.TOKEN_REJECTED (imported lazily there)


class BotLink:
    """Owns at most one BotRunner; every method is safe to call in any state."""

    def __init__(self, on_event: Callable[[BotEvent], None]) -> None:
        self.on_event = on_event
        self.runner = None

    @property
    def state(self) -> str:
        if self.runner is not None:
            return self.runner.state
        return STOPPED if settings.load().bot_token else NO_TOKEN

    def start(self) -> None:
        """Start the bot thread if a token is set (no-op when it runs already)."""
        if self.runner is not None or not settings.load().bot_token:
            return
        try:
            from ..bot.runner import BotRunner
        except ImportError as err:
            log.error("the bot cannot start: its runner is not available (%s)", err)
            return
        self.runner = BotRunner(on_event=self.on_event)
        self.runner.start()
        log.info("bot thread started")

    def stop(self, timeout: float = 5) -> None:
        """Stop the bot thread and wait up to `timeout` seconds (called on exit)."""
        runner, self.runner = self.runner, None
        if runner is not None:
            runner.stop(timeout=timeout)
            log.info("bot thread stopped")

    def restart(self) -> None:
        """After a token change: stop (blocking; call from a worker thread) and start again."""
        self.stop()
        self.start()
