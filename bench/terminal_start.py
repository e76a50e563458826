"""The TUI start as a user sees it: from the shell command to the first screen painted with
today's bookings, in a real terminal (tmux, 120×40), against a bare Textual app started the same
way in the same run (issue 17).

Each run starts a new tmux session whose one pane runs the program (`python -m …`, the
benchmark's own Python), then reads the pane (`tmux capture-pane`) every few milliseconds until
it shows today's bookings: at least three of today's start times and three words of today's
clients' names — whatever the first screen is (a table or the journal), the names are only
there once the bookings are. The clock runs from just before tmux is told to start the session,
so Python's start, every import, opening the database and the first paint are all in the figure.

- the app: `python -m bench.pinned_tui NOW --db COPY` (the `mtime-tui` command with the clock
  pinned to the salon's "today"), on a copy of the large salon, in a fresh data and log folder;
  - *first start of a day*: no snapshot of today beside the copy yet (the daily snapshot is due);
  - *a later start*: today's snapshot is already there;
- the bare app: `python -m bench.bare_app ROWS.json` (bench/bare_app.py: Textual with a
  DataTable of the same rows as text, nothing of mtime_tui).

The three alternate and rotate which goes first; a warm-up of each first (the OS page cache,
bytecode: the programs run without PYTHONDONTWRITEBYTECODE, so the warm-up writes it). Between runs the previous program is ended (its session killed) and waited for.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

from mtime_tui.core import clock
from mtime_tui.core.storage import backup, db

from .measure import Sample
from .report import Row, relative

COLUMNS, LINES = 120, 40
FACTOR = 1.3  # issue 17: at most 1.3 × the bare app
POLL_S = 0.004  # between two reads of the pane (each read is a tmux client process)
WAIT_S = 60.0  # a program that never shows its screen ends the run instead of stalling it
ROOT = Path(__file__).resolve().parent.parent  # where `python -m bench.…` finds the package
TIME = re.compile(r"\b\d\d:\d\d\b")


class Terminal:
    """A private tmux server (its own socket, no user config), one session per program."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"mtime-bench-{os.getpid()}"
        self.env = env
        self._count = 0
        # an idle session keeps the server up between runs (its start is not in any figure)
        self._tmux("-f", "/dev/null", "new-session", "-d", "-s", "idle",
                   "-x", str(COLUMNS), "-y", str(LINES))
        self._tmux("set-option", "-g", "remain-on-exit", "on")  # a crash stays readable

    def _tmux(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["tmux", "-u", "-L", self.socket, *args], env=self.env,
                              capture_output=True, text=True, check=False)
        if check and done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args[:2])}: {done.stderr.strip()}")
        return done.stdout

    def start(self, argv: list[str], cwd: Path = ROOT) -> str:
        """Start `argv` in a new 120×40 session (in `cwd`: `python -m` imports the code there);
        returns the session's name."""
        self._count += 1
        name = f"run{self._count}"
        self._tmux("new-session", "-d", "-s", name, "-x", str(COLUMNS), "-y", str(LINES),
                   "-c", str(cwd), *argv)
        return name

    def screen(self, name: str) -> str:
        return self._tmux("capture-pane", "-p", "-t", name)

    def dead(self, name: str) -> bool:
        return self._tmux("display-message", "-p", "-t", name, "#{pane_dead}").strip() == "1"

    def end(self, name: str) -> None:
        """Kill the session and wait until its program has gone."""
        pid = self._tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip()
        self._tmux("kill-session", "-t", name, check=False)
        deadline = time.monotonic() + WAIT_S
        while pid and Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.01)

    def close(self) -> None:
        self._tmux("kill-server", check=False)


class Booked:
    """Whether a screen shows today's bookings: three of their start times and three words of
    their clients' names."""

    def __init__(self, rows: list[list[str]]) -> None:
        self.times = {row[1] for row in rows}
        self.words = {w for row in rows for w in row[4].split() if len(w) >= 4}

    def __call__(self, text: str) -> bool:
        times = {t for t in TIME.findall(text) if t in self.times}
        if len(times) < min(3, len(self.times)):
            return False
        return sum(1 for w in self.words if w in text) >= min(3, len(self.words))


