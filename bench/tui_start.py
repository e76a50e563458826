"""The TUI figures: start to the first painted Today screen (against a bare Textual app with the
same widgets, same run, alternating), switching sections and opening a booking card.

In-process, headless (`App.run_test`), over the already open large salon. "Painted" means the
screen is mounted, its data is in the widgets (workers done, their messages handled) and the
screen has rendered one more update after that (the compositor renders in headless mode too;
only the terminal write is skipped). Keys are sent as the terminal driver sends them.
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.worker import WorkerState

from mtime_tui.app import make_app
from mtime_tui.core import clock, settings
from mtime_tui.core.booking import booking_queries
from mtime_tui.core.storage import db
from mtime_tui.screens.booking_card import BookingCard
from mtime_tui.screens.nav import Sidebar, section_keys
from mtime_tui.screens.today import TodayScreen
from mtime_tui.widgets.booking_table import BookingTable, status_text
from mtime_tui.widgets.journal_grid import JournalGrid

from .bare_app import BareApp, BareScreen
from .measure import Sample, percentile
from .report import Row, absolute, relative

SIZE = (120, 36)
WAIT_S = 30.0  # a bound on any wait: a hung screen ends the run instead of stalling it


class PaintWatch:
    """Counts the app's screen updates: wraps `App._display`, which the screen calls with each
    rendered update (headless too; only the terminal write is skipped there)."""

    def __init__(self, app: App) -> None:
        self.count = 0
        original = app._display

        def display(screen, renderable) -> None:  # noqa: ANN001 - Textual's private signature
            original(screen, renderable)
            if renderable is not None:
                self.count += 1

        app._display = display  # type: ignore[method-assign]


def clean(app: App) -> bool:
    """Nothing visible on the current screen waits to be laid out or painted (hidden widgets,
    such as the wizard's later steps, keep a stale repaint flag and do not count)."""
    screen = app.screen
    if (screen._layout_required or screen._repaint_required or screen._scroll_required
            or screen._dirty_widgets or not screen._message_queue.empty()):
        return False
    return not any(
        w._repaint_required or w._layout_required or w._scroll_required
        or w._refresh_styles_required
        for w in screen._compositor.visible_widgets
    )


async def until(app: App, watch: PaintWatch, condition: Callable[[], bool], what: str, *,
                paint: bool = True) -> None:
    """Let the app work until `condition` holds, then until the screen has been painted with
    it: at least one paint after the call, and nothing left to lay out or paint.

    Polls with short sleeps, not `pilot.pause()`: a pause waits for the process to go idle in
    steps of 20 ms, which would be most of what is measured.
    """
    deadline = time.monotonic() + WAIT_S
    painted = watch.count
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the TUI did not reach: {what}")
        await asyncio.sleep(0.001)
    while paint and (watch.count == painted or not clean(app)):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the TUI did not paint: {what}")
        await asyncio.sleep(0.001)


def press(app: App, key: str) -> None:
    """Send one key as the terminal driver would (Pilot.press waits for idle after it)."""
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)


def _today_rows() -> tuple[list[str], list[list[str]]]:
    """The Today table's content as text, for the bare app (so it shows the same cells)."""
    today = clock.salon_now(settings.load().tz).date()
    rows = [
        [str(b.number), f"{b.start // 60:02d}:{b.start % 60:02d}", b.master.name, b.service.name,
         b.client.full_name, b.client.phone or "—", b.status]
        for b in booking_queries.bookings_on(today)
    ]
    return ["No.", "Time", "Master", "Service", "Client", "Phone", "Status"], rows


def settled(app: App) -> bool:
    """No worker is loading and the screen has handled what the workers posted to it."""
    busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)
    return not busy and app.screen._message_queue.empty() and app._message_queue.empty()


async def _start_app(expected_rows: int) -> int:
    started = time.perf_counter_ns()
    app = make_app(start_bot=False)
    watch = PaintWatch(app)
    async with app.run_test(size=SIZE):

        def ready() -> bool:
            screen = app.screen
            if not isinstance(screen, TodayScreen):
                return False
            journal = screen.query_one(JournalGrid).journal  # Today is the journal (issue 11)
            return journal is not None and journal.booked() == expected_rows

        await until(app, watch, ready, "Today with its journal filled")
        took = time.perf_counter_ns() - started
    return took


async def _start_bare(columns: list[str], rows: list[list[str]]) -> int:
    started = time.perf_counter_ns()
    app = BareApp(columns, rows)
    watch = PaintWatch(app)
    async with app.run_test(size=SIZE):

        def ready() -> bool:
            screen = app.screen
            return (isinstance(screen, BareScreen)
                    and screen.query_one(DataTable).row_count == len(rows))

        await until(app, watch, ready, "the bare table filled")
        took = time.perf_counter_ns() - started
    return took


