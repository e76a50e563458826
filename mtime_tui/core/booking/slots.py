"""The slot engine (SPEC "Slots"): which start times a master can take a client at.

The rules live in pure functions — `schedule.plan_day` (the day's hours and blocked ranges by
SPEC's precedence), `candidate_starts` and `free_starts_pure` — so they can be tested property by
property. The rest are thin wrappers that read what the rules need (`day_plans`: two queries per
block of masters and dates), so fourteen days of "any master" cost a handful of queries, not one
per slot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from peewee import fn

from .. import clock
from .. import settings as settings_mod
from ..people import branches
from ..storage import readcache
from ..storage.models import Master, MasterService, Service
from ..storage.prepared import Prepared
from . import visits
from .day_plans import DayLoad, day_loads, schedules
from .schedule import DAY_MINUTES, DayPlan, Hours, Schedule, candidate_starts

__all__ = [
    "DAY_MINUTES", "DayLoad", "candidate_starts", "day_loads", "free_starts_pure", "schedules",
]


# The pure engine.


def free_starts_pure(
    *,
    hours: Hours | None,
    interval: int,
    duration: int,
    busy: Iterable[tuple[int, int]],
    day: dt.date,
    now_local: dt.datetime,
    min_notice: int,
) -> list[int]:
    """The candidate starts t of `day` (see `candidate_starts`) where [t, t+duration) is free.

    `hours` are the day's (start, last start) from its plan, None when the master does not work.
    `busy` holds [start, end) minute ranges (active bookings and breaks). A start must end by
    midnight and lie strictly later than now + min_notice on the salon's wall clock (`now_local`
    is aware, in the salon's zone; its wall-clock reading is what counts).
    """
    if hours is None:
        return []
    earliest = now_local.replace(tzinfo=None) + dt.timedelta(minutes=min_notice)
    if day < earliest.date():
        return []
    if day == earliest.date():
        # t > earliest  <=>  t >= floor(earliest) + 1 for whole minutes: at 09:00:00 the 09:00
        # start is gone, at 08:59:30 it is not.
        min_start = earliest.hour * 60 + earliest.minute + 1
    else:
        min_start = 0
    ranges = _merged(busy)
    free = []
    j, n = 0, len(ranges)
    for t in candidate_starts(hours, interval):
        end = t + duration
        if end > DAY_MINUTES:
            break  # candidates only grow from here
        if t < min_start:
            continue
        # One sweep: the candidates rise, so the busy ranges wholly before t stay behind.
        while j < n and ranges[j][1] <= t:
            j += 1
        if j < n and ranges[j][0] < end:
            continue  # the first range still running at t starts before this start ends
        free.append(t)
    return free


def _merged(busy: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The busy [start, end) ranges sorted and joined where they overlap or touch, so that the
    first range ending after t is the only one that can overlap [t, t + duration)."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted((s, e) for s, e in busy if e > s):
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


# Reading what the engine needs.


def _settings(settings: settings_mod.Settings | None) -> settings_mod.Settings:
    return settings if settings is not None else settings_mod.load()


def _branch_settings(
    settings: settings_mod.Settings | None, masters: Sequence[Master]
) -> settings_mod.Settings:
    """The settings on the wall clock of the masters' branch (a service's masters are all of
    its branch)."""
    s = _settings(settings)
    return branches.for_master(s, masters[0]) if masters else s


def local_now(settings: settings_mod.Settings, now: dt.datetime | None = None) -> dt.datetime:
    """Now on the salon's wall clock (aware, salon zone)."""
    return (now or clock.now_utc()).astimezone(settings.tz)


def horizon(
    settings: settings_mod.Settings | None = None, now: dt.datetime | None = None
) -> list[dt.date]:
    """The dates clients may book: today … today + horizon − 1 in the salon's zone."""
    s = _settings(settings)
    today = local_now(s, now).date()
    return [today + dt.timedelta(days=i) for i in range(s.horizon_days)]


def in_horizon(day: dt.date, settings: settings_mod.Settings, now: dt.datetime | None = None) -> bool:
    today = local_now(settings, now).date()
    return today <= day < today + dt.timedelta(days=settings.horizon_days)


