"""Consistent copies of the salon's database (SPEC "Data safety").

The engine makes the copy (`database.copy_to`, core/storage/): SQLite's backup API for a file,
`pg_dump -Fc` for a PostgreSQL database. A copy is written to a temporary file in the destination
folder, flushed to disk, then renamed over the destination, so a crash mid-way never leaves a
half-written backup under the real name. Backups of a file sit in a `backups` folder beside it;
those of a server's database in the data folder's `backups`, named after the database.
Copies are owner-only (0600) whatever the umask: they hold everything the salon holds.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
from pathlib import Path

from .. import paths
from ..clock import now_utc
from ..errors import DatabaseUnavailable, DomainError
from ..paths import backups_dir
from .models import database
from .private import FILE_MODE, private_dir

log = logging.getLogger(__name__)

KEEP_DAILY = 14
HEADERS = (b"SQLite format 3\x00", b"PGDMP")  # what our copies start with


def _source() -> tuple[Path, str, str]:
    """The file a copy could overwrite (a stand-in path on a server), the copies' name stem and
    their suffix."""
    stem = database.backup_stem()
    file = database.file_path() or paths.data_dir() / stem
    return file, stem, database.backup_suffix


def _salon_now(now: dt.datetime | None) -> dt.datetime:
    from ..settings import load

    return (now or now_utc()).astimezone(load(with_env=False).tz)


def _resolve_dest(dest: Path | str | None, source: Path, stamp: str) -> Path:
    """A folder (existing, or typed with a trailing slash) gets a dated file name inside it."""
    _, stem, suffix = _source()
    name = f"{stem}-{stamp}{suffix}"
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
            head = fh.read(len(HEADERS[0]))
    except OSError as exc:
        raise _refuse(target, exc.strerror or str(exc)) from None
    if head and not head.startswith(HEADERS):
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
        database.copy_to(tmp)
        os.replace(tmp, target)
        _fsync_folder(target.parent)
    except DatabaseUnavailable:
        tmp.unlink(missing_ok=True)
        raise
    except (OSError, ValueError) as exc:
        tmp.unlink(missing_ok=True)
        raise _refuse(target, getattr(exc, "strerror", None) or str(exc)) from None
    log.info("Backup of %s written to %s", database.label(), target)
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
    source = _source()[0]
    stamp = _salon_now(now).strftime("%Y%m%d-%H%M%S")
    try:
        target = _resolve_dest(dest, source, stamp)
    except OSError as exc:  # the backups folder cannot be made
        raise _refuse(Path(dest or source.parent / "backups"), exc.strerror or str(exc)) from None
    return copy_database(source, target)


def daily_snapshot(*, now: dt.datetime | None = None) -> Path | None:
    """Today's automatic snapshot (once a day); keeps the last 14. None if today's exists."""
    source, stem, suffix = _source()
    folder = backups_dir(source)
    target = folder / f"{stem}-daily-{_salon_now(now):%Y-%m-%d}{suffix}"
    if target.exists():
        return None
    copy_database(source, target)
    prune(folder, stem)
    return target


def daily_snapshots(folder: Path, stem: str) -> list[Path]:
    """The daily snapshots of one database, oldest first (dates sort as text)."""
    return sorted(p for p in folder.glob(f"{stem}-daily-????-??-??.*")
                  if p.suffix in (".db", ".dump"))


def prune(folder: Path, stem: str, keep: int = KEEP_DAILY) -> list[Path]:
    """Delete all but the newest `keep` daily snapshots; returns the deleted ones."""
    old = daily_snapshots(folder, stem)[:-keep] if keep else daily_snapshots(folder, stem)
    for path in old:
        path.unlink(missing_ok=True)
    return old


def upgrade_snapshot(old_version: int, new_version: int) -> Path:
    """The copy taken before a schema upgrade, named after both versions."""
    source, stem, suffix = _source()
    stamp = now_utc().strftime("%Y%m%d-%H%M%S")
    name = f"{stem}-before-v{new_version}-from-v{old_version}-{stamp}{suffix}"
    return copy_database(source, backups_dir(source) / name)
