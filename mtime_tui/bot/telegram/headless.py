"""`mtime-tui bot`: the bot in the foreground, without the TUI, until Ctrl+C or SIGTERM."""

from __future__ import annotations

import signal
import sys
import threading

from ...core import settings as settings_mod
from ...i18n import N_, tr
from .events import NO_TOKEN, TOKEN_REJECTED
from .runner import BotRunner


def run_headless() -> int:
    """`mtime-tui bot`: run the bot in the foreground until Ctrl+C or SIGTERM. The database must be
    open. Returns the exit code (2 when no token is set, with a how-to on stderr)."""
    settings = settings_mod.load()
    if not settings.bot_token:
        print(tr(HOW_TO_SET_TOKEN, None), file=sys.stderr)
        return 2
    done = threading.Event()
    runner = BotRunner(
        on_event=lambda e: done.set() if e.text in (NO_TOKEN, TOKEN_REJECTED) else None,
        upkeep_interval=3600,  # cli opened the database and ran the upkeep once already
    )
    previous = signal.signal(signal.SIGTERM, lambda *_: done.set())
    runner.start()
    try:
        while not done.wait(0.5):
            if not runner.alive:
                break
    except KeyboardInterrupt:
        pass
    finally:
        ended_in = runner.state  # stop() says "stopped" whatever ended it
        runner.stop()
        signal.signal(signal.SIGTERM, previous)
    if ended_in == TOKEN_REJECTED:
        print(tr("Telegram rejected the bot token. Check it in the settings.", None), file=sys.stderr)
        return 2
    return 0


HOW_TO_SET_TOKEN = N_(
    "The bot token is not set. Get one from @BotFather in Telegram, then either enter it in the "
    "settings of mtime-tui or set the MTIME_BOT_TOKEN environment variable and run `mtime-tui bot` "
    "again."
)
