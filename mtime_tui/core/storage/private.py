"""The salon's files are personal data: owner-only, whatever the umask.

The database holds every client's name and phone and the bot token (whoever reads the token
controls the bot), and so do its journal, its backups, exports and, in part, the log. Files are
created 0600 and folders 0700 (`chmod` after creating, since the umask only takes bits away and
a strange one could take the owner's too). An existing file or folder of ours that others may read
is tightened when it is opened, and the log says so. A folder the owner chose (the one holding a
`--db` file, a backup's destination) is made owner-only only when we create it.

SQLite gives a database's `-journal` the mode of the database file itself, so a private database
keeps its journal private too.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

FILE_MODE = 0o600
DIR_MODE = 0o700
OTHERS = 0o077  # group and world bits


def _tighten(path: Path) -> None:
    """Take group and world bits away (never adds any: a read-only file stays read-only)."""
    current = stat.S_IMODE(path.stat().st_mode)
    if not current & OTHERS:
        return
    try:
        os.chmod(path, current & ~OTHERS)
    except OSError as exc:  # not ours, or immutable: say so and go on
        log.warning("Could not make %s owner-only (mode %o): %s", path, current, exc)
        return
    log.warning("Made %s owner-only: its mode was %o, others could read it", path, current)


def private_dir(path: Path, *, tighten: bool = True) -> Path:
    """The folder, created owner-only (0700) with any missing parents; an existing one is
    tightened unless `tighten` is False (a folder the owner chose)."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    path.mkdir(parents=True, exist_ok=True)
    for created in missing:
        os.chmod(created, DIR_MODE)
    if tighten and not missing:
        _tighten(path)
    return path


def private_file(path: Path) -> Path:
    """The file, created empty and owner-only (0600) if missing, else tightened."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        _tighten(path)
        return path
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path


def make_private(path: Path) -> None:
    """An existing file we just wrote (a temporary copy, an export): exactly 0600."""
    os.chmod(path, FILE_MODE)
