"""Broadcasts of a branch in the database (docs/BRANCHES.md): the branch column of migration 15,
filled from the audience of the broadcasts already there, a branch's list filtered in SQL, and
a single-branch salon that sees no branch — on both engines."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from mtime_tui.core.errors import NotFound
from mtime_tui.core.messaging import broadcasts
from mtime_tui.core.people import branch_changes, branches
from mtime_tui.core.storage import db, migrations
from mtime_tui.core.storage.models import DEFAULT_BRANCH, Broadcast, database
from tests import salon_rows as rows
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.both_engines

STAMP = FIXED_NOW.replace(tzinfo=None)


def _insert_v14_broadcast(text: str, audience: dict) -> None:
    p = database.param
    database.execute_sql(
        f"INSERT INTO broadcast (text, audience, status, total, created_at) "
        f"VALUES ({p}, {p}, 'done', 0, {p})", (text, json.dumps(audience), STAMP))


@pytest.fixture
def empty_place(engine, tmp_path, request):
    """Where a salon with no schema yet lives: a new file, or an empty database on the server."""
    if engine == "postgresql":
        return request.getfixturevalue("pg_empty")
    return tmp_path / "salon.db"


def test_migration_15_gives_each_broadcast_the_branch_its_audience_names(
        engine, empty_place, fixed_clock, monkeypatch):
    db_path = empty_place
    monkeypatch.setattr(migrations, "LATEST", 14)
    db.open_database(db_path)
    try:
        assert migrations.current_version() == 14
        p = database.param
        database.execute_sql(
            "INSERT INTO branch (name, address, phone, timezone, position, created_at) "
            f"VALUES ('East', '', '', 'Asia/Vladivostok', 1, {p})", (STAMP,))
        (east,) = [bid for (bid,) in database.execute_sql(
            "SELECT id FROM branch WHERE name = 'East'").fetchall()]
        _insert_v14_broadcast("To all", {"kind": "all"})
        _insert_v14_broadcast("To East", {"kind": "all", "branch": east})
        _insert_v14_broadcast("Main lapsed", {"kind": "lapsed", "days": 30, "branch": 1})
        _insert_v14_broadcast("Gone branch", {"kind": "all", "branch": 99})
    finally:
        db.close_database()
    monkeypatch.setattr(migrations, "LATEST", max(migrations.STEPS))
    db.open_database(db_path)
    try:
        assert migrations.current_version() == 15
        got = {b.text: b.branch_id for b in Broadcast.select()}
        assert got == {"To all": None, "To East": east, "Main lapsed": DEFAULT_BRANCH,
                       "Gone branch": DEFAULT_BRANCH}
        assert [b.text for b in broadcasts.listing(branch=east)] == ["To East", "To all"]
        assert [b.text for b in broadcasts.listing(branch=DEFAULT_BRANCH)] == [
            "Gone branch", "Main lapsed", "To all"]
        assert len(broadcasts.listing()) == 4
    finally:
        db.close_database()


def test_a_branch_s_broadcasts_are_its_own_in_the_database(salon, fixed_clock):
    east = branches.add_branch("East", timezone="Asia/Vladivostok")
    to_east = broadcasts.create("East news", broadcasts.Audience(branch=east.id))
    fixed_clock.advance(seconds=1)
    to_main = broadcasts.create("Main news", broadcasts.Audience(branch=DEFAULT_BRANCH))
    assert (Broadcast.get_by_id(to_east.id).branch_id,
            Broadcast.get_by_id(to_main.id).branch_id) == (east.id, DEFAULT_BRANCH)
    assert [b.id for b in broadcasts.listing(branch=east.id)] == [to_east.id]
    assert [b.id for b in broadcasts.listing(branch=DEFAULT_BRANCH)] == [to_main.id]
    assert [b.id for b in broadcasts.listing()] == [to_main.id, to_east.id]
    # The list is a query: the branch's latest however many the others sent since (the filter
    # over the latest 1,000 lost East's broadcast behind 1,001 of the main branch's).
    Broadcast.insert_many(
        [{"text": f"m{n}", "audience": json.dumps({"kind": "all", "branch": 1}),
          "branch": DEFAULT_BRANCH, "created_at": STAMP + dt.timedelta(minutes=n + 1)}
         for n in range(1001)]).execute()
    assert [b.id for b in broadcasts.listing(branch=east.id)] == [to_east.id]
    assert len(broadcasts.listing(branch=DEFAULT_BRANCH)) == 50
    with pytest.raises(NotFound):  # a branch deleted meanwhile
        broadcasts.create("Lost", broadcasts.Audience(branch=999))


def test_a_branch_s_scheduled_time_is_on_its_clock(salon, fixed_clock):
    east = branches.add_branch("East", timezone="Asia/Vladivostok")
    at = dt.datetime(2026, 11, 23, 20, 0)  # 20:00 wall-clock time of the audience's branch
    far = broadcasts.create("Tonight", broadcasts.Audience(branch=east.id), at=at)
    home = broadcasts.create("Tonight", broadcasts.Audience(), at=at)
    assert far.scheduled_at == dt.datetime(2026, 11, 23, 10, 0)  # UTC+10
    assert home.scheduled_at == dt.datetime(2026, 11, 23, 17, 0)  # Moscow, UTC+3


def test_a_deleted_branch_s_broadcasts_stay_in_the_main_branch(salon):
    east = branches.add_branch("East")
    sent = broadcasts.create("East news", broadcasts.Audience(branch=east.id))
    branch_changes.delete_branch(east.id)
    assert Broadcast.get_by_id(sent.id).branch_id == DEFAULT_BRANCH
    assert not branches.is_chain()
    assert [b.id for b in broadcasts.listing()] == [sent.id]  # a single salon: every one


def test_a_single_branch_salon_s_broadcasts_name_no_branch(salon):
    rows.client("Mira", telegram_id=801)
    sent = broadcasts.create("Hello {first_name}", broadcasts.Audience())
    assert Broadcast.get_by_id(sent.id).branch_id is None
    assert json.loads(Broadcast.get_by_id(sent.id).audience) == {"kind": "all"}
    assert broadcasts.start(sent.id) == 1
    assert [b.id for b in broadcasts.listing()] == [sent.id]


def test_a_broadcast_goes_to_its_branch_s_clients(salon):
    from mtime_tui.core.storage.models import Outbox

    east = branches.add_branch("East")
    rows.client("Mira", telegram_id=811)
    rows.telegram_user(811)
    branches.remember_branch(811, east.id)
    rows.client("Oleg", telegram_id=812)
    sent = broadcasts.create("East news", broadcasts.Audience(branch=east.id))
    assert broadcasts.start(sent.id) == 1
    assert [r.chat_id for r in Outbox.select().where(Outbox.broadcast == sent.id)] == [811]
