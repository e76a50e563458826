"""Fitting a table's columns into the width it has (issue 11, "every screen fits").

A table names the columns it can shorten or drop, in the order it gives them up; the columns it
never gives up keep their full width. Text that must be shortened is cut after a whole word
("Konstantin …"), never in the middle of one unless a single word is wider than the column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len

DROP = 0  # a reduction's cap that drops the column


@dataclass(frozen=True)
class Reduction:
    """Give up width in column `key`: cut its cells to `cap` cells, or drop it (`cap=DROP`)."""

    key: str
    cap: int


def cut_words(text: str, width: int) -> str:
    """`text` in at most `width` cells: whole words and "…" when it must be shorter."""
    if cell_len(text) <= width:
        return text
    room = width - 1  # for "…"
    heads = [text[: i + 1] for i, char in enumerate(text) if char in " -"]
    fitting = [head for head in heads if cell_len(head) <= room and head.strip(" -")]
    if fitting:
        return fitting[-1] + "…"
    head = text  # one word wider than the column: cut it
    while head and cell_len(head) > room:
        head = head[:-1]
    return head + "…" if width > 0 else ""


def fit_columns(
    available: int,
    measure: Callable[[str, int | None], int],
    keys: Sequence[str],
    reductions: Sequence[Reduction],
    padding: int,
) -> dict[str, int | None]:
    """Caps per column (None: full width) that fit `available` cells, applying `reductions` in
    order until they do; a dropped column is left out. `measure(key, cap)` is the column's width
    with its cells cut to `cap` (its heading never cut)."""
    caps: dict[str, int | None] = dict.fromkeys(keys)

    def total() -> int:
        return sum(measure(key, cap) + padding for key, cap in caps.items())

    for reduction in reductions:
        if total() <= available:
            break
        if reduction.key not in caps:
            continue
        if reduction.cap == DROP:
            del caps[reduction.key]
        else:
            old = caps[reduction.key]
            caps[reduction.key] = reduction.cap if old is None else min(old, reduction.cap)
    return caps


def widest(texts: Iterable[str]) -> int:
    return max((cell_len(text) for text in texts), default=0)
