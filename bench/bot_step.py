"""The bot figures, against the Telegram stand-in (tests/fakegram) on 127.0.0.1.

- One step (button press → edited message) of the real bot on the large salon against a bare
  python-telegram-bot handler that answers the press and edits the message to the same text and
  keyboard, each on its own stand-in, pressed alternately in the same run.
- 50 clients booking at once, the whole dialogue (/start → Book → service → any master → date →
  time → phone → name → Book): every one must end booked or re-offered other times; the p99 of
  every step of every client is held against 250 ms.

The bots run in child processes (`python -m bench.bot_step serve-bot|serve-bare …`) as they run
in production, so the simulated users (threads here) do not share the bots' interpreter.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import logging
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from mtime_tui.core.booking import slots
from mtime_tui.core.storage.models import Service

from .measure import Sample, percentile
from .report import Row, absolute, relative

TOKEN_BOT = "111111:BENCH-bot-token-abcdefghijklmnopqrs"
TOKEN_BARE = "222222:BENCH-bare-token-abcdefghijklmnopqr"
STEP_FACTOR = 1.2  # one step against the bare PTB handler doing the same edit (issue 17)
CPU_PER_UPDATE_MS = 2.5  # the bot's CPU per update it handles, one by one and in the crowd
DIALOGUE_MS = 35.0  # a whole booking dialogue, clients one after another (median)
WAIT_S = 60.0  # a bound on any single wait for the bot: a stuck bot ends the run, not hangs it
TIME_RE = re.compile(r"^\d\d:\d\d$")


# ---- child processes -------------------------------------------------------------------------

@contextmanager
def child(args: list[str], *, ready: str = "ready", timeout: float = 60,
          env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """Run `python -m bench.<args>` until the block ends; it prints `ready` once it serves.

    The child ends when its stdin closes (then it prints what it measured on stdout); `env` is
    added to this process's environment."""
    proc = subprocess.Popen([sys.executable, "-m", *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent,
                            env={**os.environ, **env} if env else None)
    try:
        deadline = time.monotonic() + timeout
        assert proc.stdout is not None
        while True:
            line = proc.stdout.readline()
            if line.strip() == ready:
                break
            if not line and proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{' '.join(args)} did not start (exit {proc.poll()})")
        yield proc
    finally:
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_for_stdin_to_close() -> None:
    for _ in sys.stdin:
        pass


def serve_bot(db_path: str, api_url: str, token: str) -> None:
    """Child: the real bot (BotRunner, as `mtime-tui bot` runs it) over `db_path`."""
    from mtime_tui.bot.telegram.runner import RUNNING, BotRunner
    from mtime_tui.core import clock, settings
    from mtime_tui.core.storage import db

    from .run import NOW

    logging.getLogger("telegram").setLevel(logging.WARNING)
    concurrent = int(os.environ.get("BENCH_BOT_CONCURRENT", "0"))
    if concurrent:  # a what-if for docs/PERFORMANCE.md: the same bot with concurrent updates
        from telegram.ext import ApplicationBuilder

        from mtime_tui.bot.telegram import application

        class Concurrent(ApplicationBuilder):
            def build(self):  # noqa: ANN202 - telegram's own type
                self.concurrent_updates(concurrent)
                return super().build()

        application.ApplicationBuilder = Concurrent
    if os.environ.get("BENCH_BOT_SNIFFIO"):  # a what-if: httpcore finds sniffio (see Findings)
        import types

        stub = types.ModuleType("sniffio")
        stub.current_async_library = lambda: "asyncio"  # type: ignore[attr-defined]
        sys.modules["sniffio"] = stub
    if os.environ.get("BENCH_BOT_NOSYNC"):  # a what-if: how much of a step is waiting for fsync
        db.PRAGMAS["synchronous"] = 0
    if os.environ.get("BENCH_SWITCH"):  # a what-if: the interpreter's GIL switch interval
        sys.setswitchinterval(float(os.environ["BENCH_SWITCH"]))
    if os.environ.get("BENCH_DB_CPU"):  # how much of the bot's CPU its database worker takes
        _count_db_cpu()
    if os.environ.get("BENCH_DB_TRACE"):
        _trace_db_calls(os.environ["BENCH_DB_TRACE"])
    if os.environ.get("BENCH_PROFILE"):
        _profile_bot_thread(BotRunner, os.environ["BENCH_PROFILE"])
    clock.set_clock(clock.FixedClock(NOW))
    db.open_database(db_path)
    settings.save(bot_token=token, bot_api_url=api_url)
    runner = BotRunner()
    runner.start()
    deadline = time.monotonic() + 30
    while runner.state != RUNNING and time.monotonic() < deadline:
        time.sleep(0.05)
    if os.environ.get("BENCH_THREADS"):  # bench/bot_threads: which thread a tid is
        _write_thread_names(Path(os.environ["BENCH_THREADS"]))
    if os.environ.get("BENCH_READS"):  # bench/bot_reads: each database call, kept at exit
        from .bot_reads import record_calls

        record_calls(Path(os.environ["BENCH_READS"]))
    print("ready", flush=True)
    _wait_for_stdin_to_close()
    runner.stop(timeout=10)


def _write_thread_names(target: Path) -> None:
    """BENCH_THREADS=<file>: keep `{native thread id: thread name}` of the bot's threads in that
    file, rewritten each second (worker threads start when first needed)."""
    import threading

    def write() -> None:
        while True:
            target.write_text(json.dumps({t.native_id: t.name for t in threading.enumerate()}))
            time.sleep(1)

    threading.Thread(target=write, name="bench-thread-names", daemon=True).start()


def _count_db_cpu() -> None:
    """BENCH_DB_CPU=1: on exit, print (stderr) the CPU the database worker thread used."""
    from mtime_tui.bot.telegram import dbcalls

    used = [0.0, 0]
    call = dbcalls._call

    def counted(fn, args, kwargs):  # noqa: ANN001, ANN202
        started = time.thread_time()
        try:
            return call(fn, args, kwargs)
        finally:
            used[0] += time.thread_time() - started
            used[1] += 1

    dbcalls._call = counted
    atexit.register(lambda: print(f"db worker: {used[1]} calls, {used[0]:.2f} s CPU, "
                                  f"process {time.process_time():.2f} s", file=sys.stderr))


def _trace_db_calls(target: str) -> None:
    """BENCH_DB_TRACE=<file>: per writer call (bot/dbcalls.run_db) its function, thread CPU and
    wall time (and with BENCH_DB_SQL=1 the SQL statements it ran), one JSON line each, into that
    file at exit."""
    import threading

    from mtime_tui.bot.telegram import dbcalls
    from mtime_tui.core.storage.models import database

    calls: list[dict] = []
    call = dbcalls._call
    local = threading.local()

    def traced(fn, args, kwargs):  # noqa: ANN001, ANN202
        if threading.current_thread().name.startswith("mtime-bot-db"):
            dbcalls._ensure_connection()
            conn = database.connection()
            if getattr(local, "conn", None) is not conn and os.environ.get("BENCH_DB_SQL"):
                local.conn = conn
                conn.set_trace_callback(lambda sql: local.sql.append(sql[:90]))
            local.sql = []
            started, wall = time.thread_time(), time.perf_counter()
            try:
                return call(fn, args, kwargs)
            finally:
                calls.append({"fn": getattr(fn, "__qualname__", repr(fn)),
                              "cpu_ms": (time.thread_time() - started) * 1000,
                              "wall_ms": (time.perf_counter() - wall) * 1000,
                              "sql": local.sql})
        return call(fn, args, kwargs)

    dbcalls._call = traced
    atexit.register(lambda: Path(target).write_text("\n".join(json.dumps(c) for c in calls)))


def _profile_bot_thread(runner_cls, target: str) -> None:
    """BENCH_PROFILE=<file>: cProfile the bot's thread (handlers, sender) into that file."""
    import cProfile

    original = runner_cls._thread_main

    def profiled(self) -> None:  # noqa: ANN001
        profile = (cProfile.Profile(time.thread_time) if os.environ.get("BENCH_PROFILE_CPU")
                   else cProfile.Profile())
        profile.enable()
        try:
            original(self)
        finally:
            profile.disable()
            profile.dump_stats(target)

    runner_cls._thread_main = profiled

    # The database worker thread (bot/dbcalls) runs the writes: profiled into `<target>.db`.
    from mtime_tui.bot.telegram import dbcalls

    worker_profile = cProfile.Profile()
    call = dbcalls._call

    def profiled_call(fn, args, kwargs):  # noqa: ANN001, ANN202
        worker_profile.enable()
        try:
            return call(fn, args, kwargs)
        finally:
            worker_profile.disable()

    dbcalls._call = profiled_call
    atexit.register(lambda: worker_profile.dump_stats(target + ".db"))


def serve_bare(api_url: str, token: str, screen_file: str) -> None:
    """Child: a bare python-telegram-bot Application whose one handler answers the press and
    edits the message to the text and keyboard in `screen_file` (or back to one "Go" button)."""
    import asyncio

    from telegram import InlineKeyboardButton, InlineKeyboardMarkup
    from telegram.constants import ParseMode
    from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, Defaults

    screen = json.loads(Path(screen_file).read_text())
    keyboard = [[InlineKeyboardButton(b["text"], callback_data=b["callback_data"]) for b in row]
                for row in screen["reply_markup"]["inline_keyboard"]]
    keyboard.append([InlineKeyboardButton("Back", callback_data="back")])
    shown = InlineKeyboardMarkup(keyboard)
    go = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])

    async def start(update, context) -> None:
        await update.message.reply_text("Choose:", reply_markup=go)

    async def pressed(update, context) -> None:
        query = update.callback_query
        await query.answer()
        if query.data == "go":
            await query.edit_message_text(screen["text"], reply_markup=shown)
        else:
            await query.edit_message_text("Choose:", reply_markup=go)

    app = (ApplicationBuilder().token(token).base_url(api_url)
           .defaults(Defaults(parse_mode=ParseMode.HTML)).build())
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))

    async def main() -> None:
        async with app:
            await app.start()
            await app.updater.start_polling(poll_interval=0, timeout=10)
            print("ready", flush=True)
            await asyncio.to_thread(_wait_for_stdin_to_close)
            await app.updater.stop()
            await app.stop()

    asyncio.run(main())


