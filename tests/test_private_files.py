"""Personal data stays private: the database, its journal, backups and logs are owner-only (0600,
folders 0700) whatever the umask, and an existing file others could read is tightened when it is
opened, with a line in the log saying so."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from mtime_tui.core import logs
from mtime_tui.core.storage import backup, db, private

pytestmark = [pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX"),
              pytest.mark.both_engines]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_a_fresh_data_folder_is_owner_only_whatever_the_umask(tmp_path, umask):
    """What an owner does on a new laptop: `mtime-tui demo` on no data folder at all creates the
    salon and the log, `mtime-tui backup` today's snapshot and a backup — each one owner-only."""
    data, logs_dir = tmp_path / "new" / "data", tmp_path / "new" / "logs"
    env = dict(os.environ, MTIME_DATA_DIR=str(data), MTIME_LOG_DIR=str(logs_dir), LC_ALL="C.UTF-8")
    env.pop("MTIME_DB", None)
    for command in ("demo", "backup"):
        result = subprocess.run(
            [sys.executable, "-m", "mtime_tui", command], env=env, capture_output=True,
            text=True, timeout=120, preexec_fn=lambda: os.umask(umask),
        )
        assert result.returncode == 0, result.stderr
    files = [data / "salon.db", *sorted((data / "backups").iterdir()), logs_dir / logs.LOG_NAME]
    assert len(files) >= 4  # the salon, the daily snapshot, the backup, the log
    assert {str(f): oct(mode(f)) for f in files} == {str(f): oct(0o600) for f in files}
    folders = [data, data / "backups", logs_dir]
    assert {str(f): oct(mode(f)) for f in folders} == {str(f): oct(0o700) for f in folders}


@pytest.mark.sqlite_only  # the database file's own mode
def test_the_journal_of_a_write_is_owner_only(db_path):
    """SQLite gives the -journal the database file's mode: a private file, a private journal."""
    old = os.umask(0)
    try:
        db.open_database(db_path)
        con = sqlite3.connect(db_path)
        try:
            con.execute("BEGIN IMMEDIATE")
            con.execute("INSERT INTO setting (key, value) VALUES ('probe', '1')")  # a page to journal
            journal = db_path.with_name(db_path.name + "-journal")
            assert journal.exists()
            assert mode(journal) == 0o600
            con.rollback()
        finally:
            con.close()
    finally:
        os.umask(old)
        db.close_database()


@pytest.mark.sqlite_only  # the database file's own mode
def test_an_existing_readable_database_is_tightened_on_open_and_the_log_says_so(
    db_path, caplog
):
    sqlite3.connect(db_path).close()
    os.chmod(db_path, 0o644)
    with caplog.at_level(logging.WARNING, logger="mtime_tui.core.storage.private"):
        db.open_database(db_path)
    db.close_database()
    assert mode(db_path) == 0o600
    assert any("owner-only" in r.getMessage() and str(db_path) in r.getMessage()
               for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mtime_tui.core.storage.private"):
        db.open_database(db_path)  # already private: nothing to say
    db.close_database()
    assert not caplog.records


@pytest.mark.sqlite_only  # the database file's own mode
def test_a_read_only_database_stays_read_only_when_tightened(db_path):
    sqlite3.connect(db_path).close()
    os.chmod(db_path, 0o444)
    private.private_file(db_path)
    assert mode(db_path) == 0o400  # others lose their bits; nobody gains write


def test_a_folder_the_owner_chose_is_left_as_it_is(tmp_path):
    chosen = tmp_path / "Documents"
    chosen.mkdir(mode=0o755)
    os.chmod(chosen, 0o755)
    db.open_database(chosen / "salon.db")
    db.close_database()
    assert mode(chosen) == 0o755 and mode(chosen / "salon.db") == 0o600
    fresh = tmp_path / "made" / "for" / "it"
    db.open_database(fresh / "salon.db")
    db.close_database()
    assert mode(fresh) == 0o700 and mode(tmp_path / "made") == 0o700


def test_backups_are_owner_only_even_into_a_new_folder(salon, tmp_path):
    old = os.umask(0)
    try:
        target = backup.backup(tmp_path / "usb" / "copies/")
        daily = backup.daily_snapshot()  # the default folder: beside the file, or the data folder
    finally:
        os.umask(old)
    assert mode(target) == 0o600 and mode(target.parent) == 0o700
    assert mode(daily) == 0o600 and mode(daily.parent) == 0o700


def test_every_log_file_after_a_rollover_is_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("MTIME_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(logs, "MAX_BYTES", 300)
    old = os.umask(0)
    root = logging.getLogger()
    try:
        path = logs.setup_logging()
        assert path is not None
        for n in range(20):
            logging.getLogger("mtime_tui.test").warning("line %d of a long enough log", n)
    finally:
        os.umask(old)
        for handler in list(root.handlers):
            if getattr(handler, "_mtime_tui", False):
                root.removeHandler(handler)
                handler.close()
    written = sorted((tmp_path / "logs").iterdir())
    assert len(written) > 2  # rolled over
    assert {p.name: oct(mode(p)) for p in written} == {p.name: oct(0o600) for p in written}
    assert mode(tmp_path / "logs") == 0o700