def _master(master: Master | int) -> Master | None:
    if isinstance(master, Master):
        return master
    return Master.get_or_none(Master.id == master)


def _service(service: Service | int) -> Service | None:
    if isinstance(service, Service):
        return service
    return visits.SERVICE.first(service)


def offers(master_id: int, service_id: int) -> bool:
    """Whether the master has the service in their list (active or not)."""
    return (
        MasterService.select()
        .where((MasterService.master == master_id) & (MasterService.service == service_id))
        .exists()
    )


def plan_of(
    master: Master,
    day: dt.date,
    *,
    load: DayLoad | None = None,
    schedule: Schedule | None = None,
    exclude_booking_id: int | None = None,
) -> tuple[DayPlan, DayLoad]:
    """The master's plan on `day` and what is dated on it (read when not given)."""
    if load is None:
        load = day_loads([master.id], day, day, exclude_booking_id=exclude_booking_id).get(
            (master.id, day), DayLoad()
        )
    if schedule is None:
        schedule = schedules([master])[master.id]
    return load.plan(schedule, day), load


def master_free_starts(
    master: Master,
    duration: int,
    day: dt.date,
    *,
    load: DayLoad | None = None,
    schedule: Schedule | None = None,
    now: dt.datetime | None = None,
    settings: settings_mod.Settings | None = None,
    exclude_booking_id: int | None = None,
    min_notice: int | None = None,
) -> list[int]:
    """Free starts of `master` for a `duration` on `day`, with no activity/horizon checks
    (on the wall clock of the master's branch)."""
    return _local_free_starts(
        master, duration, day, load=load, schedule=schedule, now=now,
        settings=branches.for_master(_settings(settings), master),
        exclude_booking_id=exclude_booking_id, min_notice=min_notice,
    )


def _local_free_starts(
    master: Master,
    duration: int,
    day: dt.date,
    *,
    load: DayLoad | None = None,
    schedule: Schedule | None = None,
    now: dt.datetime | None = None,
    settings: settings_mod.Settings,
    exclude_booking_id: int | None = None,
    min_notice: int | None = None,
) -> list[int]:
    """`master_free_starts` with the settings already those of the master's branch (the loops
    over many masters and dates localise once)."""
    s = settings
    if schedule is None:
        schedule = schedules([master])[master.id]
    plan, load = plan_of(
        master, day, load=load, schedule=schedule, exclude_booking_id=exclude_booking_id
    )
    if plan.hours is None:
        return []
    busy = load.bookings + [(b.start, b.end) for b in plan.blocked]
    return free_starts_pure(
        hours=plan.hours,
        interval=schedule.interval,
        duration=duration,
        busy=busy,
        day=day,
        now_local=local_now(s, now),
        min_notice=s.min_notice_minutes if min_notice is None else min_notice,
    )


def free_starts(
    master: Master | int,
    service: Service | int | Sequence[int],
    day: dt.date,
    *,
    now: dt.datetime | None = None,
    settings: settings_mod.Settings | None = None,
    exclude_booking_id: int | None = None,
) -> list[int]:
    """Free starts for a client: empty when the master or service is blocked or unlinked, or the
    day lies outside the horizon. `service` may be a visit's service ids (SPEC "Slots": the total
    duration, and the master must offer every one)."""
    m = _master(master)
    if m is None or not m.active:
        return []
    s = branches.for_master(_settings(settings), m)
    if not in_horizon(day, s, now):
        return []
    if isinstance(service, Service | int):
        svc = _service(service)
        if svc is None or not svc.active or not offers(m.id, svc.id):
            return []
        duration = svc.duration
    else:
        duration = _offered_duration(m.id, tuple(service))
        if duration is None:
            return []
    return _local_free_starts(
        m, duration, day, now=now, settings=s, exclude_booking_id=exclude_booking_id
    )


def _offered_duration(master_id: int, service_ids: tuple[int, ...]) -> int | None:
    """The total duration of a visit's services if the master offers every one and all are
    active, else None — one query (the set's `free_starts` is asked per master and date)."""
    ids = set(service_ids)
    rows = list(
        Service.select(Service.duration, Service.active)
        .join(MasterService, on=(MasterService.service == Service.id))
        .where((MasterService.master == master_id) & Service.id.in_(list(ids)))
        .tuples()
    )
    if not ids or len(rows) != len(ids) or not all(active for _, active in rows):
        return None
    return sum(duration for duration, _ in rows)


