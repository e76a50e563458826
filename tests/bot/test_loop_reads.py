"""The bot's event loop reads nothing itself on the way through a booking: every screen's reads
are the reading workers' and every write the writer's (bot/telegram/dbcalls.py), so the loop
never waits behind another program's lock and spends its time on Telegram's requests."""

from __future__ import annotations

import threading
import traceback

import pytest

from mtime_tui.core.storage.models import database
from tests.bot.conftest import MARIA_TID, go_to_time

pytestmark = pytest.mark.both_engines


@pytest.fixture
def statements(monkeypatch):
    """(thread name, SQL, where in the bot it came from) of every statement run."""
    seen: list[tuple[str, str, str]] = []
    engine = type(database.obj)
    run = engine.execute_sql

    def recorded(self, sql, *args, **kwargs):  # noqa: ANN001, ANN202
        stack = [f"{f.filename.rsplit('mtime_tui/', 1)[-1]}:{f.lineno} {f.name}"
                 for f in traceback.extract_stack(limit=25) if "mtime_tui/" in f.filename]
        seen.append((threading.current_thread().name, sql, " < ".join(reversed(stack[-6:]))))
        return run(self, sql, *args, **kwargs)

    monkeypatch.setattr(engine, "execute_sql", recorded)
    return seen


def on_the_loop(seen, start: int) -> list[tuple[str, str]]:
    return [(sql, where) for name, sql, where in seen[start:] if name == "mtime-bot"]


def test_a_first_booking_reads_nothing_on_the_loop(runner, fake, seed, statements):
    fake.allow(MARIA_TID)
    anna = fake.user(1001, first_name="Anna", language_code="en")
    start = len(statements)
    go_to_time(anna)  # /start: whether Anna is staff is read by a reader
    anna.wait_for("phone number")  # the time pressed: the prompt's reads in the time's trip
    anna.send_contact("+79123456789")
    anna.press("Keep")
    anna.wait_for("check your booking")
    anna.press("✅ Book")
    anna.wait_for("Booked")
    fake.wait_until(lambda: fake.sent_to(MARIA_TID))  # the notices rendered off the loop too
    anna.wait_for("We have received your booking")
    assert on_the_loop(statements, start) == []
