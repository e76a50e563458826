"""A chain of salons (issue 14, docs/BRANCHES.md): branches, each with its own name, address,
phone, time zone, masters, services and working time; clients are shared.

Every salon has the default branch (`DEFAULT_BRANCH`, made by migration 12 with every field
empty). An empty field is the salon's own from Settings, so a single-branch salon reads exactly
what it read before branches existed; `local(settings, branch)` gives the settings as one branch
sees them (its name, address, phone and time zone), which is what slots, reminders and digests
use for that branch's masters. `is_chain()` says whether there is more than one branch: only then
does anything show a branch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from .. import clock
from .. import settings as settings_mod
from ..errors import NotFound, ValidationError
from ..storage import readcache
from ..storage.db import write_transaction
from ..storage.models import (
    DEFAULT_BRANCH,
    Admin,
    AdminBranch,
    Booking,
    Branch,
    Client,
    Master,
    Service,
    TelegramUser,
)
from ..storage.prepared import Prepared

MAX_NAME = 100
MAX_TEXT = 200


@dataclass(frozen=True)
class BranchInfo:
    """A branch as people see it: its own fields, the salon's where it left them empty."""

    id: int
    name: str
    address: str
    phone: str
    timezone: str


def _rows() -> tuple[tuple[int, str, str, str, str], ...]:
    return tuple((b.id, b.name, b.address, b.phone, b.timezone) for b in _BRANCH_ROWS())


# Every booking asks (whether the salon is a chain): its SQL built once.
_BRANCH_ROWS = Prepared(lambda: Branch.select(
    Branch.id, Branch.name, Branch.address, Branch.phone, Branch.timezone,
).order_by(Branch.position, Branch.id), 0)


def _info(row: tuple[int, str, str, str, str], s: settings_mod.Settings) -> BranchInfo:
    bid, name, address, phone, tz = row
    return BranchInfo(bid, name or s.salon_name, address or s.salon_address,
                      phone or s.salon_phone, tz or s.timezone)


def list_branches(settings: settings_mod.Settings | None = None) -> list[BranchInfo]:
    """Every branch in its order (the default one first unless moved)."""
    s = settings or settings_mod.load()
    return [_info(row, s) for row in readcache.cached(_rows)]


def is_chain() -> bool:
    """More than one branch: only then does a screen, a button or a text name a branch."""
    return len(readcache.cached(_rows)) > 1


def get_branch(branch_id: int, settings: settings_mod.Settings | None = None) -> BranchInfo:
    found = find_branch(branch_id, settings)
    if found is None:
        raise NotFound("No such branch")
    return found


def find_branch(branch_id: int | None,
                settings: settings_mod.Settings | None = None) -> BranchInfo | None:
    s = settings or settings_mod.load()
    return next((_info(r, s) for r in readcache.cached(_rows) if r[0] == branch_id), None)


def local(settings: settings_mod.Settings, branch_id: int | None) -> settings_mod.Settings:
    """The settings as the branch sees them: its name, address, phone and time zone."""
    found = find_branch(branch_id if branch_id is not None else DEFAULT_BRANCH, settings)
    if found is None:
        return settings
    return replace(settings, salon_name=found.name, salon_address=found.address,
                   salon_phone=found.phone, timezone=found.timezone)


def zones(settings: settings_mod.Settings) -> dict[int, ZoneInfo]:
    """Each branch's time zone by id (the salon's for those that keep it)."""
    return {b.id: ZoneInfo(b.timezone) for b in list_branches(settings)}


def _master_branch(master_id: int) -> int | None:
    row = Master.select(Master.branch).where(Master.id == master_id).tuples().first()
    return row[0] if row else None


def master_branch(master_id: int) -> int:
    return readcache.cached(_master_branch, master_id) or DEFAULT_BRANCH


def for_master(settings: settings_mod.Settings, master: Master | int | None
               ) -> settings_mod.Settings:
    """The settings as the master's branch sees them (their time zone for slots and reminders)."""
    if master is None or not is_chain():
        return settings
    if isinstance(master, Master):
        return local(settings, master.branch_id)
    return local(settings, master_branch(master))


def for_branch(settings: settings_mod.Settings, branch_id: int | None) -> settings_mod.Settings:
    """The settings as the branch sees them; the salon's own while there is one branch."""
    if branch_id is None or not is_chain():
        return settings
    return local(settings, branch_id)


def today(branch_id: int | None = None, *, now: dt.datetime | None = None,
          settings: settings_mod.Settings | None = None) -> dt.date:
    """Today on the branch's wall clock (None, or a single-branch salon: the salon's)."""
    s = for_branch(settings or settings_mod.load(), branch_id)
    return (now or clock.now_utc()).astimezone(s.tz).date()


