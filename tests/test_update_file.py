"""Where the bot's update store lives (`core.storage.update_file`): on SQLite a file of its own
beside the salon's, so keeping and marking presses never commit the salon file (its readers'
caches stay valid); on PostgreSQL the salon database, as before. Either way a kept press
survives a restart, and presses kept in the salon file by an older version are taken over."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
from pathlib import Path

import pytest

from mtime_tui.core.errors import DatabaseUnavailable
from mtime_tui.core.messaging import update_store
from mtime_tui.core.storage import db, update_file
from mtime_tui.core.storage.models import TelegramUpdate, database
from mtime_tui.core.storage.readcache import data_stamp

pytestmark = pytest.mark.both_engines


def test_kept_presses_survive_a_restart_and_done_ones_are_not_handed_out_again(salon, db_path):
    assert update_store.keep([(1, '{"update_id": 1}'), (2, '{"update_id": 2}')]) == {1, 2}
    update_store.mark_done([1])
    db.close_database()
    db.open_database(db_path)  # a restart
    assert update_store.pending() == [(2, '{"update_id": 2}')]
    assert update_store.keep([(1, '{"update_id": 1}'), (3, '{"update_id": 3}')], done=[2]) == {3}
    assert update_store.pending() == [(3, '{"update_id": 3}')]


def test_on_sqlite_keeping_a_press_leaves_the_salon_file_alone(salon, db_path, engine):
    if engine != "sqlite":
        assert not update_file.separate()  # the server keeps every seat's data
        return
    path = Path(db_path)
    stamp = data_stamp()
    before = path.stat().st_mtime_ns, path.read_bytes()
    update_store.keep([(10, '{"update_id": 10}')])
    update_store.mark_done([10])
    update_store.keep([(11, '{"update_id": 11}')], done=[])
    assert data_stamp() == stamp  # nothing for the read cache or the TUI to reload
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before
    assert database.execute_sql("SELECT count(*) FROM telegram_update").fetchone() == (0,)
    beside = update_file.path_for(path)
    assert beside.name == path.name + "-updates" and beside.parent == path.parent
    assert stat.S_IMODE(beside.stat().st_mode) == 0o600  # what people sent: owner-only
    rows = sqlite3.connect(beside).execute(
        "SELECT update_id, done_at IS NULL FROM telegram_update ORDER BY 1").fetchall()
    assert rows == [(10, 0), (11, 1)]
    assert [r.update_id for r in TelegramUpdate.select().order_by(TelegramUpdate.update_id)] \
        == [10, 11]


@pytest.mark.sqlite_only  # on PostgreSQL the store never moved
def test_presses_kept_in_the_salon_file_by_an_older_version_are_taken_over(salon, db_path):
    database.execute_sql(
        "INSERT INTO telegram_update (update_id, payload, fetched_at, done_at) VALUES "
        "(5, '{\"update_id\": 5}', '2026-11-23 05:00:00', NULL), "
        "(4, '{\"update_id\": 4}', '2026-11-23 05:00:00', '2026-11-23 05:00:01')")
    assert update_store.pending() == [(5, '{"update_id": 5}')]
    assert database.execute_sql("SELECT count(*) FROM telegram_update").fetchone() == (0,)
    assert update_store.keep([(5, '{"update_id": 5}')]) == {5}  # still to be handled
    update_store.mark_done([5])
    assert update_store.pending() == []


@pytest.mark.sqlite_only  # the server needs no file
def test_a_store_that_cannot_be_opened_says_unavailable(salon, db_path):
    """A read-only folder, a salon on a read-only medium: keeping fails as a busy file does, and
    the bot answers the batch without keeping it (`polling`). Stood in for by a folder where the
    file should be (the tests run as root, whom no folder refuses)."""
    update_file.close()
    update_file.path_for(Path(db_path)).mkdir()
    with pytest.raises(DatabaseUnavailable):
        update_store.keep([(1, '{"update_id": 1}')])


def test_the_times_kept_read_back_as_peewee_writes_them(salon, fixed_clock):
    update_store.keep([(21, '{"update_id": 21}'), (22, '{"update_id": 22}')])
    update_store.keep([(22, '{"update_id": 22}')], done=[21])
    assert update_store.mark_done([21, 22]) == 1  # 21 was marked already
    first, second = TelegramUpdate.select().order_by(TelegramUpdate.update_id)
    assert first.payload == '{"update_id": 21}'
    for row in (first, second):
        assert isinstance(row.fetched_at, dt.datetime) and isinstance(row.done_at, dt.datetime)
        assert row.fetched_at <= row.done_at
    assert update_store.purge(now=second.done_at + update_store.KEEP_DONE
                              + dt.timedelta(seconds=1)) == 2
    assert update_store.pending() == []


def test_keeping_a_press_does_not_wait_for_another_seats_write(salon, db_path):
    """Another seat (or program) in the middle of a salon write holds the salon's write lock:
    the bot still keeps and marks its presses at once — they are rows of the store's own, with
    no free time to re-check (on PostgreSQL the store took the salon's lock, waited out the lock
    timeout and said "busy": the press went unkept)."""
    from tests.engine_helpers import another_writer

    with another_writer(db_path):  # held until both calls returned
        assert update_store.keep([(21, '{"update_id": 21}')]) == {21}
        assert update_store.mark_done([21]) == 1
    assert update_store.pending() == []