def offers_all(master_id: int, service_ids: Sequence[int]) -> bool:
    """Whether the master has every one of the services in their list (active or not)."""
    ids = set(service_ids)
    return (
        MasterService.select()
        .where((MasterService.master == master_id) & MasterService.service.in_(list(ids)))
        .count()
        == len(ids)
    )


def masters_for_services(service_ids: Sequence[int]) -> list[Master]:
    """Active masters offering every one of the services (all active), by name."""
    ids = list(dict.fromkeys(service_ids))
    if len(ids) == 1:
        return masters_for_service(ids[0])
    return list(
        Master.select()
        .join(MasterService, on=(MasterService.master == Master.id))
        .join(Service, on=(MasterService.service == Service.id))
        .where(
            MasterService.service.in_(ids)
            & (Master.active == True)  # noqa: E712 (peewee expression)
            & (Service.active == True)  # noqa: E712
        )
        .group_by(Master.id)
        .having(fn.COUNT(MasterService.id) == len(ids))
        .order_by(Master.name, Master.id)
    )


def masters_for_service(service_id: int) -> list[Master]:
    """Active masters offering the active service, by name (every press of a booking asks: its
    SQL is built once, `prepared`)."""
    return _MASTERS_FOR_SERVICE(service_id)


_MASTERS_FOR_SERVICE = Prepared(lambda service_id: (
    Master.select()
    .join(MasterService, on=(MasterService.master == Master.id))
    .join(Service, on=(MasterService.service == Service.id))
    .where(
        (MasterService.service == service_id)
        & (Master.active == True)  # noqa: E712 (peewee expression)
        & (Service.active == True)  # noqa: E712
    )
    .order_by(Master.name, Master.id)
), 1)


def services_for_master(master_id: int) -> list[Service]:
    """The master's active services, by name."""
    return list(
        Service.select()
        .join(MasterService, on=(MasterService.service == Service.id))
        .where((MasterService.master == master_id) & (Service.active == True))  # noqa: E712
        .order_by(Service.name, Service.id)
    )


def bookable_services(branch: int | None = None) -> list[Service]:
    """Active services with at least one active master — what a client can choose from (in one
    branch of a chain, or everywhere): the bot's Book asks, its SQL is built once (`prepared`)."""
    if branch is None:
        return _BOOKABLE_SERVICES()
    return _BOOKABLE_SERVICES_OF_BRANCH(branch)


def _bookable_services_query(branch: int | None = None):
    query = (
        Service.select()
        .join(MasterService, on=(MasterService.service == Service.id))
        .join(Master, on=(MasterService.master == Master.id))
        .where((Service.active == True) & (Master.active == True))  # noqa: E712
    )
    if branch is not None:
        query = query.where(Service.branch == branch)
    return query.group_by(Service.id).order_by(Service.name, Service.id)


_BOOKABLE_SERVICES = Prepared(_bookable_services_query, 0)
_BOOKABLE_SERVICES_OF_BRANCH = Prepared(_bookable_services_query, 1)


def bookable_service(service_id: int) -> Service | None:
    """The service if a client can book it (active, with an active master): one query, for the
    bot's every press, instead of listing every bookable service to find one."""
    return _BOOKABLE_SERVICE.first(service_id)


def _bookable_service_query(service_id: int):
    offered = (
        MasterService.select(MasterService.id)
        .join(Master, on=(MasterService.master == Master.id))
        .where((MasterService.service == Service.id) & (Master.active == True))  # noqa: E712
    )
    return (
        Service.select()
        .where((Service.id == service_id) & (Service.active == True) & fn.EXISTS(offered))  # noqa: E712
        .order_by(Service.id)
        .limit(1)
    )


_BOOKABLE_SERVICE = Prepared(_bookable_service_query, 1)  # SQL built once: every press asks


