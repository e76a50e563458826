"""A chain of salons (docs/BRANCHES.md): the default branch, per-branch lists, time zones,
the client's last branch and admins limited to branches — on both engines."""

from __future__ import annotations

import datetime as dt

import pytest

from mtime_tui.core import settings as salon_settings
from mtime_tui.core.booking import slots
from mtime_tui.core.errors import ValidationError
from mtime_tui.core.messaging import notify
from mtime_tui.core.people import branch_changes, branches, masters, services
from mtime_tui.core.storage.models import (
    CONFIRMED,
    DEFAULT_BRANCH,
    Booking,
    Master,
    Outbox,
    Service,
)
from tests import salon_rows as rows
from tests.conftest import FIXED_NOW, TODAY
from tests.salon_rows import hm

pytestmark = pytest.mark.both_engines

TOMORROW = TODAY + dt.timedelta(days=1)
VLADIVOSTOK = "Asia/Vladivostok"  # UTC+10: at 06:00 UTC it is 16:00 there, 09:00 in Moscow


def test_a_salon_has_one_default_branch_that_is_its_settings(salon):
    s = salon_settings.load()
    assert not branches.is_chain()
    (only,) = branches.list_branches()
    assert only.id == DEFAULT_BRANCH
    assert (only.name, only.timezone) == ("Test Salon", "Europe/Moscow")
    assert branches.local(s, DEFAULT_BRANCH) == s
    assert branches.for_master(s, 1) is s
    salon_settings.save(salon_name="Renamed", salon_address="Lenina 1")
    assert branches.get_branch(DEFAULT_BRANCH).name == "Renamed"
    assert branches.get_branch(DEFAULT_BRANCH).address == "Lenina 1"


def test_masters_and_services_start_in_the_default_branch(salon):
    svc = services.create_service(name="Haircut", duration=60)
    m = masters.create_master(telegram_id=11, name="Anna", shift_start="9:00",
                              shift_end="21:00", interval=60)
    assert (svc.branch_id, m.branch_id) == (DEFAULT_BRANCH, DEFAULT_BRANCH)


def _chain():
    east = branches.add_branch("East", "Svetlanskaya 5", "+7 423 000", VLADIVOSTOK)
    haircut = services.create_service(name="Haircut", duration=60)
    east_cut = services.create_service(name="Haircut", duration=60, branch=east.id)
    anna = rows.master("Anna", haircut)
    boris = rows.master("Boris", east_cut, branch=east.id)
    return east, haircut, east_cut, anna, boris


def test_each_branch_has_its_own_services_masters_and_names(salon):
    east, haircut, east_cut, anna, boris = _chain()
    assert branches.is_chain()
    assert [b.name for b in branches.list_branches()] == ["Test Salon", "East"]
    assert [s.id for s in slots.bookable_services(DEFAULT_BRANCH)] == [haircut.id]
    assert [s.id for s in slots.bookable_services(east.id)] == [east_cut.id]
    assert {s.id for s in slots.bookable_services()} == {haircut.id, east_cut.id}
    assert [m.id for m in masters.list_masters(branch=east.id)] == [boris.id]
    assert [s.id for s in services.list_services(branch=DEFAULT_BRANCH)] == [haircut.id]
    with pytest.raises(ValidationError):  # one name once per branch
        services.create_service(name="haircut", duration=30, branch=east.id)
    with pytest.raises(ValidationError) as err:  # a master takes only their branch's services
        masters.add_master_services(anna.id, [east_cut.id])
    assert "another branch" in err.value.message("en")
    assert [m.id for m in slots.masters_for_service(east_cut.id)] == [boris.id]


def test_a_new_branch_needs_a_name_and_a_real_time_zone(salon):
    with pytest.raises(ValidationError):
        branches.add_branch("  ")
    with pytest.raises(ValidationError):
        branches.add_branch("North", timezone="Mars/Olympus")
    assert not branches.is_chain()
    north = branches.add_branch("North")
    assert north.timezone == "Europe/Moscow"  # the salon's, until given its own
    assert branches.update_branch(north.id, timezone=VLADIVOSTOK).timezone == VLADIVOSTOK


