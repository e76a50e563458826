"""What tests do to a salon's database from outside the app, on either engine."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit


@contextmanager
def another_writer(target: Path | str):
    """Another program in the middle of a write: it holds the salon's write lock (SQLite's
    BEGIN IMMEDIATE on the file; the salon's advisory lock on PostgreSQL) until the block ends."""
    if isinstance(target, str) and target.startswith("postgresql://"):
        import psycopg2

        from mtime_tui.core.storage.postgresql import SALON_LOCK

        conn = psycopg2.connect(target)
        try:
            conn.cursor().execute("SELECT pg_advisory_xact_lock(%s)", (SALON_LOCK,))
            yield conn
        finally:
            conn.rollback()
            conn.close()
        return
    import sqlite3

    conn = sqlite3.connect(target, timeout=0.1)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield conn
    finally:
        conn.rollback()
        conn.close()


def run_outside(target: Path | str, sql: str) -> None:
    """One statement committed by another program (not peewee, not this process's connection)."""
    if isinstance(target, str) and target.startswith("postgresql://"):
        import psycopg2

        conn = psycopg2.connect(target)
    else:
        import sqlite3

        conn = sqlite3.connect(target)
    try:
        conn.cursor().execute(sql)
        conn.commit()
    finally:
        conn.close()


def copies_of(salon) -> tuple[Path, str, str]:
    """Where the salon's copies go by default, what their names start with, their suffix: a
    file's beside it; a server database's in the data folder, named after the database."""
    from mtime_tui.core import paths

    if isinstance(salon, Path):
        return salon.parent / "backups", "salon", ".db"
    return paths.data_dir() / "backups", urlsplit(salon).path.strip("/"), ".dump"


def is_dump(path: Path) -> bool:
    return path.read_bytes()[:5] == b"PGDMP"


def copy_integrity(path: Path) -> str:
    """SQLite's own check of a copied file; for a dump, that pg_restore reads its whole list."""
    import sqlite3
    import subprocess

    if is_dump(path):
        listing = subprocess.run(["pg_restore", "--list", str(path)], capture_output=True,
                                 text=True)
        return "ok" if listing.returncode == 0 and "TABLE DATA" in listing.stdout else (
            listing.stderr or "no table data")
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def copy_numbers(path: Path) -> list[int]:
    """The booking numbers a copy holds (a dump's rows through pg_restore's COPY text)."""
    import sqlite3
    import subprocess

    if is_dump(path):
        text = subprocess.run(["pg_restore", "--data-only", "--table=booking", "--file=-",
                               str(path)], capture_output=True, text=True, check=True).stdout
        lines = iter(text.splitlines())
        header = next(line for line in lines if line.startswith("COPY public.booking "))
        column = header.split("(", 1)[1].split(")", 1)[0].split(", ").index("number")
        rows = []
        for line in lines:
            if line == "\\.":  # the end of COPY's rows
                break
            rows.append(int(line.split("\t")[column]))
        return sorted(rows)
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT number FROM booking ORDER BY number")]
    finally:
        con.close()


def numbers_in(target: Path | str) -> set[int]:
    """The booking numbers in a salon's database, through a connection of the test's own (on a
    file, a read-write one: it rolls back the hot journal a killed writer may have left)."""
    if isinstance(target, str) and target.startswith("postgresql://"):
        import psycopg2

        conn = psycopg2.connect(target)
    else:
        import sqlite3

        conn = sqlite3.connect(target)
    try:
        cur = conn.cursor()
        cur.execute("SELECT number FROM booking")
        return {n for (n,) in cur.fetchall()}
    finally:
        conn.close()
