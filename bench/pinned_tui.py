"""`python -m bench.pinned_tui NOW [mtime-tui arguments]`: the `mtime-tui` command with the clock
pinned to NOW (ISO, aware), so a terminal benchmark shows the same day the salon was built for.

Nothing else differs from `python -m mtime_tui`: the same cli.main, the same imports."""

from __future__ import annotations

import datetime as dt
import sys


def main() -> int:
    from mtime_tui.core import clock

    clock.set_clock(clock.FixedClock(dt.datetime.fromisoformat(sys.argv[1])))
    from mtime_tui.cli import main as cli_main

    return cli_main(sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