def time_to_screen(terminal: Terminal, argv: list[str], shows: Booked, cwd: Path = ROOT) -> int:
    """Nanoseconds from starting `argv` to its pane showing today's bookings."""
    started = time.perf_counter_ns()
    name = terminal.start(argv, cwd)
    deadline = time.monotonic() + WAIT_S
    try:
        while True:
            text = terminal.screen(name)
            if shows(text):
                return time.perf_counter_ns() - started
            if time.monotonic() > deadline or terminal.dead(name):
                raise RuntimeError(f"{' '.join(argv[2:4])} never showed today's bookings; "
                                   f"its screen:\n{text}")
            time.sleep(POLL_S)
    finally:
        terminal.end(name)


def _rows() -> tuple[list[str], list[list[str]]]:
    from .tui_start import _today_rows

    return _today_rows()


def terminal_figures(path: Path, size: int, *, quick: bool = False,
                     smoke: bool = False) -> list[Row]:
    """The TUI start in a terminal on the open salon at `path` (restored open afterwards)."""
    if shutil.which("tmux") is None:
        print("  terminal start: tmux is not installed, skipped", file=sys.stderr)
        return []
    runs = 1 if smoke else 3 if quick else 10
    columns, rows = _rows()
    shows = Booked(rows)
    now = clock.now_utc().isoformat()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="mtime-term-") as tmp:
        folder = Path(tmp)
        copy = folder / "salon" / "salon.db"
        copy.parent.mkdir()
        with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(copy)) as target:
            source.backup(target)
        table = folder / "rows.json"
        table.write_text(json.dumps({"columns": columns, "rows": rows}), encoding="utf-8")
        env = {**os.environ, "MTIME_DATA_DIR": str(folder / "data"),
               "MTIME_LOG_DIR": str(folder / "logs"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
               "TERM": os.environ.get("TERM", "xterm-256color")}
        # An installed program starts from its bytecode (pip compiles it on install); with
        # PYTHONDONTWRITEBYTECODE set (as in some shells and CI) the warm-up could not write it
        # and every run would compile the app's ~200 modules again (~80 ms of CPU) while the
        # bare app's textual is compiled already: the programs run without it.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("MTIME_DB", None)
        env.pop("MTIME_BOT_TOKEN", None)  # the copy's own settings (no bot in the benchmark)
        for name in ("COLUMNS", "LINES"):  # Textual obeys these over the pane (pytest-xdist sets
            env.pop(name, None)            # 80×24 in its workers): the pane's 120×40 is the size
        app = [sys.executable, "-m", "bench.pinned_tui", now, "--db", str(copy)]
        bare = [sys.executable, "-m", "bench.bare_app", str(table)]
        snapshots = copy.parent / "backups"

        def first_of_day() -> int:
            shutil.rmtree(snapshots, ignore_errors=True)
            return time_to_screen(terminal, app, shows)

        def later_start() -> int:
            _ensure_snapshot(copy, path)
            return time_to_screen(terminal, app, shows)

        kinds = {"first": first_of_day, "later": later_start,
                 "bare": lambda: time_to_screen(terminal, bare, shows)}
        samples = {kind: Sample() for kind in kinds}
        terminal = Terminal(env)
        try:
            for run in kinds.values():  # warm-up
                run()
            order = list(kinds)
            for n in range(runs):
                for kind in order[n % 3:] + order[:n % 3]:
                    samples[kind].add(kinds[kind]())
        finally:
            terminal.close()
    load_after = os.getloadavg()[0]
    bare_ms = samples["bare"].median_ms
    note = (f"bare app {bare_ms:.0f} ms (slowest {samples['bare'].max_ms:.0f}); {runs} runs each, "
            f"rotating; tmux {COLUMNS}x{LINES}; load average {load_before:.1f} → {load_after:.1f} "
            "(p99 column: slowest run)")
    return [
        relative("TUI start in a terminal, first start of a day", size,
                 samples["first"].median_ms, bare_ms, FACTOR, p99=samples["first"].max_ms,
                 note=note),
        relative("TUI start in a terminal, a later start", size, samples["later"].median_ms,
                 bare_ms, FACTOR, p99=samples["later"].max_ms, note=note),
    ]


def _ensure_snapshot(copy: Path, original: Path) -> None:
    """Today's daily snapshot beside `copy` (made through the app's own code, once)."""
    if any((copy.parent / "backups").glob(f"{copy.stem}-daily-*")):
        return
    db.open_database(copy)
    try:
        backup.daily_snapshot()
    finally:
        db.open_database(original)
