"""The core figures: free starts, available dates, month counts, a day's bookings, client search.

Each is the public core function a screen or the bot calls, over the already open large salon,
with the clock pinned to its "today" at 09:00. Arguments rotate (masters, days, services, search
texts) so the median is of the typical call, not of one lucky row.
"""

from __future__ import annotations

import datetime as dt
import itertools

from mtime_tui.core.booking import booking_queries, slots
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import Client, Master, MasterService, Service

from .measure import repeat
from .report import Row, absolute

# Search texts as an admin types them: phone fragments in several formats and name prefixes in
# both alphabets and both orders.
PHONE_SEARCHES = ("912 000 12", "8 912 004-55", "+7912001", "4567", "89120031234", "+7 912 0045")
NAME_SEARCHES = ("Иван", "петрова", "смирнова ан", "Smi", "nina", "ольга куз", "Кузнецова Мария")


def _linked_pairs() -> list[tuple[int, int]]:
    """(master id, service id) of active masters offering active services."""
    query = (
        MasterService.select(MasterService.master, MasterService.service)
        .join(Master, on=(MasterService.master == Master.id))
        .switch(MasterService)
        .join(Service, on=(MasterService.service == Service.id))
        .where(Master.active & Service.active)
        .order_by(MasterService.id)
    )
    return [(ms.master_id, ms.service_id) for ms in query]


def core_figures(size: int, today: dt.date, *, quick: bool = False,
                 smoke: bool = False) -> list[Row]:
    """Measure the core targets on the open salon of `size` bookings."""
    times = 10 if smoke else 30 if quick else 200
    rows: list[Row] = []

    # Free starts of one master for one date: query + computation, as the bot asks for it.
    pairs = _linked_pairs()
    days = [today + dt.timedelta(days=d) for d in range(1, 14)]
    calls = itertools.cycle([(m, s, d) for (m, s), d in zip(pairs, itertools.cycle(days))])

    def free() -> object:
        master_id, service_id, day = next(calls)
        return slots.free_starts(master_id, service_id, day)

    s = repeat(free, times=times * 2)
    rows.append(absolute("free starts, one master, one date", size, s.median_ms, 1,
                         p99=s.p99_ms))

    # Available dates over the horizon for a service, any master.
    service_ids = itertools.cycle(sorted({sid for _, sid in pairs}))
    s = repeat(lambda: slots.available_dates(next(service_ids), None), times=times // 2)
    rows.append(absolute("available dates, 14 days, any master", size, s.median_ms, 30,
                         p99=s.p99_ms))

    # The same two for a visit of three services (issue 13): the total duration, and only the
    # masters offering all three (each set is three services of one active master).
    offered: dict[int, list[int]] = {}
    for master_id, service_id in pairs:
        offered.setdefault(master_id, []).append(service_id)
    sets = [tuple(ids[i : i + 3]) for ids in offered.values() for i in range(0, len(ids) - 2, 3)]
    set_calls = itertools.cycle(
        [(m, ids) for m, ids_of in offered.items() for ids in sets if set(ids) <= set(ids_of)]
    )
    set_days = itertools.cycle(days)

    def free_visit() -> object:
        master_id, ids = next(set_calls)
        return slots.free_starts(master_id, ids, next(set_days))

    s = repeat(free_visit, times=times * 2)
    rows.append(absolute("free starts, one master, one date, 3 services", size, s.median_ms, 1,
                         p99=s.p99_ms))
    visit_sets = itertools.cycle(sets)
    s = repeat(lambda: slots.available_dates(next(visit_sets), None), times=times // 2)
    rows.append(absolute("available dates, 14 days, any master, 3 services", size, s.median_ms,
                         30, p99=s.p99_ms))

    # The month view's counts (the month of today) and one day of every master's bookings.
    first = today.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    s = repeat(lambda: booking_queries.day_counts(first, last), times=times // 2)
    rows.append(absolute("month view counts (day_counts)", size, s.median_ms, 50,
                         p99=s.p99_ms))
    # Today and the next days: as full at every size (the 3,000 salon is that fortnight alone).
    day_cycle = itertools.cycle([today + dt.timedelta(days=d) for d in range(4)])
    s = repeat(lambda: booking_queries.bookings_on(next(day_cycle)), times=times // 2)
    rows.append(absolute("one day, all masters (bookings_on)", size, s.median_ms, 20,
                         p99=s.p99_ms, note=f"{len(booking_queries.bookings_on(today))} rows today"))

    # Client search by phone fragment and by name prefix (a page of 100, as the screen asks).
    count = Client.select().count()
    for label, texts in (("phone", PHONE_SEARCHES), ("name prefix", NAME_SEARCHES)):
        texts_cycle = itertools.cycle(texts)
        s = repeat(lambda c=texts_cycle: clients.search_clients(next(c)), times=times // 2)
        rows.append(absolute(f"client search by {label}", size, s.median_ms, 20,
                             p99=s.p99_ms, note=f"{count:,} clients"))
    return rows
