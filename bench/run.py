"""The benchmark command: `python -m bench.run [--sizes 3000,30000,300000] [--quick]`.

Builds (once, cached) a large salon per size, measures every figure of issue 6 and prints a
table with the target beside each figure, then how the figures grow with the history. The core
figures, the TUI start and the one bot step run at every size; switching sections, the booking
card, the 50-client crowd and memory on the largest one only (they take seconds each).
Benchmarks are not tests: nothing here fails on a slow machine — the exit code is 0 whatever the
verdicts.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

from mtime_tui.core import clock
from mtime_tui.core.storage import db

from . import large_salon
from .queries import core_figures
from .report import Row, results_table, scaling_table

TODAY = dt.date(2026, 11, 23)  # a Monday, as in the tests
NOW = dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.UTC)  # 09:00 in Moscow, the salon's zone
DEFAULT_SIZES = (3_000, 30_000, 300_000)
DEFAULT_CACHE = Path(__file__).resolve().parent / ".cache"
GROUPS = ("core", "business", "tui", "terminal", "bot", "memory")


def machine() -> str:
    """The machine the figures belong to: cores, CPU model, Python."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or model
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, {sys.platform}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Measure mtime_tui on large salons and print each figure beside its target.",
    )
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES),
                        help="bookings per salon, comma separated (default %(default)s)")
    parser.add_argument("--quick", action="store_true",
                        help="fewer repetitions (a rough figure in a fraction of the time)")
    parser.add_argument("--smoke", action="store_true",
                        help="the fewest repetitions: only shows that every part runs (tests)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help="folder for the built salons (default %(default)s)")
    parser.add_argument("--only", default=",".join(GROUPS),
                        help="which groups to run (default %(default)s)")
    args = parser.parse_args(argv)
    args.sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    args.only = {g.strip() for g in args.only.split(",") if g.strip()}
    unknown = args.only - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s) {', '.join(sorted(unknown))}; known: {', '.join(GROUPS)}")
    return args


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def salon(size: int, cache: Path) -> Path:
    """The cached salon of `size` bookings, opened as the app opens it."""
    started = time.perf_counter()
    fresh = not large_salon.cache_path(size, today=TODAY, cache_dir=cache).exists()
    path = large_salon.cached(size, today=TODAY, cache_dir=cache)
    if fresh:
        say(f"  built {path} in {time.perf_counter() - started:.1f} s")
    db.open_database(path)
    return path


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    clock.set_clock(clock.FixedClock(NOW))
    rows: list[Row] = []
    largest = args.sizes[-1]
    say(f"mtime_tui benchmark on {machine()}")
    started = time.perf_counter()
    for size in args.sizes:
        say(f"salon with {size:,} bookings")
        path = salon(size, args.cache)
        if "core" in args.only:
            rows += core_figures(size, TODAY, quick=args.quick, smoke=args.smoke)
        if "business" in args.only:
            from .business import business_figures

            rows += business_figures(size, TODAY, quick=args.quick, smoke=args.smoke)
        for name, run in _slow_groups(args, path, size, full=size == largest):
            if name in args.only:
                say(f"  {name} …")
                rows += run()
        db.close_database()
    effort = "smoke" if args.smoke else "quick" if args.quick else "full"
    print(f"mtime_tui benchmark — {machine()}")
    print(f"load average at the end: {' / '.join(f'{x:.1f}' for x in os.getloadavg())} "
          "(1 / 5 / 15 min; above the core count, other processes shared the CPU)")
    print(f"today {TODAY}, sizes {', '.join(f'{s:,}' for s in args.sizes)} bookings, "
          f"{effort} run, {time.perf_counter() - started:.0f} s\n")
    print(results_table([r for r in rows if r.size == largest]))
    if len(args.sizes) > 1:
        print("\nGrowth with history (median):")
        print(scaling_table(rows, args.sizes))
    notes = [f"  {r.what}: {r.note}" for r in rows if r.note and r.size == largest]
    if notes:
        print("\nNotes:")
        print("\n".join(notes))
    return 0


def _slow_groups(args: argparse.Namespace, path: Path, size: int,
                 *, full: bool) -> list[tuple[str, Callable[[], list[Row]]]]:
    """The TUI, bot, terminal and memory groups (imported lazily: textual, telegram). On the
    largest salon everything; on the smaller ones only the TUI start and the one bot step, for
    the growth table (switching sections, the terminal start, the crowd and memory are measured
    once, on the largest)."""
    def tui() -> list[Row]:
        from .tui_start import start_figures, tui_figures

        if not full:
            return asyncio.run(start_figures(size, quick=args.quick, smoke=args.smoke))
        from .journal import journal_figures

        return (asyncio.run(tui_figures(path, size, quick=args.quick, smoke=args.smoke))
                + asyncio.run(journal_figures(path, size, quick=args.quick, smoke=args.smoke)))

    def terminal() -> list[Row]:
        from .terminal_start import terminal_figures

        return terminal_figures(path, size, quick=args.quick, smoke=args.smoke)

    def bot() -> list[Row]:
        from .bot_step import bot_figures

        return bot_figures(path, size, quick=args.quick, smoke=args.smoke, crowd=full)

    def memory() -> list[Row]:
        from .memory import memory_figures

        return memory_figures(path, size, quick=args.quick, smoke=args.smoke)

    return [("tui", tui), ("bot", bot)] + ([("terminal", terminal), ("memory", memory)]
                                           if full else [])


if __name__ == "__main__":
    raise SystemExit(main())
