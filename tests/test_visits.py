"""Visits of several services (SPEC "Bookings (visits)", "Slots" rule 2): the totals, the masters
who may take them, the slot engine on the total duration, and the salon's changes to a visit."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mtime_tui.core.booking import booking_queries, bookings, slots, visit_edits, visits
from mtime_tui.core.errors import NotAllowed, NotFound, SlotTaken, ValidationError
from mtime_tui.core.messaging import notify
from mtime_tui.core.storage.models import (
    BY_CLIENT,
    BY_SALON,
    CANCELLED,
    SOURCE_BOT,
    SOURCE_MANUAL,
    Booking,
    Client,
    Master,
    MasterService,
    Outbox,
    Service,
    VisitService,
)
from tests import salon_rows as rows
from tests.conftest import TODAY
from tests.salon_rows import hm

pytestmark = pytest.mark.both_engines

TOMORROW = TODAY + dt.timedelta(days=1)
PROPERTY = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def shop(salon):
    cut = rows.service("Haircut", duration=60, price=1500)
    beard = rows.service("Beard", duration=30, price=800)
    colour = rows.service("Colour", duration=120, price=4500)
    anna = rows.master("Anna", cut, beard, colour)
    boris = rows.master("Boris", cut, beard)
    return cut, beard, colour, anna, boris


def book(ids, master, start="10:00", *, client=None, day=TOMORROW, source=SOURCE_MANUAL):
    return bookings.create_booking(
        service_ids=list(ids), client_id=(client or rows.client()).id, day=day, start=hm(start),
        master_id=None if master is None else master.id, source=source,
    )


def overlapping_pairs() -> list[tuple[int, int]]:
    active = [b for b in Booking.select() if b.status != CANCELLED]
    return [
        (a.number, b.number)
        for a in active
        for b in active
        if a.id < b.id and a.master_id == b.master_id and a.date == b.date
        and a.start < b.start + b.duration and b.start < a.start + a.duration
    ]


# What a visit is.


def test_visit_holds_its_services_in_order_with_the_sums(shop):
    cut, beard, colour, anna, _ = shop
    visit = book([beard.id, cut.id], anna)
    assert (visit.duration, visit.price) == (90, 2300)
    assert visit.service_id == beard.id  # the first one chosen
    again = bookings.get_booking(visit.number)
    assert visits.service_names(again) == ["Beard", "Haircut"]
    assert [(line.duration, line.price) for line in visits.lines(again)] == [(30, 800), (60, 1500)]
    assert visits.title(again) == "Beard + Haircut"


def test_prices_and_durations_are_kept_as_booked(shop):
    cut, beard, _, anna, _ = shop
    visit = book([cut.id, beard.id], anna)
    Service.update(price=9999, duration=15).execute()
    again = bookings.get_booking(visit.number)
    assert (again.duration, again.price) == (90, 2300)
    assert [(line.duration, line.price) for line in visits.lines(again)] == [(60, 1500), (30, 800)]


def test_price_of_a_visit_counts_the_known_prices_only(shop):
    cut, _, _, anna, _ = shop
    free = rows.service("Consultation", duration=15, price=None)
    MasterService.create(master=anna, service=free)
    assert book([free.id], anna).price is None
    assert book([cut.id, free.id], anna, "12:00").price == 1500


def test_a_set_is_checked_before_anything_is_written(shop):
    cut, beard, colour, anna, _ = shop
    with pytest.raises(ValidationError):
        book([], anna)
    with pytest.raises(ValidationError):
        book([cut.id, cut.id], anna)
    many = [rows.service(f"S{i}", duration=5) for i in range(visits.MAX_SERVICES + 1)]
    with pytest.raises(ValidationError) as err:
        book([s.id for s in many], anna)
    assert "5" in err.value.message("ru") and err.value.message("ru") != err.value.message("en")
    with pytest.raises(NotFound):
        book([cut.id, 999_999], anna)
    beard.active = False
    beard.save()
    with pytest.raises(NotAllowed):
        book([cut.id, beard.id], anna)
    assert Booking.select().count() == 0 and VisitService.select().count() == 0


def test_a_master_must_offer_every_service(shop):
    cut, _, colour, anna, boris = shop
    with pytest.raises(NotAllowed) as err:
        book([cut.id, colour.id], boris)
    assert "all of these services" in err.value.message("en")
    assert slots.masters_for_services([cut.id, colour.id]) == [anna]
    assert slots.free_starts(boris, (cut.id, colour.id), TOMORROW) == []
    assert slots.available_dates((cut.id, colour.id), boris.id) == []
    assert book([cut.id, colour.id], None).master_id == anna.id  # any master: only Anna can


def test_double_tap_of_the_same_set_shows_the_booking_made(shop):
    cut, beard, _, anna, _ = shop
    olga = rows.client()
    first = book([cut.id, beard.id], anna, client=olga, source=SOURCE_BOT)
    second = book([cut.id, beard.id], anna, client=olga, source=SOURCE_BOT)
    assert second.already_existed and second.number == first.number
    # Another set at the same start is another booking: the time is taken by the first.
    with pytest.raises(SlotTaken):
        book([cut.id], anna, client=olga, source=SOURCE_BOT)
    assert Booking.select().count() == 1


def test_the_total_duration_holds_the_time(shop):
    cut, beard, colour, anna, _ = shop
    book([cut.id, beard.id], anna, "10:00")  # 10:00-11:30
    starts = slots.free_starts(anna, cut, TOMORROW)
    assert hm("10:00") not in starts and hm("11:00") not in starts and hm("12:00") in starts
    # 3 h 30 min from 12:00 ends 15:30: a 14:00 booking blocks it, 16:00 does not.
    book([cut.id], anna, "14:00")
    three = (cut.id, beard.id, colour.id)
    free = slots.free_starts(anna, three, TOMORROW)
    assert hm("12:00") not in free and hm("15:00") in free
    with pytest.raises(SlotTaken):
        book(three, anna, "12:00")
    assert overlapping_pairs() == []


def test_a_long_visit_must_end_by_midnight(shop):
    cut, beard, colour, anna, _ = shop
    late = rows.master("Late", cut, beard, colour, shift_start=9, shift_end=23)
    free = slots.free_starts(late, (colour.id, cut.id, beard.id), TOMORROW)
    assert max(free) == hm("20:00")  # 20:00 + 3 h 30 min = 23:30; 21:00 would pass midnight
    with pytest.raises(SlotTaken) as err:
        book([colour.id, cut.id, beard.id], late, "21:00")
    assert "midnight" in err.value.message("en")


def test_reschedule_and_cancel_move_and_free_the_whole_visit(shop):
    cut, beard, colour, anna, _ = shop
    visit = book([cut.id, colour.id], anna, "10:00")  # 3 h
    book([cut.id], anna, "15:00")
    with pytest.raises(SlotTaken):
        bookings.reschedule(visit.number, day=TOMORROW, start=hm("13:00"), by=BY_SALON)
    moved = bookings.reschedule(visit.number, day=TOMORROW, start=hm("16:00"), by=BY_SALON)
    assert (moved.start, moved.duration) == (hm("16:00"), 180)
    assert visits.service_names(bookings.get_booking(visit.number)) == ["Haircut", "Colour"]
    assert hm("10:00") in slots.free_starts(anna, (cut.id, colour.id), TOMORROW)
    bookings.cancel(visit.number, by=BY_CLIENT)
    assert hm("16:00") in slots.free_starts(anna, (cut.id, colour.id), TOMORROW)
    assert VisitService.select().where(VisitService.booking == visit.id).count() == 2


def test_notifications_list_every_service(shop):
    cut, beard, _, anna, _ = shop
    visit = book([cut.id, beard.id], anna, source=SOURCE_BOT)
    payloads = [Outbox.get(Outbox.kind == notify.MASTER_NEW_BOOKING).payload]
    assert '"services": ["Haircut", "Beard"]' in payloads[0]
    assert '"service": "Haircut + Beard"' in payloads[0]
    assert '"duration": 90' in payloads[0] and visit.number


def test_lists_read_the_services_of_all_their_visits_at_once(shop):
    cut, beard, colour, anna, boris = shop
    book([cut.id, beard.id], anna, "10:00")
    book([beard.id], boris, "10:00")
    book([colour.id, beard.id, cut.id], anna, "12:00")
    day = booking_queries.bookings_on(TOMORROW)
    assert [visits.title(b) for b in day] == ["Haircut + Beard", "Beard", "Colour + Beard + Haircut"]
    assert all(b._visit_lines is not None for b in day)


def test_a_booking_row_without_lines_reads_as_one_service(shop):
    cut, _, _, anna, _ = shop
    row = Booking.create(number=5000, master=anna, service=cut, client=rows.client(),
                         date=TOMORROW, start=hm("10:00"), duration=60, price=1500)
    assert visits.service_names(bookings.get_booking(row.number)) == ["Haircut"]


# The salon adds or removes a service.


def test_admin_adds_a_service_that_fits_and_everyone_hears(shop):
    cut, beard, _, anna, _ = shop
    olga = rows.client(telegram_id=4242)
    visit = book([cut.id], anna, "10:00", client=olga)
    Outbox.delete().execute()
    grown = visit_edits.add_service(visit.number, beard.id)
    assert (grown.duration, grown.price) == (90, 2300)
    again = bookings.get_booking(visit.number)
    assert visits.service_names(again) == ["Haircut", "Beard"] and again.duration == 90
    kinds = sorted(o.kind for o in Outbox.select())
    assert kinds == [notify.CLIENT_VISIT_CHANGED, notify.MASTER_VISIT_CHANGED]
    shorter = visit_edits.remove_service(visit.number, cut.id)
    assert (shorter.duration, shorter.price, shorter.service_id) == (30, 800, beard.id)
    assert visits.service_names(bookings.get_booking(visit.number)) == ["Beard"]


def test_a_service_that_does_not_fit_is_refused_and_nothing_changes(shop):
    cut, beard, colour, anna, _ = shop
    visit = book([cut.id], anna, "10:00")
    book([beard.id], anna, "11:00")
    with pytest.raises(SlotTaken):
        visit_edits.add_service(visit.number, beard.id)
    again = bookings.get_booking(visit.number)
    assert (again.duration, visits.line_ids(again)) == (60, (cut.id,))
    assert overlapping_pairs() == []


def test_changes_are_refused_where_they_make_no_sense(shop, fixed_clock):
    cut, beard, colour, anna, boris = shop
    visit = book([cut.id], boris, "10:00")
    with pytest.raises(NotAllowed):
        visit_edits.add_service(visit.number, colour.id)  # Boris does not colour
    with pytest.raises(ValidationError):
        visit_edits.add_service(visit.number, cut.id)  # twice
    with pytest.raises(ValidationError):
        visit_edits.remove_service(visit.number, cut.id)  # the last one
    with pytest.raises(NotFound):
        visit_edits.remove_service(visit.number, beard.id)
    bookings.cancel(visit.number, by=BY_SALON)
    with pytest.raises(NotAllowed):
        visit_edits.add_service(visit.number, beard.id)
    today = book([cut.id], anna, "10:00", day=TODAY)
    fixed_clock.advance(hours=3)  # 12:00: the 10:00 visit is over
    with pytest.raises(NotAllowed):
        visit_edits.add_service(today.number, beard.id)


# Properties.

SERVICE_SPECS = st.lists(
    st.tuples(st.sampled_from([15, 30, 45, 60, 90, 120]), st.none() | st.integers(0, 5000)),
    min_size=1, max_size=visits.MAX_SERVICES,
)


def _reset() -> None:
    for model in (Outbox, VisitService, Booking, MasterService, Master, Service, Client):
        model.delete().execute()


@PROPERTY
@given(specs=SERVICE_SPECS, start=st.sampled_from(["09:00", "10:00", "13:00", "16:00"]))
def test_property_duration_and_price_are_the_sums(salon, specs, start):
    hours, minutes = map(int, start.split(":"))
    assume(hours * 60 + minutes + sum(d for d, _ in specs) <= 24 * 60)  # ends by midnight
    _reset()
    made = [rows.service(f"S{i}", duration=d, price=p) for i, (d, p) in enumerate(specs)]
    anna = rows.master("Anna", *made, shift_start=9, shift_end=16)
    visit = book([s.id for s in made], anna, start)
    known = [p for _, p in specs if p is not None]
    assert visit.duration == sum(d for d, _ in specs)
    assert visit.price == (sum(known) if known else None)
    again = bookings.get_booking(visit.number)
    assert [line.duration for line in visits.lines(again)] == [d for d, _ in specs]
    assert visits.line_ids(again) == tuple(s.id for s in made)


@PROPERTY
@given(
    offered=st.lists(st.sets(st.integers(0, 3)), min_size=1, max_size=4),
    chosen=st.lists(st.integers(0, 3), min_size=1, max_size=4, unique=True),
)
def test_property_only_masters_offering_all_are_offered(salon, offered, chosen):
    _reset()
    made = [rows.service(f"S{i}", duration=30) for i in range(4)]
    masters = [
        rows.master(f"M{i}", *(made[j] for j in sorted(own))) for i, own in enumerate(offered)
    ]
    ids = tuple(made[j].id for j in chosen)
    able = [m for m, own in zip(masters, offered, strict=True) if set(chosen) <= own]
    assert slots.masters_for_services(ids) == able
    for m in masters:
        starts = slots.free_starts(m, ids, TOMORROW)
        assert bool(starts) == (m in able)
        assert slots.offers_all(m.id, ids) == (m in able)
    assert bool(slots.available_dates(ids, None)) == bool(able)
    if able:
        picked = book(ids, None, "10:00")
        assert picked.master_id in {m.id for m in able}
    else:
        with pytest.raises(SlotTaken):
            book(ids, None, "10:00")


@PROPERTY
@given(
    requests=st.lists(
        st.tuples(
            st.lists(st.integers(0, 2), min_size=1, max_size=3, unique=True),
            st.integers(0, 24),  # start: 09:00 + k * 30 min
            st.booleans(),  # any master
        ),
        min_size=1, max_size=12,
    )
)
def test_property_no_overlap_with_the_total_duration(salon, requests):
    _reset()
    made = [rows.service("A", duration=45), rows.service("B", duration=60),
            rows.service("C", duration=30)]
    anna = rows.master("Anna", *made, interval=30, shift_start=9, shift_end=21)
    boris = rows.master("Boris", made[0], made[2], interval=30, shift_start=9, shift_end=21)
    for chosen, k, anyone in requests:
        ids = tuple(made[j].id for j in chosen)
        start = 9 * 60 + 30 * k
        master = None if anyone else anna
        offered = (
            slots.any_master_starts(ids, TOMORROW) if anyone else slots.free_starts(anna, ids, TOMORROW)
        )
        try:
            visit = bookings.create_booking(
                service_ids=list(ids), client_id=rows.client().id, day=TOMORROW, start=start,
                master_id=None if master is None else master.id, source=SOURCE_MANUAL,
            )
        except (SlotTaken, NotAllowed):
            assert start not in offered
            continue
        assert start in offered
        assert visit.duration == sum(made[j].duration for j in chosen)
        assert slots.offers_all(visit.master_id, ids)
    assert overlapping_pairs() == []
    assert all(b.master_id in (anna.id, boris.id) for b in Booking.select())


def test_a_visit_moves_only_where_its_whole_booked_duration_fits(shop):
    cut, beard, colour, anna, _ = shop
    visit = book([cut.id, colour.id], anna, "10:00")  # 3 h
    book([cut.id], anna, "15:00")
    Service.update(duration=5).execute()  # today's durations do not matter: the booked ones do
    again = bookings.get_booking(visit.number)
    starts = visit_edits.move_starts(again, TOMORROW)
    assert hm("10:00") not in starts  # its own time is not a move
    assert hm("09:00") in starts and hm("11:00") in starts  # its own time counts free
    assert hm("12:00") in starts  # ends 15:00, as the next one begins
    assert hm("13:00") not in starts and hm("14:00") not in starts  # would run into 15:00
    assert hm("16:00") in starts
    assert TOMORROW in visit_edits.move_dates(again)
    for start in starts:
        assert bookings.reschedule(visit.number, day=TOMORROW, start=start, by=BY_SALON)
        bookings.reschedule(visit.number, day=TOMORROW, start=hm("10:00"), by=BY_SALON)
    assert overlapping_pairs() == []
