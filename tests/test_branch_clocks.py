"""Each branch's own clock everywhere (docs/BRANCHES.md "Time zones"): the waitlist's today, the
daily upkeep, the online cut-off and the calendar file — two branches on other clocks than the
salon's, a pinned clock, both engines."""

from __future__ import annotations

import datetime as dt

import pytest

from mtime_tui.core import settings as salon_settings
from mtime_tui.core.booking import (
    booking_rules,
    bookings,
    visit_edits,
    waitlist,
    working_time,
)
from mtime_tui.core.errors import TooLate, ValidationError
from mtime_tui.core.people import branches, services
from mtime_tui.core.reports import exports
from mtime_tui.core.storage import upkeep
from mtime_tui.core.storage.models import (
    BY_CLIENT,
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    DEFAULT_BRANCH,
    OUT_SENT,
    SOURCE_MANUAL,
    Booking,
    Break,
    DayOff,
    Outbox,
    WaitlistEntry,
)
from tests import salon_rows as rows
from tests.conftest import FIXED_NOW, TODAY
from tests.salon_rows import hm

pytestmark = pytest.mark.both_engines

TOMORROW = TODAY + dt.timedelta(days=1)
YESTERDAY = TODAY - dt.timedelta(days=1)
# 14:30 UTC on the 23rd: 17:30 in Moscow (the salon), 00:30 on the 24th in Vladivostok.
AFTER_EAST_MIDNIGHT = dt.datetime(2026, 11, 23, 14, 30, tzinfo=dt.UTC)
# 22:30 UTC on the 23rd: 01:30 on the 24th in Moscow and 08:30 in Vladivostok, 22:30 on the
# 23rd in London.
AFTER_MOSCOW_MIDNIGHT = dt.datetime(2026, 11, 23, 22, 30, tzinfo=dt.UTC)


@pytest.fixture
def chain(salon):
    """The main branch (Moscow) with Anna, East (Vladivostok) with Boris, West (London) with
    Willa; each works 18:00–19:00 on their own clock, one service each."""
    east = branches.add_branch("East", "Svetlanskaya 5", "+7 423 000", "Asia/Vladivostok")
    west = branches.add_branch("West", "Baker St 1", "+44 20 000", "Europe/London")
    people = {}
    for name, branch in (("Anna", DEFAULT_BRANCH), ("Boris", east.id), ("Willa", west.id)):
        cut = services.create_service(name="Cut", duration=60, branch=branch)
        master = rows.master(name, cut, shift_start=18, shift_end=19, branch=branch)
        people[name] = (master, cut)
    return east, west, people


def _fill(master, cut, day):
    """Both of the master's starts on `day` booked (a full day)."""
    return [bookings.create_booking(service_id=cut.id, client_id=rows.client(f"H{start}").id,
                                    day=day, start=start, master_id=master.id,
                                    source=SOURCE_MANUAL) for start in (hm("18:00"), hm("19:00"))]


def test_a_far_branch_s_waitlist_for_today_ends_at_its_own_midnight(chain, fixed_clock):
    east, _west, people = chain
    (anna, anna_cut), (boris, boris_cut) = people["Anna"], people["Boris"]
    taken = {"Anna": _fill(anna, anna_cut, TODAY), "Boris": _fill(boris, boris_cut, TODAY)}
    mira = rows.client("Mira", telegram_id=701)
    # 09:00 in Moscow, 16:00 in Vladivostok: the 23rd is today in both.
    in_east = waitlist.join(mira.id, [boris_cut.id], boris.id, TODAY)
    in_main = waitlist.join(mira.id, [anna_cut.id], anna.id, TODAY)
    assert {e.id for e in waitlist.entries_of(mira.id)} == {in_east.id, in_main.id}
    # Vladivostok's midnight has passed; Moscow's 23rd goes on till 17:30 and beyond.
    fixed_clock.set(AFTER_EAST_MIDNIGHT)
    assert [e.id for e in waitlist.entries_of(mira.id)] == [in_main.id]
    assert waitlist.active(in_east.id, mira.id) is None
    assert waitlist.active(in_main.id, mira.id) is not None
    with pytest.raises(ValidationError):  # East's 23rd is over: it cannot be waitlisted
        waitlist.join(mira.id, [boris_cut.id], boris.id, TODAY)
    # Time frees up in both: only the main branch's entry is still there to be told.
    bookings.cancel(taken["Boris"][0].number, by="salon")
    bookings.cancel(taken["Anna"][0].number, by="salon")
    assert waitlist.check() == 1
    assert WaitlistEntry.get_by_id(in_east.id).ended_at is not None
    assert WaitlistEntry.get_by_id(in_main.id).ended_at is None
    told = Outbox.get(Outbox.kind == "waitlist_free")
    assert (told.chat_id, told.payload.count(str(hm("18:00")))) == (701, 1)


