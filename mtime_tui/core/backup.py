"""Consistent copies of the salon's file with SQLite's backup API (SPEC "Data safety").

A copy is written to a temporary file in the destination folder, flushed to disk, then renamed
over the destination, so a crash mid-way never leaves a half-written backup under the real name.
Copies are owner-only (0600) whatever the umask: they hold everything the salon holds.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import tempfile
from pathlib import Path

from .clock import now_utc
from .db import BUSY_TIMEOUT_MS, db_path
from .errors import DomainError
from .paths import backups_dir
from .private import FILE_MODE, private_dir

log = logging.getLogger(__name__)

KEEP_DAILY = 14
SQLITE_HEADER = b"SQLite format 3\x00"


def _salon_now(now: dt.datetime | None) -> dt.datetime:
    from .settings import load

    return (now or now_utc()).astimezone(load(with_env=False).tz)


def _resolve_dest(dest: Path | str | None, source: Path, stamp: str) -> Path:
    """A folder (existing, or typed with a trailing slash) gets a dated file name inside it."""
    name = f"{source.stem}-{stamp}.db"
    if dest is None:
        return backups_dir(source) / name
    text = str(dest)
    dest = Path(dest).expanduser()
    if dest.is_dir() or text.endswith(("/", os.sep)):
        return dest / name
    return dest


def _refuse(path: Path, reason: str) -> DomainError:
    return DomainError("Cannot write the backup to {path}: {reason}", path=str(path), reason=reason)


def _check_target(target: Path, source: Path) -> None:
    """Never overwrite the database itself, a read-only file, or a file that is not a database."""
    if not target.exists():
        return
    if target.resolve() == source.resolve():
        raise DomainError("A backup cannot overwrite the database itself")
    if not target.stat().st_mode & 0o222:
        raise DomainError("Cannot write the backup to {path}: the file is read-only", path=str(target))
    try:
        with target.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise _refuse(target, exc.strerror or str(exc)) from None
    if head and head != SQLITE_HEADER:
        raise DomainError(
            "Not overwriting {path}: that file is not a database", path=str(target)
        )


def copy_database(source: Path, target: Path) -> Path:
    """Copy `source` to `target` consistently, even while other connections write to it."""
    _check_target(target, source)
    try:
        private_dir(target.parent, tighten=False)  # made owner-only only if we make it
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.fchmod(fd, FILE_MODE)  # the copy holds everything the salon holds: 0600, any umask
    except OSError as exc:
        raise _refuse(target, exc.strerror or str(exc)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        uri = source.resolve().as_uri() + "?mode=ro"
        src = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)  # one step: a read lock for the whole copy, so it is consistent
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_folder(target.parent)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise _refuse(target, getattr(exc, "strerror", None) or str(exc)) from None
    log.info("Backup of %s written to %s", source, target)
    return target


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless to skip where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def backup(dest: Path | str | None = None, *, now: dt.datetime | None = None) -> Path:
    """`mtime-tui backup [DEST]`: a consistent copy of the open database; returns where it went.

    DEST may be a file or a folder; by default the backups folder beside the database.
    """
    source = db_path()
    stamp = _salon_now(now).strftime("%Y%m%d-%H%M%S")
    try:
        target = _resolve_dest(dest, source, stamp)
    except OSError as exc:  # the backups folder cannot be made
        raise _refuse(Path(dest or source.parent / "backups"), exc.strerror or str(exc)) from None
    return copy_database(source, target)


def daily_snapshot(*, now: dt.datetime | None = None) -> Path | None:
    """Today's automatic snapshot (once a day); keeps the last 14. None if today's exists."""
    source = db_path()
    folder = backups_dir(source)
    target = folder / f"{source.stem}-daily-{_salon_now(now):%Y-%m-%d}.db"
    if target.exists():
        return None
    copy_database(source, target)
    prune(folder, source.stem)
    return target


def daily_snapshots(folder: Path, stem: str) -> list[Path]:
    """The daily snapshots of one database, oldest first (dates sort as text)."""
    return sorted(folder.glob(f"{stem}-daily-????-??-??.db"))


def prune(folder: Path, stem: str, keep: int = KEEP_DAILY) -> list[Path]:
    """Delete all but the newest `keep` daily snapshots; returns the deleted ones."""
    old = daily_snapshots(folder, stem)[:-keep] if keep else daily_snapshots(folder, stem)
    for path in old:
        path.unlink(missing_ok=True)
    return old


def upgrade_snapshot(old_version: int, new_version: int) -> Path:
    """The copy taken before a schema upgrade, named after both versions."""
    source = db_path()
    stamp = now_utc().strftime("%Y%m%d-%H%M%S")
    name = f"{source.stem}-before-v{new_version}-from-v{old_version}-{stamp}.db"
    return copy_database(source, backups_dir(source) / name)