# ---- the dialogue ------------------------------------------------------------------------------

@dataclass
class Choice:
    service_label: str  # a unique part of the service button's text
    date_label: str  # the date button's text
    day: dt.date


def busiest_choice(today: dt.date) -> Choice:
    """The bookable service most masters offer among those on the first page of the client's
    list (the dialogue presses its button there), ten days ahead (half full: most of the crowd
    can book, and some lose a time to each other)."""
    from mtime_tui.bot.telegram.keyboards import SERVICES_PER_PAGE
    from mtime_tui.bot.telegram.texts import format_day

    first_page = slots.bookable_services()[:SERVICES_PER_PAGE]
    best = max(first_page, key=lambda s: (len(slots.masters_for_service(s.id)), -s.id))
    day = today + dt.timedelta(days=10)
    return Choice(Service.get_by_id(best.id).name, format_day(day, "en"), day)


def next_day(choice: Choice) -> Choice:
    from mtime_tui.bot.telegram.texts import format_day

    day = choice.day + dt.timedelta(days=1)
    return Choice(choice.service_label, format_day(day, "en"), day)


def text_of(message) -> str:
    return (message.text or "") if message is not None else ""


def reoffered(text: str) -> bool:
    """Other times (or, when the day is full, other dates) offered after losing a time: the bot
    says why first ("This time is no longer free", "😔 This time was just taken…"). Matching
    "Free times" alone would be wrong: the old times keyboard is edited (collapsed) once a time
    is picked."""
    return "no longer free" in text or "😔" in text


