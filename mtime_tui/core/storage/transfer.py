"""`mtime-tui migrate --to postgresql://…`: a salon's SQLite file copied into an empty PostgreSQL
database, with nothing lost.

The file is first opened as usual (so an older one is upgraded, after its snapshot); the target
gets the same schema from the same migrations; then every table is copied in foreign-key order in
one transaction on the server (all or nothing), the id sequences are moved past the copied ids,
and each table's row count and a content checksum are computed on both sides from the values as
each engine returns them (booleans, dates and timestamps in one canonical form) and compared.
A target with any table in it is refused untouched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import DomainError

BATCH = 2000


@dataclass(frozen=True)
class TableCopy:
    table: str
    source_rows: int
    target_rows: int
    source_sum: str
    target_sum: str

    @property
    def equal(self) -> bool:
        return self.source_rows == self.target_rows and self.source_sum == self.target_sum


def copy_to_postgresql(source: Path, url: str) -> list[TableCopy]:
    """Copy the salon in the file `source` into the empty database `url`; the comparison per
    table. Raises DomainError (nothing written) when the target is not empty or refuses a row."""
    from . import db
    from .models import database

    db.open_database(source)  # upgraded to the latest schema first, like any open
    db.close_database()
    handle = _target_handle(url)
    try:
        if handle.table_names():
            raise DomainError(
                "The database {url} is not empty: migrate copies a salon into an empty database "
                "only (create a new one, e.g. createdb salon)",
                url=handle.label(),
            )
    finally:
        handle.close()
    db.open_database(url)  # the same migrations make the same schema
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = _tables_in_order(src)
        with database.atomic():
            for table in tables:
                _clear(database, table)  # what the migrations themselves wrote (none today)
                _copy_table(src, database, table)
                _move_sequence(database, table)
        return [_compare(src, database, table) for table in tables]
    except DomainError:
        raise
    except Exception as exc:
        reason = str(getattr(exc, "__context__", None) or exc).strip().splitlines()
        raise DomainError(
            "PostgreSQL refused the copy, so nothing was written: {reason}",
            reason=reason[0] if reason else type(exc).__name__,
        ) from exc
    finally:
        src.close()
        db.close_database()


def _target_handle(url: str):
    from . import SalonPostgres

    handle = SalonPostgres(None)
    handle.open_target(url)
    return handle


def _tables_in_order(src: sqlite3.Connection) -> list[str]:
    """The file's tables, each after the tables its foreign keys point to."""
    names = [r[0] for r in src.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )]
    parents = {n: {r[2] for r in src.execute(f'PRAGMA foreign_key_list("{n}")')} - {n}
               for n in names}
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= set(ordered)]
        if not ready:  # a cycle (none in the salon's schema): keep the rest as they are
            ready = [n for n in names if n not in ordered]
        ordered.extend(ready)
    return ordered


def _columns(src: sqlite3.Connection, database, table: str) -> list[tuple[str, str]]:
    """The columns both sides have, with the target's type: (name, data_type)."""
    mine = [r[1] for r in src.execute(f'PRAGMA table_info("{table}")')]
    theirs = dict(database.execute_sql(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s", (table,)
    ).fetchall())
    missing = [c for c in mine if c not in theirs]
    if missing:
        raise DomainError(
            "The file's table {table} has columns the new schema lacks ({columns}): "
            "update mtime-tui", table=table, columns=", ".join(missing),
        )
    return [(c, theirs[c]) for c in mine]


def _key(src: sqlite3.Connection, table: str) -> str:
    info = list(src.execute(f'PRAGMA table_info("{table}")'))
    pk = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]] or [r[1] for r in info]
    return ", ".join(f'"{c}"' for c in pk)


def _clear(database, table: str) -> None:
    database.execute_sql(f'DELETE FROM "{table}"')


def _to_server(value, kind: str):
    if value is None:
        return None
    if kind == "boolean":
        return bool(value)
    return value


def _copy_table(src: sqlite3.Connection, database, table: str) -> None:
    from psycopg2.extras import execute_values

    columns = _columns(src, database, table)
    names = ", ".join(f'"{c}"' for c, _ in columns)
    rows = src.execute(f'SELECT {names} FROM "{table}" ORDER BY {_key(src, table)}')
    cursor = database.cursor()
    while batch := rows.fetchmany(BATCH):
        execute_values(
            cursor, f'INSERT INTO "{table}" ({names}) VALUES %s',
            [tuple(_to_server(v, kind) for v, (_, kind) in zip(row, columns, strict=True))
             for row in batch],
            page_size=BATCH,
        )


def _move_sequence(database, table: str) -> None:
    """Ids made after the copy continue after the copied ones."""
    (sequence,) = database.execute_sql(
        "SELECT pg_get_serial_sequence(%s, 'id') FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s AND column_name = 'id'",
        (f'"{table}"', table),
    ).fetchone() or (None,)
    if sequence:
        database.execute_sql(
            f'SELECT setval(%s, COALESCE((SELECT max("id") FROM "{table}"), 1), '
            f'(SELECT max("id") FROM "{table}") IS NOT NULL)', (sequence,)
        )


def canonical(value, kind: str) -> str:
    """One text for a value however an engine returns it (SQLite keeps booleans as 0/1 and
    dates and timestamps as text; PostgreSQL returns Python's types)."""
    if value is None:
        return "\\N"
    if kind == "boolean":
        return "1" if value else "0"
    if kind.startswith("timestamp"):
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        return value.isoformat(sep=" ", timespec="microseconds")
    if kind == "date":
        return value[:10] if isinstance(value, str) else value.isoformat()
    return str(value)


def _compare(src: sqlite3.Connection, database, table: str) -> TableCopy:
    columns = _columns(src, database, table)
    names = ", ".join(f'"{c}"' for c, _ in columns)
    order = _key(src, table)
    mine = src.execute(f'SELECT {names} FROM "{table}" ORDER BY {order}')
    theirs = database.execute_sql(f'SELECT {names} FROM "{table}" ORDER BY {order}')
    source_rows, source_sum = _digest(mine, columns)
    target_rows, target_sum = _digest(theirs, columns)
    return TableCopy(table, source_rows, target_rows, source_sum, target_sum)


def _digest(cursor, columns: list[tuple[str, str]]) -> tuple[int, str]:
    digest = hashlib.sha256()
    count = 0
    while batch := cursor.fetchmany(BATCH):
        for row in batch:
            count += 1
            digest.update("\x1f".join(canonical(v, kind) for v, (_, kind) in
                                      zip(row, columns, strict=True)).encode())
            digest.update(b"\x1e")
    return count, digest.hexdigest()