def test_slots_use_the_branch_time_zone(salon):
    east, haircut, east_cut, anna, boris = _chain()
    # 09:00 in Moscow: Anna's 09:00 is gone; 16:00 in Vladivostok: Boris's day starts at 17:00.
    assert slots.free_starts(anna.id, haircut.id, TODAY)[0] == hm("10:00")
    assert slots.free_starts(boris.id, east_cut.id, TODAY)[0] == hm("17:00")
    assert slots.any_master_starts(east_cut.id, TODAY)[0] == hm("17:00")
    assert slots.pick_master(east_cut.id, TODAY, hm("16:00")) is None
    assert slots.pick_master(east_cut.id, TODAY, hm("17:00")).id == boris.id
    # The horizon too: Vladivostok's 14 days begin on its own today.
    s = salon_settings.save(horizon_days=1)
    assert slots.available_dates(east_cut.id, None, settings=s) == [TODAY]


def test_reminders_come_on_the_branch_clock(salon):
    east, haircut, east_cut, anna, boris = _chain()
    client = rows.client(telegram_id=555)
    created = FIXED_NOW.replace(tzinfo=None) - dt.timedelta(days=2)
    # Tomorrow 16:00 in Vladivostok is 06:00 UTC tomorrow: the 24-hour reminder is due now.
    # The same wall-clock time in Moscow is 13:00 UTC tomorrow: not yet.
    for number, (master, service) in enumerate(((boris, east_cut), (anna, haircut)), start=1001):
        Booking.create(number=number, master=master, service=service, client=client,
                       date=TOMORROW, start=hm("16:00"), duration=60, status=CONFIRMED,
                       created_at=created, updated_at=created)
    assert notify.enqueue_due_reminders(now=FIXED_NOW) == 1
    (row,) = Outbox.select().where(Outbox.kind == notify.CLIENT_REMINDER)
    assert row.booking.number == 1001


def test_the_bot_remembers_a_client_branch(salon):
    east = branches.add_branch("East")
    rows.telegram_user(777)
    assert branches.last_branch(777) is None
    branches.remember_branch(777, east.id)
    assert branches.last_branch(777) == east.id


def test_admins_may_be_limited_to_branches(salon):
    east = branches.add_branch("East")
    salon_settings.add_admin(101)
    salon_settings.add_admin(202)
    assert branches.admin_branches(101) is None
    branches.limit_admin(202, {east.id})
    assert branches.admin_branches(202) == {east.id}
    assert branches.admins_of(DEFAULT_BRANCH) == [101]
    assert branches.admins_of(east.id) == [101, 202]
    branches.limit_admin(202, None)
    assert branches.admin_branches(202) is None


def test_moving_a_master_drops_the_old_branch_services(salon):
    east, haircut, east_cut, anna, boris = _chain()
    branch_changes.move_master(anna.id, east.id)
    assert Master.get_by_id(anna.id).branch_id == east.id
    assert masters.master_services(anna.id) == []
    assert Service.get_by_id(haircut.id).branch_id == DEFAULT_BRANCH


def test_statistics_of_a_branch_and_of_the_whole_chain(salon):
    from mtime_tui.core.reports import statistics
    from mtime_tui.core.reports.periods import Period
    from mtime_tui.core.storage.models import COMPLETED

    east, haircut, east_cut, anna, boris = _chain()
    client = rows.client()
    yesterday = TODAY - dt.timedelta(days=1)
    for number, (master, service, price) in enumerate(
        ((anna, haircut, 1000), (anna, haircut, 1000), (boris, east_cut, 700)), start=1001
    ):
        Booking.create(number=number, master=master, service=service, client=client,
                       date=yesterday, start=hm("10:00") + (number - 1001) * 60, duration=60,
                       price=price, status=COMPLETED)
    week = Period(yesterday, TODAY)
    chain = statistics.summary(week)
    main = statistics.summary(week.of_branch(DEFAULT_BRANCH))
    far = statistics.summary(week.of_branch(east.id))
    assert (chain.revenue, main.revenue, far.revenue) == (2700, 2000, 700)
    assert (chain.bookings, main.bookings, far.bookings) == (3, 2, 1)
    assert main.new_clients == 1 and far.new_clients == 1  # new to each branch
    assert chain.working_minutes == main.working_minutes + far.working_minutes
    assert [r.name for r in statistics.report(week.of_branch(east.id)).by_master] == ["Boris"]
    assert week.of_branch(east.id).previous().branch == east.id