@dataclass
class Dialogue:
    steps: dict[str, list[int]] = field(default_factory=dict)  # step name → durations (ns)
    outcome: str = ""  # "booked", "re-offered" or what went wrong
    current: str = ""
    # Seconds a person takes to read a screen before the next press (not timed); None: none at
    # all, the next press the instant the screen is there — the worst case for the bot.
    reading: tuple[float, float] | None = None
    rng: random.Random = field(default_factory=random.Random)
    # (step name, start, end) on the monotonic clock, which the bot child shares (bench.bot_reads)
    windows: list[tuple[str, int, int]] = field(default_factory=list)

    def step(self, name: str, user, act: Callable[[], object], until: Callable[[str], bool]):
        self.current = name
        if self.reading:
            time.sleep(self.rng.uniform(*self.reading))
        user.clear()
        started = time.perf_counter_ns()
        act()
        message = user.wait_for(lambda m: until(text_of(m)), timeout=WAIT_S)
        ended = time.perf_counter_ns()
        self.steps.setdefault(name, []).append(ended - started)
        self.windows.append((name, started, ended))
        return message


def to_dates(d: Dialogue, user, choice: Choice) -> None:
    d.step("/start → menu", user, lambda: user.send("/start"), lambda t: "Welcome" in t)
    d.step("Book → services", user, lambda: user.press("Book", timeout=WAIT_S),
           lambda t: "Choose a service" in t)
    d.step("service → masters", user, lambda: user.press(choice.service_label, timeout=WAIT_S),
           lambda t: "Choose a master" in t)
    d.step("any master → dates", user, lambda: user.press("Any master", timeout=WAIT_S),
           lambda t: "Choose a date" in t)


