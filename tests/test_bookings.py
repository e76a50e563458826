"""Booking operations: statuses, sources, numbers, double taps, moves, cancellations, status
changes, old buttons, and the notifications each writes to the outbox."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from peewee import fn

from mtime_tui.core import settings as salon_settings
from mtime_tui.core.booking import booking_queries, bookings, slots, working_time
from mtime_tui.core.errors import NotAllowed, NotFound, SlotTaken, ValidationError
from mtime_tui.core.messaging import notify
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import (
    BY_CLIENT,
    BY_SALON,
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    PENDING,
    SOURCE_BOT,
    SOURCE_MANUAL,
    SOURCE_MASTER,
    Booking,
    Break,
    Client,
    DayOff,
    Outbox,
    database,
)
from tests import salon_rows as rows
from tests.conftest import FIXED_NOW, TODAY
from tests.salon_rows import hm

pytestmark = pytest.mark.both_engines

TOMORROW = TODAY + dt.timedelta(days=1)
MASTER_TG = 5_000_001
CLIENT_TG = 7_000_001
ADMIN_TG = 9_000_001


@pytest.fixture
def shop(salon):
    """One service, one master (on Telegram, English), a Telegram client and a phone client."""
    cut = rows.service("Haircut", duration=90, price=1500)
    anna = rows.master("Anna", cut, telegram_id=MASTER_TG)
    rows.telegram_user(MASTER_TG, language="en")
    olga = rows.client("Olga", telegram_id=CLIENT_TG, language="en")
    ivan = rows.client("Ivan", phone="+79120000001")
    return type("Shop", (), dict(cut=cut, anna=anna, olga=olga, ivan=ivan))


def book(shop, start="10:00", *, client=None, source=SOURCE_BOT, day=TOMORROW, master=...):
    return bookings.create_booking(
        service_id=shop.cut.id,
        client_id=(client or shop.olga).id,
        day=day,
        start=hm(start),
        master_id=shop.anna.id if master is ... else master,
        source=source,
    )


def outbox():
    """(chat_id, kind) of every queued notification, in order."""
    return [(o.chat_id, o.kind) for o in Outbox.select().order_by(Outbox.id)]


# Creating.


def test_bot_booking_starts_pending_and_keeps_duration_and_price(shop):
    b = book(shop)
    assert (b.status, b.source, b.number) == (PENDING, SOURCE_BOT, 1001)
    assert (b.duration, b.price) == (90, 1500)
    assert b.already_existed is False
    assert b.created_at == b.updated_at == FIXED_NOW.replace(tzinfo=None)
    shop.cut.duration, shop.cut.price = 30, 2000
    shop.cut.save()
    again = bookings.get_booking(1001)
    assert (again.duration, again.price, again.end) == (90, 1500, hm("11:30"))


@pytest.mark.parametrize("source", [SOURCE_MANUAL, SOURCE_MASTER])
def test_manual_and_master_bookings_start_confirmed(shop, source):
    assert book(shop, source=source).status == CONFIRMED


def test_numbers_are_sequential_from_1001(shop):
    numbers = [book(shop, t, client=rows.client(f"C{t}")).number for t in ("09:00", "11:00", "13:00")]
    assert numbers == [1001, 1002, 1003]
    bookings.cancel(1003, by=BY_SALON)
    assert book(shop, "15:00").number == 1004


def test_unknown_source_is_a_programming_error(shop):
    with pytest.raises(ValueError):
        book(shop, source="fax")


def test_double_tap_returns_the_booking_already_made(shop):
    first = book(shop)
    outbox_before = outbox()
    second = book(shop)
    assert second.already_existed is True
    assert second.number == first.number
    assert Booking.select().count() == 1
    assert outbox() == outbox_before
    # "Any master" tapped twice is the same booking, too.
    assert book(shop, master=None).already_existed is True


def test_another_client_on_the_same_time_gets_slot_taken(shop):
    book(shop)
    with pytest.raises(SlotTaken) as err:
        book(shop, client=shop.ivan)
    assert "just taken" in str(err.value)
    assert "только что заняли" in err.value.message("ru")
    # Overlap counts, not only the same start: 11:00 overlaps 10:00–11:30.
    with pytest.raises(SlotTaken):
        book(shop, "11:00", client=shop.ivan)
    assert book(shop, "12:00", client=shop.ivan).number == 1002


def test_blocked_client_is_told_politely(shop):
    shop.olga.blocked = True
    shop.olga.save()
    with pytest.raises(NotAllowed) as err:
        book(shop)
    assert "contact the salon" in str(err.value)
    assert Booking.select().count() == 0


def test_any_master_books_the_picked_master(shop):
    boris = rows.master("Boris", shop.cut)
    b = book(shop, master=None)
    assert b.master.id == shop.anna.id  # equal load → lower id
    b2 = book(shop, client=shop.ivan, master=None)
    assert b2.master.id == boris.id  # Anna is busy at 10:00
    with pytest.raises(SlotTaken):
        book(shop, client=rows.client("Third"), master=None)


def test_old_buttons_are_refused(shop):
    # A slot that became a break.
    Break.create(master=shop.anna, date=TOMORROW, start=hm("10:00"), duration=60)
    with pytest.raises(SlotTaken):
        book(shop)
    # A day that became a day off.
    DayOff.create(master=shop.anna, date=TOMORROW + dt.timedelta(days=1))
    with pytest.raises(SlotTaken) as err:
        book(shop, day=TOMORROW + dt.timedelta(days=1))
    assert "does not work" in str(err.value)
    # A time not in the schedule (interval 60, shift 9–21).
    with pytest.raises(SlotTaken):
        book(shop, "10:30")
    with pytest.raises(SlotTaken):
        book(shop, "22:00")
    # A time that has passed, a day that has passed, a day beyond the horizon.
    with pytest.raises(SlotTaken) as err:
        book(shop, "09:00", day=TODAY)
    assert "already passed" in str(err.value)
    with pytest.raises(SlotTaken):
        book(shop, day=TODAY - dt.timedelta(days=1))
    with pytest.raises(SlotTaken) as err:
        book(shop, day=TODAY + dt.timedelta(days=14))
    assert "not open" in str(err.value)
    assert Booking.select().count() == 0


def test_minimum_notice_refuses_too_soon(shop):
    salon_settings.save(min_notice_minutes=120)
    with pytest.raises(SlotTaken) as err:
        book(shop, "10:00", day=TODAY)
    assert "too soon" in str(err.value)
    assert book(shop, "12:00", day=TODAY).number == 1001


def test_blocked_master_unlinked_or_blocked_service_are_refused(shop):
    color = rows.service("Color")
    with pytest.raises(NotAllowed):
        bookings.create_booking(service_id=color.id, client_id=shop.olga.id, day=TOMORROW,
                                start=hm("10:00"), master_id=shop.anna.id, source=SOURCE_BOT)
    shop.anna.active = False
    shop.anna.save()
    with pytest.raises(NotAllowed):
        book(shop)
    with pytest.raises(SlotTaken):  # nobody else offers it
        book(shop, master=None)
    shop.anna.active = True
    shop.anna.save()
    with pytest.raises(NotFound):
        book(shop, master=999)
    shop.cut.active = False
    shop.cut.save()
    with pytest.raises(NotAllowed):
        book(shop)
    assert Booking.select().count() == 0


# Notifications of a new booking.


def test_bot_booking_notifies_master_client_and_admins(shop):
    salon_settings.add_admin(ADMIN_TG)
    b = book(shop)
    assert outbox() == [
        (MASTER_TG, notify.MASTER_NEW_BOOKING),
        (CLIENT_TG, notify.CLIENT_RECEIVED),
        (ADMIN_TG, notify.ADMIN_NEW_BOOKING),
    ]
    rows_ = list(Outbox.select().order_by(Outbox.id))
    assert [r.language for r in rows_] == ["en", "en", "ru"]  # admin never pressed /start
    payload = json.loads(rows_[0].payload)
    assert payload["number"] == b.number and payload["service"] == "Haircut"
    assert payload["date"] == TOMORROW.isoformat() and payload["start"] == hm("10:00")
    assert payload["master"] == "Anna" and payload["price"] == 1500
    assert all(r.booking_id == b.id for r in rows_)


def test_manual_booking_of_phone_client_notifies_master_only(shop):
    book(shop, client=shop.ivan, source=SOURCE_MANUAL)
    assert outbox() == [(MASTER_TG, notify.MASTER_NEW_BOOKING)]


def test_master_booking_for_self_does_not_notify_the_master(shop):
    salon_settings.add_admin(ADMIN_TG)
    book(shop, source=SOURCE_MASTER)
    assert outbox() == [(CLIENT_TG, notify.CLIENT_CONFIRMED), (ADMIN_TG, notify.ADMIN_NEW_BOOKING)]


def test_admin_who_is_the_master_hears_once_and_admins_can_be_muted(shop):
    salon_settings.add_admin(MASTER_TG)
    book(shop)
    assert [k for c, k in outbox() if c == MASTER_TG] == [notify.MASTER_NEW_BOOKING]
    Outbox.delete().execute()
    salon_settings.add_admin(ADMIN_TG)
    salon_settings.save(notify_admins=False)
    book(shop, "13:00", client=shop.ivan)
    assert outbox() == [(MASTER_TG, notify.MASTER_NEW_BOOKING)]


# Moving.


def test_reschedule_by_client_to_a_free_time_notifies_the_master(shop):
    b = book(shop)
    Outbox.delete().execute()
    moved = bookings.reschedule(b.number, day=TOMORROW, start=hm("14:00"), by=BY_CLIENT)
    assert (moved.date, moved.start, moved.status) == (TOMORROW, hm("14:00"), PENDING)
    assert outbox() == [(MASTER_TG, notify.MASTER_MOVED)]
    payload = json.loads(Outbox.get().payload)
    assert payload["old_start"] == hm("10:00") and payload["start"] == hm("14:00")


def test_reschedule_onto_an_overlap_with_itself(shop):
    """10:00–11:30 moved to 11:00 overlaps only its own old time: allowed."""
    b = book(shop)
    moved = bookings.reschedule(b.number, day=TOMORROW, start=hm("11:00"), by=BY_SALON)
    assert moved.start == hm("11:00")
    assert outbox()[-1] == (CLIENT_TG, notify.CLIENT_MOVED_BY_SALON)


def test_reschedule_onto_its_own_time_changes_nothing(shop):
    b = book(shop)
    before = outbox()
    same = bookings.reschedule(b.number, day=TOMORROW, start=hm("10:00"), by=BY_CLIENT)
    assert same.start == hm("10:00") and outbox() == before


def test_reschedule_onto_a_taken_time_is_refused(shop):
    b = book(shop)
    book(shop, "14:00", client=shop.ivan)
    with pytest.raises(SlotTaken):
        bookings.reschedule(b.number, day=TOMORROW, start=hm("13:00"), by=BY_CLIENT)
    with pytest.raises(SlotTaken):
        bookings.reschedule(b.number, day=TODAY, start=hm("09:00"), by=BY_CLIENT)
    assert bookings.get_booking(b.number).start == hm("10:00")


def test_reschedule_keeps_the_booked_duration(shop):
    """The service got longer since; the booking keeps its 90 minutes for the free check."""
    b = book(shop)
    book(shop, "17:00", client=shop.ivan)
    shop.cut.duration = 240
    shop.cut.save()
    moved = bookings.reschedule(b.number, day=TOMORROW, start=hm("15:00"), by=BY_CLIENT)
    assert moved.duration == 90


def test_cancelled_or_past_booking_cannot_be_moved(shop, fixed_clock):
    b = book(shop)
    bookings.cancel(b.number, by=BY_CLIENT)
    with pytest.raises(NotAllowed):
        bookings.reschedule(b.number, day=TOMORROW, start=hm("14:00"), by=BY_CLIENT)
    b2 = book(shop, "12:00", client=shop.ivan)
    fixed_clock.set(FIXED_NOW + dt.timedelta(days=1, hours=3, minutes=30))  # tomorrow 12:30
    with pytest.raises(NotAllowed):
        bookings.reschedule(b2.number, day=TOMORROW, start=hm("15:00"), by=BY_CLIENT)


# Cancelling and statuses.


def test_cancel_by_client_notifies_master_and_admins_and_frees_the_time(shop):
    salon_settings.add_admin(ADMIN_TG)
    b = book(shop)
    Outbox.delete().execute()
    cancelled = bookings.cancel(b.number, by=BY_CLIENT)
    assert (cancelled.status, cancelled.cancelled_by) == (CANCELLED, BY_CLIENT)
    assert outbox() == [(MASTER_TG, notify.MASTER_CANCELLED), (ADMIN_TG, notify.ADMIN_CANCELLED)]
    assert hm("10:00") in slots.free_starts(shop.anna, shop.cut, TOMORROW)
    # Idempotent.
    assert bookings.cancel(b.number, by=BY_CLIENT).status == CANCELLED
    assert len(outbox()) == 2


def test_cancel_by_salon_tells_the_client(shop):
    b = book(shop, source=SOURCE_MANUAL)
    Outbox.delete().execute()
    bookings.cancel(b.number, by=BY_SALON)
    assert outbox() == [(CLIENT_TG, notify.CLIENT_CANCELLED_BY_SALON)]


def test_client_cannot_cancel_a_started_or_finished_booking(shop, fixed_clock):
    b = book(shop)
    fixed_clock.set(FIXED_NOW + dt.timedelta(days=1, hours=1))  # tomorrow 10:00
    with pytest.raises(NotAllowed):
        bookings.cancel(b.number, by=BY_CLIENT)
    bookings.set_status(b.number, COMPLETED)
    with pytest.raises(NotAllowed):
        bookings.cancel(b.number, by=BY_CLIENT)
    assert bookings.cancel(b.number, by=BY_SALON).status == CANCELLED


def test_confirm_and_decline_notify_the_client(shop):
    b = book(shop)
    b2 = book(shop, "14:00")
    Outbox.delete().execute()
    t0 = FIXED_NOW.replace(tzinfo=None)
    later = FIXED_NOW + dt.timedelta(minutes=5)
    confirmed = bookings.set_status(b.number, CONFIRMED, now=later)
    assert confirmed.updated_at > t0
    declined = bookings.set_status(b2.number, CANCELLED)
    assert (declined.status, declined.cancelled_by) == (CANCELLED, BY_SALON)
    assert outbox() == [(CLIENT_TG, notify.CLIENT_CONFIRMED), (CLIENT_TG, notify.CLIENT_DECLINED)]
    # Same status again: nothing happens.
    bookings.set_status(b.number, CONFIRMED)
    assert len(outbox()) == 2


def test_completed_and_no_show_keep_holding_the_time(shop):
    b = book(shop)
    for status in (COMPLETED, NO_SHOW):
        bookings.set_status(b.number, status)
        assert hm("10:00") not in slots.free_starts(shop.anna, shop.cut, TOMORROW)


def test_unknown_status_and_missing_booking(shop):
    b = book(shop)
    with pytest.raises(ValidationError):
        bookings.set_status(b.number, "lost")
    with pytest.raises(NotFound):
        bookings.set_status(4242, CONFIRMED)
    with pytest.raises(NotFound):
        bookings.get_booking(4242)


def test_reactivation_rechecks_the_time(shop):
    b = book(shop)
    bookings.cancel(b.number, by=BY_CLIENT)
    other = book(shop, "11:00", client=shop.ivan)  # overlaps 10:00–11:30
    with pytest.raises(SlotTaken):
        bookings.set_status(b.number, CONFIRMED)
    assert bookings.get_booking(b.number).status == CANCELLED
    bookings.cancel(other.number, by=BY_SALON)
    DayOff.create(master=shop.anna, date=TOMORROW)
    with pytest.raises(SlotTaken):
        bookings.set_status(b.number, PENDING)
    DayOff.delete().execute()
    restored = bookings.set_status(b.number, PENDING)
    assert (restored.status, restored.cancelled_by) == (PENDING, None)


def test_reactivating_a_past_booking_is_allowed_for_the_record(shop, fixed_clock):
    b = book(shop)
    bookings.cancel(b.number, by=BY_SALON)
    fixed_clock.set(FIXED_NOW + dt.timedelta(days=3))
    assert bookings.set_status(b.number, COMPLETED).status == COMPLETED


# Queries.


def test_queries(shop):
    b1 = book(shop)
    b2 = book(shop, "14:00", client=shop.ivan, source=SOURCE_MANUAL)
    b3 = book(shop, "10:00", day=TOMORROW + dt.timedelta(days=1))
    bookings.cancel(b3.number, by=BY_CLIENT)
    assert [b.number for b in booking_queries.bookings_on(TOMORROW)] == [b1.number, b2.number]
    assert booking_queries.bookings_on(TOMORROW)[1].client.first_name == "Ivan"
    between = booking_queries.bookings_between(TODAY, TODAY + dt.timedelta(days=5))
    assert [b.number for b in between] == [b1.number, b2.number, b3.number]
    active = booking_queries.bookings_between(TODAY, TODAY + dt.timedelta(days=5), statuses=[CONFIRMED])
    assert [b.number for b in active] == [b2.number]
    assert [b.number for b in booking_queries.pending_bookings()] == [b1.number]
    assert booking_queries.pending_count() == 1 and booking_queries.pending_count(master_id=999) == 0
    assert booking_queries.day_counts(TODAY, TODAY + dt.timedelta(days=5)) == {TOMORROW: 2}
    assert [b.number for b in booking_queries.search_bookings(str(b2.number))] == [b2.number]
    assert [b.number for b in booking_queries.search_bookings("8 (912) 000-00-01")] == [b2.number]
    clients.reindex_names()  # the rows were made with bare Client.create
    assert [b.number for b in booking_queries.search_bookings("iva")] == [b2.number]
    assert [b.number for b in booking_queries.search_bookings(f"№{b1.number}")] == [b1.number]
    assert {b.number for b in booking_queries.search_bookings("")} == {b1.number, b2.number, b3.number}
    olga = booking_queries.client_bookings(shop.olga.id)
    assert [b.number for b in olga] == [b1.number, b3.number]
    assert [b.number for b in booking_queries.client_bookings(shop.olga.id, upcoming_only=True)] == [
        b1.number
    ]


def test_search_finds_cyrillic_names_in_any_case(shop):
    petrova = rows.client("Мария", last_name="Петрова")
    b = book(shop, client=petrova, source=SOURCE_MANUAL)
    clients.reindex_names(petrova.id)
    for text in ("петр", "Петр", "ПЕТРОВА", "мар", "петрова мария", "Мария Петр"):
        assert [x.number for x in booking_queries.search_bookings(text)] == [b.number], text


def test_a_search_matching_most_clients_lists_the_newest_bookings_first(shop):
    """Over 500 matching clients the search walks the bookings by date instead of by client
    (booking_queries._MANY_CLIENTS): the same rows, newest first, page by page."""
    from mtime_tui.core.booking import booking_queries

    many = booking_queries._MANY_CLIENTS + 20
    with database.atomic():
        Client.insert_many(
            [{"first_name": f"C{i}", "phone": f"+7922{i:07d}", "language": "ru"}
             for i in range(many)]
        ).execute()
        ids = [c.id for c in Client.select(Client.id).where(fn.instr(Client.phone, "922") > 0)]
        Booking.insert_many(
            [{"number": 5000 + n, "master": shop.anna.id, "service": shop.cut.id, "client": cid,
              "date": TODAY - dt.timedelta(days=n // 7), "start": 9 * 60 + (n % 7) * 30,
              "duration": 30, "status": "completed", "source": "manual"}
             for n, cid in enumerate(ids)]
        ).execute()
    expected = sorted(
        Booking.select().where(Booking.client.in_(ids)),
        key=lambda b: (b.date, b.start, b.number), reverse=True,
    )
    first = booking_queries.search_bookings("922", limit=100)
    second = booking_queries.search_bookings("922", limit=100, offset=100)
    assert [b.number for b in first + second] == [b.number for b in expected[:200]]


def test_search_with_digits_int_refuses_finds_nothing(shop):
    """"²" and "№²" pass str.isdigit() but are no booking number: nothing found, no error."""
    book(shop)
    for text in ("²", "№²", "12²"):
        assert booking_queries.search_bookings(text) == [], text


def test_listed_bookings_are_ordinary_models(shop):
    """The views' rows are built without peewee's row processing: same values, same types, and
    they save like any model."""
    made = book(shop)
    (listed,) = booking_queries.bookings_on(TOMORROW)
    fresh = Booking.get_by_id(made.id)
    assert listed.__data__ == fresh.__data__
    assert isinstance(listed.date, dt.date) and isinstance(listed.created_at, dt.datetime)
    assert listed.master.active is True and listed.master.name == "Anna"
    assert listed.service.name == "Haircut" and listed.client.full_name == "Olga"
    assert listed.client.blocked is False
    listed.price = 1700
    listed.save()
    assert Booking.get_by_id(made.id).price == 1700
    assert Booking.get_by_id(made.id).status == PENDING


def test_pending_bookings_are_in_visit_order(shop):
    later = book(shop, "15:00", day=TOMORROW + dt.timedelta(days=2))
    sooner = book(shop, "12:00", client=shop.ivan)
    earliest = book(shop, "09:00", client=rows.client("Third"))
    bookings.set_status(sooner.number, CONFIRMED)
    assert [b.number for b in booking_queries.pending_bookings()] == [earliest.number, later.number]
    assert [b.number for b in booking_queries.pending_bookings(master_id=shop.anna.id)] == [
        earliest.number, later.number
    ]


def test_offered_means_bookable_and_nothing_else_is(shop):
    """End to end over random days: every start free_starts offers can be booked, and every
    other candidate of the shift is refused with SlotTaken — the engine and the write path agree."""
    import random

    rnd = random.Random(20261123)
    short = rows.service("Short", duration=30, price=None)
    longer = rows.service("Long", duration=150, price=None)
    vera = rows.master("Vera", short, longer, shift_start=8, shift_end=20, interval=30)
    people = [rows.client(f"P{i}") for i in range(40)]
    for offset in range(1, 5):
        day = TODAY + dt.timedelta(days=offset)
        for _ in range(rnd.randint(0, 6)):
            start = rnd.choice(slots.candidate_starts((8 * 60, 20 * 60), 30))
            try:
                working_time.add_breaks(vera.id, day, [start])
            except SlotTaken:
                pass
        for _ in range(rnd.randint(0, 5)):
            svc = rnd.choice([short, longer])
            free = slots.free_starts(vera, svc, day)
            if free:
                bookings.create_booking(service_id=svc.id, client_id=rnd.choice(people).id,
                                        day=day, start=rnd.choice(free), master_id=vera.id,
                                        source=SOURCE_MANUAL)
        svc = rnd.choice([short, longer])
        offered = set(slots.free_starts(vera, svc, day))
        for start in slots.candidate_starts((8 * 60, 20 * 60), 30):
            client = rows.client(f"Probe {offset} {start}")
            if start in offered:
                b = bookings.create_booking(service_id=svc.id, client_id=client.id, day=day,
                                            start=start, master_id=vera.id, source=SOURCE_BOT)
                bookings.cancel(b.number, by=BY_SALON)  # free it again for the next probe
            else:
                with pytest.raises(SlotTaken):
                    bookings.create_booking(service_id=svc.id, client_id=client.id, day=day,
                                            start=start, master_id=vera.id, source=SOURCE_BOT)


def test_booking_uses_the_salon_date_not_the_utc_date(shop, fixed_clock):
    """22:30 UTC on the 23rd is 01:30 on the 24th in Moscow: the 24th is "today", 01:00 passed."""
    night = rows.master("Night", shop.cut, shift_start=0, shift_end=23)
    fixed_clock.set(dt.datetime(2026, 11, 23, 22, 30, tzinfo=dt.UTC))

    def at(day, start):
        return bookings.create_booking(service_id=shop.cut.id, client_id=shop.olga.id, day=day,
                                       start=hm(start), master_id=night.id, source=SOURCE_BOT)

    with pytest.raises(SlotTaken) as err:
        at(TODAY, "23:00")  # still ahead in UTC terms, but the salon's 23rd is over
    assert "day has already passed" in str(err.value)
    with pytest.raises(SlotTaken):
        at(TOMORROW, "01:00")
    assert at(TOMORROW, "02:00").date == TOMORROW