def test_east_s_horizon_for_the_waitlist_is_its_own(chain, fixed_clock):
    east, _west, people = chain
    boris, cut = people["Boris"]
    fixed_clock.set(AFTER_EAST_MIDNIGHT)  # Vladivostok's 24th; Moscow's 23rd
    last = TOMORROW + dt.timedelta(days=salon_settings.load().horizon_days - 1)
    _fill(boris, cut, last)  # East's last bookable day, one past Moscow's horizon
    assert waitlist.full_dates([cut.id], boris.id) == [last]
    entry = waitlist.join(rows.client("Mira", telegram_id=702).id, [cut.id], boris.id, last)
    assert entry.date == last


def test_the_upkeep_ends_past_waitlist_entries_on_each_branch_s_clock(chain, fixed_clock):
    _east, _west, people = chain
    entries = {}
    for name, (master, cut) in people.items():
        _fill(master, cut, TODAY)
        entries[name] = waitlist.join(rows.client(name + "'s client").id, [cut.id], master.id,
                                      TODAY)
    fixed_clock.set(AFTER_EAST_MIDNIGHT)
    assert upkeep.run(now=AFTER_EAST_MIDNIGHT).ended == 1  # East's only
    assert upkeep.run(now=AFTER_MOSCOW_MIDNIGHT).ended == 1  # then Moscow's; London's stays
    ended = {name for name, e in entries.items()
             if WaitlistEntry.get_by_id(e.id).ended_at is not None}
    assert ended == {"Anna", "Boris"}


def test_the_upkeep_keeps_what_is_still_today_on_a_branch_behind_the_salon(chain):
    _east, _west, people = chain
    for master, _cut in people.values():
        working_time.add_breaks(master.id, TODAY, [hm("18:00")], now=FIXED_NOW)
        working_time.add_day_off(master.id, TOMORROW, now=FIXED_NOW)
    # 01:30 on the 24th in Moscow and in Vladivostok: their 23rd is over. London is still on
    # the 23rd: Willa's break holds tonight.
    assert working_time.cleanup_past(now=AFTER_MOSCOW_MIDNIGHT) == 2
    left = {b.master.name for b in Break.select()}
    assert left == {"Willa"}
    assert DayOff.select().count() == 3  # the 24th is nobody's past
    assert working_time.cleanup_past(now=AFTER_MOSCOW_MIDNIGHT + dt.timedelta(hours=2)) == 1
    assert Break.select().count() == 0


def test_old_notifications_of_a_visit_still_today_on_its_clock_are_kept(chain):
    _east, _west, people = chain
    willa, cut = people["Willa"]
    anna, anna_cut = people["Anna"]
    client = rows.client()
    old = FIXED_NOW.replace(tzinfo=None) - dt.timedelta(days=200)
    visits = {}
    for master, service in ((willa, cut), (anna, anna_cut)):
        visits[master.name] = Booking.create(
            number=9000 + master.id, master=master, service=service, client=client, date=TODAY,
            start=hm("18:00"), duration=60, status=CONFIRMED, created_at=old, updated_at=old)
        Outbox.create(chat_id=1, kind="client_confirmed", booking=visits[master.name],
                      status=OUT_SENT, created_at=old, sent_at=old)
    assert upkeep.run(now=AFTER_MOSCOW_MIDNIGHT).purged == 0  # London's visit is today there
    later = AFTER_MOSCOW_MIDNIGHT + dt.timedelta(hours=2)  # 00:30 on the 24th in London
    assert upkeep.run(now=later).purged == 2