def test_admins_of_a_branch_are_set_from_the_branch_side(salon):
    east = branches.add_branch("East")
    salon_settings.add_admin(101)
    salon_settings.add_admin(202)
    branches.set_branch_admins(east.id, {101})  # 202 no longer sees East: only the main branch
    assert branches.admin_branches(202) == {DEFAULT_BRANCH}
    assert branches.admin_branches(101) is None  # sees both: no limit at all
    with pytest.raises(ValidationError):  # 202 would see nothing
        branches.set_branch_admins(DEFAULT_BRANCH, {101})
    assert branches.admin_branches(202) == {DEFAULT_BRANCH}
    branches.set_branch_admins(east.id, {101, 202})
    assert branches.admin_branches(202) is None


def test_the_end_of_day_summary_comes_on_each_branch_clock(salon):
    import json

    from mtime_tui.core.messaging import digest

    east, haircut, east_cut, anna, boris = _chain()
    salon_settings.add_admin(101)
    salon_settings.add_admin(202)
    branches.limit_admin(202, {DEFAULT_BRANCH})
    salon_settings.save(daily_summary=True, daily_summary_hour=15)
    # 16:00 in Vladivostok (East's day is over at 15), 09:00 in Moscow (not yet).
    assert digest.enqueue_daily_summary(now=FIXED_NOW) == 1
    (row,) = Outbox.select().where(Outbox.kind == digest.DAILY_SUMMARY)
    assert row.chat_id == 101 and json.loads(row.payload)["salon"] == "East"
    assert digest.enqueue_daily_summary(now=FIXED_NOW) == 0  # once a day
    evening = FIXED_NOW + dt.timedelta(hours=7)  # 16:00 in Moscow
    assert digest.enqueue_daily_summary(now=evening) == 2  # the main branch: both admins


def _booked(master, service, client, day, start, number):
    created = FIXED_NOW.replace(tzinfo=None) - dt.timedelta(days=1)
    return Booking.create(number=number, master=master, service=service, client=client, date=day,
                          start=hm(start), duration=60, status=CONFIRMED, created_at=created,
                          updated_at=created)


def test_moving_a_master_with_bookings_asks_then_takes_them_along(salon):
    from mtime_tui.core.errors import Conflict

    east, haircut, east_cut, anna, boris = _chain()
    west = branches.add_branch("West", "Lenina 1")  # Moscow's clock, like the main branch
    client = rows.client(telegram_id=555)
    _booked(anna, haircut, client, TOMORROW, "12:00", 2001)
    with pytest.raises(Conflict) as asked:  # asked first: nothing written
        branch_changes.move_master(anna.id, west.id)
    assert [b.number for b in asked.value.items] == [2001]
    assert "go along to West (Lenina 1)" in asked.value.message("en")
    assert Master.get_by_id(anna.id).branch_id == DEFAULT_BRANCH
    moved = branch_changes.move_master(anna.id, west.id, bookings=branch_changes.KEEP)
    assert [b.number for b in moved] == [2001]
    booking = Booking.get(Booking.number == 2001)
    assert (booking.status, booking.master.branch_id) == (CONFIRMED, west.id)
    (told,) = Outbox.select().where(Outbox.kind == notify.CLIENT_BRANCH_CHANGED)
    assert told.chat_id == 555