async def start_figures(size: int, *, quick: bool, smoke: bool = False) -> list[Row]:
    columns, rows = _today_rows()
    runs = 1 if smoke else 3 if quick else 9
    app_s, bare_s = Sample(), Sample()
    active = sum(1 for row in rows if row[-1] != "cancelled")  # the journal draws these
    await _start_app(active)  # warm-up: imports, CSS parsing caches, SQLite page cache
    await _start_bare(columns, rows)
    for n in range(runs):  # alternate, and alternate which goes first
        pair = [("app", _start_app(active)), ("bare", _start_bare(columns, rows))]
        for name, coro in pair if n % 2 == 0 else reversed(pair):
            (app_s if name == "app" else bare_s).add(await coro)
    return [relative("TUI start to painted Today", size, app_s.median_ms, bare_s.median_ms, 1.5,
                     p99=app_s.max_ms,
                     note=f"{len(rows)} bookings on Today; bare app {bare_s.median_ms:.0f} ms; "
                          f"{runs} runs each, alternating (p99 column: slowest run)")]


# ---- switching sections and opening a booking card ----------------------------------------

def _clocks() -> tuple[int, int]:
    """Wall and CPU time now (CPU of the whole process: the UI thread and the workers), so a
    figure inflated by other processes on a shared machine can be told from real work."""
    return time.perf_counter_ns(), time.process_time_ns()


def _since(start: tuple[int, int]) -> tuple[int, int]:
    wall, cpu = _clocks()
    return wall - start[0], cpu - start[1]


async def _switch(pilot: Pilot, watch: PaintWatch, key: str, mode: str) -> tuple[int, int]:
    app = pilot.app
    app.screen.query_one(Sidebar).focus()  # a digit in a focused text field would be typed
    await pilot.pause()
    start = _clocks()
    press(app, key)
    await until(app, watch, lambda: app.current_mode == mode and app.screen.is_current
                and settled(app), f"section {mode}")
    return _since(start)


def journal_bookings(app: App) -> list[tuple[int, int]]:
    """(row, column) of the top of each booking block in Today's journal."""
    grid = app.screen.query_one(JournalGrid)
    return [(y, x + 1) for x, column in enumerate(grid.cells) for y, c in enumerate(column)
            if c.booking is not None and c.line == 0]


async def _open_card(pilot: Pilot, watch: PaintWatch, row: int) -> tuple[int, int]:
    app = pilot.app
    grid = app.screen.query_one(JournalGrid)
    grid.focus()
    places = journal_bookings(app)
    y, x = places[row % len(places)]
    grid.move_cursor(row=y, column=x, animate=False)
    await pilot.pause()
    start = _clocks()
    press(app, "enter")
    await until(app, watch, lambda: isinstance(app.screen, BookingCard)
                and app.screen.booking is not None and settled(app), "the booking card")
    took = _since(start)
    await pilot.press("escape")
    await until(app, watch, lambda: isinstance(app.screen, TodayScreen), "back to Today",
                paint=False)
    await pilot.pause()
    return took


class Timings:
    """Wall and CPU samples of one action."""

    def __init__(self) -> None:
        self.wall, self.cpu = Sample(), Sample()

    def add(self, took: tuple[int, int]) -> None:
        self.wall.add(took[0])
        self.cpu.add(took[1])


async def navigation_figures(size: int, *, quick: bool, smoke: bool = False) -> list[Row]:
    rounds = 1 if smoke else 2 if quick else 5
    app = make_app(start_bot=False)
    watch = PaintWatch(app)
    first: dict[str, tuple[int, int]] = {}
    widgets: dict[str, int] = {}
    per_mode: dict[str, Timings] = {}
    cards = Timings()
    keys = [(key, mode) for mode, key in section_keys().items()]
    async with app.run_test(size=SIZE) as pilot:
        await until(app, watch, lambda: isinstance(app.screen, TodayScreen), "Today", paint=False)
        for key, mode in keys[1:] + keys[:1]:  # the first visit composes the section
            first[mode] = await _switch(pilot, watch, key, mode)
            widgets[mode] = len(list(app.screen.walk_children(with_self=False)))
        for _ in range(rounds):
            for key, mode in keys[1:] + keys[:1]:
                per_mode.setdefault(mode, Timings()).add(await _switch(pilot, watch, key, mode))
        rows_today = len(journal_bookings(app))
        for n in range(rounds * 3):
            cards.add(await _open_card(pilot, watch, (n * 37) % max(1, rows_today)))
    every = Sample([t for m in per_mode.values() for t in m.wall.times_ns])
    every_cpu = Sample([t for m in per_mode.values() for t in m.cpu.times_ns])
    rows = [absolute("switch section, all 9 (key to painted)", size, every.median_ms, 100,
                     p99=percentile(every.times_ns, 99) / 1e6,
                     note=f"CPU median {every_cpu.median_ms:.0f} ms")]
    for _key, mode in keys:
        t = per_mode[mode]
        rows.append(absolute(f"  switch to {mode}", size, t.wall.median_ms, 100,
                             p99=t.wall.max_ms,
                             note=f"CPU {t.cpu.median_ms:.0f} ms; {widgets[mode]} widgets; first "
                                  f"visit (composes it) {first[mode][0] / 1e6:.0f} ms"))
    rows.append(absolute("open a booking card from Today", size, cards.wall.median_ms, 100,
                         p99=cards.wall.p99_ms, note=f"CPU median {cards.cpu.median_ms:.0f} ms"))
    return rows


