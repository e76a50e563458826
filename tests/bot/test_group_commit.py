"""Group commit in the bot's writer (`bot/telegram/group_commit.py`, `dbcalls.run_db_grouped`):
the booking dialogue's writes queued together share one write transaction and one commit, each
in a savepoint; a domain error rolls back only its own call; a database error runs every call
of the group alone, once; nothing is answered before the commit; SPEC's race holds (one booking
per slot, "this time was just taken" for the others). Both engines."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from peewee import OperationalError

from mtime_tui.bot.telegram import dbcalls, group_commit
from mtime_tui.core.booking import bookings
from mtime_tui.core.errors import DatabaseUnavailable, SlotTaken, ValidationError
from mtime_tui.core.messaging import outbox
from mtime_tui.core.people import clients
from mtime_tui.core.storage import db, prepared
from mtime_tui.core.storage.models import (
    OUT_SENT,
    PENDING,
    SOURCE_BOT,
    Booking,
    Client,
    Outbox,
    database,
)
from tests import salon_rows as rows
from tests.bot import group_writer
from tests.conftest import TODAY
from tests.salon_rows import hm

pytestmark = pytest.mark.both_engines

TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture
def shop(salon):
    cut = rows.service("Haircut", duration=60)
    anna = rows.master("Anna", cut, telegram_id=5_000_001)
    people = [rows.client(f"Client {i}", telegram_id=7_000_000 + i, language="en")
              for i in range(12)]
    yield type("Shop", (), dict(cut=cut, anna=anna, people=people))
    dbcalls.shutdown()


def booking(shop, who: int, start: str = "10:00"):
    """The bot's Book for client `who` at `start` tomorrow, as `run_db_grouped` is given it."""
    return functools.partial(bookings.create_booking, service_ids=[shop.cut.id],
                             client_id=shop.people[who].id, day=TOMORROW, start=hm(start),
                             master_id=shop.anna.id, source=SOURCE_BOT)


class Commits:
    """The engine's COMMITs made by the bot's writer thread; `fail` refuses the next ones."""

    def __init__(self, monkeypatch) -> None:
        self.count, self.fail, self.seen = 0, 0, []
        engine = database.obj
        original = engine.commit

        def commit():
            if threading.current_thread().name.startswith(dbcalls.WRITER):
                self.count += 1
                self.seen.append(Booking.select().count())  # as the writer sees it, uncommitted
                if self.fail:
                    self.fail -= 1
                    raise OperationalError("disk I/O error")
            return original()

        monkeypatch.setattr(engine, "commit", commit)


async def behind_a_busy_writer(*calls) -> list:
    """Each of `calls` (or `(fn, *args)`) through `run_db_grouped`, all queued while the writer is busy (so they
    form one group); their results, or the exceptions they raised."""
    gate = threading.Event()
    busy = asyncio.ensure_future(dbcalls.run_db(gate.wait, 10))
    tasks = [asyncio.ensure_future(dbcalls.run_db_grouped(*call) if isinstance(call, tuple)
                                   else dbcalls.run_db_grouped(call)) for call in calls]
    await asyncio.sleep(0.05)  # every task has queued its call behind the busy one
    gate.set()
    await busy
    return await asyncio.gather(*tasks, return_exceptions=True)


def test_a_group_of_queued_calls_makes_one_commit(shop, monkeypatch):
    commits = Commits(monkeypatch)
    results = asyncio.run(behind_a_busy_writer(*(booking(shop, i, f"{10 + i}:00")
                                                 for i in range(5))))
    assert [r.start for r in results] == [hm(f"{10 + i}:00") for i in range(5)]
    assert commits.count == 1  # one COMMIT for the five bookings
    assert Booking.select().count() == 5
    assert all(not r.already_existed and r.status == PENDING for r in results)