def test_a_master_moving_to_another_clock_may_only_cancel_the_bookings(salon):
    from mtime_tui.core.errors import Conflict

    east, haircut, east_cut, anna, boris = _chain()
    client = rows.client(telegram_id=555)
    _booked(anna, haircut, client, TOMORROW, "12:00", 2001)
    with pytest.raises(Conflict) as asked:
        branch_changes.move_master(anna.id, east.id, bookings=branch_changes.KEEP)
    assert "another time zone" in asked.value.message("en")
    assert Booking.get(Booking.number == 2001).status == CONFIRMED
    branch_changes.move_master(anna.id, east.id, bookings=branch_changes.CANCEL)
    assert Booking.get(Booking.number == 2001).status == "cancelled"
    assert Outbox.select().where(Outbox.kind == notify.CLIENT_CANCELLED_BY_SALON).count() == 1


def test_a_branch_is_deleted_only_when_empty(salon):
    from mtime_tui.core.errors import NotAllowed

    east, haircut, east_cut, anna, boris = _chain()
    spare = services.create_service(name="Shave", duration=30, branch=east.id)
    client = rows.client(telegram_id=555)
    _booked(boris, east_cut, client, TODAY - dt.timedelta(days=3), "12:00", 2001)  # history
    _booked(boris, east_cut, client, TOMORROW, "12:00", 2002)
    with pytest.raises(NotAllowed) as refused:
        branch_changes.delete_branch(east.id)
    said = refused.value.message("en")
    assert "1 master(s) (Boris) and 1 upcoming booking(s)" in said and "Masters → M" in said
    with pytest.raises(NotAllowed):
        branch_changes.delete_branch(DEFAULT_BRANCH)
    branch_changes.move_master(boris.id, DEFAULT_BRANCH, bookings=branch_changes.CANCEL)
    salon_settings.add_admin(202)
    branches.limit_admin(202, {east.id})
    with pytest.raises(NotAllowed) as refused:  # 202 would be left seeing nothing
        branch_changes.delete_branch(east.id)
    assert "202 sees only East" in refused.value.message("en")
    branches.limit_admin(202, {east.id, DEFAULT_BRANCH})
    rows.telegram_user(777)
    branches.remember_branch(777, east.id)
    done = branch_changes.delete_branch(east.id)
    assert (done.services_deleted, done.services_kept) == (1, 1)
    assert not branches.is_chain() and branches.last_branch(777) is None
    assert branches.admin_branches(202) == {DEFAULT_BRANCH}
    assert Service.get_or_none(Service.id == spare.id) is None
    kept = Service.get_by_id(east_cut.id)  # the past visit still names it
    assert (kept.branch_id, kept.active) == (DEFAULT_BRANCH, False)


def test_editing_a_branch_keeps_empty_fields_as_the_salon_s(salon):
    east = branches.add_branch("East", "Svetlanskaya 5")
    branches.update_branch(east.id, name="East 2", address="", phone="+7 423 1")
    assert branches.own_fields(east.id) == {"name": "East 2", "address": "", "phone": "+7 423 1",
                                           "timezone": ""}
    with pytest.raises(ValidationError):
        branches.update_branch(east.id, name=" ")
    branches.update_branch(DEFAULT_BRANCH, name="")  # the main branch's name: the salon's
    assert branches.get_branch(DEFAULT_BRANCH).name == "Test Salon"


# 23:30 in Moscow on the 23rd is 06:30 on the 24th in Vladivostok.
LATE = dt.datetime(2026, 11, 23, 20, 30, tzinfo=dt.UTC)


