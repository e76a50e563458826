"""The admin's figures on the phone: /stats and the 📊 button (today, this week, this month in one
message), and the optional end-of-day summary through the outbox."""

from __future__ import annotations

import datetime as dt

import pytest

from mtime_tui.bot.staff import admin_stats
from mtime_tui.bot.telegram import limits
from mtime_tui.core import settings
from mtime_tui.core.messaging import digest
from mtime_tui.core.storage.models import COMPLETED, Booking, Outbox
from tests.bot.conftest import MARIA_TID
from tests.bot.staff_seed import client, labels, make, start_staff
from tests.conftest import FIXED_NOW


@pytest.fixture
def day_of_work(seed, admin):
    """Tomorrow two bookings (1 500 each, one pending, one confirmed); today one completed."""
    anna = client("Anna", "+79123456789", telegram_id=1001)
    make(seed.maria, seed.haircut, 1, 10, anna)
    make(seed.olga, seed.haircut, 1, 11, client("Boris", "+79123456780"))
    done = make(seed.maria, seed.colour, 0, 11, anna)
    Booking.update(status=COMPLETED).where(Booking.id == done.id).execute()
    return seed


@pytest.mark.both_engines  # representative: this module's flow on PostgreSQL too (CI time)
def test_stats_shows_today_week_and_month_in_one_message(runner, fake, day_of_work, admin):
    boss = fake.user(admin, first_name="Boss", language_code="en")
    boss.clear()
    boss.send("/stats")
    msg = boss.wait_for("the figures")
    text = msg.text
    assert "Today · 23.11" in text and "This week · 23.11 – 29.11" in text
    assert "This month · 01.11 – 30.11" in text
    assert "Revenue: 3 000 ₽" in text  # today's completed colour
    assert "Expected revenue: 3 000 ₽" in text  # tomorrow's two haircuts (this week)
    assert limits.utf16_len(text) <= limits.MAX_TEXT
    assert labels(boss, msg) == ["🔄 Refresh", "🧰 Staff menu"]
    boss.clear()
    boss.press("🔄 Refresh")
    boss.wait_answer()
    menu = start_staff(boss, "admin menu")
    assert "📊 Statistics" in labels(boss, menu)


def test_stats_in_russian_and_not_for_others(runner, fake, day_of_work, admin):
    boss = fake.user(admin, first_name="Boss", language_code="ru")
    boss.send("/stats")
    text = boss.wait_for("показатели").text
    assert "Сегодня · 23.11" in text and "Выручка: 3 000 ₽" in text
    master = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    master.clear()
    master.send("/stats")
    refused = master.wait_for("This command is for the salon's admins.")
    assert "Revenue" not in refused.text
    # An old 📊 button pressed by someone who is not an admin shows nothing either.
    master.clear()
    query = master.press_data("a:st")
    master.wait_answer(query)
    assert not any("Revenue" in m.text for m in master.messages)


def test_the_text_stays_valid_html_whatever_the_salon_is_called(salon):
    blocks = [{"kind": "today", "first": "2026-11-23", "last": "2026-11-23",
               "lines": [["Revenue <b>", "1 500 ₽ & more", "↑ 5 %"]]}]
    text = admin_stats.stats_html(blocks, "<Salon & Co>" * 40, "en")
    plain, _entities = limits.parse_html(text)
    assert "<Salon & Co>" in plain and "Revenue <b>: 1 500 ₽ & more (↑ 5 %)" in plain
    assert limits.utf16_len(plain) <= limits.MAX_TEXT


def test_end_of_day_summary_is_off_by_default_then_once_a_day(day_of_work, admin, fixed_clock):
    evening = FIXED_NOW.replace(hour=18, minute=30)  # 21:30 in Moscow
    assert digest.enqueue_daily_summary(now=evening) == 0  # off by default
    settings.save(daily_summary=True)
    assert digest.enqueue_daily_summary(now=FIXED_NOW) == 0  # 09:00: not yet
    assert digest.enqueue_daily_summary(now=evening) == 1
    assert digest.enqueue_daily_summary(now=evening + dt.timedelta(minutes=5)) == 0  # once
    row = Outbox.get(Outbox.kind == "admin_daily_summary")
    assert row.chat_id == admin and row.dedup_key == f"daily_summary:20261123:{admin}"
    settings.save(daily_summary_hour=23)
    tomorrow = evening + dt.timedelta(days=1)
    assert digest.enqueue_daily_summary(now=tomorrow) == 0  # 21:30 < 23:00


def test_the_summary_reaches_the_admin_through_the_outbox(runner, fake, day_of_work, admin):
    boss = fake.user(admin, first_name="Boss", language_code="en")
    start_staff(boss, "admin menu")  # the bot learns the admin's language
    settings.save(daily_summary=True, daily_summary_hour=0)
    msg = boss.wait_for("the day in figures", timeout=10)  # the sender's periodic pass
    assert "Revenue: 3 000 ₽" in msg.text and "Today · 23.11" in msg.text
