"""Daily upkeep: past breaks and days off go, old delivered notifications go, past waitlist
entries end, and today's snapshot is taken (SPEC "Data safety"). "Past" is read on each
branch's clock (docs/BRANCHES.md), and upkeep runs after each branch's midnight.

The app and the bot call `run()` at start-up and once a day; running it twice a day is harmless.
What grows with time and what keeps it bounded: docs/RELIABILITY.md, "Nothing grows without end".
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..booking import waitlist, working_time
from ..clock import now_utc
from ..messaging import outbox
from . import backup
from .db import db_path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Result:
    removed: int  # past breaks and days off deleted
    snapshot: Path | None  # today's snapshot, or None when it was already there
    purged: int = 0  # outbox rows done and older than outbox.RETENTION_DAYS, deleted
    ended: int = 0  # waitlist entries whose date is over, ended


def _is_demo() -> bool:
    """The demo salon is rebuilt at will: its snapshots would only crowd the backups folder."""
    path = db_path()  # None: a server's database is never the demo file
    return path is not None and path.resolve() == paths.demo_db_path().resolve()


def next_run(*, now: dt.datetime | None = None) -> dt.datetime:
    """When to run upkeep again: a few minutes after the next midnight of the salon or of any
    branch on another clock (aware, UTC) — each branch's yesterday goes soon after it ends."""
    from ..people.branches import zones
    from ..settings import load

    moment = now or now_utc()
    s = load(with_env=False)
    runs = []
    for tz in {s.tz, *zones(s).values()}:
        tomorrow = moment.astimezone(tz).date() + dt.timedelta(days=1)
        runs.append(dt.datetime.combine(tomorrow, dt.time(0, 5), tzinfo=tz).astimezone(dt.UTC))
    return min(runs)


def run(*, now: dt.datetime | None = None) -> Result:
    removed = working_time.cleanup_past(now=now)
    purged = outbox.purge_done(now=now)
    ended = waitlist.end_past(now=now)
    snapshot = None if _is_demo() else backup.daily_snapshot(now=now)
    if removed or purged or ended or snapshot:
        log.info("Upkeep: %d past breaks/days off removed; %d old notifications purged; "
                 "%d past waitlist entries ended; snapshot %s", removed, purged, ended, snapshot)
    return Result(removed=removed, snapshot=snapshot, purged=purged, ended=ended)
