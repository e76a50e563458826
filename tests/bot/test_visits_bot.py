"""Visits of several services through the real bot (issue 13): ticks with a running total, the
masters who do them all, the review and every notification listing the services, old keyboards
that never book a set the client did not see, and a master's walk-in of several services."""

from __future__ import annotations

import pytest

from mtime_tui.bot.telegram import callbacks as cb
from mtime_tui.core.booking import bookings, visits
from mtime_tui.core.people import masters, services
from mtime_tui.core.storage.models import SOURCE_MANUAL, SOURCE_MASTER, Booking, Outbox
from tests.bot.conftest import MARIA_TID, TOMORROW
from tests.bot.staff_seed import labels, start_staff

NBSP = "\u202f"


def tick(user, name: str, *, screen: str | None = None):
    """Press the tick box beside the service `name` on the latest services screen."""
    msg = user.last
    pairs = user.buttons(msg)
    at = next(i for i, (text, _) in enumerate(pairs) if name in text and text not in ("☐", "☑️"))
    user.clear()
    user.press_data(pairs[at + 1][1], msg.message_id)
    return user.wait_for(screen or "Choose a service")


def to_services(user):
    user.clear()
    user.send("/start")
    user.wait_for("Welcome")
    user.press("Book")
    return user.wait_for("Choose a service")


@pytest.mark.both_engines  # representative: this module's flow on PostgreSQL too (CI time)
def test_a_client_ticks_two_services_and_books_one_visit(runner, fake, seed):
    fake.allow(MARIA_TID)
    anna = fake.user(1001, first_name="Anna", last_name="Smith", language_code="en")
    first = to_services(anna)
    assert "Tick several" in first.text
    assert labels(anna, first)[:4] == [f"Colour — 3{NBSP}000 ₽", "☐", f"Haircut — 1{NBSP}500 ₽",
                                       "☐"]
    one = tick(anna, "Haircut")
    assert "Your visit: Haircut" in one.text
    assert "1 service · 1 h · 1" in one.text
    two = tick(anna, "Colour")
    assert "Haircut + Colour" in two.text  # in the order ticked
    assert f"2 services · 2 h 30 min · 4{NBSP}500 ₽" in two.text
    assert ("Next ▶️", f"bk:v:{seed.haircut.id}.{seed.colour.id}") in anna.buttons(two)
    anna.press("Next")
    visit = anna.wait_for("Choose a master")
    assert "Haircut — 1 h" in visit.text and "Colour — 1 h 30 min" in visit.text
    # Olga does haircuts only: only Maria does both.
    assert labels(anna, visit) == ["👥 Any master", "Maria", "⬅️ Back"]
    anna.press("Any master")
    anna.wait_for("Choose a date")
    anna.press("Tue, 24 Nov")
    times = anna.wait_for("Free times")
    assert labels(anna, times)[:4] == ["09:00", "10:00", "11:00", "12:00"]
    anna.press("09:00")
    anna.wait_for("phone number")
    anna.send_contact("+79123456789")
    anna.press("Keep")
    review = anna.wait_for("check your booking")
    for part in ("Services:", "• Haircut — 1 h", "• Colour — 1 h 30 min",
                 f"In all: 2 services · 2 h 30 min · 4{NBSP}500 ₽", f"Price: 4{NBSP}500 ₽"):
        assert part in review.text, part
    anna.press("✅ Book")
    done = anna.wait_for("Booked")
    assert "Services:" in done.text and "• Haircut\n• Colour" in done.text
    assert "Duration: 2 h 30 min" in done.text

    booking = Booking.get(Booking.number == 1001)
    assert (booking.master_id, booking.start, booking.duration, booking.price) == (
        seed.maria.id, 9 * 60, 150, 4500)
    assert visits.service_names(bookings.get_booking(1001)) == ["Haircut", "Colour"]
    note = fake.wait_until(lambda: fake.sent_to(MARIA_TID))[0]
    assert "Услуги:" in note.text and "• Haircut\n• Colour" in note.text
    assert "2 ч 30 мин" in note.text
    received = anna.wait_for("We have received your booking № 1001")
    assert "• Haircut\n• Colour" in received.text
    # The visit holds Maria until 11:30: a haircut with her is offered from 12:00 only.
    assert Booking.select().count() == 1


