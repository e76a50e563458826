"""Booking comments (issue 16): "a wish for the master?" in the bot, on the card and in the
master's notification, escaped everywhere."""

from __future__ import annotations

import pytest

from mtime_tui.core.booking import bookings
from mtime_tui.core.errors import ValidationError
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import SOURCE_MANUAL, Booking
from tests.bot.conftest import MARIA_TID, TOMORROW, go_to_time

WISH = "<i>Quiet</i> please & no small talk"


@pytest.mark.both_engines  # representative: this module's flow on PostgreSQL too (CI time)
def test_a_wish_typed_in_the_bot_reaches_the_master_escaped(runner, fake, seed):
    fake.allow(MARIA_TID)
    anna = fake.user(1001, first_name="Anna", language_code="en")
    go_to_time(anna)
    anna.wait_for("phone number")
    anna.send_contact("+79123456789")
    anna.press("Keep")
    anna.wait_for("check your booking")
    anna.press("A wish for the master?")
    anna.wait_for("Write your wish")
    anna.send(WISH)
    review = anna.wait_for("Wish:")
    assert WISH in review.text  # shown as typed: the tags are text
    anna.clear()
    anna.press("✅ Book")
    anna.wait_for("Booked")
    booking = Booking.get()
    assert booking.comment == WISH
    note = fake.wait_until(lambda: [m for m in fake.sent_to(MARIA_TID)
                                    if str(booking.number) in (m.text or "")])
    assert f"Пожелание: {WISH}" in note[0].text  # the master's language (ru by default)
    assert "&lt;i&gt;" in note[0].raw_text  # escaped in the HTML the bot sent


def test_without_a_wish_nothing_is_shown(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    go_to_time(anna)
    anna.wait_for("phone number")
    anna.send_contact("+79123456789")
    anna.press("Keep")
    review = anna.wait_for("check your booking")
    assert "Wish" not in review.text
    anna.press("✅ Book")
    anna.wait_for("Booked")
    assert Booking.get().comment == ""


def test_core_checks_the_comment(seed):
    client = clients.find_or_create_by_phone("89123456789", "Vera")
    with pytest.raises(ValidationError):
        bookings.create_booking(service_id=seed.haircut.id, client_id=client.id, day=TOMORROW,
                                start=600, master_id=seed.maria.id, source=SOURCE_MANUAL,
                                comment="x" * 301)
    booking = bookings.create_booking(service_id=seed.haircut.id, client_id=client.id,
                                      day=TOMORROW, start=600, master_id=seed.maria.id,
                                      source=SOURCE_MANUAL, comment="  line one\nline two  ")
    assert booking.comment == "line one\nline two"
