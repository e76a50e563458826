"""The TUI's handle on the bot thread: start it when a token is set, stop it on exit, and say
in which state it is. The runner (mtime_tui.bot.telegram.runner) is imported lazily, so the TUI starts
without python-telegram-bot work when no token is set."""

from __future__ import annotations

import logging
from collections.abc import Callable

from ..bot.telegram.events import NO_TOKEN, RUNNING, STOPPED, TOKEN_REJECTED, UNREACHABLE, BotEvent
from ..core import settings
from ..i18n import N_, _

log = logging.getLogger(__name__)

# One clear line per state, on Today and in the toast of "Check the bot" (issue 11, defect 7).
BOT_STATES = {
    RUNNING: N_("Bot: running as {name}"),
    NO_TOKEN: N_("Bot: no token — set it in Settings (9)"),
    TOKEN_REJECTED: N_("Bot: Telegram rejected the token — check it in Settings (9)"),
    UNREACHABLE: N_("Bot: cannot reach Telegram — retrying; check the network or the token"),
}
CHECKED = {
    RUNNING: N_("Check: the token works, the bot is {name}"),
    NO_TOKEN: N_("Check: no token — paste the one from @BotFather and save"),
    TOKEN_REJECTED: N_("Check: Telegram rejected the token — copy it again from @BotFather"),
    UNREACHABLE: N_("Check: cannot reach Telegram — check the network or the Bot API address"),
}


def checked_line(state: str, name: str = "") -> str:
    """What "Check the bot" found, in one line."""
    return _(CHECKED.get(state, CHECKED[UNREACHABLE]), name=name or "—")


class BotLink:
    """Owns at most one BotRunner; every method is safe to call in any state."""

    def __init__(self, on_event: Callable[[BotEvent], None], *, enabled: bool = True) -> None:
        self.on_event = on_event
        self.enabled = enabled  # False: this window runs without the bot (the demo salon)
        self.runner = None
        self.checked: str | None = None  # the last "Check the bot" answer, when none runs here

    def line(self) -> str:
        """The bot's state in one line, with the reason when it is not running."""
        state = self.state
        if state == RUNNING:
            username = getattr(self.runner, "username", "") or ""
            return _(BOT_STATES[RUNNING], name="@" + username.lstrip("@") if username else "—")
        if state in BOT_STATES:
            return _(BOT_STATES[state])
        line = (
            _("Bot: not started — the demo salon runs without it")
            if not self.enabled
            else _("Bot: stopped — it starts with the program; see the log")
        )
        return f"{line} · {self.checked}" if self.checked else line

    @property
    def state(self) -> str:
        if self.runner is not None:
            return self.runner.state
        return STOPPED if settings.load().bot_token else NO_TOKEN

    def start(self) -> None:
        """Start the bot thread if a token is set (no-op when it runs already)."""
        if not self.enabled or self.runner is not None or not settings.load().bot_token:
            return
        try:
            from ..bot.telegram.runner import BotRunner
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