def book_once(n: int, fake, choice: Choice, reading: tuple[float, float] | None = None,
              first_id: int = 7_000_000) -> Dialogue:
    """One new client's whole booking; clients spread over the free times shown, so with more
    clients than times some collide (the loser must be re-offered times)."""
    user = fake.user(first_id + n, first_name=f"Client{n}", language_code="en")
    d = Dialogue(reading=reading, rng=random.Random(n))
    try:
        to_dates(d, user, choice)
        times = d.step("date → times", user, lambda: user.press(choice.date_label, timeout=WAIT_S),
                       lambda t: "Free times" in t)
        labels = [text for text, _data in user.buttons(times) if TIME_RE.match(text)]
        if not labels:
            d.outcome = "no free times shown"
            return d
        label = labels[n % len(labels)]
        shown = d.step("time → phone", user, lambda: user.press(label, timeout=WAIT_S),
                       lambda t: "phone number" in t or reoffered(t))
        if reoffered(text_of(shown)):
            d.outcome = "re-offered"
            return d
        phone = f"+7999{(first_id + n) % 10_000_000:07d}"  # each client of each crowd its own
        d.step("contact → name", user, lambda: user.send_contact(phone),
               lambda t: "How should we call you" in t)
        d.step("keep name → review", user, lambda: user.press("Keep", timeout=WAIT_S),
               lambda t: "check your booking" in t)
        done = d.step("Book → booked", user, lambda: user.press("✅ Book", timeout=WAIT_S),
                      lambda t: "Booked" in t or "already" in t or reoffered(t))
        d.outcome = "re-offered" if reoffered(text_of(done)) else "booked"
    except Exception as exc:  # a timeout or a missing button: reported, never hidden
        last = text_of(user.last).replace("\n", " ")[:80]
        d.outcome = (f"failed at {d.current!r}: {type(exc).__name__}; the chat shows {last!r}")
    return d


# ---- the figures -------------------------------------------------------------------------------

