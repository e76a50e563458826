"""Reads built once and run again with other values: the SQL text is kept per engine.

peewee builds a query's SQL anew every time it runs: for a join of three tables ≈ 0.1–0.3 ms of
pure Python, the largest share of the bot's database time under a crowd (docs/PERFORMANCE.md,
issue 17). The reads of every press are the same query with another id. `Prepared` builds such a
query once per engine (SQLite and PostgreSQL write it differently) with marker values, remembers
where the markers land among its parameters, and afterwards runs the same text with the real
values. Rows come back as model instances, each column converted by its field as peewee does
(booleans, dates), so callers see exactly what the peewee query gives.

Only for plain selects of one model's own columns, each value used once, as a parameter.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from peewee import ModelSelect

from .models import database

M = TypeVar("M")


_BASE = -7_316_240_000_000  # markers: integers no salon's data holds (fields adapt them)


def _markers(count: int) -> list[int]:
    return [_BASE - i for i in range(count)]


class _Compiled:
    __slots__ = ("sql", "params", "slots", "model", "converters")

    def __init__(self, query: ModelSelect, count: int) -> None:
        self.sql, params = query.sql()
        self.params = list(params)
        wanted = {value: i for i, value in enumerate(_markers(count))}
        wanted.update({str(value): i for value, i in list(wanted.items())})
        self.slots = []  # (position in params, argument index)
        for position, value in enumerate(self.params):
            if isinstance(value, int | str) and not isinstance(value, bool) and value in wanted:
                self.slots.append((position, wanted[value]))
        found = sorted(index for _, index in self.slots)
        if found != list(range(count)):
            raise ValueError(f"each argument must appear once as a parameter: {found}")
        self.model = query.model
        by_name = query.model._meta.fields
        names = [getattr(node, "name", None) for node in query.selected_columns]
        if any(name not in by_name for name in names):
            raise ValueError("a prepared read selects its model's own columns only")
        self.converters = [(name, by_name[name].python_value) for name in names]

    def run(self, args: tuple) -> list:
        params = list(self.params)
        for position, index in self.slots:
            params[position] = args[index]
        cursor = database.execute_sql(self.sql, params)
        make, converters = self.model, self.converters
        rows = []
        for row in cursor.fetchall():
            values = {name: convert(value) if value is not None else None
                      for (name, convert), value in zip(converters, row, strict=True)}
            instance = make(__no_default__=1, **values)
            instance._dirty.clear()  # as loaded from the database: nothing to save
            rows.append(instance)
        return rows


class Prepared(Generic[M]):
    """`build(*markers)` gives the peewee select; `Prepared(build, arity)(*values)` runs it with
    `values` in the markers' places and returns the rows (model instances)."""

    def __init__(self, build: Callable[..., ModelSelect], arity: int) -> None:
        self._build = build
        self._arity = arity
        self._by_engine: dict[type, _Compiled] = {}
        self._lock = threading.Lock()

    def _compiled(self) -> _Compiled:
        engine = type(database.obj)
        compiled = self._by_engine.get(engine)
        if compiled is None:
            compiled = _Compiled(self._build(*_markers(self._arity)), self._arity)
            with self._lock:
                self._by_engine[engine] = compiled
        return compiled

    def __call__(self, *args: object) -> list[M]:
        if len(args) != self._arity:
            raise TypeError(f"expected {self._arity} value(s), got {len(args)}")
        return self._compiled().run(args)

    def first(self, *args: object) -> M | None:
        rows = self(*args)
        return rows[0] if rows else None
