"""Races between visits of different services (issue 13) through the real bot: 30 clients tick
different sets of services, walk to the review for overlapping times of one master and press
"Book" at once, while a thread standing for the TUI books visits of several services by phone.
Afterwards no master holds two overlapping active bookings (for the visits' total durations),
each booked client holds exactly the set their review showed, every other client was told
"this time was just taken" and offered the times again, and the file is sound."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter

import pytest

from mtime_tui.core.booking import bookings, visits
from mtime_tui.core.errors import SlotTaken
from mtime_tui.core.people import clients, masters, services
from mtime_tui.core.storage.models import SOURCE_BOT, SOURCE_MANUAL, Booking, database
from tests.bot.test_visits_bot import tick
from tests.conftest import TODAY

from .conftest import MASTER_TIDS, integrity, overlaps

pytestmark = [pytest.mark.stress, pytest.mark.both_engines]

CLIENTS = 30
DAY = TODAY + dt.timedelta(days=1)
DAY_LABEL = "Tue, 24 Nov"
WAIT = 60
DEADLINE = 180
SETS = (("Haircut", "Beard"), ("Colour",), ("Beard", "Colour"), ("Haircut",),
        ("Colour", "Haircut", "Beard"), ("Beard",))
STARTS = (9 * 60, 9 * 60 + 30, 10 * 60, 10 * 60 + 30, 11 * 60)  # all overlap one another's sets


def walk_to_review(user, names: tuple[str, ...], start: int) -> None:
    user.send("/start")
    user.wait_for("Welcome", timeout=WAIT)
    user.press("Book", timeout=WAIT)
    user.wait_for("Choose a service", timeout=WAIT)
    if len(names) == 1:
        user.press(names[0], timeout=WAIT)
    else:
        for name in names:
            tick(user, name)
        user.press("Next", timeout=WAIT)
    user.wait_for("Choose a master", timeout=WAIT)
    for label, screen in (("Anna", "Choose a date"), (DAY_LABEL, "Free times")):
        user.press(label, timeout=WAIT)
        user.wait_for(screen, timeout=WAIT)
    user.press(f"{start // 60:02d}:{start % 60:02d}", timeout=WAIT)
    user.wait_for("check your booking", timeout=WAIT)


def test_30_bot_clients_with_different_sets_and_the_tui_race_for_one_master(
        runner, fake, shop, error_log):
    for tid in MASTER_TIDS:
        fake.allow(tid)
    beard = services.create_service(name="Beard", duration=30, price=800)
    colour = services.create_service(name="Colour", duration=90, price=3000)
    masters.add_master_services(shop.anna.id, [beard.id, colour.id])
    ids = {"Haircut": shop.haircut.id, "Beard": beard.id, "Colour": colour.id}
    plans = []
    for i in range(CLIENTS):
        tid = 400_000 + i
        client = clients.telegram_client(tid, first_name=f"V{i}", last_name="", language="en")
        clients.set_phone(client.id, f"+7917{i:07d}")
        plans.append((fake.user(tid, first_name=f"V{i}", language_code="en"),
                      SETS[i % len(SETS)], STARTS[(i // len(SETS)) % len(STARTS)]))
    walk_ins = [clients.find_or_create_by_phone(f"+7918{i:07d}", "Walk", f"In{i}")
                for i in range(len(STARTS))]

    barrier = threading.Barrier(CLIENTS + 1, timeout=DEADLINE)
    failures: list[str] = []
    outcomes: dict[int, object] = {}
    manual: list[str] = []

    def client_thread(user, names, start):
        try:
            walk_to_review(user, names, start)
            user.clear()
            barrier.wait()
            user.press("✅ Book", timeout=WAIT)
            outcomes[user.id] = user.wait_for(
                lambda m: "Booked!" in (m.text or "") or "just taken" in (m.text or ""),
                timeout=WAIT)
        except Exception as exc:  # reported below with the user
            failures.append(f"{user!r}: {type(exc).__name__}: {exc}"[:2000])
            barrier.abort()

    def tui_thread():
        database.connect(reuse_if_open=True)
        try:
            barrier.wait()
            for start, walk_in in zip(reversed(STARTS), walk_ins, strict=True):
                try:
                    b = bookings.create_booking(
                        service_ids=[ids["Haircut"], ids["Beard"]], client_id=walk_in.id,
                        day=DAY, start=start, master_id=shop.anna.id, source=SOURCE_MANUAL)
                    manual.append(f"#{b.number}")
                except SlotTaken as exc:
                    manual.append(exc.msgid)
        except Exception as exc:
            failures.append(f"TUI thread: {type(exc).__name__}: {exc}")
            barrier.abort()
        finally:
            database.close()

    threads = [threading.Thread(target=client_thread, args=plan, daemon=True) for plan in plans]
    threads.append(threading.Thread(target=tui_thread, daemon=True))
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(1, DEADLINE - (time.monotonic() - started)))
    assert not any(t.is_alive() for t in threads), "a client hung"
    assert not failures, "\n".join(failures[:5])

    assert overlaps() == []
    made = {b.client.telegram_id: b for b in Booking.select().where(Booking.source == SOURCE_BOT)}
    kinds = Counter()
    for user, names, start in plans:
        msg = outcomes[user.id]
        if "Booked!" in msg.text:
            kinds["booked"] += 1
            booking = made[user.id]
            assert visits.line_ids(booking) == tuple(ids[n] for n in names)
            assert booking.duration == sum(
                {"Haircut": 60, "Beard": 30, "Colour": 90}[n] for n in names)
            assert (booking.master_id, booking.start) == (shop.anna.id, start)
        else:
            kinds["re-offered"] += 1
            assert user.id not in made
    assert kinds["booked"] == len(made) >= 1
    assert kinds["booked"] + kinds["re-offered"] == CLIENTS
    assert error_log.lines() == []
    assert integrity() == "ok"
    won_by_tui = [m for m in manual if m.startswith("#")]
    assert len(won_by_tui) + len(made) == Booking.select().count()
