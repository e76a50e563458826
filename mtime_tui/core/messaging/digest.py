"""The owner's figures on the phone: today, this week and this month for the admin bot's /stats,
and the optional end-of-day summary to every admin (a setting, off by default), written to the
outbox once per day and admin like every other notification.

The texts are plain figure lines (label, value, change) in the admin's language; the bot puts
them in HTML (bot/staff/admin_stats.py)."""

from __future__ import annotations

import datetime as dt
import logging

from .. import clock
from .. import settings as settings_mod
from ..people import branches
from ..reports import figures, statistics
from ..reports.periods import MONTH, TODAY, WEEK, period_for
from ..storage.db import write_transaction
from . import notify

log = logging.getLogger(__name__)

DAILY_SUMMARY = notify.ADMIN_DAILY_SUMMARY
PERIODS = (TODAY, WEEK, MONTH)


def period_lines(kind: str, today: dt.date, lang: str, *, now: dt.datetime | None = None,
                 settings: settings_mod.Settings | None = None, branch: int | None = None) -> dict:
    """One period's brief figures: {"kind", "first", "last", "lines": [[label, value, change]]}
    (of one branch of a chain, or of the whole salon)."""
    s = settings or settings_mod.load()
    period = period_for(kind, today).of_branch(branch)
    current = statistics.summary(period, now=now, settings=s)
    previous = statistics.summary(period.previous(), now=now, settings=s)
    shown = figures.compare(current, previous, s.currency, lang, names=figures.BRIEF)
    return {
        "kind": kind,
        "first": period.first.isoformat(),
        "last": period.last.isoformat(),
        "lines": [[f.label, f.value, f.change] for f in shown],
    }


def salon_now(now: dt.datetime | None, s: settings_mod.Settings) -> dt.datetime:
    return (now or clock.now_utc()).astimezone(s.tz)


def stats_periods(lang: str, *, now: dt.datetime | None = None,
                  branch: int | None = None) -> list[dict]:
    """Today, this week and this month (the bot's /stats): the salon's, or one branch's on its
    own calendar (an admin limited to branches, docs/BRANCHES.md)."""
    s = branches.for_branch(settings_mod.load(), branch)
    today = salon_now(now, s).date()
    return [period_lines(kind, today, lang, now=now, settings=s, branch=branch)
            for kind in PERIODS]


def enqueue_daily_summary(*, now: dt.datetime | None = None) -> int:
    """When the end-of-day summary is on and the salon's clock has passed its hour: one row per
    admin for today, once (dedup key `daily_summary:<date>:<admin>`). Returns how many were
    written. The laptop off at that hour sends it when it is back, the same evening only."""
    s = settings_mod.load()
    if not s.daily_summary:
        return 0
    if branches.is_chain():
        return sum(_branch_summary(b.id, s, now) for b in branches.list_branches(s))
    local = salon_now(now, s)
    if local.hour < s.daily_summary_hour:
        return 0
    today = local.date()
    written = 0
    admins = settings_mod.admin_ids()
    if not admins:
        return 0
    texts: dict[str, dict] = {}
    with write_transaction():
        for admin in admins:
            lang = notify.staff_language(admin)
            if lang not in texts:
                texts[lang] = period_lines(TODAY, today, lang, now=now, settings=s)
            row = notify.enqueue(
                admin, DAILY_SUMMARY, payload=texts[lang], language=lang,
                dedup_key=f"daily_summary:{today:%Y%m%d}:{admin}", now=now,
            )
            written += row is not None
    if written:
        log.info("End-of-day summary for %s queued for %d admin(s)", today, written)
    return written


def _branch_summary(branch: int, salon: settings_mod.Settings, now: dt.datetime | None) -> int:
    """A chain: each branch's day at its own hour on its own clock, to the admins who see it
    (docs/BRANCHES.md); the branch's name heads it."""
    s = branches.local(salon, branch)
    local = salon_now(now, s)
    if local.hour < s.daily_summary_hour:
        return 0
    today = local.date()
    admins = branches.admins_of(branch)
    if not admins:
        return 0
    written = 0
    texts: dict[str, dict] = {}
    with write_transaction():
        for admin in admins:
            lang = notify.staff_language(admin)
            if lang not in texts:
                texts[lang] = {**period_lines(TODAY, today, lang, now=now, settings=s,
                                              branch=branch), "salon": s.salon_name}
            row = notify.enqueue(
                admin, DAILY_SUMMARY, payload=texts[lang], language=lang,
                dedup_key=f"daily_summary:{today:%Y%m%d}:{admin}:{branch}", now=now,
            )
            written += row is not None
    if written:
        log.info("End-of-day summary of branch %s for %s queued for %d admin(s)", branch, today,
                 written)
    return written
