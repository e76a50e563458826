"""The owner's figures (issue 15): statistics of a month and of a year, the export of every
booking, the import of 50,000 clients — on the large salon, through the same core functions the
Statistics section, `mtime-tui report`, `export` and `import` call."""

from __future__ import annotations

import csv
import datetime as dt
import math
import tempfile
import time
from pathlib import Path
from statistics import median as statistics_median

from peewee import fn

from mtime_tui.core.reports import exports, imports, statistics
from mtime_tui.core.reports.periods import Period, month_of
from mtime_tui.core.storage import db
from mtime_tui.core.storage.models import Booking, Client, database

from .measure import repeat, repeat_both
from .report import Row, absolute


def _bare_pass(period: Period) -> object:
    """The least any report of a period does: touch each of its bookings once (a count and two
    sums over the date range, no grouping) — the bare baseline the report is held against."""
    return (Booking.select(fn.COUNT(Booking.id), fn.SUM(Booking.price), fn.SUM(Booking.duration))
            .where(Booking.date.between(period.first, period.last)).tuples().get())


def _baseline(what: str, size: int, median: float, unit: str, note: str) -> Row:
    """A bare baseline's row: no target of its own, the figure above is held against it."""
    return Row(what, size, median, unit, "(baseline)", math.nan, math.nan, note=note)


def _cpu_note(cpu_ms: float, bare_wall: float, bare_cpu: float, wall_ms: float, unit: str) -> str:
    scale = 1000 if unit == "s" else 1
    return (f"CPU {cpu_ms / scale:.3g} {unit}; {wall_ms / bare_wall:.1f}x the bare baseline's "
            f"wall ({bare_wall / scale:.3g} {unit}), {cpu_ms / bare_cpu:.1f}x its CPU "
            f"({bare_cpu / scale:.3g} {unit})")


def statistics_figures(size: int, today: dt.date, *, quick: bool = False,
                       smoke: bool = False) -> list[Row]:
    """The section's whole report (figures, the previous period, both tables, the series),
    beside a bare pass over the same period measured in the same run."""
    times = 3 if smoke else 10 if quick else 30
    month = month_of(today)
    year = Period(today - dt.timedelta(days=364), today)
    rows = []
    for label, period, limit in (("a month", month, 50), ("a year", year, 300)):
        inside = Booking.select().where(Booking.date.between(period.first, period.last)).count()
        bare_wall, bare_cpu = repeat_both(lambda p=period: _bare_pass(p), times=times, budget_s=5)
        wall, cpu = repeat_both(lambda p=period: statistics.report(p), times=times, budget_s=10)
        rows.append(absolute(f"statistics of {label} (report)", size, wall.median_ms, limit,
                             p99=wall.p99_ms, note=f"{inside:,} bookings in the period; "
                             + _cpu_note(cpu.median_ms, bare_wall.median_ms, bare_cpu.median_ms,
                                         wall.median_ms, "ms")))
        rows.append(_baseline(f"  bare: one pass over {label}", size, bare_wall.median_ms, "ms",
                              f"CPU {bare_cpu.median_ms:.3g} ms"))
    return rows


def _bare_export(path: Path) -> int:
    """The bare baseline of the export: every booking's columns, as the database gives them,
    through the csv module into a file (no names, no formatting)."""
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        for row in database.execute_sql('SELECT * FROM "booking" ORDER BY "date", "start"'):
            writer.writerow(row)
            count += 1
    return count


