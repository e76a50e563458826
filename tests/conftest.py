"""Shared fixtures: a real SQLite file per test, a pinned clock, and snapshots in `snapshots/`.

A test module marked `pytestmark = pytest.mark.both_engines` runs each of its tests that use a
salon (`salon`, `db_path` or `engine`) twice: on an SQLite file and on a PostgreSQL database of
its own (tests/pg_fixtures.py says where the server comes from).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import pytest_textual_snapshot
from syrupy.location import PyTestLocation

from mtime_tui.core import clock, settings
from mtime_tui.core.storage import db
from tests.pg_fixtures import ENGINES, pg_empty, pg_server, pg_template, pg_url  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
SALON_TZ = "Europe/Moscow"
# A fixed "now" for every test: Monday 23 November 2026, 09:00 in the salon (06:00 UTC).
FIXED_NOW = dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 23)


class RootSnapshots(pytest_textual_snapshot.SVGImageExtension):
    """Keep snapshot SVGs in the top-level `snapshots/<test module>/` (see STYLE.md)."""

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        return str(ROOT / "snapshots" / test_location.basename)


pytest_textual_snapshot.SVGImageExtension = RootSnapshots


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """No test touches the real data, config or log folders, or a real bot token."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("MTIME_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("MTIME_LOG_DIR", str(base / "logs"))
    monkeypatch.delenv("MTIME_DB", raising=False)
    monkeypatch.delenv("MTIME_BOT_TOKEN", raising=False)
    monkeypatch.delenv("MTIME_BOT_API_URL", raising=False)
    yield


@pytest.fixture(autouse=True)
def _language_restored():
    """The TUI's language is one per process (i18n.set_language: the app sets it from the salon's
    settings when it starts): what one test's Russian salon set never leaks into the next."""
    from mtime_tui.i18n import get_language, set_language

    before = get_language()
    yield
    set_language(before)


@pytest.fixture
def fixed_clock():
    """Pin now to FIXED_NOW for the test; restored afterwards."""
    old = clock.get_clock()
    fixed = clock.FixedClock(FIXED_NOW)
    clock.set_clock(fixed)
    yield fixed
    clock.set_clock(old)


@pytest.fixture
def cli_language_and_logging(monkeypatch):
    """In-process runs of the CLI set the language and a log handler: undo both afterwards."""
    import logging

    from mtime_tui.i18n import get_language, set_language

    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    before = get_language()
    yield
    set_language(before)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_mtime_tui", False):
            root.removeHandler(handler)
            handler.close()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "both_engines: run the module's salon tests on SQLite and on PostgreSQL"
    )
    config.addinivalue_line(
        "markers", "sqlite_only: in a both_engines module, a test of SQLite's own behaviour"
    )
    config.addinivalue_line(
        "markers", "postgresql_only: in a both_engines module, a test of the server's own behaviour"
    )


def pytest_generate_tests(metafunc):
    marked = metafunc.definition.get_closest_marker
    if "engine" not in metafunc.fixturenames or not marked("both_engines"):
        return
    if marked("postgresql_only"):
        metafunc.parametrize("engine", ["postgresql"], indirect=True)
    elif not marked("sqlite_only"):
        metafunc.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture
def engine(request) -> str:
    """The engine the test's salon lives on: "sqlite" unless the module runs on both."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def db_path(tmp_path, engine, request) -> Path | str:
    """Where the test's salon lives: an SQLite file, or a PostgreSQL database's URL."""
    if engine == "postgresql":
        return request.getfixturevalue("pg_url")
    return tmp_path / "salon.db"


@pytest.fixture
def salon(db_path, fixed_clock):
    """An empty salon in a real SQLite file, Moscow time, English TUI, a pinned clock."""
    db.open_database(db_path)
    settings.save(timezone=SALON_TZ, tui_language="en", salon_name="Test Salon")
    yield db_path
    db.close_database()


def salon_tz() -> ZoneInfo:
    return ZoneInfo(SALON_TZ)
