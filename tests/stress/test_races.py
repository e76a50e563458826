"""Part 1 — races. 200 simulated Telegram clients walk the real bot's booking dialogue over the
stand-in to the review screen, then all press "Book" at once, while a thread standing for the TUI
books the same 30 starts by phone (source=manual). Afterwards: no master has two overlapping
active bookings (SQL over the table), every client holds a booking or was told "this time was
just taken" and offered the times again, nothing reached the bot's error handler, and the file
is sound."""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections import Counter

import pytest

from mtime_tui.bot.telegram import callbacks as cb
from mtime_tui.bot.telegram.events import BOOKING_CREATED
from mtime_tui.core.booking import bookings
from mtime_tui.core.errors import SlotTaken
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import SOURCE_BOT, SOURCE_MANUAL, Booking, Outbox, database
from tests.conftest import TODAY

from .conftest import MASTER_TIDS, integrity, overlaps

pytestmark = [pytest.mark.stress, pytest.mark.both_engines]

CLIENTS = 200
WALK_IN_PHONE_DIALOGUE = 20  # the first 20 give their phone in the dialogue; the rest are known
STARTS = [9 * 60 + 30 * i for i in range(15)]  # 09:00 … 16:00, both masters: 30 slots
DAY = TODAY + dt.timedelta(days=1)
DAY_LABEL = "Tue, 24 Nov"
WAIT = 120  # seconds any single step may take while 200 clients queue at one bot
DEADLINE = 240  # the whole test


def is_outcome(msg) -> bool:
    text = msg.text or ""
    return "Booked!" in text or "just taken" in text or "already have" in text


def walk_to_review(user, master: str, start: int, phone: str | None) -> None:
    user.send("/start")
    user.wait_for("Welcome", timeout=WAIT)
    for label, screen in (("Book", "Choose a service"), ("Haircut", "Choose a master"),
                          (master, "Choose a date"), (DAY_LABEL, "Free times")):
        user.press(label, timeout=WAIT)
        user.wait_for(screen, timeout=WAIT)
    user.press(f"{start // 60:02d}:{start % 60:02d}", timeout=WAIT)
    if phone:
        user.wait_for("phone number", timeout=WAIT)
        user.send_contact(phone)
        user.press("Keep", timeout=WAIT)
    user.wait_for("check your booking", timeout=WAIT)