def test_today_is_each_branch_s_own_around_midnight(salon):
    from mtime_tui.core.booking import booking_queries, journal, work_plans, working_time

    east, haircut, east_cut, anna, boris = _chain()
    assert (branches.today(DEFAULT_BRANCH, now=LATE), branches.today(east.id, now=LATE)) == (
        TODAY, TOMORROW)
    assert branches.master_today(boris.id, now=LATE) == TOMORROW
    assert branches.master_today(anna.id, now=LATE) == TODAY
    # The 23rd is over for Boris, still today for Anna: a day off, a vacation, other hours.
    with pytest.raises(ValidationError):
        working_time.add_day_off(boris.id, TODAY, now=LATE)
    with pytest.raises(ValidationError):
        work_plans.add_vacation(boris.id, TODAY, TOMORROW, now=LATE)
    working_time.add_day_off(anna.id, TODAY, now=LATE)
    assert working_time.days_off(anna.id, now=LATE) == [TODAY]
    working_time.add_day_off(boris.id, TOMORROW + dt.timedelta(days=1), now=LATE)
    assert working_time.days_off(boris.id, now=LATE + dt.timedelta(days=1)) == [
        TOMORROW + dt.timedelta(days=1)]
    # Not started, on each booking's own clock: Boris's 07:00 on the 24th is still ahead at
    # 06:30 there; Anna's 23:00 on the 23rd began half an hour ago in Moscow.
    client = rows.client()
    _booked(boris, east_cut, client, TOMORROW, "07:00", 3001)
    _booked(anna, haircut, client, TODAY, "23:00", 3002)
    assert [b.number for b in booking_queries.upcoming_bookings(now=LATE)] == [3001]
    # The journal's "now" line: 06:30 in East's day, 23:30 in the main branch's.
    assert journal.day_journal(TOMORROW, now=LATE, branch=east.id).now == hm("06:30")
    assert journal.day_journal(TODAY, now=LATE, branch=DEFAULT_BRANCH).now == hm("23:30")


def test_broadcasts_and_the_inbox_of_a_branch(salon):
    from mtime_tui.core.messaging import broadcasts, conversations

    east, haircut, east_cut, anna, boris = _chain()
    past = TODAY - dt.timedelta(days=5)
    mine = rows.client("Mira", telegram_id=601)  # booked in East
    other = rows.client("Oleg", telegram_id=602)  # booked in the main branch
    chose = rows.client("Chloe", telegram_id=603)  # chose East in the bot, no booking yet
    new = rows.client("Nina", telegram_id=604)  # of no branch yet
    _booked(boris, east_cut, mine, past, "12:00", 4001)
    _booked(anna, haircut, other, past, "12:00", 4002)
    rows.telegram_user(603)
    branches.remember_branch(603, east.id)
    Booking.update(status="completed").execute()
    ids = lambda audience: {c.id for c in broadcasts.recipients(audience)}  # noqa: E731
    everyone = broadcasts.Audience()
    assert ids(everyone) == {mine.id, other.id, chose.id, new.id}
    assert ids(broadcasts.Audience(branch=east.id)) == {mine.id, chose.id}
    assert ids(broadcasts.Audience(branch=DEFAULT_BRANCH)) == {other.id}
    lapsed = broadcasts.Audience(broadcasts.LAPSED, days=2, branch=east.id)
    assert ids(lapsed) == {mine.id}  # visited East, not in the last 2 days
    to_east = broadcasts.create("East news", broadcasts.Audience(branch=east.id))
    to_all = broadcasts.create("Everyone", everyone)
    assert [b.id for b in broadcasts.listing(branch=east.id)] == [to_all.id, to_east.id]
    assert [b.id for b in broadcasts.listing(branch=DEFAULT_BRANCH)] == [to_all.id]
    assert len(broadcasts.listing()) == 2
    for client in (mine, other, new):
        conversations.client_wrote(client.id, "Hello")
    seen = lambda branch: {c.client.id for c in conversations.inbox(branch=branch)}  # noqa: E731
    assert seen(east.id) == {mine.id, new.id}  # a client of no branch yet: every branch sees
    assert seen(DEFAULT_BRANCH) == {other.id, new.id}
    assert seen(None) == {mine.id, other.id, new.id}
    assert (conversations.unread_count(east.id), conversations.unread_count()) == (2, 3)


def test_an_export_selection_of_a_branch(salon):
    from mtime_tui.core.reports import exports

    east, haircut, east_cut, anna, boris = _chain()
    client = rows.client()
    _booked(boris, east_cut, client, TOMORROW, "12:00", 5001)
    _booked(anna, haircut, client, TOMORROW, "12:00", 5002)
    assert exports.count_bookings(exports.Selection(branch=east.id)) == 1
    assert exports.count_bookings(exports.Selection()) == 2