def _step_ratio(fake_bot, fake_bare, choice: Choice, screen_file: Path, size: int,
                runs: int, bot_pid: int | None = None) -> list[Row]:
    """Alternate one step of the real bot and of the bare handler; same kind of edit. Also the
    CPU each process spent per press meanwhile (the step and Back, one press after another):
    the floor under the bot's CPU per update, measured in the same run."""
    real = fake_bot.user(6_000_001, first_name="Bench", language_code="en")
    d = Dialogue()
    to_dates(d, real, choice)
    times = d.step("date → times", real, lambda: real.press(choice.date_label, timeout=WAIT_S),
                   lambda t: "Free times" in t)
    screen_file.write_text(json.dumps({"text": times.raw_text,
                                       "reply_markup": times.reply_markup}))
    real_s, bare_s = Sample(), Sample()
    cpu = {"bot": 0.0, "bare": 0.0}
    with child(["bench.bot_step", "serve-bare", fake_bare.base_url, TOKEN_BARE,
                str(screen_file)]) as bare_proc:
        bare = fake_bare.user(6_000_002, first_name="Bare", language_code="en")
        bare.send("/start")
        bare.wait_for("Choose:", timeout=WAIT_S)
        first_line = text_of(times).splitlines()[0]
        for n in range(runs + 2):  # two warm-up rounds
            if n == 2:
                cpu = {"bot": -cpu_seconds(bot_pid) if bot_pid else 0.0,
                       "bare": -cpu_seconds(bare_proc.pid)}
            real.press("Back", timeout=WAIT_S)
            real.wait_for("Choose a date", timeout=WAIT_S)
            bare.press("Back", timeout=WAIT_S) if n else None
            bare.wait_for("Choose:", timeout=WAIT_S)
            pair = [
                (real_s, lambda: d.step("x", real, lambda: real.press(choice.date_label),
                                        lambda t: "Free times" in t)),
                (bare_s, lambda: d.step("x", bare, lambda: bare.press("Go"),
                                        lambda t: first_line in t)),
            ]
            for sample, run in pair if n % 2 == 0 else reversed(pair):
                d.steps["x"] = []
                run()
                if n >= 2:
                    sample.add(d.steps["x"][0])
        cpu["bare"] += cpu_seconds(bare_proc.pid)
        cpu["bot"] += cpu_seconds(bot_pid) if bot_pid else 0.0
    presses = 2 * runs  # the step and Back, each round
    rows = [relative("bot step: date → free times", size, real_s.median_ms, bare_s.median_ms,
                     STEP_FACTOR, p99=real_s.p99_ms,
                     note=f"bare PTB handler, same edit: {bare_s.median_ms:.1f} ms; {runs} presses "
                          "each, alternating")]
    if bot_pid:
        rows.append(absolute(
            "  reference: bare PTB handler, one after another, CPU per press", size,
            cpu["bare"] / presses * 1000, CPU_PER_UPDATE_MS,
            note=f"the same {presses} presses (step and Back): the bot "
                 f"{cpu['bot'] / presses * 1000:.2f} ms of CPU per press, "
                 f"{cpu['bot'] / max(cpu['bare'], 1e-9):.2f} × the bare handler's (httpx)"))
    return rows


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), 0 where unavailable."""
    return stat_cpu_seconds(Path(f"/proc/{pid}/stat"))


def stat_cpu_seconds(stat: Path) -> float:
    """User + system CPU time in a /proc `stat` file (a process's or one of its threads'), 0
    where unavailable (not Linux, or the thread has ended)."""
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _crowd(fake_bot, choice: Choice, size: int, clients: int, bot_pid: int,
           reading: tuple[float, float] | None = None, first_id: int = 7_000_000,
           label: str = "at once", per_step_rows: bool = True) -> list[Row]:
    bot_cpu, own_cpu = cpu_seconds(bot_pid), time.process_time()
    with ThreadPoolExecutor(clients) as pool:
        started = time.perf_counter()
        dialogues = list(pool.map(lambda n: book_once(n, fake_bot, choice, reading, first_id),
                                  range(clients)))
        took = time.perf_counter() - started
    bot_cpu, own_cpu = cpu_seconds(bot_pid) - bot_cpu, time.process_time() - own_cpu
    outcomes: dict[str, int] = {}
    for d in dialogues:
        key = d.outcome if not d.outcome.startswith("failed") else "failed"
        outcomes[key] = outcomes.get(key, 0) + 1
    every = [t for d in dialogues for times in d.steps.values() for t in times]
    per_step: dict[str, list[int]] = {}
    for d in dialogues:
        for name, times in d.steps.items():
            per_step.setdefault(name, []).extend(times)
    worst = max(per_step, key=lambda k: percentile(per_step[k], 99)) if per_step else "-"
    failures = [d.outcome for d in dialogues if d.outcome.startswith("failed")][:2]
    ok = outcomes.get("booked", 0) + outcomes.get("re-offered", 0)
    updates = len(every)  # each step is one update: a message or a press
    outcome_text = ", ".join(f"{v} {k}" for k, v in sorted(outcomes.items()))
    rows = [
        absolute(f"{clients} clients {label}, p99 per step", size,
                 statistics_median_ms(every), 250, p99=percentile(every, 99) / 1e6, on_p99=True,
                 note=f"{outcome_text} in {took:.1f} s (CPU: bot {bot_cpu:.1f} s, stand-in and "
                      f"users {own_cpu:.1f} s); slowest step {worst} "
                      f"(p99 {percentile(per_step[worst], 99) / 1e6:.0f} ms)"
                      + (f"; {'; '.join(failures)}" if failures else "")),
        Row(f"{clients} clients {label}, booked or re-offered", size, float(ok), "clients",
            f"all {clients}", float(ok), 0.0, passed=ok == clients, note=outcome_text),
    ]
    if per_step_rows:
        rows.append(cpu_row(f"{clients} clients {label}, bot CPU per update", size, bot_cpu,
                            updates))
    for name, times in per_step.items() if per_step_rows else ():
        rows.append(absolute(f"  step {name}", size, statistics_median_ms(times), 250,
                             p99=percentile(times, 99) / 1e6, on_p99=True))
    return rows


def cpu_row(what: str, size: int, bot_cpu: float, updates: int) -> Row:
    """The bot process's CPU (every thread: handlers, readers, writer, sender) over the updates
    it handled meanwhile, in ms per update."""
    per = bot_cpu / max(updates, 1) * 1000
    return absolute(what, size, per, CPU_PER_UPDATE_MS,
                    note=f"{bot_cpu:.2f} s of bot CPU for {updates} updates (process CPU from "
                         "/proc, so every thread counts; the sender's notifications included)")


def _one_by_one(fake_bot, choice: Choice, size: int, clients: int, bot_pid: int) -> list[Row]:
    """Clients one after another, each the whole dialogue with no pause (/start … ✅ Book):
    the dialogue's time (the sum of its steps: what the person waits in all) and the bot's CPU
    per update. Every client must end booked (nobody else books this day)."""
    warm = book_once(0, fake_bot, choice, first_id=7_200_000)  # a warm-up dialogue, not counted
    if warm.outcome != "booked":  # the day is full or the bot is stuck: no figure, not an hour
        clients = 0
    dialogues, cpu = [], 0.0
    for n in range(1, clients + 1):
        before = cpu_seconds(bot_pid)
        dialogues.append(book_once(n, fake_bot, choice, first_id=7_200_000))
        time.sleep(0.05)  # let the sender's notifications of this booking go out, inside the CPU
        cpu += cpu_seconds(bot_pid) - before
    totals = [sum(t for times in d.steps.values() for t in times) for d in dialogues]
    updates = sum(len(times) for d in dialogues for times in d.steps.values())
    booked = sum(d.outcome == "booked" for d in dialogues)
    failures = [d.outcome for d in dialogues if d.outcome != "booked"][:2]
    steps = updates / max(len(dialogues), 1)
    p99 = percentile(totals, 99) / 1e6 if totals else float("nan")
    return [
        absolute("whole booking dialogue, one client after another", size,
                 statistics_median_ms(totals), DIALOGUE_MS, p99=p99,
                 note=f"{booked} of {clients} booked ({steps:.0f} steps each; warm-up: "
                      f"{warm.outcome})" + (f"; {'; '.join(failures)}" if failures else "")),
        cpu_row("one client after another, bot CPU per update", size, cpu, updates),
    ]


def _bare_crowd(fake_bare, screen_file: Path, size: int, clients: int) -> Row:
    """The floor under the crowd: as many people pressing, with no pause, a bare PTB handler
    that only answers and edits (9 steps each, as a dialogue has). A bot with any work to do
    per press cannot be quicker; the difference is the bot's own work."""
    with child(["bench.bot_step", "serve-bare", fake_bare.base_url, TOKEN_BARE,
                str(screen_file)]) as bare:
        first_line = json.loads(screen_file.read_text())["text"].splitlines()[0]

        def presses(n: int) -> list[int]:
            user = fake_bare.user(8_000_000 + n, first_name=f"Bare{n}", language_code="en")
            d = Dialogue()
            d.step("s", user, lambda: user.send("/start"), lambda t: t == "Choose:")
            for k in range(8):
                go = k % 2 == 0
                d.step("s", user, lambda go=go: user.press("Go" if go else "Back",
                                                            timeout=WAIT_S),
                       (lambda t: first_line in t) if go else (lambda t: t == "Choose:"))
            return d.steps["s"]

        cpu = cpu_seconds(bare.pid)
        with ThreadPoolExecutor(clients) as pool:
            every = [t for times in pool.map(presses, range(clients)) for t in times]
        cpu = cpu_seconds(bare.pid) - cpu
    return absolute(f"  reference: bare PTB handler, {clients} at once", size,
                    statistics_median_ms(every), 250, p99=percentile(every, 99) / 1e6,
                    on_p99=True,
                    note=f"answer + edit only, default PTB (httpx), 9 presses each; CPU "
                         f"{cpu / len(every) * 1000:.1f} ms per press")


