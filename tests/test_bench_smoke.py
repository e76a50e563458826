"""The benchmark command still runs end to end (on tiny salons, core figures only).

Benchmarks are not tests: nothing here looks at a timing. It checks that `python -m bench.run`
builds its salons, measures, and prints both tables with a verdict on every row, so the command
does not rot while the code it measures changes.
"""

from __future__ import annotations

import subprocess
import sys

from bench.measure import percentile, repeat
from bench.report import absolute, relative, results_table, scaling_table
from tests.conftest import ROOT, TODAY


def test_bench_run_prints_the_table_and_the_growth(tmp_path):
    """Core figures at two sizes and the bot figures (real bot and bare handler in child
    processes against the stand-in) with the fewest repetitions."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--sizes", "300,600", "--smoke", "--only",
         "core,bot", "--cache", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "what" in out and "median" in out and "target" in out and "verdict" in out
    for figure in ("free starts, one master, one date", "available dates, 14 days, any master",
                   "month view counts", "one day, all masters", "client search by phone",
                   "client search by name prefix", "bot step: date → free times",
                   "5 clients at once, p99 per step", "5 clients at once, booked or re-offered",
                   "  step Book → booked",
                   "  reference: bare PTB handler, one after another, CPU per press"):
        line = next(line for line in out.splitlines() if line.startswith(figure))
        assert line.rstrip().endswith(("ok", "MISSED")), line
    crowd = next(line for line in out.splitlines() if "booked or re-offered:" in line)
    assert "failed" not in crowd, crowd  # every dialogue ran to its end
    assert "Growth with history" in out and "600" in out
    assert sorted(p.name.split("-")[1] for p in tmp_path.glob("salon-*.db")) == ["300", "600"]


def test_the_tui_figures_reach_the_painted_screens(tmp_path, fixed_clock):
    """Start, a section switch and a booking card, as the TUI figures measure them."""
    import asyncio

    from bench import large_salon, tui_start
    from mtime_tui.core.storage import db

    path = large_salon.cached(300, today=TODAY, cache_dir=tmp_path)
    db.open_database(path)
    try:
        from mtime_tui.core.booking import booking_queries

        # the journal draws the active ones (the rest spills into tomorrow)
        today_rows = sum(1 for b in booking_queries.bookings_on(TODAY) if b.is_active)
        took = asyncio.run(tui_start._start_app(today_rows))
        assert took > 0

        async def navigate() -> tuple[int, int, str]:
            app = tui_start.make_app(start_bot=False)
            watch = tui_start.PaintWatch(app)
            async with app.run_test(size=tui_start.SIZE) as pilot:
                await tui_start.until(app, watch, lambda: isinstance(app.screen,
                                                                     tui_start.TodayScreen),
                                      "Today", paint=False)
                switched = await tui_start._switch(pilot, watch, "8", "clients")
                back = await tui_start._switch(pilot, watch, "1", "today")
                card = await tui_start._open_card(pilot, watch, 5)
                return switched[0] + back[0], card[0], app.current_mode

        switched, card, mode = asyncio.run(navigate())
        assert switched > 0 and card > 0 and mode == "today"
    finally:
        db.close_database()


def test_paint_watch_counts_the_bare_apps_paints():
    """PaintWatch wraps App._display, which headless apps still call with each render."""
    import asyncio

    from bench.tui_start import BareApp, BareScreen, PaintWatch

    async def run() -> tuple[int, bool]:
        app = BareApp(["a"], [["1"], ["2"]])
        watch = PaintWatch(app)
        async with app.run_test() as pilot:
            await pilot.pause()
            return watch.count, isinstance(app.screen, BareScreen)

    count, bare = asyncio.run(run())
    assert count > 0 and bare


def test_a_second_run_reuses_the_cached_salon(tmp_path):
    args = [sys.executable, "-m", "bench.run", "--sizes", "300", "--quick", "--only", "core",
            "--cache", str(tmp_path)]
    first = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120,
                           check=True)
    assert "built" in first.stderr
    built = next(tmp_path.glob("salon-300-*.db"))
    stamp = built.stat().st_mtime_ns
    again = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "built" not in again.stderr
    assert next(tmp_path.glob("salon-300-*.db")).stat().st_mtime_ns == stamp


def test_percentile_is_nearest_rank_and_repeat_counts_runs():
    assert percentile(list(range(1, 101)), 99) == 99
    assert percentile([5], 99) == 5
    calls = []
    sample = repeat(lambda: calls.append(1), times=7, warmup=2)
    assert sample.count == 7 and len(calls) == 9


def test_rows_get_ratio_and_verdict_from_their_target():
    fast = absolute("fast", 3000, 0.5, 1)
    slow = absolute("slow", 3000, 30, 20)
    tail = absolute("tail", 3000, 10, 250, p99=300, on_p99=True)
    rel = relative("rel", 3000, 140, 100, 1.5)
    assert (fast.verdict, slow.verdict, tail.verdict, rel.verdict) == ("ok", "MISSED", "MISSED",
                                                                       "ok")
    assert round(slow.ratio, 2) == 1.5 and round(rel.ratio, 2) == 0.93
    table = results_table([fast, slow])
    assert table.splitlines()[0].split() == ["what", "bookings", "median", "p99", "target",
                                             "ratio", "verdict"]
    growth = scaling_table([fast, absolute("fast", 30000, 1.0, 1)], [3000, 30000])
    assert "x2.0" in growth


def test_bench_engines_prints_both_engines_side_by_side(tmp_path, pg_server):
    """The core figures on SQLite and on PostgreSQL for the same (copied) salon, with ratios."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.engines", "--pg", pg_server, "--sizes", "300", "--smoke",
         "--cache", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "every table equal" in result.stderr
    out = result.stdout.splitlines()
    for figure in ("free starts, one master, one date", "available dates, 14 days, any master",
                   "month view counts", "one day, all masters", "client search by phone",
                   "client search by name prefix"):
        line = next(line for line in out if line.startswith(figure))
        assert line.rstrip().endswith("x") and len(line.split()) >= 4, line