def test_a_domain_error_in_the_middle_rolls_back_only_its_own_call(shop, monkeypatch):
    commits = Commits(monkeypatch)
    hooks: list[str] = []

    def writes_then_refuses():  # its own write and its after-commit callback go with it
        Client.create(first_name="Ghost", phone="+79120000999")
        db.after_commit(lambda: hooks.append("ghost"))
        raise ValidationError("Please type your name as text")

    def writes_and_waits_for_the_commit():
        db.after_commit(lambda: hooks.append("kept"))
        return clients.update_client(shop.people[4].id, first_name="Renamed")

    first, taken, refused, third, renamed = asyncio.run(behind_a_busy_writer(
        booking(shop, 0), booking(shop, 1), writes_then_refuses, booking(shop, 2, "11:00"),
        writes_and_waits_for_the_commit))
    assert isinstance(taken, SlotTaken)  # the re-check saw the booking made just before it
    assert isinstance(refused, ValidationError)
    assert (first.start, third.start, renamed.first_name) == (hm("10:00"), hm("11:00"),
                                                              "Renamed")
    assert commits.count == 1
    assert sorted((b.client_id, b.start) for b in Booking.select()) == [
        (shop.people[0].id, hm("10:00")), (shop.people[2].id, hm("11:00"))]
    assert not Client.select().where(Client.first_name == "Ghost").exists()
    assert hooks == ["kept"]  # never for the savepoint rolled back


def test_a_refused_commit_runs_each_call_alone_once(shop, monkeypatch):
    commits = Commits(monkeypatch)
    commits.fail = 1  # the group's COMMIT: disk I/O error
    runs: list[int] = []

    def counted(who: int, start: str):
        runs.append(who)
        return booking(shop, who, start)()

    results = asyncio.run(behind_a_busy_writer(*(functools.partial(counted, i, f"{10 + i}:00")
                                                 for i in range(3))))
    assert all(isinstance(r, Booking) and not r.already_existed for r in results)
    assert runs == [0, 1, 2, 0, 1, 2]  # the group, rolled back; then each alone, once
    assert commits.count == 1 + 3 and commits.seen[0] == 3
    assert sorted(b.client_id for b in Booking.select()) == [c.id for c in shop.people[:3]]


def test_a_database_error_mid_group_rolls_the_group_back_and_runs_each_alone(shop, monkeypatch):
    """The second call hits "locked" inside the group (a database error, though DatabaseUnavailable
    is a DomainError): the first one's booking is rolled back with the group and made again
    alone — once; the failing call alone succeeds, the third too."""
    commits = Commits(monkeypatch)
    runs: list[str] = []

    def locked_in_a_group():
        runs.append("locked?")
        if database.in_transaction():  # in the group (alone, update_client begins its own)
            raise DatabaseUnavailable("The database is busy")
        return clients.update_client(shop.people[5].id, first_name="Alone")

    first, middle, third = asyncio.run(behind_a_busy_writer(
        booking(shop, 0), locked_in_a_group, booking(shop, 1, "11:00")))
    assert (first.already_existed, middle.first_name, third.already_existed) == (
        False, "Alone", False)
    assert runs == ["locked?", "locked?"]
    assert commits.seen == [1, 1, 2]  # no COMMIT for the group: then one for each, alone
    assert Booking.select().count() == 2  # each once: never applied twice, never lost
    assert Client.get_by_id(shop.people[5].id).first_name == "Alone"


def test_nothing_is_answered_before_the_groups_commit(shop, monkeypatch):
    """The Writer itself: when the group's COMMIT runs, no call of it has its result yet."""
    writer = group_commit.Writer("mtime-bot-db", dbcalls._ensure_connection)
    done_at_commit: list[list[bool]] = []
    futures = []
    engine = database.obj
    original = engine.commit

    def commit():
        done_at_commit.append([f.done() for f in futures])
        return original()

    monkeypatch.setattr(engine, "commit", commit)
    gate = threading.Event()
    try:
        writer.submit(lambda: (dbcalls._ensure_connection(), gate.wait(10)))
        futures += [writer.submit_grouped(booking(shop, i, f"{10 + i}:00")) for i in range(4)]
        gate.set()
        results = [f.result(10) for f in futures]
    finally:
        writer.shutdown()
    assert done_at_commit == [[False] * 4]
    assert [r.start for r in results] == [hm(f"{10 + i}:00") for i in range(4)]


