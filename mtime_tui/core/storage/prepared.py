"""Reads built once and run again with other values: the SQL text is kept per engine.

peewee builds a query's SQL anew every time it runs: for a join of three tables ≈ 0.1–0.3 ms of
pure Python, the largest share of the bot's database time under a crowd (docs/PERFORMANCE.md,
issue 17). The reads of every press are the same query with another id. `Prepared` builds such a
query once per engine (SQLite and PostgreSQL write it differently) with marker values, remembers
where the markers land among its parameters, and afterwards runs the same text with the real
values. Rows come back as model instances, each column converted by its field as peewee does
(booleans, dates), so callers see exactly what the peewee query gives.

Only for plain selects of one model's own columns, each value used once, as a parameter
(`value()` gives the first column of the first row as it is: a count, a maximum).

The writes of a booking and of its notifications are the same statements with other values
too: `create(Model, **values)` and `update(Model, id, **values)` do what `Model.create` and an
update by id do — defaults filled in, each value converted by its field — with the INSERT or
UPDATE text kept per engine, model and set of columns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from peewee import Model, ModelSelect

from .models import database

M = TypeVar("M")


_BASE = -7_316_240_000_000  # markers: integers no salon's data holds (fields adapt them)


def _markers(count: int) -> list[int]:
    return [_BASE - i for i in range(count)]


class _Compiled:
    __slots__ = ("sql", "params", "slots", "model", "converters")

    def __init__(self, query: ModelSelect, count: int, *, scalar: bool = False) -> None:
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
        self.converters = []
        if scalar:
            return
        by_name = query.model._meta.fields
        names = [getattr(node, "name", None) for node in query.selected_columns]
        if any(name not in by_name for name in names):
            raise ValueError("a prepared read selects its model's own columns only")
        self.converters = [(name, by_name[name].python_value) for name in names]

    def cursor(self, args: tuple):
        params = list(self.params)
        for position, index in self.slots:
            params[position] = args[index]
        return database.execute_sql(self.sql, params)

    def run(self, args: tuple) -> list:
        cursor = self.cursor(args)
        model, converters = self.model, self.converters
        new = model.__new__
        rows = []
        for row in cursor.fetchall():
            # What `model(__no_default__=1, **values)` then `_dirty.clear()` make (peewee's own
            # rows), without a descriptor call per field: the values, nothing to save.
            instance = new(model)
            instance.__data__ = {name: convert(value) if value is not None else None
                                 for (name, convert), value in zip(converters, row, strict=True)}
            instance._dirty = set()
            instance.__rel__ = {}
            rows.append(instance)
        return rows


class Prepared(Generic[M]):
    """`build(*markers)` gives the peewee select; `Prepared(build, arity)(*values)` runs it with
    `values` in the markers' places and returns the rows (model instances)."""

    def __init__(self, build: Callable[..., ModelSelect], arity: int, *,
                 scalar: bool = False) -> None:
        self._build = build
        self._arity = arity
        self._scalar = scalar
        self._by_engine: dict[type, _Compiled] = {}
        self._lock = threading.Lock()

    def _compiled(self) -> _Compiled:
        engine = type(database.obj)
        compiled = self._by_engine.get(engine)
        if compiled is None:
            compiled = _Compiled(self._build(*_markers(self._arity)), self._arity,
                                 scalar=self._scalar)
            with self._lock:
                self._by_engine[engine] = compiled
        return compiled

    def __call__(self, *args: object) -> list[M]:
        self._check(args)
        if self._scalar:
            raise TypeError("a scalar read gives one value: call value()")
        return self._compiled().run(args)

    def value(self, *args: object) -> object:
        """The first column of the first row, unconverted (None when there is no row): for a
        `Prepared(..., scalar=True)` read such as a count."""
        self._check(args)
        row = self._compiled().cursor(args).fetchone()
        return row[0] if row else None

    def _check(self, args: tuple) -> None:
        if len(args) != self._arity:
            raise TypeError(f"expected {self._arity} value(s), got {len(args)}")

    def first(self, *args: object) -> M | None:
        rows = self(*args)
        return rows[0] if rows else None


# ---- writes ---------------------------------------------------------------------------------

_written: dict[tuple, str] = {}  # (kind, engine, model, columns) → SQL text


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _statement(kind: str, model: type[Model], names: tuple[str, ...]) -> str:
    key = (kind, type(database.obj), model, names)
    sql = _written.get(key)
    if sql is None:
        meta, mark = model._meta, database.param
        columns = [_quoted(meta.fields[name].column_name) for name in names]
        table = _quoted(meta.table_name)
        if kind == "insert":
            sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
                   f"VALUES ({', '.join([mark] * len(columns))})")
            if database.returning_clause:
                sql += f" RETURNING {_quoted(meta.primary_key.column_name)}"
        else:  # kind: "update N", N ids
            ids = ", ".join([mark] * int(kind.split()[1]))
            sql = (f"UPDATE {table} SET {', '.join(f'{c} = {mark}' for c in columns)} "
                   f"WHERE {_quoted(meta.primary_key.column_name)} IN ({ids})")
        _written[key] = sql
    return sql


def create(model: type[M], **values: object) -> M:
    """`model.create(**values)` with the INSERT text built once: the same defaults, the same
    conversions, the new row's id set; the instance is returned clean (nothing to save)."""
    instance = model(**values)
    meta = model._meta
    data = instance.__data__
    pk = meta.primary_key
    names = tuple(name for name in data if not (name == pk.name and data[name] is None))
    fields = meta.fields
    params = [fields[name].db_value(data[name]) for name in names]
    cursor = database.execute_sql(_statement("insert", model, names), params)
    if pk.name not in names:
        instance._pk = cursor.fetchone()[0] if database.returning_clause else cursor.lastrowid
    instance._dirty.clear()
    return instance


def update(model: type[Model], row_ids: int | Sequence[int], **values: object) -> int:
    """`model.update(**values).where(model.id.in_(row_ids)).execute()` (one id or several)
    with the UPDATE text built once per number of ids; returns how many rows changed."""
    ids = [row_ids] if isinstance(row_ids, int) else list(row_ids)
    if not ids:
        return 0
    names = tuple(values)
    fields, pk = model._meta.fields, model._meta.primary_key
    params = [fields[name].db_value(values[name]) for name in names]
    params += [pk.db_value(row_id) for row_id in ids]
    return database.execute_sql(_statement(f"update {len(ids)}", model, names), params).rowcount