def file_figures(size: int, today: dt.date, *, quick: bool = False,
                 smoke: bool = False) -> list[Row]:
    """The export of every booking (CSV; and a month as iCalendar) and the import of as many
    new clients as the salon has (50,000 at 300,000 bookings) — into a copy, so the salon
    stays as it was."""
    times = 1 if smoke else 3
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bookings.csv"
        bare_wall, bare_cpu = repeat_both(lambda: _bare_export(Path(tmp) / "bare.csv"),
                                          times=times, warmup=0, budget_s=60)
        wall, cpu = repeat_both(lambda: exports.export_bookings(out), times=times, warmup=0,
                                budget_s=60)
        rows.append(absolute("export of every booking (CSV)", size, wall.median_ms / 1000, 5,
                             unit="s", note=f"{out.stat().st_size / 1e6:.0f} MB; " + _cpu_note(
                                 cpu.median_ms, bare_wall.median_ms, bare_cpu.median_ms,
                                 wall.median_ms, "s")))
        rows.append(_baseline("  bare: the bookings table through csv", size,
                              bare_wall.median_ms / 1000, "s",
                              f"CPU {bare_cpu.median_ms / 1000:.3g} s"))
        month = month_of(today)
        ics = Path(tmp) / "month.ics"
        s = repeat(lambda: exports.export_bookings(
            ics, exports.Selection(month.first, month.last), fmt=exports.ICS),
            times=times, warmup=0, budget_s=60)
        rows.append(absolute("export of a month (iCalendar)", size, s.median_ms / 1000, 5,
                             unit="s", note=f"{exports.count_bookings(exports.Selection(month.first, month.last)):,} events"))
        count = Client.select().count()
        source = Path(tmp) / "clients.csv"
        _new_clients(source, count)
        snapshot = Path(tmp) / "salon-copy.db"
        original = db.db_path()
        backup_copy(snapshot)
        try:
            db.open_database(snapshot)

            first_new = (Client.select(fn.MAX(Client.id)).scalar() or 0) + 1
            took, cpu, bare, bare_cpu = [], [], [], []
            for _ in range(times):
                started, started_cpu = time.perf_counter(), time.process_time()
                _bare_import(source)
                bare.append(time.perf_counter() - started)
                bare_cpu.append(time.process_time() - started_cpu)
                started, started_cpu = time.perf_counter(), time.process_time()
                imports.apply(imports.read_clients(source))
                took.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
                Client.delete().where(Client.id >= first_new).execute()  # for the next run
        finally:
            db.open_database(original)
        wall_ms, cpu_ms = statistics_median(took) * 1000, statistics_median(cpu) * 1000
        bare_ms, bare_cpu_ms = statistics_median(bare) * 1000, statistics_median(bare_cpu) * 1000
        rows.append(absolute(f"import of {count:,} new clients (CSV)", size, wall_ms / 1000, 10,
                             unit="s", note="read, check, write in one transaction; " + _cpu_note(
                                 cpu_ms, bare_ms, bare_cpu_ms, wall_ms, "s")))
        rows.append(_baseline("  bare: the file's rows through csv into a table", size,
                              bare_ms / 1000, "s", f"CPU {bare_cpu_ms / 1000:.3g} s"))
    return rows


def _bare_import(path: Path) -> int:
    """The bare baseline of the import: the file's rows read by the csv module and written as
    they are into a scratch table in one transaction (no phones parsed, no names, no merging)."""
    database.execute_sql('CREATE TEMP TABLE IF NOT EXISTS "bare_clients" (name, phone, notes)')
    with open(path, encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f, delimiter=";"))[1:]
    with database.atomic():
        marks = ", ".join([database.param] * 3)
        database.cursor().executemany(f'INSERT INTO "bare_clients" VALUES ({marks})', lines)
    database.execute_sql('DELETE FROM "bare_clients"')
    return len(lines)


def _new_clients(path: Path, count: int) -> None:
    """A client table as a salon would bring it: name and phone, a note now and then."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(["Имя", "Телефон", "Комментарий"])
        for i in range(count):
            writer.writerow([f"Клиент {i} Импортов", f"8 (913) {i // 10000:03d}-{i % 10000 // 100:02d}-{i % 100:02d}",
                             "из старой базы" if i % 7 == 0 else ""])


def backup_copy(target: Path) -> None:
    from mtime_tui.core.storage import backup

    backup.backup(str(target))


def business_figures(size: int, today: dt.date, *, quick: bool = False,
                     smoke: bool = False) -> list[Row]:
    return (statistics_figures(size, today, quick=quick, smoke=smoke)
            + file_figures(size, today, quick=quick, smoke=smoke))
