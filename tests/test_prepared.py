"""Reads whose SQL is built once (`core.storage.prepared`): on each engine they give exactly the rows the
same peewee query gives, run again with other values, converted as peewee converts them."""

from __future__ import annotations

import pytest

from mtime_tui.core import settings
from mtime_tui.core.booking import slots
from mtime_tui.core.people import clients, masters
from mtime_tui.core.storage.models import Client, Master, Service
from mtime_tui.core.storage.prepared import Prepared

from . import salon_rows as rows

pytestmark = pytest.mark.both_engines


def same(a, b) -> bool:
    return a is None and b is None or (a is not None and b is not None and a.__data__ == b.__data__)


def test_the_hot_reads_give_what_peewee_gives(salon):
    cut, colour, gone = rows.service("Cut"), rows.service("Colour"), rows.service("Old", active=False)
    anna = rows.master("Anna", cut, colour, telegram_id=111)
    rows.master("Boris", cut, telegram_id=222, active=False)
    vera = rows.master("Vera", cut, gone, telegram_id=333)
    olga = rows.client("Olga", telegram_id=444)
    for _ in range(2):  # the second round runs the SQL built in the first
        assert same(masters.master_by_telegram(111), Master.get_by_id(anna.id))
        assert masters.master_by_telegram(222) is None  # not active
        assert masters.master_by_telegram(999) is None
        assert [m.id for m in slots.masters_for_service(cut.id)] == [anna.id, vera.id]
        assert [m.id for m in slots.masters_for_service(colour.id)] == [anna.id]
        assert slots.masters_for_service(gone.id) == []
        assert all(same(m, Master.get_by_id(m.id)) for m in slots.masters_for_service(cut.id))
        assert same(slots.bookable_service(cut.id), Service.get_by_id(cut.id))
        assert slots.bookable_service(gone.id) is None
        assert same(clients.client_by_telegram(444), Client.get_by_id(olga.id))
        assert clients.client_by_telegram(555) is None
        assert [s.__data__ for s in slots.bookable_services()] == [
            s.__data__ for s in slots._bookable_services_query()]
        assert [s.id for s in slots.bookable_services()] == [colour.id, cut.id]
        assert [s.id for s in slots.bookable_services(branch=cut.branch_id)] == [
            s.id for s in slots._bookable_services_query(cut.branch_id)]
        assert slots.bookable_services(branch=cut.branch_id + 1000) == []
    loaded = masters.master_by_telegram(111)
    assert loaded.active is True and not loaded.is_dirty()  # converted, nothing to save
    peewees = Master.get_by_id(anna.id)
    assert (loaded._dirty, loaded.__rel__) == (peewees._dirty, peewees.__rel__) == (set(), {})
    assert loaded.branch.id == peewees.branch.id  # a foreign key still loads its row
    loaded.name = "Anna K."
    assert loaded.is_dirty() and loaded.save() == 1  # and a change saves as peewee's would
    assert Master.get_by_id(anna.id).name == "Anna K."
    settings.save(salon_name="Salon Two")
    assert settings.load().salon_name == "Salon Two"  # the settings rows, read with built SQL


def test_a_prepared_read_refuses_what_it_cannot_run():
    with pytest.raises(ValueError):  # the value used twice
        Prepared(lambda a: Master.select().where((Master.id == a) | (Master.telegram_id == a)),
                 1)._compiled()
    with pytest.raises(TypeError):
        Prepared(lambda a: Master.select().where(Master.id == a), 1)()


def _without_id(row) -> dict:
    return {k: v for k, v in row.__data__.items() if k != "id"}


