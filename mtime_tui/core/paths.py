"""Where the salon's files live: the data folder, backups and logs (platformdirs).

Each folder here is ours and holds personal data: created owner-only (0700), and tightened if
others could read it (`core.storage.private`)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from .storage.private import private_dir

APP_NAME = "mtime-tui"


def data_dir() -> Path:
    """The folder holding the database and its automatic snapshots (MTIME_DATA_DIR overrides)."""
    override = os.environ.get("MTIME_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return private_dir(path)


def log_dir() -> Path:
    """The platform's log folder for this app (MTIME_LOG_DIR overrides)."""
    override = os.environ.get("MTIME_LOG_DIR")
    path = Path(override) if override else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    return private_dir(path)


def default_db_path() -> Path:
    """The salon database: MTIME_DB if set, else salon.db in the data folder."""
    override = os.environ.get("MTIME_DB")
    return Path(override) if override else data_dir() / "salon.db"


def demo_db_path() -> Path:
    """The demo salon lives in its own file so it never mixes with real data."""
    return data_dir() / "demo.db"


def backups_dir(db_path: Path) -> Path:
    """Backups sit beside the database in a `backups` folder."""
    return private_dir(Path(db_path).resolve().parent / "backups")
