"""The client's screens: photos, Back, long lists in pages, /start records, errors."""

from __future__ import annotations

import struct
import zlib

import pytest

from mtime_tui.core import settings
from mtime_tui.core.booking import work_plans
from mtime_tui.core.people import masters
from mtime_tui.core.storage.models import Booking, TelegramUser, database
from tests.bot.conftest import MARIA_TID, go_to_time


def tiny_png(path):
    """A valid 1×1 PNG (the master's photo must be a real image file)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    raw += chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")
    path.write_bytes(raw)
    return path


def test_a_masters_photo_is_shown_once_with_the_about(runner, fake, seed, tmp_path):
    """SPEC "Masters": the photo is shown to the client after choosing the master."""
    masters.update_master(seed.maria.id, photo=str(tiny_png(tmp_path / "maria.png")))
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.press("Book")
    anna.press("Haircut")
    anna.wait_for("Choose a master")
    assert fake.calls_of("sendPhoto") == []
    anna.press("Maria")
    dates = anna.wait_for("Choose a date")
    photos = fake.calls_of("sendPhoto", ok=True)
    assert len(photos) == 1
    assert "Maria" in photos[0]["caption"] and "Ten years" in photos[0]["caption"]
    assert "Ten years with scissors" in dates.text  # the whole about, beside the dates
    # Back to the masters and Maria again: the photo is not sent twice.
    anna.press("Back", msg=dates)
    anna.wait_for("Choose a master")
    anna.press("Maria")
    anna.wait_for("Choose a date")
    assert len(fake.calls_of("sendPhoto")) == 1


def test_back_at_every_step(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    go_to_time(anna)
    anna.wait_for("phone number")
    anna.send_contact("+79123456789")
    anna.press("Keep")
    steps = ["Free times on Tue, 24 Nov", "Choose a date", "Choose a master",
             "Choose a service", "Welcome"]
    for screen in steps:
        anna.clear()
        anna.press("⬅️ Back")
        anna.wait_for(screen)
    assert Booking.select().count() == 0


def test_long_lists_come_in_pages(runner, fake, seed):
    settings.save(horizon_days=60)
    masters.update_master(seed.olga.id, interval=5)
    work_plans.set_week(seed.olga.id, [("9:00", "21:00")] * 7)
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.press("Book")
    anna.press("Haircut")
    anna.press("Olga")
    first = anna.wait_for("Choose a date")
    labels = [t for t, _ in anna.buttons(first)]
    assert len(labels) == 21 + 3 and labels[-3:] == [
        "Later ▶️", "⏳ A full day? Join its waitlist", "⬅️ Back"]
    anna.press("Later ▶️")
    anna.wait_for(lambda m: "Mon, 14 Dec" in [t for t, _ in m.buttons()])
    anna.press("◀️ Earlier")
    anna.wait_for(lambda m: "Mon, 23 Nov" in [t for t, _ in m.buttons()])
    anna.press("Tue, 24 Nov")
    times = anna.wait_for("Free times")
    shown = [t for t, _ in anna.buttons(times)]
    assert shown[0] == "09:00" and len(shown) == 40 + 2
    anna.press("Later ▶️")
    later = anna.wait_for(lambda m: "12:20" in [t for t, _ in m.buttons()])
    assert len(later.buttons()) <= 100


@pytest.mark.both_engines  # representative: this module's flow on PostgreSQL too (CI time)
def test_every_start_is_recorded_for_the_tui(runner, fake, seed):
    assert [m.name for m in masters.masters_not_started()] == ["Maria", "Olga"]
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en-US")
    maria.send("/start")
    maria.wait_for(lambda m: bool(m.text))  # the master's menu (the staff flow's) or the client's
    user = TelegramUser.get_by_id(MARIA_TID)
    assert (user.first_name, user.language) == ("Maria", "en")
    assert [m.name for m in masters.masters_not_started()] == ["Olga"]


def test_an_unknown_command_shows_the_menu(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/frobnicate")
    anna.wait_for("Welcome")


def test_an_internal_error_is_logged_and_the_user_told_without_details(
    runner, fake, seed, log_records
):
    anna = fake.user(1001, first_name="Anna", language_code="ru")
    anna.send("/start")
    anna.wait_for("Добро пожаловать")
    database.execute_sql('DROP TABLE "master_service"')  # something the user cannot cause
    anna.clear()
    anna.press("Записаться")
    sorry = anna.wait_for("Что-то пошло не так")
    assert "master_service" not in sorry.text
    assert anna.wait_answer()  # the press was answered before the failure
    fake.wait_until(lambda: any("Error while handling update" in r and "bk" in r
                                for r in log_records))


def test_an_answer_lost_to_a_telegram_failure_is_given_again(runner, fake, seed, log_records):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    fake.fail("sendMessage", 502, count=2)  # the greeting fails twice, then Telegram is back
    anna.send("/start")
    anna.wait_for("Welcome", timeout=10)
    assert len(fake.calls_of("sendMessage", ok=False)) == 2
    assert not [r for r in log_records if r.startswith(("ERROR", "CRITICAL"))]
    assert [r for r in log_records if "Answering users failed" in r]  # once, then the summary
    fake.wait_until(lambda: [r for r in log_records if "Answering users works again" in r])