def test_the_terminal_start_waits_for_the_bookings_on_the_screen():
    """A screen counts as shown once three of today's start times and three words of today's
    clients' names are on it: not the empty table, not the time alone."""
    from bench.terminal_start import Booked

    rows = [["1001", "08:00", "Master 01", "Service 09", "John Brown", "+7", "ok"],
            ["1002", "09:00", "Master 02", "Service 01", "Анна Петрова", "+7", "ok"],
            ["1003", "10:15", "Master 03", "Service 02", "Nina Smith", "+7", "ok"]]
    shows = Booked(rows)
    assert shows("08:00–09:30 John Brown\n09:00–09:30 Анна Петрова\n10:15–11:00 Nina Smith")
    assert not shows("No.  Time  Master  Client")  # the table before its rows
    assert not shows("08:00 09:00 10:15 11:00")  # a time scale without bookings
    assert not shows("John Brown Анна Петрова 08:00")  # a single time


def test_the_terminal_start_runs_both_programs_in_tmux(tmp_path, fixed_clock):
    """The app (the mtime-tui command, clock pinned) and the bare app each reach a screen with
    today's bookings in a real tmux pane, the first start of a day and a later one."""
    from bench import large_salon
    from bench.terminal_start import terminal_figures
    from mtime_tui.core.storage import db

    path = large_salon.cached(300, today=TODAY, cache_dir=tmp_path)
    db.open_database(path)
    try:
        rows = terminal_figures(path, 300, smoke=True)
    finally:
        db.close_database()
    assert [r.what for r in rows] == ["TUI start in a terminal, first start of a day",
                                      "TUI start in a terminal, a later start"]
    assert all(r.median > 0 and r.limit > 0 for r in rows)
