"""Timing helpers for the benchmarks: warm up, repeat, take the median and the p99.

Medians, not means: one garbage collection or a neighbour on a shared core must not move the
figure. The p99 is reported where a slow tail is what a user would feel (bot steps).
"""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

NS_PER_MS = 1_000_000


@dataclass
class Sample:
    """Durations of repeated runs of one thing, in nanoseconds."""

    times_ns: list[int] = field(default_factory=list)

    def add(self, ns: int) -> None:
        self.times_ns.append(ns)

    @property
    def count(self) -> int:
        return len(self.times_ns)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times_ns) / NS_PER_MS if self.times_ns else math.nan

    @property
    def p99_ms(self) -> float:
        return percentile(self.times_ns, 99) / NS_PER_MS if self.times_ns else math.nan

    @property
    def max_ms(self) -> float:
        return max(self.times_ns) / NS_PER_MS if self.times_ns else math.nan


def percentile(values: list[int] | list[float], p: float) -> float:
    """The p-th percentile by the nearest-rank method (p99 of 100 values is the 99th)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return float(ordered[rank - 1])


def repeat(
    func: Callable[[], object],
    *,
    times: int = 50,
    warmup: int = 3,
    budget_s: float = 5.0,
) -> Sample:
    """Run `func` `warmup` times unmeasured, then up to `times` times measured.

    Stops early once `budget_s` seconds of measured time have passed (at least 5 runs), so a
    slow figure on a slow machine cannot make the whole benchmark run for minutes.
    """
    for _ in range(warmup):
        func()
    sample = Sample()
    spent = 0
    budget_ns = int(budget_s * 1e9)
    gc.collect()  # start from a clean heap; collections during the runs are part of the cost
    for i in range(times):
        start = time.perf_counter_ns()
        func()
        took = time.perf_counter_ns() - start
        sample.add(took)
        spent += took
        if spent > budget_ns and i >= 4:
            break
    return sample


def repeat_both(
    func: Callable[[], object],
    *,
    times: int = 50,
    warmup: int = 3,
    budget_s: float = 5.0,
) -> tuple[Sample, Sample]:
    """`repeat`, timing each run twice: wall time and this process's CPU time
    (`time.process_time`). On a shared machine the wall time carries the other processes' load;
    the CPU time much less so (what is left of it is shared caches and cores)."""
    for _ in range(warmup):
        func()
    wall, cpu = Sample(), Sample()
    spent = 0
    budget_ns = int(budget_s * 1e9)
    gc.collect()
    for i in range(times):
        start, start_cpu = time.perf_counter_ns(), time.process_time_ns()
        func()
        took = time.perf_counter_ns() - start
        wall.add(took)
        cpu.add(time.process_time_ns() - start_cpu)
        spent += took
        if spent > budget_ns and i >= 4:
            break
    return wall, cpu


async def repeat_async(
    func: Callable[[], Awaitable[object]],
    *,
    times: int = 20,
    warmup: int = 2,
    budget_s: float = 10.0,
) -> Sample:
    """`repeat` for a coroutine function (a key press through Textual's Pilot)."""
    for _ in range(warmup):
        await func()
    sample = Sample()
    spent = 0
    budget_ns = int(budget_s * 1e9)
    for i in range(times):
        start = time.perf_counter_ns()
        await func()
        took = time.perf_counter_ns() - start
        sample.add(took)
        spent += took
        if spent > budget_ns and i >= 4:
            break
    return sample


def timed(func: Callable[[], object]) -> tuple[object, int]:
    """One call of `func`: its result and how long it took in nanoseconds."""
    start = time.perf_counter_ns()
    result = func()
    return result, time.perf_counter_ns() - start
