"""Which database work each press of a booking dialogue costs: `python -m bench.bot_reads [N]`.

Runs N dialogues (default 10) one client after another on the 300,000-booking salon, as
`bench.bot_threads` does, and prints per step of the dialogue (/start … ✅ Book) the bot's calls
to its database workers (the readers' screens, the writer's writes, the update store's
keeps), their statements and their
CPU (`time.thread_time` inside each call), per dialogue. Each call is charged to the step whose
window (press → the bot's answer) it started in; what the sender does after the last answer is
its own line. A tool for the bot's performance work, not a figure with a target; the timing of
every statement costs a little CPU of its own.
"""

from __future__ import annotations

import argparse
import atexit
import json
import statistics
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

from .bot_step import book_once
from .bot_threads import bot_on_salon
from .run import DEFAULT_CACHE

AFTER = "(after the last answer: the sender)"


# ---- in the bot child (bench.bot_step serve-bot with BENCH_READS=<file>) ---------------------

def record_calls(target: Path) -> None:
    """Wrap the bot's database calls and the SQLite engine's statements; write every call
    (thread, function, start on the monotonic clock, CPU µs, statements) to `target` at exit."""
    from mtime_tui.bot.telegram import dbcalls
    from mtime_tui.core.storage.sqlite import SalonSqlite

    calls: list[dict] = []
    local = threading.local()
    execute = SalonSqlite.execute_sql
    call, keep_call = dbcalls._call, dbcalls._keep_call

    def counted_execute(self, sql, params=None):  # noqa: ANN001, ANN202
        if getattr(local, "statements", None) is not None:
            local.statements += 1
        return execute(self, sql, params)

    def recorded(inner):  # noqa: ANN001, ANN202
        return lambda fn, args, kwargs: record(inner, fn, args, kwargs)

    def record(inner, fn, args, kwargs):  # noqa: ANN001, ANN202
        local.statements = 0
        started, cpu = time.perf_counter_ns(), time.thread_time()
        try:
            return inner(fn, args, kwargs)
        finally:
            calls.append({"thread": threading.current_thread().name.rstrip("_0123456789"),
                          "call": _name(fn), "start": started,
                          "cpu_us": (time.thread_time() - cpu) * 1e6,
                          "statements": local.statements})
            local.statements = None

    SalonSqlite.execute_sql = counted_execute
    dbcalls._call = recorded(call)
    dbcalls._keep_call = recorded(keep_call)  # the update store's worker
    atexit.register(lambda: target.write_text(json.dumps(calls)))


def _name(fn) -> str:  # noqa: ANN001
    inner = getattr(fn, "func", fn)
    if getattr(inner, "__qualname__", "").endswith("read_screen.<locals>.reads"):
        inner = inner.__closure__[0].cell_contents  # the screen's own reads
    qualname = getattr(inner, "__qualname__", repr(inner)).replace(".<locals>", "")
    return f"{inner.__module__.rsplit('.', 1)[-1]}.{qualname}"


# ---- the driver -------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bot_reads")
    parser.add_argument("dialogues", nargs="?", type=int, default=10)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mtime-bench-reads-") as tmp:
        calls_file = Path(tmp) / "calls.json"
        with bot_on_salon(args.cache, Path(tmp), {"BENCH_READS": str(calls_file)}) as (
                fake, _bot, alone):
            warm = book_once(0, fake, alone, first_id=7_300_000)
            begun = time.perf_counter_ns()
            dialogues = [book_once(n, fake, alone, first_id=7_300_000)
                         for n in range(1, args.dialogues + 1)]
            time.sleep(0.3)  # the last booking's notifications go out
        calls = [c for c in json.loads(calls_file.read_text()) if c["start"] >= begun]
    booked = sum(d.outcome == "booked" for d in dialogues)
    print(f"{booked} of {len(dialogues)} dialogues booked (warm-up: {warm.outcome}); "
          "per dialogue:")
    print(_table(calls, [w for d in dialogues for w in d.windows], len(dialogues)))
    return 0


def _table(calls: list[dict], windows: list[tuple[str, int, int]], dialogues: int) -> str:
    order = list(dict.fromkeys(name for name, _, _ in windows)) + [AFTER]
    windows = sorted(windows, key=lambda w: w[1])
    starts = [w[1] for w in windows]
    by_step: dict[str, dict[tuple[str, str], list[float]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0.0, 0]))
    for c in calls:
        at = _bisect(starts, c["start"])
        name = windows[at][0] if at >= 0 and c["start"] <= windows[at][2] else AFTER
        entry = by_step[name][(c["thread"], c["call"])]
        entry[0] += 1
        entry[1] += c["cpu_us"]
        entry[2] += c["statements"]
    lines, totals = [], defaultdict(float)
    for step in order:
        rows = by_step.get(step, {})
        cpu = sum(r[1] for r in rows.values()) / dialogues
        lines.append(f"{step:44} {cpu:8.0f} µs")
        for (thread, name), (count, used, statements) in sorted(
                rows.items(), key=lambda kv: -kv[1][1]):
            totals[thread] += used / dialogues
            lines.append(f"    {thread:18} {name[:56]:56} {count / dialogues:4.1f} calls "
                         f"{statements / dialogues:5.1f} statements {used / dialogues:7.0f} µs")
    lines.append("by thread: " + ", ".join(f"{t} {v:.0f} µs" for t, v in sorted(totals.items())))
    median_step = statistics.median(e - s for _, s, e in windows) / 1e6 if windows else 0.0
    lines.append(f"(median step {median_step:.1f} ms, {len(calls)} calls)")
    return "\n".join(lines)


def _bisect(starts: list[int], at: int) -> int:
    """The index of the last window starting at or before `at` (-1: none)."""
    import bisect

    return bisect.bisect_right(starts, at) - 1


if __name__ == "__main__":
    raise SystemExit(main())