def statistics_median_ms(times_ns: list[int]) -> float:
    return Sample(list(times_ns)).median_ms


def bot_figures(path: Path, size: int, *, quick: bool = False, smoke: bool = False,
                today: dt.date | None = None, clients: int = 50,
                crowd: bool = True) -> list[Row]:
    """Both bot figures on a copy of the salon at `path` (the bot writes bookings); without
    `crowd`, the one-step figure only (the smaller salons of the growth table)."""
    from tests.fakegram import FakeTelegram

    from .run import TODAY

    choice = busiest_choice(today or TODAY)
    logging.getLogger("tests.fakegram").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="mtime-bench-bot-") as tmp:
        copy = Path(tmp) / "salon.db"
        shutil.copyfile(path, copy)
        with FakeTelegram(TOKEN_BOT, open_chats=True) as fake_bot, \
                FakeTelegram(TOKEN_BARE, open_chats=True) as fake_bare, \
                child(["bench.bot_step", "serve-bot", str(copy), fake_bot.base_url,
                       TOKEN_BOT]) as bot:
            rows = _step_ratio(fake_bot, fake_bare, choice, Path(tmp) / "screen.json", size,
                               runs=2 if smoke else 6 if quick else 20, bot_pid=bot.pid)
            if crowd:
                # One client after another, on the day after the person's pace crowd's (ten
                # fit before "any master" runs out of times there).
                alone = next_day(next_day(choice))
                rows += _one_by_one(fake_bot, alone, size, 3 if smoke else 5 if quick else 10,
                                    bot.pid)
                many = 5 if smoke else clients
                rows += _crowd(fake_bot, choice, size, many, bot.pid)
                rows.append(_bare_crowd(fake_bare, Path(tmp) / "screen.json", size, many))
                # The same crowd at a person's pace: each screen read for 0.5–1.5 s before the
                # next press (on the next day: the first crowd filled some of this one).
                later = next_day(choice)
                rows += _crowd(fake_bot, later, size, many, bot.pid,
                               reading=(0.0, 0.05) if smoke else (0.5, 1.5),
                               first_id=7_100_000, label="at a person's pace",
                               per_step_rows=False)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bot_step")
    sub = parser.add_subparsers(dest="what", required=True)
    bot = sub.add_parser("serve-bot")
    bot.add_argument("db")
    bot.add_argument("api_url")
    bot.add_argument("token")
    bare = sub.add_parser("serve-bare")
    bare.add_argument("api_url")
    bare.add_argument("token")
    bare.add_argument("screen_file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if args.what == "serve-bot":
        serve_bot(args.db, args.api_url, args.token)
    else:
        serve_bare(args.api_url, args.token, args.screen_file)
    return 0


if __name__ == "__main__":
    threading.current_thread().name = "bench-child"
    raise SystemExit(main())
