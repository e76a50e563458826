"""Every figure of core.reports.statistics against the hand-counted salon of fixture_salon.py."""

from __future__ import annotations

import datetime as dt

import pytest

from mtime_tui.core.errors import ValidationError
from mtime_tui.core.reports import statistics as st
from mtime_tui.core.reports.periods import (
    LAST_MONTH,
    MONTH,
    TODAY,
    WEEK,
    Period,
    custom,
    parse_date,
    period_for,
)
from mtime_tui.core.storage.models import CANCELLED, COMPLETED, CONFIRMED, NO_SHOW, PENDING
from tests.reports import fixture_salon
from tests.reports.fixture_salon import NOV

pytestmark = pytest.mark.both_engines

PAST_WEEK = Period(NOV(16), NOV(22))
THIS_WEEK = Period(NOV(23), NOV(29))
ANNA_DAY = 13 * 60  # 09:00 … 21:00 by 60: 13 slots
BORIS_DAY = 17 * 30  # 10:00 … 18:00 by 30: 17 slots


@pytest.fixture
def shop(salon):
    s = fixture_salon.build()
    # The price of a cut rises after every booking above was made: figures keep booked prices.
    s.cut.price = 9999
    s.cut.save()
    return s


def test_periods_around_monday_23_november():
    today = NOV(23)
    assert period_for(TODAY, today) == Period(today, today)
    assert period_for(WEEK, today) == Period(NOV(23), NOV(29))
    assert period_for(MONTH, today) == Period(NOV(1), NOV(30))
    assert period_for(LAST_MONTH, today) == Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert period_for(LAST_MONTH, dt.date(2026, 1, 5)).first == dt.date(2025, 12, 1)
    assert Period(NOV(16), NOV(22)).previous() == Period(NOV(9), NOV(15))
    assert Period(NOV(23), NOV(23)).previous() == Period(NOV(22), NOV(22))
    assert custom(None, None, today) == Period(NOV(1), NOV(30))
    assert custom(NOV(10), None, today) == Period(NOV(10), today)
    assert custom(None, NOV(10), today) == Period(NOV(1), NOV(10))
    assert parse_date("23.11.2026") == parse_date("2026-11-23") == today
    with pytest.raises(ValidationError):
        parse_date("tomorrow")
    with pytest.raises(ValidationError):
        Period(NOV(2), NOV(1))


def test_the_past_week_by_status_source_and_money(shop):
    s = st.summary(PAST_WEEK)
    assert s.bookings == 8
    assert s.by_status == {PENDING: 1, CONFIRMED: 0, COMPLETED: 4, NO_SHOW: 1, CANCELLED: 2}
    assert s.by_source == {"bot": 5, "manual": 2, "master": 1}
    assert s.revenue == 1500 + 3000 + 1200  # the consult has no price; 1 200 as booked
    assert s.priced_completed == 3
    assert s.average_check == 1900
    assert (s.expected_revenue, s.expected_visits) == (0, 0)  # all in the past
    assert s.awaiting_outcome == 1  # Maria's pending visit of the 21st
    assert s.no_show_rate == pytest.approx(1 / 5)
    assert s.cancellation_rate == pytest.approx(2 / 8)
    assert s.client_cancellation_rate == pytest.approx(1 / 8)
    assert s.salon_cancellation_rate == pytest.approx(1 / 8)


def test_the_past_week_clients_and_occupancy(shop):
    s = st.summary(PAST_WEEK)
    # Olga (came on the 10th: returning), Ivan (only a cancelled booking before: new), Petr, Maria.
    assert (s.clients, s.new_clients, s.returning_clients) == (4, 3, 1)
    assert s.booked_minutes == 60 + 120 + 30 + 60 + 60 + 60  # cancelled ones hold no time
    # Anna: 7 days less a one-hour break; Boris: 6 days (a day off on the 22nd).
    assert s.working_minutes == 7 * ANNA_DAY - 60 + 6 * BORIS_DAY
    assert s.occupancy == pytest.approx(390 / 8460)


def test_this_week_expected_revenue_counts_only_what_is_ahead(shop):
    s = st.summary(THIS_WEEK)
    assert s.bookings == 5
    # 11:00 today (3 000), the 25th (1 500), the 26th (no price); 09:00 today has started.
    assert (s.expected_visits, s.expected_revenue) == (3, 4500)
    assert s.awaiting_outcome == 1
    assert s.revenue == 0 and s.average_check is None and s.no_show_rate is None


def test_an_empty_period_is_zeros_and_no_rates(shop):
    s = st.summary(Period(dt.date(2027, 1, 1), dt.date(2027, 1, 31)))
    assert s.bookings == s.revenue == s.clients == s.booked_minutes == 0
    assert s.average_check is s.no_show_rate is s.cancellation_rate is None
    assert s.working_minutes == 31 * (ANNA_DAY + BORIS_DAY)
    assert s.occupancy == 0


