"""Broadcast benchmark (issue 16): `python -m bench.broadcast [--clients 50000]`.

Measures, on a fresh salon file with that many clients on Telegram:
- core: `broadcasts.start` — queuing one outbox row per recipient (target < 5 s for 50,000);
- TUI: the same queuing started from the Broadcasts screen (its worker thread) while keys are
  pressed in the list; every key's time to be handled, and the queuing's time meanwhile
  (target: the TUI keeps answering keys — no key slower than 250 ms).
Benchmarks are not tests: the exit code is 0 whatever the verdicts.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from mtime_tui.core import clock, settings
from mtime_tui.core.messaging import broadcasts
from mtime_tui.core.storage import db
from mtime_tui.core.storage.models import Client, Outbox, database

from .run import NOW

ENQUEUE_TARGET = 5.0
KEY_TARGET = 0.25


def build(path: Path, clients: int) -> None:
    db.open_database(path)
    settings.save(timezone="Europe/Moscow", tui_language="en", salon_name="Bench Salon")
    rows = [{"telegram_id": 10_000_000 + i, "first_name": f"Client{i}", "language": "ru",
             "phone": f"+7900{i:07d}"} for i in range(clients)]
    with database.atomic():
        for start in range(0, clients, 2000):
            Client.insert_many(rows[start:start + 2000]).execute()


def core_enqueue(clients: int) -> float:
    draft = broadcasts.create("Hello {first_name}!", broadcasts.Audience())
    began = time.perf_counter()
    total = broadcasts.start(draft.id)
    elapsed = time.perf_counter() - began
    assert total == clients, total
    return elapsed


async def _key(pilot, n: int) -> float:
    """Press ↓ or ↑ in the list; the time until the cursor has moved (the key was handled)."""
    table = pilot.app.screen.query_one("#broadcasts-table")
    before = table.cursor_row
    t0 = time.perf_counter()
    press = asyncio.ensure_future(pilot.press("down" if n % 2 == 0 else "up"))
    while table.cursor_row == before and time.perf_counter() - t0 < 5:
        await asyncio.sleep(0.001)
    elapsed = time.perf_counter() - t0
    await press
    return elapsed


async def tui_enqueue(clients: int) -> tuple[float, list[float], list[float]]:
    from mtime_tui.app import make_app
    from mtime_tui.screens.broadcasts import BroadcastsScreen

    Outbox.delete().execute()
    app = make_app(start_bot=False)
    latencies: list[float] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("8")
        await pilot.pause()
        screen = BroadcastsScreen()
        await app.push_screen(screen)
        await pilot.pause()
        await app.workers.wait_for_complete()  # its look for drafts left by a restart: none
        for n in range(3):  # rows to move between
            broadcasts.create(f"Earlier news {n}", broadcasts.Audience())
        screen.refresh_data()
        await app.workers.wait_for_complete()
        await pilot.pause()
        baseline = [await _key(pilot, n) for n in range(20)]  # the same keys, nothing queuing
        draft = broadcasts.create("Hello again {first_name}!", broadcasts.Audience())
        began = time.perf_counter()
        worker = screen.queue(draft.id)
        elapsed = None
        while elapsed is None or len(latencies) < 20:
            latencies.append(await _key(pilot, len(latencies)))
            if elapsed is None and worker.is_finished:
                elapsed = time.perf_counter() - began  # to within one key
    assert Outbox.select().where(Outbox.broadcast == draft.id).count() == clients
    return elapsed, latencies, baseline


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.broadcast")
    parser.add_argument("--clients", type=int, default=50_000)
    args = parser.parse_args(argv)
    clock.set_clock(clock.FixedClock(NOW))
    with tempfile.TemporaryDirectory() as folder:
        build(Path(folder) / "salon.db", args.clients)
        core = core_enqueue(args.clients)
        tui, keys, baseline = asyncio.run(tui_enqueue(args.clients))
        db.close_database()
    worst = max(keys) if keys else 0.0
    median = statistics.median(keys) if keys else 0.0
    verdict = lambda ok: "ok" if ok else "MISSED"  # noqa: E731
    print(f"broadcast to {args.clients} clients")
    print(f"{'what':48} {'figure':>10} {'target':>10}  verdict")
    print(f"{'queue it (core)':48} {core:>9.2f}s {ENQUEUE_TARGET:>9.1f}s  "
          f"{verdict(core < ENQUEUE_TARGET)}")
    print(f"{'queue it from the TUI (worker)':48} {tui:>9.2f}s {ENQUEUE_TARGET:>9.1f}s  "
          f"{verdict(tui < ENQUEUE_TARGET)}")
    print(f"{'keys with nothing queuing: median':48} "
          f"{statistics.median(baseline) * 1000:>8.1f}ms")
    print(f"{f'keys meanwhile: {len(keys)}, median':48} {median * 1000:>8.1f}ms")
    print(f"{'keys meanwhile: slowest':48} {worst * 1000:>8.1f}ms {KEY_TARGET * 1000:>8.0f}ms  "
          f"{verdict(worst < KEY_TARGET)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
