"""Callback data: round trips, the 64-byte limit, and strict refusal of anything else."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtime_tui.bot.telegram import callbacks as cb

ids = st.integers(min_value=1, max_value=cb.MAX_ID)
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2999, 12, 31))
times = st.integers(min_value=0, max_value=24 * 60 - 1)


@given(ids, st.one_of(st.none(), ids), days, times)
def test_a_time_button_round_trips_within_64_bytes(service, master, day, start):
    data = cb.encode(cb.TIME_PICK, service, master, day, start)
    assert len(data.encode()) <= 64
    decoded = cb.decode(data)
    assert decoded == cb.Callback(cb.TIME_PICK, ((service,), master, day, start))


# Ids of a salon with up to a million services and masters (a set of five fits; MAX_ID ones not).
salon_ids = st.integers(min_value=1, max_value=999_999)


@given(st.lists(salon_ids, min_size=1, max_size=5, unique=True), st.one_of(st.none(), salon_ids),
       days, times)
def test_a_visit_of_up_to_five_services_round_trips_within_64_bytes(services, master, day, start):
    for name, values in ((cb.CONFIRM, (master, day, start)), (cb.TIMES_PAGE, (master, day, 99)),
                         (cb.TICK_PAGE, (99,))):
        data = cb.encode(name, tuple(services), *values)
        assert len(data.encode()) <= 64
        assert cb.decode(data) == cb.Callback(name, (tuple(services), *values))


def test_a_set_keeps_its_order_and_an_old_single_service_button_reads_the_same():
    assert cb.encode(cb.CONFIRM, (12, 3), None, dt.date(2026, 11, 23), 570) == \
        "bk:ok:12.3:0:20261123:0930"
    assert cb.decode("bk:ok:12.3:0:20261123:0930").values[0] == (12, 3)
    # A keyboard sent before visits ("bk:m:<service id>:<master>") means that one service still.
    assert cb.decode("bk:m:12:0").values == ((12,), None)
    assert cb.encode(cb.MASTER, 12, None) == cb.encode(cb.MASTER, (12,), None) == "bk:m:12:0"


@pytest.mark.parametrize("data", [
    "bk:m:3.3:0",  # a service twice
    "bk:m:1.2.3.4.5.6:0",  # more than a visit holds
    "bk:m:3.:0", "bk:m:.3:0", "bk:m:3..4:0", "bk:m:03.4:0", "bk:m:3.0:0", "bk:m:3,4:0",
    "bk:x:", "bk:v:3.-4",
])
def test_malformed_sets_are_refused(data):
    assert cb.decode(data) is None


def test_a_set_that_cannot_be_decoded_back_is_never_encoded():
    for bad in ((), (3, 3), (1, 2, 3, 4, 5, 6), (0,)):
        with pytest.raises(cb.CallbackError):
            cb.encode(cb.VISIT, bad)


def test_the_example_from_the_style_guide():
    data = cb.encode(cb.TIME_PICK, 3, 12, dt.date(2026, 11, 23), 9 * 60 + 30)
    assert data == "bk:t:3:12:20261123:0930"
    assert cb.encode(cb.MASTER, 3, None) == "bk:m:3:0"
    assert cb.decode("bk:m:3:0").values == ((3,), None)
    assert cb.encode(cb.MASTER_CONFIRM, 1001) == "m:c:1001"


@given(st.text(max_size=80))
def test_random_text_never_raises(text):
    decoded = cb.decode(text)
    if decoded is not None:  # then it is exactly what encode would produce
        assert cb.encode(decoded.action, *decoded.values) == text


@given(st.binary(max_size=80))
def test_random_bytes_are_refused(raw):
    assert cb.decode(raw) is None


@pytest.mark.parametrize(
    "data",
    [
        "",
        "bk:t",
        "bk:t:3:12:20261123",  # a field short
        "bk:t:3:12:20261123:0930:1",  # a field too many
        "bk:t:3:12:20261131:0930",  # 31 November
        "bk:t:3:12:20261123:2400",  # 24:00
        "bk:t:3:12:20261123:0960",
        "bk:t:-3:12:20261123:0930",
        "bk:t:03:12:20261123:0930",  # leading zero: not what encode makes
        "bk:t:0:12:20261123:0930",  # service 0
        "bk:t:3:12:2026-11-23:0930",
        "bk:t:3:99999999999:20261123:0930",  # beyond any id
        "bk:t:3:12:20261123:09３0",  # a non-ASCII digit
        "my:c:abc",
        "my:c:",
        "zz:q:1",
        "bk:s:1 ",
        "bk:s:1\n",
        "x" * 65,
    ],
)
def test_malformed_data_is_refused(data):
    assert cb.decode(data) is None


def test_matches_builds_a_pattern_per_action():
    pattern = cb.matches(cb.SERVICE)
    assert pattern("bk:s:5")
    assert not pattern("bk:s:x")
    assert not pattern("bk:m:5:0")
    assert not pattern(None)


def test_encoding_refuses_what_could_not_be_decoded():
    with pytest.raises(cb.CallbackError):
        cb.encode(cb.SERVICE, 0)
    with pytest.raises(cb.CallbackError):
        cb.encode(cb.SERVICE, "5")
    with pytest.raises(cb.CallbackError):
        cb.encode(cb.TIME_PICK, 1, 1, dt.date(2026, 1, 1), 24 * 60)
    with pytest.raises(cb.CallbackError):
        cb.encode("nope", 1)


def test_an_action_cannot_change_its_fields():
    assert cb.action("bk:s", cb.ID) == "bk:s"  # the same declaration again is fine
    with pytest.raises(cb.CallbackError):
        cb.action("bk:s", cb.NUM, cb.DAY)
