"""Changes to a chain that reach booked clients (docs/BRANCHES.md): moving a master to another
branch and deleting a branch.

A master's upcoming bookings are the master's branch's, so a move takes them along — or the
salon cancels them. Like a change of working time (core.booking.work_plans), the move is first
asked with `ASK`: a Conflict lists the bookings and nothing is written; the admin's answer
repeats the call with `KEEP` (they go along, each client on Telegram told the new address) or
`CANCEL` (the salon cancels them, clients told). Between branches on different clocks a visit
cannot keep its date and time (09:00 in Moscow is not 09:00 in Vladivostok): only CANCEL is
allowed there.

A branch is deleted only when nothing lives in it any more: no masters (so no bookings) and no
admin who sees only it. Its services go with it — those that past visits name are kept, blocked,
in the main branch so the history still reads them.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from ...i18n import N_
from ..booking.booking_queries import upcoming_bookings
from ..booking.bookings import cancel_in_transaction
from ..errors import Conflict, NotAllowed, NotFound
from ..messaging import notify
from ..storage.db import write_transaction
from ..storage.models import (
    BY_SALON,
    DEFAULT_BRANCH,
    AdminBranch,
    Booking,
    Branch,
    Broadcast,
    Master,
    MasterService,
    Service,
    TelegramUser,
    VisitService,
)
from . import branches

log = logging.getLogger(__name__)

ASK = "ask"  # upcoming bookings: raise Conflict listing them, write nothing
KEEP = "keep"  # they go along to the new branch (the same clock only), clients told the address
CANCEL = "cancel"  # the salon cancels them, clients told

MOVED = N_("{name} has {count} upcoming booking(s). Kept, they go along to {branch} ({address}) "
         "at the same time, and clients on Telegram are told the new address — call the others; "
         "or cancel them.")
MOVED_OTHER_CLOCK = N_(
    "{name} has {count} upcoming booking(s). {branch} keeps another time zone, so they cannot "
    "keep their time there: cancel them (clients on Telegram are told; call the others), or go "
    "back and move the master after them.")


def same_clock(one: int, other: int) -> bool:
    return branches.get_branch(one).timezone == branches.get_branch(other).timezone


def move_master(master_id: int, branch_id: int, *, bookings: str = ASK,
                now: dt.datetime | None = None) -> list[Booking]:
    """Move the master to `branch_id` without the old branch's services (each service belongs
    to one branch). Returns the upcoming bookings that went along (KEEP) or were cancelled."""
    if bookings not in (ASK, KEEP, CANCEL):
        raise ValueError(f"bookings must be ask, keep or cancel, not {bookings!r}")
    target = branches.get_branch(branch_id)
    with write_transaction():
        master = Master.get_or_none(Master.id == master_id)
        if master is None:
            raise NotFound("Master not found")
        if master.branch_id == branch_id:
            return []
        upcoming = upcoming_bookings(master_id=master_id, now=now)
        along = same_clock(master.branch_id, branch_id)
        if upcoming and (bookings == ASK or (bookings == KEEP and not along)):
            question = MOVED if along else MOVED_OTHER_CLOCK
            raise Conflict(question, items=upcoming, name=master.name, count=len(upcoming),
                           branch=target.name, address=target.address or "—", keep=along)
        Master.update(branch=branch_id).where(Master.id == master_id).execute()
        others = Service.select(Service.id).where(Service.branch != branch_id)
        MasterService.delete().where(
            (MasterService.master == master_id) & MasterService.service.in_(others)
        ).execute()
        for booking in upcoming:
            if bookings == CANCEL:
                cancel_in_transaction(booking, BY_SALON, now)
            else:
                notify.branch_changed(Booking.get_by_id(booking.id))  # read on the new branch
    log.info("master %s moved to branch %s; %d upcoming booking(s) %s", master_id, branch_id,
             len(upcoming), "cancelled" if bookings == CANCEL else "moved along")
    return upcoming


@dataclass(frozen=True)
class Deleted:
    name: str
    services_deleted: int
    services_kept: int  # named by past visits: blocked, in the main branch


def _blockers(branch_id: int) -> None:
    """Refuse, saying what to do, while something still lives in the branch."""
    found = branches.get_branch(branch_id)
    if branch_id == DEFAULT_BRANCH:
        raise NotAllowed("The main branch holds the salon's own settings and cannot be deleted: "
                         "edit its name and address instead (E)")
    names = [m.name for m in Master.select(Master.name).where(Master.branch == branch_id)
             .order_by(Master.name)]
    if names:
        upcoming = len(upcoming_bookings_of(branch_id))
        raise NotAllowed(
            "{branch} still has {count} master(s) ({names}) and {upcoming} upcoming booking(s): "
            "first move each master to another branch (Masters → M), their bookings with them "
            "or cancelled", branch=found.name, count=len(names), names=", ".join(names[:5]),
            upcoming=upcoming)
    others = {b.id for b in branches.list_branches()} - {branch_id}
    for admin in {a for (a,) in AdminBranch.select(AdminBranch.admin).tuples()}:
        if not (branches.admin_branches(admin) or set()) & others:
            raise NotAllowed("The admin {admin} sees only {branch}: let them see another branch "
                             "first (A in the branch picker)", admin=admin, branch=found.name)


def upcoming_bookings_of(branch_id: int, now: dt.datetime | None = None) -> list[Booking]:
    return [b for b in upcoming_bookings(now=now) if b.master.branch_id == branch_id]


def check_delete(branch_id: int) -> None:
    """Raises NotAllowed (with what to do) when the branch cannot be deleted now."""
    _blockers(branch_id)


def delete_branch(branch_id: int) -> Deleted:
    """Delete an empty branch (re-checked in the write): its unused services with it, those
    that past visits name kept blocked in the main branch."""
    with write_transaction():
        _blockers(branch_id)
        name = branches.get_branch(branch_id).name
        used = {s for (s,) in Booking.select(Booking.service).distinct().tuples()}
        used |= {s for (s,) in VisitService.select(VisitService.service).distinct().tuples()}
        own = [s for (s,) in Service.select(Service.id).where(Service.branch == branch_id).tuples()]
        kept = [s for s in own if s in used]
        gone = [s for s in own if s not in used]
        if kept:
            Service.update(branch=DEFAULT_BRANCH, active=False).where(Service.id.in_(kept)).execute()
        if gone:
            MasterService.delete().where(MasterService.service.in_(gone)).execute()
            Service.delete().where(Service.id.in_(gone)).execute()
        # Its broadcasts stay in the history, in the main branch (as its used services do).
        Broadcast.update(branch=DEFAULT_BRANCH).where(Broadcast.branch == branch_id).execute()
        TelegramUser.update(branch=None).where(TelegramUser.branch == branch_id).execute()
        AdminBranch.delete().where(AdminBranch.branch == branch_id).execute()
        Branch.delete().where(Branch.id == branch_id).execute()
    log.info("branch %s deleted (%d services deleted, %d kept blocked)", branch_id, len(gone),
             len(kept))
    return Deleted(name, len(gone), len(kept))
