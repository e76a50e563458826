"""Broadcasts through the real bot and the stand-in (issue 16): the audience, {first_name},
Unsubscribe and /stop, /start again, 429s and 403s, a restart in the middle, the figures."""

from __future__ import annotations

import datetime as dt

import pytest

from mtime_tui.bot.telegram.runner import BotRunner
from mtime_tui.core import settings
from mtime_tui.core.booking import bookings
from mtime_tui.core.errors import ValidationError
from mtime_tui.core.messaging import broadcasts
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import (
    COMPLETED,
    OUT_SENT,
    SOURCE_MANUAL,
    Booking,
    Client,
    Outbox,
    TelegramUser,
)
from tests.bot.conftest import TODAY

pytestmark = pytest.mark.both_engines

FIRST = 20000


def people(fake, n, *, start=FIRST):
    made = []
    for i in range(n):
        tid = start + i
        fake.user(tid, first_name=f"P{i}", language_code="en")
        made.append(clients.telegram_client(tid, first_name=f"P{i}", language="en"))
    return made


def runner_for(fake, **kw):
    bot = BotRunner(poll_timeout=1, sender_interval=0.05, reminder_interval=60,
                    retry_delays=(0.2, 0.5), request_timeout=3, **kw)
    bot.start()
    fake.wait_until(lambda: bot.state == "running", timeout=10)
    return bot


def got(fake, text):
    return sorted(c["chat_id"] for c in fake.calls_of("sendMessage", ok=True)
                  if text in c.get("text", ""))


def test_the_audience_excludes_blocked_unreachable_and_opted_out(seed, fake):
    everyone = people(fake, 6)
    clients.block_client(everyone[0].id, "rude")
    TelegramUser.create(telegram_id=everyone[1].telegram_id, unreachable=True)
    broadcasts.opt_out(everyone[2].telegram_id)
    clients.find_or_create_by_phone("89120000000", "Phone", "Only")  # not on Telegram
    audience = broadcasts.Audience()
    assert broadcasts.count(audience) == 3
    for person, service, ago in ((everyone[3], seed.haircut, 40), (everyone[4], seed.colour, 2)):
        visit = bookings.create_booking(service_id=service.id, client_id=person.id,
                                        day=TODAY + dt.timedelta(days=1), start=600,
                                        master_id=seed.maria.id, source=SOURCE_MANUAL)
        Booking.update(date=TODAY - dt.timedelta(days=ago), status=COMPLETED).where(
            Booking.id == visit.id).execute()  # a visit in the past
    by = broadcasts.count
    assert by(broadcasts.Audience(broadcasts.BY_SERVICE, service_id=seed.colour.id)) == 1
    assert by(broadcasts.Audience(broadcasts.BY_MASTER, master_id=seed.maria.id)) == 2
    assert by(broadcasts.Audience(broadcasts.LAPSED, days=30)) == 1  # P3: 40 days ago
    assert by(broadcasts.Audience(broadcasts.VISITED, first=TODAY - dt.timedelta(days=7),
                                  last=TODAY)) == 1


@pytest.fixture
def ticking(fixed_clock):
    from mtime_tui.core import clock
    from tests.conftest import FIXED_NOW
    from tests.stress.conftest import TickingClock

    clock.set_clock(TickingClock(FIXED_NOW))
    yield
    clock.set_clock(fixed_clock)


def test_a_broadcast_reaches_each_once_with_429s_403s_and_a_restart(
        seed, fake, bot_settings, ticking):
    crowd = people(fake, 60)
    for person in crowd[:5]:
        fake.forbid(person.telegram_id)  # blocked the bot: 403
    b = broadcasts.create("Hi {first_name}! <Friday> is free & sunny", broadcasts.Audience())
    assert broadcasts.start(b.id) == 60
    fake.fail("sendMessage", 429, count=3, retry_after=1)
    bot = runner_for(fake, send_rate=40)
    fake.wait_until(lambda: len(got(fake, "is free")) >= 20, timeout=20)
    bot.stop(timeout=5)  # a restart in the middle
    bot = runner_for(fake, send_rate=40)
    try:
        fake.wait_until(lambda: broadcasts.figures(b.id).left == 0, timeout=30)
    finally:
        bot.stop(timeout=5)
    delivered = got(fake, "is free")
    assert delivered == sorted(p.telegram_id for p in crowd[5:])  # each exactly once
    figures = broadcasts.figures(b.id)
    assert (figures.sent, figures.unreachable, figures.left) == (55, 5, 0)
    first = [c for c in fake.calls_of("sendMessage", ok=True) if c["chat_id"] == FIRST + 7][0]
    assert "Hi P7! &lt;Friday&gt; is free &amp; sunny" in first["text"]
    broadcasts.finish_done()
    assert broadcasts.listing()[0].status == broadcasts.DONE


def test_unsubscribe_stop_and_start_again(seed, fake, runner):
    [anna] = people(fake, 1)
    user = fake.user(anna.telegram_id)
    b = broadcasts.create("News one", broadcasts.Audience())
    broadcasts.start(b.id)
    note = user.wait_for("News one")
    user.press("Unsubscribe", msg=note)
    user.wait_for("no more news")
    assert Client.get_by_id(anna.id).broadcasts_off
    assert broadcasts.figures(b.id).opted_out_after == 1
    b2 = broadcasts.create("News two", broadcasts.Audience())
    assert broadcasts.start(b2.id) == 0
    user.clear()
    user.send("/start")
    user.wait_for("news will come to you again")
    assert not Client.get_by_id(anna.id).broadcasts_off
    user.send("/stop")
    user.wait_for("no more news")
    assert Client.get_by_id(anna.id).broadcasts_off


def test_a_scheduled_broadcast_waits_for_its_time_and_pause_cancel(seed, fake, fixed_clock):
    people(fake, 3)
    at = dt.datetime(2026, 11, 24, 10, 0)  # salon time tomorrow
    b = broadcasts.create("Later", broadcasts.Audience(), at=at)
    broadcasts.start(b.id)
    row = Outbox.get(Outbox.broadcast == b.id)
    assert row.next_attempt_at == dt.datetime(2026, 11, 24, 7, 0)  # Moscow 10:00 in UTC
    assert broadcasts.pause(b.id) == 3
    assert broadcasts.figures(b.id).left == 3
    assert broadcasts.resume(b.id) == 3
    assert broadcasts.cancel(b.id) == 3
    figures = broadcasts.figures(b.id)
    assert (figures.left, figures.cancelled) == (0, 3)
    with pytest.raises(ValidationError):
        broadcasts.create("{last_name}", broadcasts.Audience())
    assert settings.load().opt_out_stops_notices is False
    assert not Outbox.select().where(Outbox.status == OUT_SENT).exists()