def _starts_by_master(
    masters: list[Master],
    duration: int,
    days: list[dt.date],
    s: settings_mod.Settings,
    now: dt.datetime | None,
) -> dict[tuple[int, dt.date], list[int]]:
    if not masters or not days:
        return {}
    loads = day_loads([m.id for m in masters], days[0], days[-1])
    plans = _plans(masters)
    now_local = local_now(s, now)
    result = {}
    for day in days:
        for m in masters:
            result[(m.id, day)] = _local_free_starts(
                m, duration, day, load=loads.get((m.id, day)) or DayLoad(),
                schedule=plans[m.id], now=now_local, settings=s,
            )
    return result


def _plans(masters: Sequence[Master]) -> dict[int, Schedule]:
    """`schedules(masters)`, read once per state by the bot's readers (its dates, then its
    times); callers only read the dict."""
    return readcache.by_readers(schedules, tuple(m.id for m in masters))


def _masters_and_duration(
    service_id: int | Sequence[int], master_id: int | None
) -> tuple[list[Master], int]:
    """The masters offering the service — or every service of a visit — and the total duration;
    nothing when a service is gone or blocked."""
    ids = (service_id,) if isinstance(service_id, int) else tuple(service_id)
    if len(ids) == 1:
        service = readcache.by_readers(_service, ids[0])
        services = [service] if service is not None else []
    else:
        services = list(Service.select().where(Service.id.in_(list(ids))))
    if not ids or len(services) != len(set(ids)) or not all(s.active for s in services):
        return [], 0
    masters = readcache.by_readers(masters_for_services, ids)  # the bot's screens ask again
    if master_id is not None:
        masters = [m for m in masters if m.id == master_id]
    return masters, sum(s.duration for s in services)


def available_dates(
    service_id: int | Sequence[int],
    master_id: int | None,
    *,
    now: dt.datetime | None = None,
    settings: settings_mod.Settings | None = None,
) -> list[dt.date]:
    """Dates of the horizon with at least one free start (`master_id=None`: any master).

    `service_id` may be a visit's service ids: its total duration, masters offering them all."""
    masters, duration = _masters_and_duration(service_id, master_id)
    s = _branch_settings(settings, masters)
    days = horizon(s, now)
    if not masters or not days:
        return []
    loads = day_loads([m.id for m in masters], days[0], days[-1])
    plans = _plans(masters)
    now_local = local_now(s, now)
    empty = DayLoad()
    # A date is offered as soon as one master has a start: the rest of its masters are not asked.
    return [
        day
        for day in days
        if any(
            _local_free_starts(m, duration, day, load=loads.get((m.id, day), empty),
                               schedule=plans[m.id], now=now_local, settings=s)
            for m in masters
        )
    ]


def any_master_starts(
    service_id: int | Sequence[int],
    day: dt.date,
    *,
    now: dt.datetime | None = None,
    settings: settings_mod.Settings | None = None,
) -> list[int]:
    """The union of free starts of every master offering the service (or all of a visit's)."""
    masters, duration = _masters_and_duration(service_id, None)
    s = _branch_settings(settings, masters)
    if not in_horizon(day, s, now):
        return []
    starts = _starts_by_master(masters, duration, [day], s, now)
    return sorted({t for times in starts.values() for t in times})


def pick_master(
    service_id: int | Sequence[int],
    day: dt.date,
    start: int,
    *,
    now: dt.datetime | None = None,
    settings: settings_mod.Settings | None = None,
) -> Master | None:
    """A master free at `start` for the service (or a visit's services, all offered, for their
    total duration): fewest active bookings that day, then by id."""
    masters, duration = _masters_and_duration(service_id, None)
    s = _branch_settings(settings, masters)
    if not masters or not in_horizon(day, s, now):
        return None
    loads = day_loads([m.id for m in masters], day, day)
    plans = schedules(masters)
    now_local = local_now(s, now)
    best: tuple[int, int] | None = None
    chosen = None
    for m in masters:
        load = loads.get((m.id, day)) or DayLoad()
        free = _local_free_starts(m, duration, day, load=load, schedule=plans[m.id],
                                  now=now_local, settings=s)
        if start in free:
            rank = (len(load.bookings), m.id)
            if best is None or rank < best:
                best, chosen = rank, m
    return chosen
