"""Build a large salon database for the benchmarks: a busy salon after years of use.

30 masters, 40 services, 50,000 clients, 300,000 bookings (a busy fortnight ahead of "today"
and years of history; one visit in five holds two or three services), weekly patterns, cycles,
recurring and one-off breaks, days off. Rows are written with bulk inserts straight into the
tables (the booking rules are not what is measured here; the queries over a big file are).
Deterministic for a given seed and "today".
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path

from mtime_tui.core import settings
from mtime_tui.core.booking import day_plans, schedule
from mtime_tui.core.people import clients as clients_mod
from mtime_tui.core.storage import db, migrations
from mtime_tui.core.storage.models import (
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    PENDING,
    Booking,
    Break,
    Client,
    DayOff,
    Master,
    MasterService,
    RecurringBreak,
    Service,
    VisitService,
    WorkHours,
    database,
)

FIRST = ["Анна", "Мария", "Елена", "Ольга", "Ирина", "Наталья", "Светлана", "Татьяна", "Юлия",
         "Алексей", "Дмитрий", "Сергей", "Андрей", "Иван", "Павел", "Максим", "Nina", "John"]
LAST = ["Иванова", "Петрова", "Смирнова", "Кузнецова", "Попова", "Соколова", "Лебедева",
        "Козлова", "Новикова", "Морозова", "Волкова", "Фёдорова", "Smith", "Brown"]


def build(path: Path, *, today: dt.date, masters: int = 30, services: int = 40,
          clients: int = 50_000, bookings: int = 300_000, seed: int = 7) -> Path:
    """Write the large salon into a new file at `path` (replaced if it exists)."""
    rnd = random.Random(seed)
    path = Path(path)
    for suffix in ("", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    db.open_database(path)
    settings.save(timezone="Europe/Moscow", salon_name="Big Salon", horizon_days=14)
    # Bulk loading is a one-off: relax durability for the build only (the file is then reopened
    # with the normal pragmas by whoever measures it).
    database.execute_sql("PRAGMA synchronous=OFF")
    with database.atomic():
        Service.insert_many(
            [dict(name=f"Service {i:02d}", description="", price=500 + 100 * (i % 30),
                  duration=rnd.choice([30, 45, 60, 75, 90, 120]), active=i % 13 != 12)
             for i in range(services)]
        ).execute()
        Master.insert_many(
            [dict(telegram_id=900_000 + i, name=f"Master {i:02d}", about="",
                  interval=rnd.choice([15, 30, 60]), active=i % 10 != 9)
             for i in range(masters)]
        ).execute()
        master_rows = list(Master.select())
        _plan_working_time(master_rows, rnd, today)
        plans = day_plans.schedules(master_rows)
        # In id order: without ORDER BY the order is whichever index SQLite reads (the branch index of
        # migration 12 changed it), and the draws below would change with it.
        service_ids = [s.id for s in Service.select(Service.id).order_by(Service.id)]
        links = []
        for m in master_rows:
            for sid in rnd.sample(service_ids, 8):
                links.append(dict(master=m.id, service=sid))
        MasterService.insert_many(links).execute()
        batch = []
        for i in range(clients):
            batch.append(dict(
                telegram_id=5_000_000 + i if i % 3 else None,
                phone=f"+7912{i:07d}",
                first_name=rnd.choice(FIRST), last_name=rnd.choice(LAST),
                language="ru",
            ))
            if len(batch) == 5000:
                Client.insert_many(batch).execute()
                batch = []
        if batch:
            Client.insert_many(batch).execute()
    clients_mod.reindex_names()  # the folded name columns the search uses (bulk rows skip them)

    link_map: dict[int, list[int]] = {}
    for link in MasterService.select():
        link_map.setdefault(link.master_id, []).append(link.service_id)
    durations = {s.id: s.duration for s in Service.select()}
    prices = {s.id: s.price for s in Service.select()}

    # Every size has the same busy fortnight ahead (today full, the last day of the horizon a
    # third full); the rest is history going back from yesterday as far as the size needs
    # (300,000 bookings: about three and a half years). So the work of one day or one master is
    # the same at every size and only the history grows.
    horizon_days = [(today + dt.timedelta(days=d), 1.0 - d / 20) for d in range(14)]
    past_days = ((today - dt.timedelta(days=d), 0.9) for d in itertools.count(1))
    number = 1001
    rows: list[dict] = []
    lines: list[dict] = []
    made = 0
    with database.atomic():
        for day, fill in itertools.chain(horizon_days, past_days):
            if made >= bookings:
                break
            future = day >= today
            for m in master_rows:
                plan = schedule.plan_day(plans[m.id], day)
                if plan.hours is None:
                    continue
                t, last = plan.hours
                step = m.interval
                while t <= last and made < bookings:
                    if rnd.random() > fill or any(b.start < t + step and t < b.end
                                                  for b in plan.blocked):
                        t += step  # a free gap, or the lunch break
                        continue
                    # One visit in five holds two or three of the master's services.
                    count = 1 if rnd.random() < 0.8 else rnd.choice([2, 3])
                    sids = rnd.sample(link_map[m.id], count)
                    sid = sids[0]
                    dur = sum(durations[x] for x in sids)
                    if future:
                        status = rnd.choice([PENDING, CONFIRMED, CONFIRMED, CANCELLED])
                    else:
                        status = rnd.choice([COMPLETED] * 8 + [NO_SHOW, CANCELLED])
                    rows.append(dict(
                        number=number, master=m.id, service=sid,
                        client=rnd.randint(1, clients), date=day, start=t, duration=dur,
                        price=sum(prices[x] for x in sids), status=status, source="bot",
                    ))
                    # A fresh file numbers its rows from 1: the booking's id is `made + 1`.
                    lines.extend(
                        dict(booking=made + 1, position=i, service=x, duration=durations[x],
                             price=prices[x])
                        for i, x in enumerate(sids)
                    )
                    number += 1
                    made += 1
                    t += ((dur + step - 1) // step) * step
                if len(rows) >= 5000:
                    Booking.insert_many(rows).execute()
                    VisitService.insert_many(lines).execute()
                    rows, lines = [], []
        if rows:
            Booking.insert_many(rows).execute()
            VisitService.insert_many(lines).execute()
        # Breaks and days off around today (older ones are cleaned up daily in a real salon).
        brk, off = [], []
        for m in master_rows:
            for d in range(0, 14):
                day = today + dt.timedelta(days=d)
                if rnd.random() < 0.15:
                    off.append(dict(master=m.id, date=day))
                elif rnd.random() < 0.5:
                    brk.append(dict(master=m.id, date=day, start=13 * 60, duration=m.interval))
        Break.insert_many(brk).on_conflict_ignore().execute()
        DayOff.insert_many(off).on_conflict_ignore().execute()
    database.execute_sql("PRAGMA synchronous=FULL")
    database.execute_sql("ANALYZE")
    return path


def _plan_working_time(master_rows: list[Master], rnd: random.Random, today: dt.date) -> None:
    """Working time as salons plan it, in thirds: a weekly pattern with two days off and a
    lunch break on working days; a 2/2 (or 3/3) cycle; every day with a shortened Saturday and
    a short break every afternoon."""
    hours, repeats = [], []
    for i, m in enumerate(master_rows):
        start, last = rnd.choice([8, 9]) * 60 + rnd.choice([0, 30]), rnd.choice([20, 21, 22]) * 60
        if i % 3 == 0:
            off = {i % 7, (i + 3) % 7}
            hours += [dict(master=m.id, kind="week", day=d, start=start, last_start=last)
                      for d in range(7) if d not in off]
            repeats.append(dict(master=m.id, start=13 * 60, duration=60,
                                weekdays=schedule.weekdays_mask([d for d in range(7) if d not in off])))
        elif i % 3 == 1:
            on = 2 if i % 2 else 3
            m.schedule, m.cycle_on, m.cycle_off = "cycle", on, on
            m.cycle_anchor = today - dt.timedelta(days=i % (2 * on))
            m.save()
            hours += [dict(master=m.id, kind="cycle", day=d, start=start, last_start=last)
                      for d in range(on)]
        else:
            hours += [dict(master=m.id, kind="week", day=d, start=start,
                           last_start=16 * 60 if d == 5 else last) for d in range(7)]
            repeats.append(dict(master=m.id, start=15 * 60 + 30, duration=30,
                                weekdays=schedule.ALL_WEEKDAYS))
    WorkHours.insert_many(hours).execute()
    RecurringBreak.insert_many(repeats).execute()


# Bump when build() makes different rows, so cached files of the old shape are not reused.
BUILD_VERSION = 4


def clients_for(bookings: int) -> int:
    """Clients grow with the history: 50,000 for 300,000 bookings, never fewer than 1,000."""
    return max(1_000, bookings // 6)


def cache_path(bookings: int, *, today: dt.date, cache_dir: Path) -> Path:
    """Where `cached` keeps the salon of that size, schema version and builder version."""
    name = f"salon-{bookings}-s{migrations.LATEST}-b{BUILD_VERSION}-{today:%Y%m%d}.db"
    return Path(cache_dir) / name


def cached(bookings: int, *, today: dt.date, cache_dir: Path) -> Path:
    """The large salon with `bookings` bookings, built once per size, schema and builder version.

    Built under a temporary name and renamed, so an interrupted build is never reused. The caller
    opens the returned file; this leaves no database open.
    """
    path = cache_path(bookings, today=today, cache_dir=cache_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        tmp = path.with_name(path.name + ".building")
        build(tmp, today=today, bookings=bookings, clients=clients_for(bookings))
        db.close_database()
        tmp.replace(path)
    return path


if __name__ == "__main__":
    import sys
    import time

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/mtime-large.db")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300_000
    t0 = time.perf_counter()
    build(out, today=dt.date(2026, 11, 23), bookings=n)
    print(f"built {out} with {Booking.select().count()} bookings in {time.perf_counter() - t0:.1f}s")
