"""Upcoming bookings of a master or a client, and the salon cancelling a list of them (issue 11,
defect 5; the working-time change of hours calls the same)."""

from __future__ import annotations

import pytest

from mtime_tui.core import clock
from mtime_tui.core.booking import bookings
from mtime_tui.core.booking.booking_queries import upcoming_bookings
from mtime_tui.core.storage.models import BY_SALON, CANCELLED, COMPLETED, Client, Outbox
from tests.tui.conftest import seed_shell_salon

pytestmark = pytest.mark.both_engines


def test_upcoming_are_pending_or_confirmed_and_not_started(salon):
    s = seed_shell_salon()
    olga_10, pavel_11, pavel_14, olga_16 = s.today
    assert [b.number for b in upcoming_bookings(master_id=s.anna.id)] == [
        olga_10.number, pavel_14.number]
    assert [b.number for b in upcoming_bookings(client_id=s.olga.id)] == [
        olga_10.number, olga_16.number]
    bookings.set_status(olga_16.number, COMPLETED)
    clock.get_clock().advance(hours=1, minutes=30)  # 10:30: Olga's 10:00 has started
    assert upcoming_bookings(client_id=s.olga.id) == []
    assert [b.number for b in upcoming_bookings(master_id=s.boris.id)] == [pavel_11.number]


def test_cancel_upcoming_cancels_notifies_and_skips_what_moved_on(salon):
    s = seed_shell_salon()
    olga_10, pavel_11, pavel_14, olga_16 = s.today
    Client.update(telegram_id=777).where(Client.id == s.pavel.id).execute()
    bookings.cancel(pavel_11.number, by=BY_SALON)  # cancelled meanwhile: left as it is
    before = Outbox.select().where(Outbox.chat_id == 777).count()
    done = bookings.cancel_upcoming([pavel_11.number, pavel_14.number, olga_16.number])
    assert [b.number for b in done] == [pavel_14.number, olga_16.number]
    assert all(bookings.get_booking(b.number).status == CANCELLED for b in done)
    assert bookings.get_booking(olga_10.number).status != CANCELLED
    assert Outbox.select().where(Outbox.chat_id == 777).count() == before + 1
