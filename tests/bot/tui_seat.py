"""A front-desk seat in a process of its own: the real Textual app, headless, driven by Pilot.

`python -m tests.bot.tui_seat DB MASTER SERVICE PHONE FOLDER DAY`: opens the salon, starts the
app (no bot), fills the New booking wizard for a phone client up to its review (as the owner
would have: master, service, day, 10:00, the phone and name), touches FOLDER/PHONE.ready, waits
for FOLDER/go, presses Enter on Book and prints `ok <number>` or `taken <what it said>`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import time
from pathlib import Path


async def seat(target: str, master: int, service: int, phone: str, folder: Path,
               day: dt.date) -> str:
    from mtime_tui.app import make_app
    from mtime_tui.core import clock, settings
    from mtime_tui.core.storage import db
    from mtime_tui.core.storage.models import Master, Service
    from mtime_tui.screens.booking_wizard import NewBookingScreen
    from tests.conftest import FIXED_NOW
    from tests.tui.conftest import until

    clock.set_clock(clock.FixedClock(FIXED_NOW))
    db.open_database(target, migrate=False)
    settings.save(tui_language="en")
    app = make_app(start_bot=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("5")
        await until(pilot, lambda: isinstance(app.screen, NewBookingScreen), "the wizard")
        wizard = app.screen
        wizard.master = Master.get_by_id(master)
        wizard.services = [Service.get_by_id(service)]
        wizard.day, wizard.start = day, 10 * 60
        wizard.phone, wizard.first_name, wizard.last_name = phone, "Walk", "In"
        await wizard.goto("review")
        await pilot.pause()
        assert wizard.focused is wizard.query_one("#review-book")
        Path(folder, phone + ".ready").touch()
        while not Path(folder, "go").exists():
            await asyncio.sleep(0.001)
        before = list(app._notifications)

        def new_notices() -> list[str]:
            return [str(n.message) for n in list(app._notifications) if n not in before]

        await pilot.press("enter")
        # "taken" sends the wizard back to the times, and its notice is posted a moment later
        await until(pilot, lambda: wizard.step == "done"
                    or (wizard.step == "time" and new_notices()), "the booking's outcome")
        if wizard.step == "done":
            from mtime_tui.core.storage.models import Booking

            made = Booking.select().order_by(Booking.number.desc()).first()
            return f"ok {made.number}"
        return "taken " + " | ".join(new_notices())


def main(argv: list[str]) -> int:
    target, master, service, phone, folder, day = argv
    started = time.monotonic()
    outcome = asyncio.run(seat(target, int(master), int(service), phone, Path(folder),
                               dt.date.fromisoformat(day)))
    print(outcome, f"({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
