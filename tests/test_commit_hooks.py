"""After-commit callbacks (`core.storage.db.after_commit`), on both engines: run once the
transaction has committed — and only then: never on a rollback, an exception, a failed commit,
nor for a nested block that ended with an exception."""

from __future__ import annotations

import logging
import threading

import pytest
from peewee import OperationalError

from mtime_tui.core.errors import DatabaseUnavailable
from mtime_tui.core.storage import db
from mtime_tui.core.storage.models import Setting, database

pytestmark = pytest.mark.both_engines


def outside_value(salon, key: str) -> str | None:
    """The setting as another program sees it: committed, or not there."""
    if isinstance(salon, str):
        import psycopg2

        conn = psycopg2.connect(salon)
        sql = "SELECT value FROM setting WHERE key = %s"
    else:
        import sqlite3

        conn = sqlite3.connect(salon)
        sql = "SELECT value FROM setting WHERE key = ?"
    try:
        cur = conn.cursor()
        cur.execute(sql, (key,))
        row = cur.fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def write(key: str, value: str) -> None:
    if not Setting.update(value=value).where(Setting.key == key).execute():
        Setting.insert(key=key, value=value).execute()


def test_a_callback_runs_once_after_the_commit_and_sees_it_committed(salon):
    seen = []
    with db.write_transaction():
        write("hook_test", "1")
        db.after_commit(lambda: seen.append(outside_value(salon, "hook_test")))
        assert seen == []  # not before the commit
    assert seen == ["1"]  # once, and what it followed was already there for everyone
    with db.write_transaction():  # the next transaction does not run it again
        write("hook_test", "2")
    assert seen == ["1"]


def test_an_exception_or_a_rollback_runs_nothing_and_forgets_it(salon):
    seen = []
    with pytest.raises(ZeroDivisionError):
        with db.write_transaction():
            write("hook_test", "1")
            db.after_commit(lambda: seen.append("exception"))
            1 / 0  # noqa: B018
    with db.write_transaction() as txn:
        write("hook_test", "2")
        db.after_commit(lambda: seen.append("rollback"))
        txn.rollback()  # and a new transaction begins, committed (empty) at the end
    with db.write_transaction():  # a later commit does not run what was forgotten
        write("other", "x")
    assert seen == []
    assert outside_value(salon, "hook_test") is None


def test_nested_blocks_wait_for_the_outer_commit(salon):
    seen = []
    with db.write_transaction():
        with db.write_transaction():  # a savepoint: released, not committed
            write("hook_test", "1")
            db.after_commit(lambda: seen.append("inner"))
        assert seen == []
        try:
            with db.write_transaction():  # rolled back to its savepoint: its callback goes
                write("other", "x")
                db.after_commit(lambda: seen.append("failed inner"))
                raise ValueError
        except ValueError:
            pass
        db.after_commit(lambda: seen.append("outer"))
    assert seen == ["inner", "outer"]
    assert outside_value(salon, "hook_test") == "1" and outside_value(salon, "other") is None


def test_a_savepoint_through_the_shared_handle_forgets_its_callbacks_too(salon):
    """`models.database.atomic()` (the process-wide handle, as core and the bot's group commit
    use it) is the engine's own block: one that ends with an exception forgets its callbacks —
    peewee's proxy alone would build a plain block around itself."""
    seen = []
    with db.write_transaction():
        try:
            with database.atomic():
                write("other", "x")
                db.after_commit(lambda: seen.append("failed inner"))
                raise ValueError
        except ValueError:
            pass
        with database.atomic():
            db.after_commit(lambda: seen.append("inner"))
    assert seen == ["inner"]
    assert outside_value(salon, "other") is None


def test_a_commit_that_fails_runs_nothing(salon):
    """The commit itself refused: on SQLite another program reading the file keeps the write
    from finishing (the busy wait cut short); on PostgreSQL the server ends the session."""
    seen = []
    # PostgreSQL's lost session at COMMIT stays the driver's error: whether the server had
    # committed is not known (so it is not called "not saved").
    with pytest.raises((DatabaseUnavailable, OperationalError)):
        if isinstance(salon, str):
            import psycopg2

            with db.write_transaction():
                write("hook_test", "1")
                db.after_commit(lambda: seen.append("committed"))
                (pid,) = database.execute_sql("SELECT pg_backend_pid()").fetchone()
                killer = psycopg2.connect(salon)
                killer.autocommit = True
                killer.cursor().execute("SELECT pg_terminate_backend(%s)", (pid,))
                killer.close()
        else:
            import sqlite3

            reader = sqlite3.connect(salon, isolation_level=None)
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM setting").fetchone()  # a shared lock, held
            try:
                with database.short_wait(50), db.write_transaction():
                    write("hook_test", "1")
                    db.after_commit(lambda: seen.append("committed"))
            finally:
                reader.rollback()
                reader.close()
    assert seen == []
    assert outside_value(salon, "hook_test") is None
    if isinstance(salon, str):
        database.close()  # the killed session (its engine does not reconnect inside a block)
    with db.connection():
        with db.write_transaction():  # the next one commits and runs only its own
            write("other", "x")
            db.after_commit(lambda: seen.append("next"))
    assert seen == ["next"]


def test_a_failing_callback_is_logged_and_the_commit_stands(salon, caplog):
    seen = []

    def broken():
        raise RuntimeError("the callback's own bug")

    with caplog.at_level(logging.ERROR):
        with db.write_transaction():
            write("hook_test", "1")
            db.after_commit(broken)
            db.after_commit(lambda: seen.append("after"))
    assert seen == ["after"]  # the others still run
    assert outside_value(salon, "hook_test") == "1"
    assert any("after-commit callback failed" in r.getMessage() for r in caplog.records)


def test_outside_a_transaction_it_runs_at_once(salon):
    seen = []
    db.after_commit(lambda: seen.append("now"))
    assert seen == ["now"]


def test_callbacks_belong_to_their_thread(salon):
    """Another thread's commit, while this thread's transaction is open, runs none of this
    thread's callbacks (a read-only transaction there: the write lock is this thread's)."""
    seen, registered, other_done = [], threading.Event(), threading.Event()

    def other():
        with db.connection():
            registered.wait(10)
            with database.atomic():
                Setting.select().count()
                db.after_commit(lambda: seen.append("theirs"))
            other_done.set()

    worker = threading.Thread(target=other)
    worker.start()
    try:
        with db.write_transaction():
            write("hook_test", "1")
            db.after_commit(lambda: seen.append("mine"))
            registered.set()
            assert other_done.wait(10)
            assert seen == ["theirs"]  # its own, and only its own
    finally:
        registered.set()
        worker.join(10)
    assert seen == ["theirs", "mine"]