def test_writes_with_built_sql_store_what_peewee_stores(salon):
    """`prepared.create` and `prepared.update` against Model.create and Model.update: the same
    defaults, the same conversions (dates, booleans, foreign keys), read back equal."""
    import datetime as dt

    from mtime_tui.core.storage import prepared
    from mtime_tui.core.storage.models import Booking, Outbox, TelegramUser

    cut = rows.service("Cut")
    anna = rows.master("Anna", cut, telegram_id=111)
    olga = rows.client("Olga", telegram_id=444)
    stamp = dt.datetime(2026, 3, 1, 9, 30, 15)
    booking = dict(number=2001, master=anna, service=cut, client=olga, date=dt.date(2026, 3, 2),
                   start=600, duration=60, price=None, status="pending", source="bot",
                   created_at=stamp, updated_at=stamp, comment="a wish")
    by_peewee = Booking.create(**booking)
    built = prepared.create(Booking, **{**booking, "number": 2002, "start": 720})
    assert built.id not in (None, by_peewee.id) and not built.is_dirty()
    assert built.master.id == anna.id and built.date == dt.date(2026, 3, 2)  # as given
    again = Booking.get_by_id(built.id)
    assert _without_id(again) == {
        **_without_id(Booking.get_by_id(by_peewee.id)), "number": 2002, "start": 720}
    notice = dict(chat_id=111, kind="master_new_booking", booking=built, payload="{}",
                  language="en", created_at=stamp, next_attempt_at=stamp)
    first, second = Outbox.create(**notice), prepared.create(Outbox, **notice)
    assert _without_id(Outbox.get_by_id(second.id)) == _without_id(Outbox.get_by_id(first.id))
    assert Outbox.get_by_id(second.id).status == "pending"  # the model's default filled in
    user = prepared.create(TelegramUser, telegram_id=777, first_name="Ivan", unreachable=False,
                           started_at=stamp)  # a primary key given, not made
    assert user.telegram_id == 777 and TelegramUser.get_by_id(777).first_name == "Ivan"

    assert prepared.update(Outbox, first.id, status="sent", sent_at=stamp, last_error="") == 1
    Outbox.update(status="sent", sent_at=stamp, last_error="").where(Outbox.id == second.id).execute()
    assert _without_id(Outbox.get_by_id(first.id)) == _without_id(Outbox.get_by_id(second.id))
    later = stamp + dt.timedelta(seconds=30)
    assert prepared.update(Outbox, [first.id, second.id, 99_999], next_attempt_at=later) == 2
    assert {o.next_attempt_at for o in Outbox.select()} == {later}
    assert prepared.update(Outbox, [], next_attempt_at=stamp) == 0


def test_the_booking_reads_give_what_peewee_gives(salon, fixed_clock):
    """The reads inside a booking's transaction, built once: the double-tap look-up, the next
    number, the upcoming count, a client's no-shows, a staff member's language, the admins of a
    branch, the outbox's due rows."""
    import datetime as dt

    from mtime_tui.core import settings as settings_mod
    from mtime_tui.core.booking import booking_rules, bookings
    from mtime_tui.core.messaging import notify, outbox
    from mtime_tui.core.people import branches
    from mtime_tui.core.storage.models import Booking, Outbox, TelegramUser

    now = fixed_clock.now()
    cut = rows.service("Cut")
    anna = rows.master("Anna", cut, telegram_id=111)
    olga = rows.client("Olga", telegram_id=444)
    day = now.date() + dt.timedelta(days=4)
    made = bookings.create_booking(service_id=cut.id, client_id=olga.id, day=day, start=600,
                                   master_id=anna.id, source="bot", now=now)
    for master_id in (anna.id, None):
        tapped = bookings._double_tap(olga.id, (cut.id,), master_id, day, 600)
        assert same(tapped, Booking.get_by_id(made.id))
    assert bookings._double_tap(olga.id, (cut.id,), anna.id, day, 660) is None
    assert bookings._next_number() == made.number + 1
    assert same(bookings.booking_by_id(made.id), Booking.get_by_id(made.id))
    assert bookings.booking_by_id(made.id + 1000) is None
    s = settings_mod.load()
    peewee_count = Booking.select().where((Booking.client == olga.id) & (Booking.date >= day)).count()
    assert booking_rules.upcoming_count(olga.id, now=now, settings=s) == peewee_count == 1
    assert booking_rules.upcoming_count(olga.id, now=now + dt.timedelta(days=30), settings=s) == 0
    Booking.update(status="no_show").where(Booking.id == made.id).execute()
    assert notify.booking_payload(Booking.get_by_id(made.id))["no_shows"] == 1
    TelegramUser.create(telegram_id=111, language="en", started_at=now.replace(tzinfo=None))
    assert notify.staff_language(111) == "en" and notify.staff_language(222) == "ru"
    assert branches.admins_of(anna.branch_id) == []
    settings_mod.add_admin(900)
    settings_mod.add_admin(800)
    assert branches.admins_of(anna.branch_id) == [800, 900]
    rows_due = outbox.due(now=now)  # the booking's notices (master, client), claimed once
    assert [r.id for r in rows_due] == [o.id for o in Outbox.select().order_by(Outbox.id)]
    assert len(rows_due) == 2
    claimed = now.replace(tzinfo=None) + dt.timedelta(seconds=outbox.CLAIM_SECONDS)
    assert {o.next_attempt_at for o in Outbox.select()} == {claimed}
    assert outbox.due(now=now) == []
    assert len(outbox.due(now=now + dt.timedelta(seconds=outbox.CLAIM_SECONDS))) == len(rows_due)