# ---- switching to a section after a booking changed elsewhere ---------------------------------

CHANGED_TARGETS = ("today", "bookings")  # both show today's bookings: the changed row is on screen
RESTING = "services"  # switched to (not timed) before each change: shows no booking


class OtherWriter:
    """Another connection, in another thread, that flips one booking of today between confirmed
    and completed (what a master does in the bot) and commits."""

    def __init__(self, path: Path, number: int) -> None:
        self.path, self.number = path, number
        with closing(sqlite3.connect(path)) as conn:
            (self.status,) = conn.execute(
                "SELECT status FROM booking WHERE number = ?", (number,)).fetchone()

    def _flip(self) -> None:
        new = "confirmed" if self.status == "completed" else "completed"
        conn = sqlite3.connect(self.path, timeout=WAIT_S)
        try:
            with conn:
                conn.execute("UPDATE booking SET status = ? WHERE number = ?", (new, self.number))
        finally:
            conn.close()
        self.status = new

    def flip(self) -> str:
        """Commit the change from another thread; returns the new status."""
        thread = threading.Thread(target=self._flip)
        thread.start()
        thread.join(WAIT_S)
        return self.status


def _shows(app: App, number: int, status: str) -> bool:
    """The current section's booking table (or Today's journal) shows the booking with
    `status`."""
    if isinstance(app.screen, TodayScreen):
        return any(c.booking is not None and c.booking.number == number
                   and c.booking.status == status
                   for column in app.screen.query_one(JournalGrid).cells for c in column)
    table = app.screen.query_one(BookingTable)
    try:
        cell = table.get_row(str(number))[-1]
    except Exception:  # not loaded yet (RowDoesNotExist)
        return False
    return str(cell) == str(status_text(status, short=True))


async def _switch_after_change(pilot: Pilot, watch: PaintWatch, writer: OtherWriter, key: str,
                               mode: str) -> tuple[int, int]:
    app = pilot.app
    app.screen.query_one(Sidebar).focus()
    await pilot.pause()
    status = writer.flip()
    start = _clocks()
    press(app, key)
    await until(app, watch, lambda: app.current_mode == mode and app.screen.is_current
                and settled(app) and _shows(app, writer.number, status),
                f"section {mode} with the changed booking")
    return _since(start)


async def changed_figures(path: Path, size: int, *, quick: bool,
                          smoke: bool = False) -> list[Row]:
    """Switching to Today and Bookings after another connection committed a change to a booking
    they show (so the section reloads on the switch). On a copy of the salon: it is written."""
    rounds = 1 if smoke else 3 if quick else 8
    keys = section_keys()
    per_mode = {mode: Timings() for mode in CHANGED_TARGETS}
    with tempfile.TemporaryDirectory(prefix="mtime-bench-") as tmp:
        copy = Path(tmp) / "salon.db"
        with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(copy)) as target:
            source.backup(target)
        db.open_database(copy)
        try:
            app = make_app(start_bot=False)
            watch = PaintWatch(app)
            async with app.run_test(size=SIZE) as pilot:
                await until(app, watch, lambda: isinstance(app.screen, TodayScreen)
                            and settled(app) and bool(journal_bookings(app)),
                            "Today with its journal filled")
                # the first master's first booking: on screen in the journal and in Bookings
                grid = app.screen.query_one(JournalGrid)
                number = grid.journal.columns[0].bookings[0].number
                writer = OtherWriter(copy, number)
                for mode in (RESTING, *CHANGED_TARGETS):  # first visits compose the sections
                    await _switch(pilot, watch, keys[mode], mode)
                for _ in range(rounds):
                    for mode in CHANGED_TARGETS:
                        await _switch(pilot, watch, keys[RESTING], RESTING)
                        per_mode[mode].add(await _switch_after_change(
                            pilot, watch, writer, keys[mode], mode))
        finally:
            db.open_database(path)
    return [absolute(f"switch to {mode} after a booking on it changed elsewhere", size,
                     t.wall.median_ms, 100, p99=t.wall.max_ms,
                     note=f"CPU {t.cpu.median_ms:.0f} ms; before each switch (from {RESTING}) "
                          f"another thread's connection changed the status of No. {number}, "
                          f"Today's first row")
            for mode, t in per_mode.items()]


async def tui_figures(path: Path, size: int, *, quick: bool = False,
                      smoke: bool = False) -> list[Row]:
    """Every TUI figure on the open salon at `path` (measured in this process)."""
    return [*await start_figures(size, quick=quick, smoke=smoke),
            *await navigation_figures(size, quick=quick, smoke=smoke),
            *await changed_figures(path, size, quick=quick, smoke=smoke)]