def test_the_comparison_with_the_week_before(shop):
    r = st.report(PAST_WEEK)
    assert r.previous.period == Period(NOV(9), NOV(15))
    assert (r.previous.bookings, r.previous.revenue, r.previous.new_clients) == (2, 1500, 1)
    assert r.change("revenue") == pytest.approx(280.0)  # 1 500 → 5 700
    assert r.change("bookings") == pytest.approx(300.0)  # 2 → 8
    assert r.change("average_check") == pytest.approx((1900 - 1500) / 1500 * 100)
    empty = st.report(Period(dt.date(2027, 1, 1), dt.date(2027, 1, 7)))
    assert empty.change("revenue") is None  # nothing to compare with


def test_by_master(shop):
    anna, boris = st.by_master(PAST_WEEK)
    assert anna.name == "Anna" and boris.name == "Boris"
    assert (anna.bookings, anna.active, anna.completed, anna.no_shows, anna.cancelled) == (
        5, 4, 2, 1, 1)
    assert (anna.revenue, anna.booked_minutes, anna.working_minutes) == (4500, 300, 7 * ANNA_DAY - 60)
    assert (boris.bookings, boris.active, boris.completed, boris.cancelled) == (3, 2, 2, 1)
    assert (boris.revenue, boris.booked_minutes, boris.working_minutes) == (1200, 90, 6 * BORIS_DAY)
    assert anna.no_show_rate == pytest.approx(1 / 3)
    assert boris.occupancy == pytest.approx(90 / (6 * BORIS_DAY))


def test_by_service(shop):
    colour, cut, consult = st.by_service(PAST_WEEK)
    assert (colour.name, colour.bookings, colour.completed, colour.revenue) == ("Colour", 2, 1, 3000)
    assert (cut.name, cut.bookings, cut.active, cut.completed, cut.revenue) == ("Cut", 5, 4, 2, 2700)
    assert (consult.name, consult.bookings, consult.revenue) == ("Consult", 1, 0)


def test_day_series_of_the_salon_and_of_each_master(shop):
    r = st.report(PAST_WEEK)
    assert [(d.date.day, d.bookings, d.revenue) for d in r.days] == [
        (16, 2, 4500), (17, 1, 0), (18, 1, 0), (19, 0, 0), (20, 1, 1200), (21, 1, 0), (22, 0, 0)]
    boris = r.master_days[shop.boris.id]
    assert [(d.bookings, d.revenue) for d in boris] == [
        (0, 0), (1, 0), (0, 0), (0, 0), (1, 1200), (0, 0), (0, 0)]
    assert st.days(PAST_WEEK, shop.boris.id) == boris


def test_change_in_per_cent():
    assert st.change(150, 100) == 50
    assert st.change(50, 100) == -50
    assert st.change(5, 0) is None and st.change(None, 3) is None


@pytest.mark.parametrize("short_days", [0, 1000])
def test_both_plans_for_clients_count_the_same(shop, monkeypatch, short_days):
    monkeypatch.setattr(st, "SHORT_PERIOD_DAYS", short_days)
    s = st.summary(PAST_WEEK)
    assert (s.clients, s.new_clients) == (4, 3)
    prev = st.summary(PAST_WEEK.previous())
    assert (prev.clients, prev.new_clients) == (1, 1)  # Olga's first visit; Ivan's was cancelled
    month = st.summary(Period(NOV(1), NOV(30)))
    assert (month.clients, month.new_clients) == (4, 4)


def test_every_service_of_a_visit_counts_once_with_its_own_price(shop):
    """A visit of a cut (1 500 as booked) and a colour (3 000) on 2 November, completed."""
    from mtime_tui.core.booking import visits

    booking = fixture_salon.visit(shop.anna, shop.cut, shop.olga, NOV(2), 10, COMPLETED)
    visits.write_lines(booking, [visits.Line(0, shop.cut.id, "Cut", 60, 1500),
                                 visits.Line(1, shop.colour.id, "Colour", 120, 3000)])
    booking.save()
    day = Period(NOV(2), NOV(2))
    s = st.summary(day)
    assert (s.bookings, s.revenue, s.booked_minutes, s.average_check) == (1, 4500, 180, 4500)
    rows = {r.name: r for r in st.by_service(day)}
    assert (rows["Cut"].bookings, rows["Cut"].revenue, rows["Cut"].booked_minutes) == (1, 1500, 60)
    assert (rows["Colour"].bookings, rows["Colour"].revenue, rows["Colour"].booked_minutes) == (
        1, 3000, 120)
    (anna,) = [r for r in st.by_master(day) if r.active]
    assert (anna.name, anna.bookings, anna.revenue) == ("Anna", 1, 4500)