def test_the_upkeep_runs_after_each_branch_s_midnight(chain):
    # At 22:30 UTC London's midnight comes first (00:05 UTC), then Vladivostok's, then Moscow's.
    assert upkeep.next_run(now=AFTER_MOSCOW_MIDNIGHT) == dt.datetime(
        2026, 11, 24, 0, 5, tzinfo=dt.UTC)
    assert upkeep.next_run(now=dt.datetime(2026, 11, 24, 0, 6, tzinfo=dt.UTC)) == dt.datetime(
        2026, 11, 24, 14, 5, tzinfo=dt.UTC)


def test_a_single_branch_salon_s_upkeep_is_as_before(salon):
    # 00:05 in Moscow after 09:00 on the 23rd: 21:05 UTC.
    assert upkeep.next_run(now=FIXED_NOW) == dt.datetime(2026, 11, 23, 21, 5, tzinfo=dt.UTC)
    cut = rows.service()
    anna = rows.master("Anna", cut)
    working_time.add_breaks(anna.id, TODAY, [hm("18:00")], now=FIXED_NOW)
    assert working_time.cleanup_past(now=AFTER_MOSCOW_MIDNIGHT) == 1


def test_the_online_cut_off_is_on_the_visit_s_clock(chain, fixed_clock):
    east, _west, people = chain
    boris, cut = people["Boris"]
    mira = rows.client("Mira", telegram_id=703)
    booking = bookings.create_booking(service_id=cut.id, client_id=mira.id, day=TODAY,
                                      start=hm("18:00"), master_id=boris.id, source="bot")
    # 18:00 in Vladivostok is 08:00 UTC; the cut-off (2 h) 06:00 UTC: FIXED_NOW is just there.
    fixed_clock.set(FIXED_NOW - dt.timedelta(minutes=1))
    assert booking_rules.client_may_change(booking)
    fixed_clock.set(FIXED_NOW + dt.timedelta(minutes=1))
    assert not booking_rules.client_may_change(booking)  # Moscow's 18:00 is 9 hours away
    with pytest.raises(TooLate) as err:
        bookings.cancel(booking.number, by=BY_CLIENT)
    assert "+7 423 000" in err.value.message("en")  # the branch's phone, not the salon's
    assert Booking.get_by_id(booking.id).status != CANCELLED
    # Started on its own clock: it may be completed or a no-show from 08:00 UTC on.
    later = dt.datetime(2026, 11, 23, 8, 1, tzinfo=dt.UTC)
    assert COMPLETED in bookings.statuses_for(booking, now=later)
    assert COMPLETED not in bookings.statuses_for(booking, now=later - dt.timedelta(hours=1))
    # The limit of upcoming bookings counts it until it starts there.
    assert booking_rules.upcoming_count(mira.id, now=later - dt.timedelta(hours=1)) == 1
    assert booking_rules.upcoming_count(mira.id, now=later) == 0


def test_a_far_visit_moves_within_its_branch_s_horizon(chain, fixed_clock):
    east, _west, people = chain
    boris, cut = people["Boris"]
    booking = bookings.create_booking(service_id=cut.id, client_id=rows.client().id,
                                      day=TOMORROW + dt.timedelta(days=2), start=hm("18:00"),
                                      master_id=boris.id, source=SOURCE_MANUAL)
    fixed_clock.set(AFTER_EAST_MIDNIGHT)  # Vladivostok's 24th
    days = visit_edits.move_dates(booking)
    horizon = salon_settings.load().horizon_days
    assert days[0] == TOMORROW and days[-1] == TOMORROW + dt.timedelta(days=horizon - 1)
    assert visit_edits.move_starts(booking, days[-1]) == [hm("18:00"), hm("19:00")]
    moved = bookings.reschedule(booking.number, day=days[-1], start=hm("18:00"), by="salon")
    assert moved.date == days[-1]


