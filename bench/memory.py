"""Peak memory of the TUI with the bot on the large salon.

A child process (`python -m bench.memory child DB API_URL TOKEN`) runs the real app headless
(`make_app(start_bot=True)` under `run_test`) with the bot polling the stand-in, visits every
section and opens a booking card, while this process makes clients book through the bot; then it
visits every section again and reports its peak resident set (VmHWM from /proc, the high-water
mark of the whole process: UI, bot thread, SQLite cache).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import resource
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .bot_step import TOKEN_BOT, book_once, busiest_choice, child
from .report import Row, absolute

LIMIT_MB = 200
SIZE = (120, 36)


def peak_rss_mb() -> float:
    """This process's peak resident set in MB (VmHWM; getrusage where /proc is missing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _visit_everything(app, pilot) -> None:
    from mtime_tui.screens.nav import SECTIONS

    for mode, _title in SECTIONS:
        await app.switch_mode(mode)
        await pilot.pause()
        await app.workers.wait_for_complete()
    await app.switch_mode("today")
    await pilot.pause()
    grid = app.screen.query_one("#journal")  # Today's journal: open its first booking
    places = [(y, x + 1) for x, column in enumerate(grid.cells) for y, c in enumerate(column)
              if c.booking is not None]
    if places:
        grid.focus()
        grid.move_cursor(row=places[0][0], column=places[0][1], animate=False)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()


async def _run_child(db_path: str, api_url: str, token: str) -> None:
    from mtime_tui.app import make_app
    from mtime_tui.bot.telegram.runner import RUNNING
    from mtime_tui.core import clock, settings
    from mtime_tui.core.storage import db

    from .run import NOW

    logging.getLogger("telegram").setLevel(logging.WARNING)
    clock.set_clock(clock.FixedClock(NOW))
    db.open_database(db_path)
    settings.save(bot_token=token, bot_api_url=api_url)
    app = make_app(start_bot=True)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(600):  # up to 30 s for the bot to come up
            if app.bot.state == RUNNING:
                break
            await asyncio.sleep(0.05)
        await _visit_everything(app, pilot)
        print("ready", flush=True)
        # The parent's clients book now; the UI keeps running (toasts, refreshes) meanwhile.
        await asyncio.to_thread(lambda: [None for _ in sys.stdin])
        await _visit_everything(app, pilot)
        print(f"bot {app.bot.state}", flush=True)
    print(f"peak_mb {peak_rss_mb():.1f}", flush=True)


def memory_figures(path: Path, size: int, *, quick: bool = False, smoke: bool = False,
                   clients: int = 20) -> list[Row]:
    """Peak RSS of the app with the bot on a copy of the salon at `path`."""
    from tests.fakegram import FakeTelegram

    from .run import TODAY

    choice = busiest_choice(TODAY)
    clients = 3 if smoke else clients
    with tempfile.TemporaryDirectory(prefix="mtime-bench-mem-") as tmp:
        copy = Path(tmp) / "salon.db"
        shutil.copyfile(path, copy)
        with FakeTelegram(TOKEN_BOT, open_chats=True) as fake, \
                child(["bench.memory", "child", str(copy), fake.base_url, TOKEN_BOT],
                      timeout=120) as proc:
            with ThreadPoolExecutor(clients) as pool:
                dialogues = list(pool.map(lambda n: book_once(100 + n, fake, choice),
                                          range(clients)))
            assert proc.stdin and proc.stdout
            proc.stdin.close()
            out = proc.stdout.read()
    peak = next((float(line.split()[1]) for line in out.splitlines()
                 if line.startswith("peak_mb")), float("nan"))
    state = next((line.split()[1] for line in out.splitlines() if line.startswith("bot ")), "?")
    booked = sum(d.outcome == "booked" for d in dialogues)
    return [absolute("TUI + bot, peak RSS", size, peak, LIMIT_MB, unit="MB",
                     note=f"every section visited twice, a card opened; {booked} of {clients} "
                          f"clients booked through the bot meanwhile (bot {state})")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.memory")
    sub = parser.add_subparsers(dest="what", required=True)
    run = sub.add_parser("child")
    run.add_argument("db")
    run.add_argument("api_url")
    run.add_argument("token")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    asyncio.run(_run_child(args.db, args.api_url, args.token))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