def todays(*, now: dt.datetime | None = None,
           settings: settings_mod.Settings | None = None) -> dict[int, dt.date]:
    """Today on each branch's wall clock, by branch id (one entry in a single-branch salon):
    what the daily upkeep and the waitlist read "past" by."""
    s = settings or settings_mod.load()
    moment = now or clock.now_utc()
    return {bid: moment.astimezone(zone).date() for bid, zone in zones(s).items()}


def master_today(master: Master | int | None, *, now: dt.datetime | None = None,
                 settings: settings_mod.Settings | None = None) -> dt.date:
    """Today on the wall clock of the master's branch: their days off, breaks, vacations and
    calendars start there."""
    s = for_master(settings or settings_mod.load(), master)
    return (now or clock.now_utc()).astimezone(s.tz).date()


def clients_of(branch_id: int):
    """The clients of a branch (a query of their ids): those with a booking with its masters,
    and those whose last branch in the bot is this one. Clients are shared: one may be the
    client of several branches."""
    masters = Master.select(Master.id).where(Master.branch == branch_id)
    booked = Booking.select(Booking.client).where(Booking.master.in_(masters))
    chose = (Client.select(Client.id)
             .join(TelegramUser, on=(TelegramUser.telegram_id == Client.telegram_id))
             .where(TelegramUser.branch == branch_id))
    return Client.select(Client.id).where(Client.id.in_(booked) | Client.id.in_(chose))


def client_branches(client_id: int) -> set[int]:
    """The branches a client is a client of (`clients_of`): those of the masters they booked
    with, and the one they chose last in the bot. Empty: a client of no branch yet."""
    booked = {b for (b,) in Master.select(Master.branch).where(
        Master.id.in_(Booking.select(Booking.master).where(Booking.client == client_id)))
        .distinct().tuples()}
    chose = (TelegramUser.select(TelegramUser.branch)
             .join(Client, on=(Client.telegram_id == TelegramUser.telegram_id))
             .where((Client.id == client_id) & TelegramUser.branch.is_null(False)).tuples())
    return booked | {b for (b,) in chose}


def admins_for_client(client_id: int) -> list[int]:
    """The admins a client's message reaches: those who see one of the client's branches (whose
    inbox shows it); every admin for a client of no branch yet, or in a single-branch salon."""
    every = list(settings_mod.admin_ids())
    if not is_chain():
        return every
    mine = client_branches(client_id)
    if not mine:
        return every
    seen: set[int] = set()
    for branch_id in mine:
        seen.update(admins_of(branch_id))
    return [a for a in every if a in seen]


def admin_sees_client(telegram_id: int, client_id: int) -> bool:
    """Whether an admin may read and answer the client's conversation: an admin with no limit,
    or one who sees a branch of the client (or the client is of no branch yet)."""
    limit = admin_branches(telegram_id)
    if limit is None or not is_chain():
        return True
    mine = client_branches(client_id)
    return not mine or bool(mine & limit)


def clients_of_no_branch():
    """Clients of no branch yet (no booking, no branch chosen in the bot): every branch sees
    their messages, so none goes unseen."""
    chose = (Client.select(Client.id)
             .join(TelegramUser, on=(TelegramUser.telegram_id == Client.telegram_id))
             .where(TelegramUser.branch.is_null(False)))
    return Client.select(Client.id).where(
        Client.id.not_in(Booking.select(Booking.client)) & Client.id.not_in(chose))


def find_by_name(text: str) -> BranchInfo:
    """A branch by its id or its name (letter case aside), for the command line."""
    wanted = " ".join(str(text or "").split())
    for b in list_branches():
        if str(b.id) == wanted or b.name.casefold() == wanted.casefold():
            return b
    raise NotFound("No branch {name}: the branches are {names}", name=wanted,
                   names=", ".join(b.name for b in list_branches()))


def service_branch(service_id: int) -> int | None:
    row = Service.select(Service.branch).where(Service.id == service_id).tuples().first()
    return row[0] if row else None


# Changes (the TUI's owner only).


def _clean(fields: dict) -> dict:
    clean = {}
    for key, value in fields.items():
        if key not in ("name", "address", "phone", "timezone"):
            raise ValidationError("Unknown setting: {value}", field=key, value=key)
        text = " ".join(str(value or "").split())
        limit = MAX_NAME if key == "name" else MAX_TEXT
        if len(text) > limit:
            raise ValidationError("Too long: at most {limit} characters", field=key, limit=limit)
        if key == "timezone" and text:
            text = settings_mod.validate("timezone", text)
        clean[key] = text
    return clean


