"""The core figures on both engines, side by side on the same salon:
`python -m bench.engines [--pg URL] [--sizes 30000] [--quick]`.

Each size's large salon (the same cached SQLite file as `bench.run`) is copied into a fresh
PostgreSQL database with `mtime-tui migrate`'s own copy (`core/storage/transfer.py`: so every
table compares equal, or the run stops), then the same core figures (free starts, available
dates, month counts, one day, client search) are measured on the file and on the server, and
printed with the ratio PostgreSQL / SQLite. The server is `--pg` (a user who may create
databases), else MTIME_TEST_PG, else a throwaway cluster started here (tests/pg_cluster.py).
A server on the same machine: the figures include the loopback round trips, not a network.
Benchmarks are not tests: the exit code is 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from mtime_tui.core import clock
from mtime_tui.core.storage import db

from . import large_salon
from .queries import core_figures
from .report import Row
from .run import DEFAULT_CACHE, NOW, TODAY, machine, say


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.engines", description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default=os.environ.get("MTIME_TEST_PG", ""),
                        help="a PostgreSQL URL of a user who may create databases")
    parser.add_argument("--sizes", default="30000")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args(argv)
    args.sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    return args


def _database(server: str, name: str) -> str:
    import psycopg2

    conn = psycopg2.connect(server)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {name}")
            cur.execute(f"CREATE DATABASE {name}")
    finally:
        conn.close()
    return urlunsplit(urlsplit(server)._replace(path="/" + name))


def side_by_side(lite: list[Row], pg: list[Row]) -> str:
    width = max(len(r.what) for r in lite)
    lines = [f"{'what':<{width}}  {'SQLite':>10}  {'PostgreSQL':>10}  {'ratio':>6}",
             f"{'':<{width}}  {'median ms':>10}  {'median ms':>10}  {'PG/SQ':>6}"]
    for a, b in zip(lite, pg, strict=True):
        ratio = b.median / a.median if a.median else float("nan")
        lines.append(f"{a.what:<{width}}  {a.median:>10.3f}  {b.median:>10.3f}  {ratio:>5.1f}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    clock.set_clock(clock.FixedClock(NOW))
    cluster = None
    server = args.pg
    if not server:
        from tests import pg_cluster

        cluster = Path(tempfile.mkdtemp(prefix="mtime-bench-pg-"))
        server = pg_cluster.start(cluster)
        say(f"started a throwaway PostgreSQL cluster in {cluster}")
    from mtime_tui.core.storage.transfer import copy_to_postgresql

    started = time.perf_counter()
    try:
        out = [f"mtime_tui benchmark, SQLite vs PostgreSQL — {machine()}",
               f"load average at the end: see below; today {TODAY}"]
        for size in args.sizes:
            say(f"salon with {size:,} bookings")
            path = large_salon.cached(size, today=TODAY, cache_dir=args.cache)
            url = _database(server, f"mtime_bench_{size}")
            copied = time.perf_counter()
            tables = copy_to_postgresql(path, url)
            if not all(t.equal for t in tables):
                say("the copy differs from the file: stopping")
                return 0
            say(f"  copied into PostgreSQL in {time.perf_counter() - copied:.1f} s, every table equal")
            db.open_database(path)
            lite = core_figures(size, TODAY, quick=args.quick, smoke=args.smoke)
            db.close_database()
            db.open_database(url)
            pg = core_figures(size, TODAY, quick=args.quick, smoke=args.smoke)
            db.close_database()
            out += ["", f"{size:,} bookings ({sum(t.target_rows for t in tables):,} rows "
                        f"copied):", side_by_side(lite, pg)]
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        out.append(f"\nload average {load} (1/5/15 min); {time.perf_counter() - started:.0f} s")
        print("\n".join(out))
    finally:
        if cluster is not None:
            from tests import pg_cluster

            pg_cluster.stop(cluster)
            shutil.rmtree(cluster, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