def test_handed_notices_follow_the_groups_commit_and_never_a_rolled_back_call(shop):
    """A booking's notices are handed to the sender after the group's commit; a booking refused
    (the slot was just taken) hands none."""
    handed: list[tuple[int, bool]] = []

    async def go():
        stop = dbcalls.hand_new_rows(lambda row: handed.append(
            (row.booking_id, Outbox.select().where(Outbox.id == row.id).exists())))
        try:
            return await behind_a_busy_writer(booking(shop, 0), booking(shop, 1),
                                              booking(shop, 2, "11:00"))
        finally:
            await asyncio.sleep(0.05)  # the hand-overs, called soon in this loop
            stop()

    first, taken, third = asyncio.run(go())
    assert isinstance(taken, SlotTaken)
    assert sorted(handed) == sorted([(first.id, True)] * 2 + [(third.id, True)] * 2)


def test_a_mark_sent_ends_its_group(shop, monkeypatch):
    """The resend window (docs/RELIABILITY.md): a mark sent never waits for a call queued after
    it — the call behind it is in the next group."""
    commits = Commits(monkeypatch)
    made = booking(shop, 9, "15:00")()  # its two notices are the rows to mark
    notices = [r.id for r in Outbox.select().where(Outbox.booking == made.id)]
    results = asyncio.run(behind_a_busy_writer(
        booking(shop, 0), (outbox.mark_sent, notices[0]), booking(shop, 1, "11:00"),
        booking(shop, 2, "12:00")))
    assert results[1] is None and Outbox.get_by_id(notices[0]).status == OUT_SENT
    assert commits.count == 2 and commits.seen == [1 + 1, 1 + 3]


def test_the_lock_held_elsewhere_runs_the_group_one_by_one(shop):
    """Another writer (the TUI, another seat) holds the write lock: the group waits at most
    GROUP_WAIT_MS for it, then its calls run alone as before — a call that only reads (nothing
    due) is answered at once, a write waits for the lock as it always did."""
    holding, release = threading.Event(), threading.Event()

    def rival():
        with db.connection(), db.write_transaction():
            Client.select().count()
            holding.set()
            release.wait(20)

    thread = threading.Thread(target=rival)
    thread.start()
    assert holding.wait(10)

    async def go():
        gate = threading.Event()  # both queued behind a busy writer: one group
        busy = asyncio.ensure_future(dbcalls.run_db(gate.wait, 10))
        nothing_due = asyncio.ensure_future(dbcalls.run_db_grouped(outbox.due))
        write = asyncio.ensure_future(dbcalls.run_db_grouped(
            clients.update_client, shop.people[3].id, first_name="Later"))
        await asyncio.sleep(0.05)
        gate.set()
        await busy
        try:
            assert await asyncio.wait_for(nothing_due, 8) == []  # while the rival holds it
            assert not write.done()
        finally:
            release.set()
        return await write

    try:
        assert asyncio.run(go()).first_name == "Later"
    finally:
        release.set()
        thread.join()