def test_one_tap_still_books_one_service_and_unticking_goes_back(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    to_services(anna)
    tick(anna, "Haircut")
    back = tick(anna, "Haircut")  # untick the only one: the plain list again
    assert "Tick several" in back.text and "Next ▶️" not in labels(anna, back)
    anna.press("Haircut")
    masters_screen = anna.wait_for("Choose a master")
    assert "Wash, cut and style" in masters_screen.text
    assert ("Maria", f"bk:m:{seed.haircut.id}:{seed.maria.id}") in anna.buttons(masters_screen)


def test_a_set_no_master_does_is_said_and_not_kept(runner, fake, seed):
    beard = services.create_service(name="Beard", duration=30, price=800)
    masters.add_master_services(seed.olga.id, [beard.id])
    anna = fake.user(1001, first_name="Anna", language_code="en")
    to_services(anna)
    tick(anna, "Colour")
    said = tick(anna, "Beard")
    assert "No master does all of these in one visit: Beard is not added" in said.text
    assert "Your visit: Colour" in said.text and "2 services" not in said.text
    assert ("Next ▶️", f"bk:s:{seed.colour.id}") in anna.buttons(said)


def test_old_keyboards_never_book_a_set_the_client_did_not_see(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    to_services(anna)
    tick(anna, "Haircut")
    two = tick(anna, "Colour")
    next_data = dict(anna.buttons(two))["Next ▶️"]
    anna.press("Next")
    anna.wait_for("Choose a master")
    anna.press("Maria")
    anna.wait_for("Choose a date")
    anna.press("Tue, 24 Nov")
    anna.wait_for("Free times")
    anna.press("10:00")
    anna.wait_for("phone number")
    anna.send_contact("+79123456789")
    anna.press("Keep")
    review = anna.wait_for("check your booking")
    book = dict(anna.buttons(review))["✅ Book"]
    assert book == f"bk:ok:{seed.haircut.id}.{seed.colour.id}:{seed.maria.id}:20261124:1000"
    # The colour is blocked meanwhile: the old review and the old ticks book nothing.
    services.set_service_active(seed.colour.id, False)
    anna.clear()
    anna.press_data(book, review.message_id)
    anna.wait_for("out of date")
    anna.clear()
    anna.press_data(next_data, two.message_id)
    anna.wait_for("out of date")
    services.set_service_active(seed.colour.id, True)
    # A forged set that Olga cannot do, on her: answered, and nothing booked.
    forged = f"bk:ok:{seed.haircut.id}.{seed.colour.id}:{seed.olga.id}:20261124:1000"
    anna.wait_answer(anna.press_data(forged, review.message_id))
    assert Booking.select().count() == 0
    # Unblocked: the review's button books exactly the set it showed.
    anna.clear()
    anna.press_data(book, review.message_id)
    anna.wait_for("Booked")
    assert visits.line_ids(bookings.get_booking(1001)) == (seed.haircut.id, seed.colour.id)


def test_a_taken_time_for_the_total_duration_offers_the_times_again(runner, fake, seed, salon):
    other = bookings.create_booking(
        service_id=seed.haircut.id, client_id=_walk_in().id, day=TOMORROW, start=11 * 60,
        master_id=seed.maria.id, source=SOURCE_MANUAL)
    anna = fake.user(1001, first_name="Anna", language_code="en")
    to_services(anna)
    tick(anna, "Haircut")
    tick(anna, "Colour")
    anna.press("Next")
    anna.wait_for("Choose a master")
    anna.press("Maria")
    anna.wait_for("Choose a date")
    anna.press("Tue, 24 Nov")
    times = anna.wait_for("Free times")
    # 2 h 30 min from 09:00 or 10:00 runs into the 11:00 haircut: only 12:00 is left.
    assert [t for t in labels(anna, times) if ":" in t] == ["12:00"]
    assert other.number == 1001


def _walk_in():
    from mtime_tui.core.people import clients

    return clients.find_or_create_by_phone("+79990001122", "Ivan", "Petrov")


def test_a_tick_past_the_limit_is_a_notice_and_changes_nothing(runner, fake, seed):
    extra = [services.create_service(name=f"Extra {i}", duration=5) for i in range(4)]
    masters.add_master_services(seed.maria.id, [s.id for s in extra])
    anna = fake.user(1001, first_name="Anna", language_code="en")
    to_services(anna)
    for name in ("Extra 0", "Extra 1", "Extra 2", "Extra 3", "Haircut"):
        full = tick(anna, name)
    assert "5 services" in full.text and "At most 5 services in one visit" in full.text
    pairs = anna.buttons(full)
    at = next(i for i, (text, _) in enumerate(pairs) if text.startswith("Colour"))
    assert pairs[at + 1][1].startswith("bk:xf:")
    before = full.seq
    query = anna.press_data(pairs[at + 1][1], full.message_id)
    assert "At most 5" in (anna.wait_answer(query).get("text") or "")
    assert anna.last.seq == before  # no edit
    assert all(len((data or "").encode()) <= 64 for _, data in pairs)


def test_a_master_books_a_walk_in_of_two_services(runner, fake, seed, admin):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    start_staff(maria)
    maria.clear()
    maria.press("➕ Book a client for me")
    maria.wait_for("Choose the service")
    tick(maria, "Haircut", screen="Choose the service")
    two = tick(maria, "Colour", screen="Choose the service")
    assert f"2 services · 2 h 30 min · 4{NBSP}500 ₽" in two.text
    maria.press("Next")
    maria.wait_for("Choose a date")
    maria.press("Tue, 24 Nov")
    maria.wait_for("Free times")
    maria.clear()
    maria.press("09:00")
    maria.wait_for("Type the client's phone number")
    assert "Haircut + Colour" in maria.last.text
    maria.send("8 (999) 111-22-33")
    maria.wait_for("A new client")
    maria.send("Ivan Petrov")
    review = maria.wait_for("Please check the booking")
    assert "• Haircut — 1 h" in review.text and "• Colour — 1 h 30 min" in review.text
    maria.clear()
    maria.press("✅ Book")
    done = maria.wait_for("Booked and confirmed")
    assert "• Haircut\n• Colour" in done.text
    booking = Booking.get(Booking.number == 1001)
    assert (booking.source, booking.duration, booking.price) == (SOURCE_MASTER, 150, 4500)
    assert visits.line_ids(booking) == (seed.haircut.id, seed.colour.id)
    assert not Outbox.select().where(Outbox.chat_id == MARIA_TID).exists()
    assert cb.decode(f"mb:s:{seed.haircut.id}").values == ((seed.haircut.id,),)


def test_ticks_are_kept_across_the_pages_of_106_services(runner, fake, seed):
    made = [services.create_service(name=f"S{i:03d}", duration=5, price=100) for i in range(104)]
    masters.add_master_services(seed.maria.id, [s.id for s in made])
    anna = fake.user(1001, first_name="Anna", language_code="en")
    to_services(anna)
    tick(anna, "Colour")
    for page in range(2, 7):
        anna.clear()
        anna.press("Later ▶️")
        shown = anna.wait_for(f"(page {page} of 6)")
        assert "Your visit: Colour" in shown.text
        assert len(anna.buttons(shown)) <= 100
        assert all(len((d or "").encode()) <= 64 for _, d in anna.buttons(shown))
    last = tick(anna, "S103")
    assert "Colour + S103" in last.text and "(page 6 of 6)" in last.text
    assert f"2 services · 1 h 35 min · 3{NBSP}100 ₽" in last.text
    anna.clear()
    anna.press("◀️ Earlier")
    earlier = anna.wait_for("(page 5 of 6)")
    assert "Colour + S103" in earlier.text
    anna.press("Next")
    visit = anna.wait_for("Choose a master")
    assert "• Colour" in visit.text and "• S103" in visit.text
    assert labels(anna, visit) == ["👥 Any master", "Maria", "⬅️ Back"]


def test_a_changed_visit_is_told_to_the_master_and_the_client_with_its_services(seed):
    from mtime_tui.bot.telegram.texts import render_notification
    from mtime_tui.core import settings
    from mtime_tui.core.booking import visit_edits
    from mtime_tui.core.messaging import notify
    from mtime_tui.core.people import clients as clients_mod

    client = clients_mod.telegram_client(4242, first_name="Anna", last_name="", language="en")
    clients_mod.set_phone(client.id, "+79123456789")
    booking = bookings.create_booking(service_id=seed.haircut.id, client_id=client.id,
                                      day=TOMORROW, start=9 * 60, master_id=seed.maria.id,
                                      source=SOURCE_MANUAL)
    Outbox.delete().execute()
    visit_edits.add_service(booking.number, seed.colour.id)
    rows = {row.kind: row for row in Outbox.select()}
    s = settings.load()
    to_client = render_notification(rows[notify.CLIENT_VISIT_CHANGED], s)
    assert "changed the services of your booking № 1001" in to_client
    assert "• Haircut\n• Colour" in to_client and "2 h 30 min" in to_client
    to_master = render_notification(rows[notify.MASTER_VISIT_CHANGED], s)  # Maria: Russian
    assert "Изменились услуги в записи № 1001" in to_master and "• Haircut\n• Colour" in to_master
    assert "2 ч 30 мин" in to_master
