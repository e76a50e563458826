"""Where the bot's CPU goes, one client after another: `python -m bench.bot_threads [N]`.

Runs the benchmark's "one client after another" figure (N dialogues, default 20) on the
300,000-booking salon and prints, beside its two rows, the bot's CPU per dialogue split by thread
(the event loop, the database writer, the readers, the update store) and the Bot API requests per
dialogue by method. A tool for the bot's performance work, not a figure with a target.

`BENCH_DB_TRACE=<file>` (bench/bot_step.py) also writes each call of the bot's database writer
(function, thread CPU, wall time; its SQL with `BENCH_DB_SQL=1`) to that file, one JSON line each:
the writer's CPU per dialogue by call, measured to the microsecond rather than in /proc's ticks.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mtime_tui.core import clock
from mtime_tui.core.storage import db

from . import large_salon
from .bot_step import TOKEN_BOT, _one_by_one, busiest_choice, child, next_day, stat_cpu_seconds
from .run import DEFAULT_CACHE, NOW, TODAY

SIZE = 300_000


def thread_cpu_ms(pid: int, names: dict[str, str]) -> dict[str, float]:
    """CPU (user + system, ms) of the threads of `pid` so far, by thread name (a pool's numbered
    workers together; threads started after the names were written as "unnamed")."""
    used: Counter[str] = Counter()
    for task in Path(f"/proc/{pid}/task").iterdir():
        name = names.get(task.name, "unnamed")
        used[name.rstrip("_0123456789") or name] += stat_cpu_seconds(task / "stat") * 1000
    return dict(used)


@contextmanager
def bot_on_salon(cache: Path, tmp: Path, env: dict[str, str]) -> Iterator[tuple]:
    """The bot child (with `env`) on a copy of the 300,000 salon in `tmp`, against a stand-in:
    yields the stand-in, the child and the day no one else books (bench.bot_reads too)."""
    from tests.fakegram import FakeTelegram

    logging.getLogger("tests.fakegram").setLevel(logging.WARNING)
    source = large_salon.cached(SIZE, today=TODAY, cache_dir=cache)
    copy = tmp / "salon.db"
    shutil.copyfile(source, copy)
    clock.set_clock(clock.FixedClock(NOW))
    db.open_database(copy)
    alone = next_day(next_day(busiest_choice(TODAY)))
    with FakeTelegram(TOKEN_BOT, open_chats=True) as fake, \
            child(["bench.bot_step", "serve-bot", str(copy), fake.base_url, TOKEN_BOT],
                  env=env) as bot:
        yield fake, bot, alone


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bot_threads")
    parser.add_argument("dialogues", nargs="?", type=int, default=20)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mtime-bench-threads-") as tmp:
        names_file = Path(tmp) / "threads.json"
        with bot_on_salon(args.cache, Path(tmp), {"BENCH_THREADS": str(names_file)}) as (
                fake, bot, alone):
            time.sleep(1.5)  # the names file is written
            before = thread_cpu_ms(bot.pid, json.loads(names_file.read_text()))
            calls_before = len(fake.calls)
            rows = _one_by_one(fake, alone, SIZE, args.dialogues, bot.pid)
            time.sleep(1.1)  # threads started meanwhile are named
            after = thread_cpu_ms(bot.pid, json.loads(names_file.read_text()))
            calls = Counter(c.method for c in fake.calls[calls_before:])
    # The split and the requests cover the warm-up dialogue too (the rows above leave it out).
    dialogues = args.dialogues + 1
    for row in rows:
        print(f"{row.what}: {row.median:.2f} {row.unit} (target {row.target}); {row.note}")
    print(f"\nbot CPU per dialogue by thread ({dialogues} dialogues with the warm-up):")
    spent = {name: after[name] - before.get(name, 0) for name in after}
    for name in sorted(spent, key=lambda n: -spent[n]):
        if spent[name]:
            print(f"  {name:32} {spent[name] / dialogues:6.1f} ms")
    print(f"\nBot API requests per dialogue ({dialogues} dialogues with the warm-up):")
    for method, count in calls.most_common():
        print(f"  {method:32} {count / dialogues:6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
