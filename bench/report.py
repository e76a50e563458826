"""The benchmark's results as rows with their targets, and the plain-text tables it prints.

A figure is compared with its limit: `ratio = compared / limit` (≤ 1 is ok). For absolute targets
the compared value is the median (or the p99, where the target is on the tail); for the targets
relative to a bare app it is the app's median over the bare one's times the allowed factor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class Row:
    """One measured figure beside its target."""

    what: str
    size: int  # bookings in the salon it ran on
    median: float
    unit: str  # "ms" or "MB"
    target: str  # as the issue states it, e.g. "< 1 ms", "≤ 1.5× bare (612 ms)"
    compared: float  # the value held against the limit
    limit: float
    p99: float | None = None
    note: str = ""
    passed: bool | None = None  # for yes/no targets (no ratio)

    @property
    def ratio(self) -> float:
        return self.compared / self.limit if self.limit else math.nan

    @property
    def verdict(self) -> str:
        if self.passed is not None:
            return "ok" if self.passed else "MISSED"
        if math.isnan(self.ratio):
            return "n/a"
        return "ok" if self.ratio <= 1 else "MISSED"


def absolute(what: str, size: int, median: float, limit: float, *, unit: str = "ms",
             p99: float | None = None, on_p99: bool = False, note: str = "") -> Row:
    """A figure with a fixed limit (on the median, or on the p99 when `on_p99`)."""
    shown = "p99 " if on_p99 else ""
    compared = p99 if on_p99 and p99 is not None else median
    return Row(what, size, median, unit, f"{shown}< {limit:g} {unit}", compared, limit, p99, note)


def relative(what: str, size: int, median: float, bare: float, factor: float, *,
             p99: float | None = None, note: str = "") -> Row:
    """A figure allowed to be at most `factor` times a bare baseline measured in the same run."""
    target = f"<= {factor:g}x bare ({bare:.1f} ms)"
    return Row(what, size, median, "ms", target, median, factor * bare, p99, note)


def _num(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "-"
    if unit not in ("ms", "MB"):
        return f"{value:g} {unit}".strip()
    if unit == "MB":
        return f"{value:.0f} MB"
    if value < 10:
        return f"{value:.3f} ms"
    return f"{value:.1f} ms"


def results_table(rows: list[Row]) -> str:
    """The main table: what, size, median, p99, target, ratio to target, verdict."""
    header = ("what", "bookings", "median", "p99", "target", "ratio", "verdict")
    lines = [
        (r.what, f"{r.size:,}", _num(r.median, r.unit), _num(r.p99, r.unit), r.target,
         "-" if math.isnan(r.ratio) else f"{r.ratio:.2f}", r.verdict)
        for r in rows
    ]
    return _table(header, lines, right=(1, 2, 3, 5))


def scaling_table(rows: list[Row], sizes: list[int]) -> str:
    """How each figure's median grows with the history: one column per size, then last/first."""
    by_what: dict[str, dict[int, Row]] = {}
    for row in rows:
        by_what.setdefault(row.what, {})[row.size] = row
    header = ("what", *(f"{s:,}" for s in sizes), "growth")
    lines = []
    for what, per_size in by_what.items():
        if len(per_size) < 2:
            continue
        cells = [_num(per_size[s].median, per_size[s].unit) if s in per_size else "-"
                 for s in sizes]
        measured = [per_size[s].median for s in sizes if s in per_size]
        growth = f"x{measured[-1] / measured[0]:.1f}" if measured[0] > 0 else "-"
        lines.append((what, *cells, growth))
    return _table(header, lines, right=tuple(range(1, len(sizes) + 2)))


def _table(header: tuple[str, ...], lines: list[tuple[str, ...]], right: tuple[int, ...]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *lines, strict=True)]

    def fmt(cells: tuple[str, ...]) -> str:
        out = [
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(header), rule, *(fmt(line) for line in lines)])