def test_200_bot_clients_and_the_tui_race_for_30_slots(runner, fake, shop, bot_events,
                                                       error_log):
    for tid in MASTER_TIDS:
        fake.allow(tid)
    names = {shop.anna.id: "Anna", shop.boris.id: "Boris"}
    plans = []  # (user, master_id, start, phone typed in the dialogue or None)
    for i in range(CLIENTS):
        tid = 300_000 + i
        phone = f"+7915{i:07d}"
        if i >= WALK_IN_PHONE_DIALOGUE:  # known from an earlier visit: straight to the review
            client = clients.telegram_client(tid, first_name=f"C{i}", last_name="",
                                             language="en")
            clients.set_phone(client.id, phone)
            phone = None
        master_id = (shop.anna.id, shop.boris.id)[i % 2]
        plans.append((fake.user(tid, first_name=f"C{i}", language_code="en"), master_id,
                      STARTS[(i // 2) % len(STARTS)], phone))
    walk_ins = [clients.find_or_create_by_phone(f"+7916{i:07d}", "Walk", f"In{i}")
                for i in range(30)]

    barrier = threading.Barrier(CLIENTS + 1, timeout=DEADLINE)
    failures: list[str] = []
    outcomes: dict[int, object] = {}
    manual: list[tuple[int, int, str]] = []
    started = time.monotonic()
    walked: list[float] = []

    def client_thread(user, master_id, start, phone):
        try:
            walk_to_review(user, names[master_id], start, phone)
            user.clear()
            walked.append(time.monotonic())
            barrier.wait()
            user.press("✅ Book", timeout=WAIT)
            outcomes[user.id] = user.wait_for(is_outcome, timeout=WAIT)
        except Exception as exc:  # reported below with the user
            failures.append(f"{user!r}: {type(exc).__name__}: {exc}"[:2000])
            barrier.abort()

    def tui_thread():  # the owner at the laptop, booking phone callers into the same times
        database.connect(reuse_if_open=True)
        try:
            slots_ = [(m, s) for m in (shop.anna.id, shop.boris.id) for s in STARTS]
            rng = random.Random(5)
            rng.shuffle(slots_)
            barrier.wait()
            for (master_id, start), walk_in in zip(slots_, walk_ins, strict=True):
                time.sleep(rng.uniform(0, 0.15))  # a person at a keyboard, mid-stream of the bot
                try:
                    b = bookings.create_booking(service_id=shop.haircut.id, client_id=walk_in.id,
                                                day=DAY, start=start, master_id=master_id,
                                                source=SOURCE_MANUAL)
                    manual.append((master_id, start, f"#{b.number}"))
                except SlotTaken as exc:
                    manual.append((master_id, start, exc.msgid))
        except Exception as exc:
            failures.append(f"TUI thread: {type(exc).__name__}: {exc}")
            barrier.abort()
        finally:
            database.close()

    threads = [threading.Thread(target=client_thread, args=plan, daemon=True) for plan in plans]
    threads.append(threading.Thread(target=tui_thread, daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(1, DEADLINE - (time.monotonic() - started)))
    assert not any(t.is_alive() for t in threads), "a client hung"
    assert not failures, "\n".join(failures[:5])
    race_seconds = time.monotonic() - max(walked)

    # 1. No master ever holds two overlapping active bookings.
    assert overlaps() == []
    # 2. Every client ends with a booking, or a clear re-offer.
    made = {b.client.telegram_id: b for b in Booking.select().where(Booking.source == SOURCE_BOT)}
    kinds = Counter()
    for user, master_id, start, _ in plans:
        msg = outcomes[user.id]
        if "Booked!" in msg.text:
            kinds["booked"] += 1
            booking = made[user.id]
            assert f"№ {booking.number}" in msg.text
            assert (booking.master_id, booking.start, booking.date) == (master_id, start, DAY)
        else:
            assert "just taken" in msg.text, msg.text
            kinds["re-offered"] += 1
            assert user.id not in made
            offered = [cb.decode(data) for _, data in msg.buttons()]
            times = [c.values[3] for c in offered if c and c.action == cb.TIME_PICK]
            dates = [c.values[2] for c in offered if c and c.action == cb.DATE]
            assert times or dates, msg.text  # the times again (or, if the day is full, dates)
            assert start not in times
    assert kinds["booked"] == len(made) and kinds["booked"] + kinds["re-offered"] == CLIENTS
    # 3. Nothing escaped: no error logged, nobody saw the error handler's apology.
    assert error_log.lines() == []
    assert not [m for u, *_ in plans for m in u.messages if "Something went wrong" in (m.text or "")]
    assert integrity() == "ok"
    # The TUI's bookings and the bot's share the day without clashes; the master hears each.
    won_by_tui = [m for m in manual if m[2].startswith("#")]
    assert len(won_by_tui) + len(made) == Booking.select().count()
    created_events = [e for e in bot_events if e.kind == BOOKING_CREATED]
    assert len(created_events) == len(made)
    master_rows = Outbox.select().where(Outbox.kind == "master_new_booking").count()
    assert master_rows == Booking.select().count()
    print(f"\nrace figures: {CLIENTS} clients + TUI; walk {max(walked) - started:.1f}s, race "
          f"{race_seconds:.1f}s; bot bookings {len(made)}, TUI bookings {len(won_by_tui)}, "
          f"re-offers {kinds['re-offered']}, TUI refused {len(manual) - len(won_by_tui)}; "
          f"bot calls {len(fake.calls)}")
