"""No-shows in the bot: after a visit's end its master is asked "did the client come?" through
the outbox; the answer is re-checked and authorised by the Telegram user; a client who often does
not come is flagged in the master's notice."""

from __future__ import annotations

import datetime as dt

import pytest

from mtime_tui.bot.staff import outcomes as outcome_flow
from mtime_tui.core.errors import NotAllowed
from mtime_tui.core.reports import outcomes
from mtime_tui.core.storage.models import (
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    Booking,
    Outbox,
    TelegramUser,
)
from tests.bot.conftest import MARIA_TID, OLGA_TID
from tests.bot.staff_seed import client, labels, make
from tests.conftest import FIXED_NOW, TODAY


def past_visit(seed, who, day: dt.date, hour: int, number: int, status=CONFIRMED) -> Booking:
    return Booking.create(number=number, master=seed.maria, service=seed.haircut, client=who,
                          date=day, start=hour * 60, duration=60, price=1500, status=status,
                          source="bot")


@pytest.fixture
def yesterday(seed):
    """Yesterday 10:00 (ended 22 h ago): asked. Two days ago: too old to ask, but listed."""
    anna = client("Anna", "+79123456789", telegram_id=1001)
    TelegramUser.create(telegram_id=MARIA_TID, first_name="Maria", language="en")
    recent = past_visit(seed, anna, TODAY - dt.timedelta(days=1), 10, 5001)
    old = past_visit(seed, anna, TODAY - dt.timedelta(days=2), 10, 5002)
    return type("Visits", (), dict(anna=anna, recent=recent, old=old))


def test_only_recent_visits_are_asked_once(yesterday, fixed_clock):
    assert outcomes.enqueue_questions() == 1
    assert outcomes.enqueue_questions() == 0  # once per visit
    row = Outbox.get(Outbox.kind == "master_visit_outcome")
    assert (row.chat_id, row.booking_id) == (MARIA_TID, yesterday.recent.id)
    assert [b.number for b in outcomes.awaiting()] == [5001, 5002]  # the TUI lists both


@pytest.mark.both_engines  # representative: this module's flow on PostgreSQL too (CI time)
def test_the_master_answers_came(runner, fake, yesterday):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    question = maria.wait_for("Did Anna come? Booking № 5001", timeout=30)
    assert "Client: Anna" in question.text
    assert labels(maria, question) == ["✅ Came", "🚫 Did not come"]
    assert all(len(d.encode()) <= 64 for _, d in maria.buttons(question))
    maria.clear()
    maria.press("✅ Came")
    maria.wait_for("Marked: the client came.")
    assert Booking.get(Booking.number == 5001).status == COMPLETED
    maria.clear()
    maria.press_data("o:a:5001:0")  # the old button, pressed again after the answer
    maria.wait_for("This visit is marked already: Completed")
    assert Booking.get(Booking.number == 5001).status == COMPLETED


def test_someone_else_cannot_mark_it(runner, fake, yesterday):
    olga = fake.user(OLGA_TID, first_name="Olga", language_code="en")
    olga.clear()
    query = olga.press_data("o:a:5001:0")
    olga.wait_answer(query)
    olga.wait_for("This visit is not yours to mark")
    assert Booking.get(Booking.number == 5001).status == CONFIRMED


def test_a_second_no_show_flags_the_client(runner, fake, yesterday, seed):
    Booking.update(status=NO_SHOW).where(Booking.number == 5002).execute()
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    question = maria.wait_for("Did Anna come? Booking № 5001", timeout=30)
    maria.clear()
    maria.press("🚫 Did not come", msg=question)
    marked = maria.wait_for("Marked: the client did not come.")
    assert "has not come 2 times" in marked.text
    assert outcomes.no_shows(yesterday.anna.id) == 2
    # The next booking of this client tells the master so.
    maria.clear()
    make(seed.maria, seed.haircut, 1, 10, yesterday.anna)
    notice = maria.wait_for("New booking", timeout=30)
    assert "Did not come 2 times before" in notice.text


def test_a_visit_not_started_cannot_be_marked(seed, fixed_clock):
    anna = client("Anna", "+79123456789")
    later = past_visit(seed, anna, TODAY, 11, 5003)
    with pytest.raises(NotAllowed, match="not started"):
        outcomes.record(later.number, True)
    assert outcomes.record(later.number, True, now=FIXED_NOW + dt.timedelta(hours=3))[1]


def test_the_button_data_is_short_and_self_contained():
    from mtime_tui.bot.telegram import callbacks as cb

    data = [b.callback_data for row in outcome_flow.markup(99_999_999, "ru").inline_keyboard
            for b in row]
    assert data == ["o:a:99999999:1", "o:a:99999999:0"]
    assert cb.decode(data[1]).values == (99_999_999, False)
