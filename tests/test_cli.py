"""The command line: each command for real in a subprocess, and the TUI's choice of database."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from mtime_tui import __version__, cli
from mtime_tui.core import demo, paths, settings
from mtime_tui.core.storage import db
from mtime_tui.core.storage.models import Booking, Master

from .conftest import FIXED_NOW

pytestmark = pytest.mark.usefixtures("cli_language_and_logging")


def run(*args: str, lang: str = "C.UTF-8", timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, LC_ALL=lang, LANG=lang)
    return subprocess.run(
        [sys.executable, "-m", "mtime_tui", *args],
        capture_output=True, text=True, env=env, timeout=timeout,
    )


def assert_clean_failure(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode != 0
    assert words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def count(path: Path, table: str) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    finally:
        con.close()


def test_console_script_points_at_main():
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "mtime-tui"]
    assert script.value == "mtime_tui.cli:main"


def test_version_and_help():
    result = run("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"mtime-tui {__version__}")
    result = run("--help")
    assert result.returncode == 0
    for word in ("--db", "--demo", "demo", "backup", "bot"):
        assert word in result.stdout


def test_db_may_come_before_or_after_the_command():
    parser = cli.build_parser()
    assert parser.parse_args(["--db", "a.db", "backup"]).db == "a.db"
    args = parser.parse_args(["backup", "--db", "b.db", "/media/usb"])
    assert (args.db, args.dest) == ("b.db", "/media/usb")
    assert parser.parse_args(["bot"]).db is None


def test_wrong_arguments():
    assert_clean_failure(run("--bogus"), "unrecognized arguments")
    assert_clean_failure(run("fly"), "invalid choice")
    assert_clean_failure(run("--demo", "backup"), "does not go with a command")


def test_folder_as_database(tmp_path):
    assert_clean_failure(run("--db", str(tmp_path), "backup"), "is a folder, not a file")
    assert_clean_failure(run("--db", str(tmp_path)), "is a folder, not a file")


def test_garbage_file_as_database(tmp_path):
    garbage = tmp_path / "salon.db"
    garbage.write_bytes(bytes(range(256)) * 40)
    before = garbage.read_bytes()
    assert_clean_failure(run("--db", str(garbage)), "Cannot open the database")
    assert_clean_failure(run("--db", str(garbage), "backup"), "Cannot open the database")
    russian = run("--db", str(garbage), "demo", lang="ru_RU.UTF-8")
    assert_clean_failure(russian, "Не удаётся открыть базу данных")
    assert garbage.read_bytes() == before


def test_demo_command_writes_once(tmp_path):
    target = tmp_path / "salon.db"
    result = run("--db", str(target), "demo")
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout
    assert (count(target, "master"), count(target, "service"), count(target, "client")) == (3, 6, 15)
    assert count(target, "booking") > 20
    again = run("--db", str(target), "demo")
    assert_clean_failure(again, "already holds a salon")
    assert count(target, "master") == 3


def test_backup_command(tmp_path):
    target = tmp_path / "salon.db"
    assert run("--db", str(target), "demo").returncode == 0
    result = run("--db", str(target), "backup")
    assert result.returncode == 0, result.stderr
    made = Path(result.stdout.strip().rsplit(" ", 1)[-1])
    assert made.parent == tmp_path / "backups" and made.exists()
    assert count(made, "booking") == count(target, "booking")
    folder = tmp_path / "usb"
    folder.mkdir()
    assert run("--db", str(target), "backup", str(folder)).returncode == 0
    assert len(list(folder.glob("salon-*.db"))) == 1
    readonly = tmp_path / "old.db"
    assert run("--db", str(target), "backup", str(readonly)).returncode == 0
    readonly.chmod(0o444)
    assert_clean_failure(run("--db", str(target), "backup", str(readonly)), "read-only")


def test_backup_of_a_missing_database_creates_nothing(tmp_path):
    missing = tmp_path / "nothing.db"
    assert_clean_failure(run("--db", str(missing), "backup"), "There is no database")
    assert not missing.exists()


def test_env_database_and_bot_without_token(tmp_path, monkeypatch):
    target = tmp_path / "env.db"
    monkeypatch.setenv("MTIME_DB", str(target))
    result = run("bot")
    assert_clean_failure(result, "MTIME_BOT_TOKEN")
    assert target.exists()  # MTIME_DB chose the file


# --- the TUI's database, in-process (the app itself is tested by the TUI's pilot tests) ---


def tui_args(*argv: str) -> argparse.Namespace:
    return cli.build_parser().parse_args(list(argv))


def test_first_run_shows_the_demo_and_says_so(fixed_clock):
    launch = cli.prepare_tui(tui_args())
    try:
        assert launch.demo and launch.path == paths.demo_db_path()
        assert str(paths.default_db_path()) in launch.notice and "demo" in launch.notice
        assert demo.has_salon() and Master.select().count() == 3
    finally:
        db.close_database()
    assert not paths.default_db_path().exists()  # the real salon file is not created by the demo


def test_an_existing_salon_opens_without_demo(fixed_clock):
    db.open_database(paths.default_db_path())
    db.close_database()
    launch = cli.prepare_tui(tui_args())
    db.close_database()
    assert (launch.demo, launch.path, launch.notice) == (False, paths.default_db_path(), "")


def test_explicit_db_is_created_empty(fixed_clock, tmp_path):
    launch = cli.prepare_tui(tui_args("--db", str(tmp_path / "mine.db")))
    try:
        assert not launch.demo and launch.path == tmp_path / "mine.db"
        assert not demo.has_salon()
    finally:
        db.close_database()


def test_demo_file_is_reused_then_rebuilt_when_its_week_is_over(fixed_clock):
    cli.prepare_tui(tui_args("--demo"))
    first = Booking.select().count()
    settings.save(salon_name="Changed in the demo")
    db.close_database()
    cli.prepare_tui(tui_args("--demo"))
    assert settings.load().salon_name == "Changed in the demo"  # the same file, kept
    db.close_database()
    fixed_clock.set(FIXED_NOW + dt.timedelta(days=10))
    cli.prepare_tui(tui_args("--demo"))
    try:
        last = max(b.date for b in Booking.select())
        assert last >= (FIXED_NOW + dt.timedelta(days=10)).date()  # a fresh week around "now"
        assert Booking.select().count() == pytest.approx(first, abs=15)
        assert settings.load().salon_name == demo.SALON["salon_name"]  # a new file
    finally:
        db.close_database()


def test_readme_test_command_is_what_ci_runs():
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    commands = [line.strip() for line in readme.splitlines() if line.startswith("    python3 -m venv")]
    assert len(commands) == 2 and commands[0].endswith("&& mtime-tui")
    test_command = commands[1].rsplit("&&", 1)[1].strip()
    ci = [line.strip() for line in (root / ".ci" / "run").read_text().splitlines()]
    steps = [line for line in ci if line and not line.startswith("#")]
    assert steps[-1] == test_command == "python -m pytest -n 2 --dist loadfile"
    assert 'pip install --quiet -e ".[test]"' in steps and "lint-imports" in steps


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_first_run_app_opens_on_the_demo_salon(fixed_clock):
    """What `mtime-tui` does on a first run, up to the app's first screen (no bot, no terminal)."""
    from mtime_tui.app import make_app

    launch = cli.prepare_tui(tui_args())
    try:
        app = make_app(start_bot=not launch.demo)
        assert app.start_bot is False
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert app.title == demo.SALON["salon_name"]
    finally:
        db.close_database()