def test_many_clients_racing_for_one_slot_through_groups_end_with_one_booking(shop):
    """SPEC: two clients racing for one slot end with exactly one booking and a clear "this time
    was just taken" for the other — the bot's grouped Books (in groups and alone) and a rival
    writer thread with its own connection (the TUI), all for 10:00."""
    start = threading.Barrier(3)
    rivals: list[object] = []

    def rival(who: int):
        start.wait(10)
        try:
            with db.connection():
                rivals.append(booking(shop, who)())
        except SlotTaken as exc:
            rivals.append(exc)

    async def go():
        threads = [threading.Thread(target=rival, args=(10 + i,)) for i in range(2)]
        for t in threads:
            t.start()
        start.wait(10)
        tasks = [asyncio.ensure_future(dbcalls.run_db_grouped(booking(shop, i)))
                 for i in range(10)]
        results = await asyncio.gather(*tasks, return_exceptions=True)
        for t in threads:
            t.join()
        return results

    results = asyncio.run(go()) + rivals
    made = [r for r in results if isinstance(r, Booking)]
    assert len(made) == 1, results
    assert all(isinstance(r, SlotTaken) for r in results if not isinstance(r, Booking))
    assert [(b.start, b.client_id) for b in Booking.select()] == [(hm("10:00"), made[0].client_id)]


def test_the_readers_see_a_groups_commit_at_once(shop):
    from mtime_tui.bot.client.booking_choice import free_times

    async def go():
        before = await dbcalls.read_screen(lambda: free_times((shop.cut.id,), shop.anna.id,
                                                              TOMORROW))
        await behind_a_busy_writer(booking(shop, 0), booking(shop, 1, "11:00"))
        after = await dbcalls.read_screen(lambda: free_times((shop.cut.id,), shop.anna.id,
                                                             TOMORROW))
        return before, after

    before, after = asyncio.run(go())
    assert {hm("10:00"), hm("11:00")} <= set(before)
    assert not {hm("10:00"), hm("11:00")} & set(after)


@pytest.mark.postgresql_only
def test_an_overlap_the_server_refuses_rolls_back_only_its_savepoint(shop, engine):
    """PostgreSQL's exclusion constraint (booking_no_overlap) inside a group: the refused insert
    is SlotTaken for its call alone; the group's transaction goes on and commits the others."""
    assert engine == "postgresql"

    def overlapping_insert():  # past the app's re-check: only the server refuses it
        return prepared.create(Booking, number=9999, master=shop.anna, service=shop.cut,
                               client=shop.people[3], date=TOMORROW, start=hm("10:30"),
                               duration=60, price=0, status=PENDING, source=SOURCE_BOT)

    first, refused, third = asyncio.run(behind_a_busy_writer(
        booking(shop, 0), overlapping_insert, booking(shop, 1, "12:00")))
    assert isinstance(refused, SlotTaken)
    assert sorted(b.start for b in Booking.select()) == [hm("10:00"), hm("12:00")]


# ---- a writer process killed with SIGKILL (tests/bot/group_writer.py) -----------------------

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def crowd(salon):
    """The salon `group_writer` books in: two masters, a client for every slot."""
    group_writer.seed()
    yield salon


def run_writer(target, mode: str, size: int, first: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tests.bot.group_writer", str(target), mode,
                           str(size), str(first)], capture_output=True, text=True, timeout=120,
                          cwd=ROOT)


def test_a_writer_killed_after_the_groups_commit_keeps_all_of_it_and_answered_nothing(crowd):
    """SIGKILL right after the group's COMMIT (from an after-commit callback): all four bookings
    are there — and not one of them had been answered."""
    child = run_writer(crowd, "after-commit", 4, 0)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert "answered" not in child.stdout and "not killed" not in child.stdout
    assert [b.comment for b in Booking.select()] == ["g0"] * 4
    assert database.integrity_check() == "ok"


def test_a_writer_killed_before_the_groups_commit_keeps_none_of_it(crowd):
    """SIGKILL after every call of the group ran, before its COMMIT: none of the four bookings
    is there (the hot journal is rolled back; the server drops the transaction)."""
    child = run_writer(crowd, "before-commit", 4, 0)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert "answered" not in child.stdout
    assert Booking.select().count() == 0
    assert database.integrity_check() == "ok"
    assert run_writer(crowd, "loop", 4, SLOTS_FOR_ONE_MORE).returncode == 0  # books on as before
    assert Booking.select().count() == 4


SLOTS_FOR_ONE_MORE = group_writer.SLOTS - 4
