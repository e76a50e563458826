"""This seat's own choices, kept on this machine rather than in the salon's database: which
branch of a chain the TUI shows (docs/BRANCHES.md, "remembered per seat"). Two front desks on one
PostgreSQL server each keep their own branch; the file sits in this machine's data folder, one
entry per database."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from . import paths
from .people import branches
from .storage import db

log = logging.getLogger(__name__)

FILE = "seat.json"


def _file() -> Path:
    return paths.data_dir() / FILE


def _read() -> dict:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("The seat's choices in %s cannot be read (%s): starting afresh", _file(), exc)
        return {}
    return data if isinstance(data, dict) else {}


def seat_branch() -> int | None:
    """The branch this seat works on: None in a single-branch salon (nothing to choose), else
    the one chosen last here if it still exists, else the first branch."""
    if not branches.is_chain():
        return None
    known = [b.id for b in branches.list_branches()]
    chosen = _read().get(db.db_label())
    return chosen if chosen in known else known[0]


def choose_branch(branch_id: int) -> None:
    """Remember the branch for this seat and this database."""
    branches.get_branch(branch_id)
    data = _read()
    data[db.db_label()] = branch_id
    path = _file()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
