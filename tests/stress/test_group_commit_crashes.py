"""The bot's group commit under SIGKILL and under rival processes (tests/bot/group_writer.py):
a writer process killed at random moments while it commits groups of four Books leaves every
group whole or absent, and every Book it answered is there; writer processes racing for one slot
through their groups end with one booking. Both engines; bounded by counts and deadlines."""

from __future__ import annotations

import collections
import random
import select
import signal
import subprocess
import sys
import time

import pytest

from mtime_tui.core.storage.models import Booking
from tests.bot import group_writer
from tests.stress.conftest import ROOT, integrity, overlaps

pytestmark = [pytest.mark.stress, pytest.mark.both_engines]

SIZE = 4
KILLS = 8


@pytest.fixture
def crowd(salon):
    group_writer.seed()
    yield salon


def writer(target, mode: str, size: int, first: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.bot.group_writer", str(target), mode,
                             str(size), str(first)], stdout=subprocess.PIPE, text=True, cwd=ROOT)


def lines_until(child: subprocess.Popen, seconds: float) -> list[str]:
    """What the child printed within `seconds` (it keeps running)."""
    got, deadline = [], time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([child.stdout], [], [], left)
        if not ready:
            break
        line = child.stdout.readline()
        if not line:
            break
        got.append(line.strip())
    return got


def test_kills_during_group_commits_leave_each_group_whole_or_absent(crowd):
    rng = random.Random(17)
    acked: set[int] = set()
    killed_running = hot_journals = 0
    for _ in range(KILLS):
        first = Booking.select().count()
        assert first % SIZE == 0
        if first + SIZE > group_writer.SLOTS:
            break
        journal = not isinstance(crowd, str) and crowd.with_name(crowd.name + "-journal")
        child = writer(crowd, "loop", SIZE, first)
        try:
            seen = [child.stdout.readline().strip()]  # its first answer: it is committing now
            seen += lines_until(child, rng.uniform(0.05, 0.6))
            child.send_signal(signal.SIGKILL)
            rest, _ = child.communicate(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
        seen += rest.splitlines()
        hot_journals += bool(journal and journal.exists())  # killed mid-transaction
        killed_running += "DONE" not in seen
        acked |= {int(line.split()[1]) for line in seen if line.startswith("answered")}
        groups = collections.Counter(b.comment for b in Booking.select(Booking.comment))
        assert set(groups.values()) <= {SIZE}, groups  # all of a group or none of it
        staff = masters()
        stored = {group_writer.slot_of(staff.index(b.master_id), b.date, b.start)
                  for b in Booking.select()}
        assert acked <= stored  # nothing answered was lost
        assert overlaps() == []
        assert integrity() == "ok"
    print(f"{killed_running} kills while writing ({hot_journals} left a hot journal); {Booking.select().count()} bookings in "
          f"{Booking.select().count() // SIZE} whole groups; {len(acked)} answered, all kept")
    assert killed_running >= KILLS // 2 and len(acked) >= SIZE


def masters() -> list[int]:
    from mtime_tui.core.storage.models import Master

    return [m.id for m in Master.select(Master.id).order_by(Master.id)]


def test_writer_processes_racing_for_one_slot_through_groups_make_one_booking(crowd):
    """Three bot writers, eight Books each for the same 09:00, in groups and alone: one booking,
    one "booked" among 24 answers, "this time was just taken" for the others."""
    children = [writer(crowd, "race", 8, 8 * k) for k in range(3)]
    out = []
    for child in children:
        stdout, _ = child.communicate(timeout=120)
        assert child.returncode == 0
        out += stdout.split("\n")
    answers = [line.split()[0] for line in out if line.startswith(("booked", "taken"))]
    assert len(answers) == 24 and answers.count("booked") == 1
    (only,) = Booking.select()
    assert (only.date, only.start) == group_writer.slot(0)[1:]
    assert overlaps() == []