def test_an_unexpected_error_is_one_line_and_a_logged_trace(monkeypatch, capsys, tmp_path):
    """The last guard: a bug becomes one line on stderr (token masked) and a trace in the log."""
    token = "7234567890:AAHk2x_QbZ-9yV3mN8pL1wR5tE6uI0oPaSd"

    def broken(args):
        raise RuntimeError(f"boom at https://api.telegram.org/bot{token}/getMe")

    monkeypatch.setattr(cli, "_write_demo", broken)
    assert cli.main(["--db", str(tmp_path / "x.db"), "demo"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("mtime-tui: Unexpected error: boom") and "Traceback" not in err
    assert token not in err and str(paths.log_dir() / "mtime-tui.log") in err
    logged = (paths.log_dir() / "mtime-tui.log").read_text(encoding="utf-8")
    assert "Traceback" in logged and "RuntimeError" in logged and token not in logged


def test_the_tui_opens_its_salon_without_the_days_upkeep(fixed_clock, tmp_path, monkeypatch):
    """prepare_tui leaves the upkeep (the snapshot copies the whole file) to the app, which runs
    it after its first paint; the commands without a screen still do it before they run."""
    from mtime_tui.core.storage import backup

    mine = tmp_path / "mine.db"
    launch = cli.prepare_tui(tui_args("--db", str(mine)))
    db.close_database()
    assert launch.path == mine and not backup.daily_snapshots(tmp_path / "backups", "mine")
    started: list[dict] = []

    class Recorder:
        def __init__(self, **kwargs) -> None:
            started.append(kwargs)
            self.startup_notice, self.return_code = "", 0

        def run(self) -> None:
            pass

    monkeypatch.setattr("mtime_tui.app.make_app", Recorder)
    assert cli.main(["--db", str(mine)]) == 0
    # the collector is off for the start: the app turns it back on once painted
    assert started == [{"start_bot": True, "upkeep_on_start": True, "collect_after_paint": True}]
    assert cli.main(["--db", str(mine), "report"]) == 0  # a command: upkeep first, as before
    assert [p.name for p in backup.daily_snapshots(tmp_path / "backups", "mine")] == [
        "mine-daily-2026-11-23.db"]