def test_the_calendar_file_puts_each_visit_on_its_branch_s_clock(chain, tmp_path):
    east, _west, people = chain
    client = rows.client()
    for name in ("Anna", "Boris"):
        master, cut = people[name]
        bookings.create_booking(service_id=cut.id, client_id=client.id, day=TOMORROW,
                                start=hm("18:00"), master_id=master.id, source=SOURCE_MANUAL)
    whole = tmp_path / "chain.ics"
    assert exports.export_bookings(whole, exports.Selection(), fmt=exports.ICS) == 2
    text = whole.read_text()
    assert "DTSTART;TZID=Europe/Moscow:20261124T180000" in text
    assert "DTSTART;TZID=Asia/Vladivostok:20261124T180000" in text
    assert "TZID:Asia/Vladivostok" in text and "TZID:Europe/Moscow" in text
    one = tmp_path / "east.ics"
    assert exports.export_bookings(one, exports.Selection(branch=east.id), fmt=exports.ICS) == 1
    text = one.read_text()
    assert "X-WR-TIMEZONE:Asia/Vladivostok" in text and "Europe/Moscow" not in text


def test_a_visit_ends_on_its_branch_s_clock_before_its_master_is_asked(chain):
    from mtime_tui.core import settings
    from mtime_tui.core.errors import NotAllowed
    from mtime_tui.core.reports import outcomes

    east, west, people = chain
    willa, cut = people["Willa"]
    visit = bookings.create_booking(service_id=cut.id, client_id=rows.client().id, day=TODAY,
                                    start=hm("18:00"), master_id=willa.id,
                                    source=SOURCE_MANUAL, now=FIXED_NOW)
    # 17:30 UTC: 20:30 in Moscow, but the London visit (18:00–19:00 there) has not even begun.
    early = dt.datetime(2026, 11, 23, 17, 30, tzinfo=dt.UTC)
    assert outcomes.awaiting(now=early) == [] and outcomes.awaiting_count(now=early) == 0
    assert outcomes.enqueue_questions(now=early) == 0
    with pytest.raises(NotAllowed):
        outcomes.record(visit.number, True, now=early)
    # 19:00 UTC: it is over in London; its master is asked once.
    over = dt.datetime(2026, 11, 23, 19, 0, tzinfo=dt.UTC)
    assert [b.number for b in outcomes.awaiting(now=over)] == [visit.number]
    assert [b.number for b in outcomes.awaiting(now=over, branch=west.id)] == [visit.number]
    assert outcomes.awaiting(now=over, branch=east.id) == []
    assert outcomes.awaiting_count(now=over) == 1
    assert outcomes.enqueue_questions(now=over) == 1
    assert outcomes.enqueue_questions(now=over) == 0
    # An admin limited to another branch may not mark it; the visit's master may.
    settings.add_admin(7100)
    branches.limit_admin(7100, {east.id})
    with pytest.raises(NotAllowed):
        outcomes.record(visit.number, True, telegram_id=7100, now=over)
    booking, changed = outcomes.record(visit.number, True, telegram_id=willa.telegram_id,
                                       now=over)
    assert changed and booking.status == COMPLETED


def test_an_admin_s_bot_calendar_spans_the_days_of_the_branches_they_see(chain, fixed_clock):
    from mtime_tui.bot.staff import master
    from mtime_tui.core import settings

    east, _west, _people = chain
    settings.add_admin(7200)
    branches.limit_admin(7200, {east.id})
    settings.add_admin(7201)
    branches.limit_admin(7201, {DEFAULT_BRANCH})
    fixed_clock.set(dt.datetime(2026, 11, 23, 20, 30, tzinfo=dt.UTC))  # East's 24th, Moscow's 23rd
    back, ahead = dt.timedelta(days=master.PAST_DAYS), dt.timedelta(days=master.FUTURE_DAYS)
    assert master.calendar_range(None, 7200) == (TOMORROW - back, TOMORROW + ahead)
    assert master.calendar_range(None, 7201) == (TODAY - back, TODAY + ahead)