def add_branch(name: str, address: str = "", phone: str = "", timezone: str = "") -> BranchInfo:
    """A new branch at the end of the list; its name is required (the default branch's may stay
    the salon's), its time zone defaults to the salon's."""
    fields = _clean({"name": name, "address": address, "phone": phone, "timezone": timezone})
    if not fields["name"]:
        raise ValidationError("The branch name is required", field="name")
    with write_transaction():
        last = Branch.select(Branch.position).order_by(Branch.position.desc()).scalar() or 0
        row = Branch.create(position=last + 1, **fields)
    return get_branch(row.id)


def update_branch(branch_id: int, **fields: str) -> BranchInfo:
    clean = _clean(fields)
    if "name" in clean and not clean["name"] and branch_id != DEFAULT_BRANCH:
        raise ValidationError("The branch name is required", field="name")
    with write_transaction():
        if Branch.update(**clean).where(Branch.id == branch_id).execute() == 0:
            raise NotFound("No such branch")
    return get_branch(branch_id)


def own_fields(branch_id: int) -> dict[str, str]:
    """The branch's own name, address, phone and time zone as stored (empty: the salon's), for
    the form that edits them."""
    row = (Branch.select(Branch.name, Branch.address, Branch.phone, Branch.timezone)
           .where(Branch.id == branch_id).tuples().first())
    if row is None:
        raise NotFound("No such branch")
    return dict(zip(("name", "address", "phone", "timezone"), row, strict=True))


# The client's last branch (the bot remembers it).


def last_branch(telegram_id: int) -> int | None:
    row = (TelegramUser.select(TelegramUser.branch)
           .where(TelegramUser.telegram_id == telegram_id).tuples().first())
    return row[0] if row else None


def remember_branch(telegram_id: int, branch_id: int) -> None:
    """The client chose this branch in the bot: from now on they are its client (its inbox,
    its admins and its broadcasts), whether they book or not."""
    if last_branch(telegram_id) == branch_id:
        return  # the usual press: no write
    with write_transaction():
        if not TelegramUser.update(branch=branch_id).where(
                TelegramUser.telegram_id == telegram_id).execute():
            TelegramUser.create(telegram_id=telegram_id, branch=branch_id)  # never pressed /start


# Admins limited to branches.


def admin_branches(telegram_id: int) -> set[int] | None:
    """The branches an admin may see; None: every branch (no limit set)."""
    ids = {b for (b,) in AdminBranch.select(AdminBranch.branch)
           .where(AdminBranch.admin == telegram_id).tuples()}
    return ids or None


def limit_admin(telegram_id: int, branch_ids: set[int] | None) -> None:
    """Limit an admin to these branches (None or empty: every branch)."""
    if Admin.get_or_none(Admin.telegram_id == telegram_id) is None:
        raise NotFound("No such admin")
    for bid in branch_ids or ():
        get_branch(bid)
    with write_transaction():
        AdminBranch.delete().where(AdminBranch.admin == telegram_id).execute()
        for bid in sorted(branch_ids or ()):
            AdminBranch.create(admin=telegram_id, branch=bid)


def set_branch_admins(branch_id: int, admin_ids: set[int]) -> None:
    """Which admins see this branch: each admin's limit gains or loses it (seeing every branch
    is no limit at all). An admin must see at least one branch."""
    get_branch(branch_id)
    every = {b.id for b in list_branches()}
    changes = {}
    for admin in settings_mod.admin_ids():
        seen = admin_branches(admin) or set(every)
        seen = seen | {branch_id} if admin in admin_ids else seen - {branch_id}
        if not seen:
            raise ValidationError(
                "An admin must see at least one branch: remove them from the admins in "
                "Settings instead", field="admins")
        changes[admin] = None if seen >= every else seen
    for admin, seen in changes.items():
        limit_admin(admin, seen)


def admin_sees(telegram_id: int, branch_id: int) -> bool:
    """Whether the admin may see (and change) the bookings of this branch."""
    limit = admin_branches(telegram_id)
    return limit is None or branch_id in limit


_ADMIN_BRANCHES = Prepared(lambda: AdminBranch.select(AdminBranch.admin, AdminBranch.branch), 0)


def admins_of(branch_id: int) -> list[int]:
    """The admins who see the branch: those without a limit and those limited to it."""
    admins = settings_mod.admin_ids()
    if not admins:
        return []
    limited: dict[int, set[int]] = {}
    for row in _ADMIN_BRANCHES():  # every booking's notifications ask: SQL built once
        limited.setdefault(row.admin, set()).add(row.branch_id)
    return [a for a in admins if a not in limited or branch_id in limited[a]]
