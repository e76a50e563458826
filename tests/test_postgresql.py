"""PostgreSQL as the salon's database: addresses, clear failures, the constraint, lost connections.

Issue 14: `--db postgresql://…` works for every command; any other scheme is refused; a wrong
password, an unreachable server, a missing database or one of another program each get one clear
line and a non-zero exit; the password is never shown or logged; the database itself refuses two
overlapping active bookings of one master, whoever writes them.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading

import psycopg2
import pytest

from mtime_tui import cli
from mtime_tui.core import paths
from mtime_tui.core.booking import bookings
from mtime_tui.core.errors import DatabaseUnavailable, SlotTaken
from mtime_tui.core.people import clients, services
from mtime_tui.core.people import masters as masters_mod
from mtime_tui.core.storage import db, mask_url, parse_target
from mtime_tui.core.storage.models import SOURCE_BOT, SOURCE_MANUAL, Booking, Client
from tests.conftest import TODAY
from tests.pg_cluster import PASSWORD, PASSWORD_ROLE
from tests.pg_fixtures import admin_sql, with_user

TOMORROW = TODAY + dt.timedelta(days=1)


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mtime_tui", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


@pytest.fixture
def owned_url(pg_empty):
    """An empty database owned by the password role, and its URL with the password."""
    name = pg_empty.rsplit("/", 1)[1]
    admin_sql(pg_empty, f"ALTER DATABASE {name} OWNER TO {PASSWORD_ROLE}")
    return with_user(pg_empty, PASSWORD_ROLE, PASSWORD)


def test_peewee_gets_psycopg2_only_when_a_salon_on_a_server_is_opened():
    """A salon's file never loads the driver (issue 17: ~10 ms of the start); the PostgreSQL
    engine hands it to peewee as peewee's own import would have: its adapter's driver check,
    transaction states and psycopg2's UUID adapter."""
    code = (
        "import sys, uuid\n"
        "import mtime_tui.core.storage as storage, peewee\n"
        "assert 'psycopg2' not in sys.modules and peewee.psycopg2 is None\n"
        "storage.SalonPostgres\n"
        "import psycopg2\n"
        "from psycopg2 import extensions\n"
        "assert peewee.psycopg2 is psycopg2 and peewee.pg_extensions is extensions\n"
        "assert peewee.Psycopg2Adapter.txn_idle == extensions.TRANSACTION_STATUS_IDLE\n"
        "peewee.Psycopg2Adapter().check_driver()\n"
        "extensions.adapt(uuid.uuid4())\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == "ok", done.stderr


# --- addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["mysql://u@h/db", "sqlite:///tmp/x.db", "http://example/x",
                                  "file:///tmp/salon.db"])
def test_other_schemes_are_refused_and_nothing_is_created(text, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DatabaseUnavailable) as err:
        parse_target(text)
    assert "Unsupported database address" in err.value.message("en")
    assert cli.main(["--db", text, "demo"]) == 1
    assert list(tmp_path.iterdir()) == []  # no `mysql:/` folder, no file


def test_a_url_without_a_database_name_is_refused():
    with pytest.raises(DatabaseUnavailable, match="names no database"):
        parse_target("postgresql://u:p@127.0.0.1:5432/")


def test_postgres_scheme_is_an_alias_and_paths_stay_files(tmp_path):
    assert parse_target("postgres://u@h:1/db").url == "postgresql://u@h:1/db"
    assert parse_target(str(tmp_path / "a.db")).path == tmp_path / "a.db"
    assert parse_target("C:/salon.db").path is not None  # no "://": a path


def test_passwords_are_masked():
    assert mask_url("postgresql://anna:s3cr%40t@db:5432/salon") == "postgresql://anna:***@db:5432/salon"
    assert mask_url("see postgres://u:p@h/d and more") == "see postgres://u:***@h/d and more"
    assert mask_url("postgresql://u@h/d") == "postgresql://u@h/d"


# --- every command on a server ------------------------------------------------------------------


def test_demo_then_backup_on_postgresql_and_the_password_is_never_shown(owned_url, tmp_path):
    env = {"MTIME_DATA_DIR": str(tmp_path / "data"), "MTIME_LOG_DIR": str(tmp_path / "logs")}
    made = run_cli("--db", owned_url, "demo", env=env)
    assert made.returncode == 0, made.stderr
    assert "***" in made.stdout and PASSWORD not in made.stdout + made.stderr
    copy = run_cli("backup", str(tmp_path / "copies") + "/", env={**env, "MTIME_DB": owned_url})
    assert copy.returncode == 0, copy.stderr
    (dump,) = (tmp_path / "copies").iterdir()
    assert dump.suffix == ".dump" and dump.read_bytes()[:5] == b"PGDMP"
    listing = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True)
    assert "TABLE DATA public booking" in listing.stdout
    log = (tmp_path / "logs" / "mtime-tui.log").read_text()
    assert PASSWORD not in log and "***@" in log


def test_the_tui_opens_on_a_server(owned_url, fixed_clock):
    launch = cli.prepare_tui(cli.build_parser().parse_args(["--db", owned_url]))
    try:
        assert launch.demo is False and launch.path == owned_url
        assert db.db_label() == mask_url(owned_url) and PASSWORD not in db.db_label()
        assert db.db_path() is None
    finally:
        db.close_database()


@pytest.mark.parametrize("case", ["password", "database", "server", "foreign"])
def test_each_failure_is_one_clear_line_and_a_non_zero_exit(case, owned_url, pg_server, tmp_path):
    port = owned_url.rsplit(":", 1)[1].split("/")[0]
    if case == "password":
        url, words = owned_url.replace(f":{PASSWORD}@", ":wrong@"), "wrong user name or password"
    elif case == "database":
        url, words = owned_url.rsplit("/", 1)[0] + "/no_such_salon", "There is no database"
    elif case == "server":
        url, words = owned_url.replace(f":{port}/", ":1/"), "Cannot reach the database server"
    else:
        conn = psycopg2.connect(owned_url)
        with conn, conn.cursor() as cur:
            cur.execute("CREATE TABLE invoice (id int)")
        conn.close()
        url, words = owned_url, "another program's tables"
    done = run_cli("--db", url, "demo", env={"MTIME_DATA_DIR": str(tmp_path / "data"),
                                            "MTIME_LOG_DIR": str(tmp_path / "logs")})
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and words in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "wrong@" not in done.stderr
    assert PASSWORD not in done.stderr
    assert not any(paths.data_dir().glob("*"))  # nothing made beside the user's data


# --- the database refuses overlaps ---------------------------------------------------------------


@pytest.fixture
def pg_shop(pg_url, fixed_clock):
    from mtime_tui.core import settings

    db.open_database(pg_url)
    settings.save(timezone="Europe/Moscow", tui_language="en")
    cut = services.create_service(name="Cut", duration=60, price=1000)
    anna = masters_mod.create_master(telegram_id=5001, name="Anna", shift_start=9, shift_end=18,
                                     interval=30)
    masters_mod.add_master_services(anna.id, [cut.id])
    people = [clients.find_or_create_by_phone(f"+7917000{i:04d}", f"C{i}", "") for i in range(4)]
    yield pg_url, cut, anna, people
    db.close_database()


def test_a_writer_that_bypasses_the_app_is_refused_by_the_constraint(pg_shop):
    url, cut, anna, people = pg_shop
    first = bookings.create_booking(service_id=cut.id, client_id=people[0].id, day=TOMORROW,
                                    start=600, master_id=anna.id, source=SOURCE_MANUAL)
    conn = psycopg2.connect(url)  # another program, no app, no re-check
    try:
        with pytest.raises(psycopg2.errors.ExclusionViolation), conn, conn.cursor() as cur:
            cur.execute(
                "INSERT INTO booking (number, master_id, service_id, client_id, date, start, "
                "duration, status, source, created_at, updated_at) "
                "VALUES (9999, %s, %s, %s, %s, 630, 60, 'pending', 'bot', now(), now())",
                (anna.id, cut.id, people[1].id, TOMORROW),
            )
        with conn, conn.cursor() as cur:  # touching ends, a cancelled one, another day: allowed
            for number, start, status, day in ((9001, 660, "pending", TOMORROW),
                                               (9002, 600, "cancelled", TOMORROW),
                                               (9003, 600, "confirmed", TODAY)):
                cur.execute(
                    "INSERT INTO booking (number, master_id, service_id, client_id, date, start, "
                    "duration, status, source, created_at, updated_at) "
                    "VALUES (%s, %s, %s, %s, %s, %s, 60, %s, 'bot', now(), now())",
                    (number, anna.id, cut.id, people[2].id, day, start, status),
                )
        with pytest.raises(psycopg2.errors.ExclusionViolation), conn, conn.cursor() as cur:
            cur.execute("UPDATE booking SET status = 'pending' WHERE number = 9002")  # re-activate
    finally:
        conn.close()
    assert Booking.get(Booking.number == first.number).status != "cancelled"


def test_a_violation_the_app_did_not_foresee_is_this_time_was_just_taken(pg_shop, monkeypatch):
    """Were the app's re-check ever wrong, the constraint answers with SPEC's words."""
    url, cut, anna, people = pg_shop
    bookings.create_booking(service_id=cut.id, client_id=people[0].id, day=TOMORROW, start=600,
                            master_id=anna.id, source=SOURCE_MANUAL)
    from mtime_tui.core.booking import slots

    monkeypatch.setattr(slots, "day_loads", lambda *a, **k: {})  # a re-check that sees nothing
    with pytest.raises(SlotTaken) as err:
        bookings.create_booking(service_id=cut.id, client_id=people[1].id, day=TOMORROW,
                                start=630, master_id=anna.id, source=SOURCE_BOT)
    assert err.value.message("en") == "This time was just taken. Please choose another one."
    assert Booking.select().count() == 1


def test_a_killed_connection_mid_transaction_loses_nothing_acknowledged(pg_shop):
    """The server ends the app's session in the middle of a write: the half-done write is gone,
    everything acknowledged before stays, and the next call works on a new connection."""
    url, cut, anna, people = pg_shop
    kept = bookings.create_booking(service_id=cut.id, client_id=people[0].id, day=TOMORROW,
                                   start=600, master_id=anna.id, source=SOURCE_MANUAL)
    (pid,) = db.database.execute_sql("SELECT pg_backend_pid()").fetchone()
    with pytest.raises(DatabaseUnavailable, match="connection to the database server was lost"):
        with db.write_transaction():
            Client.create(first_name="Half", phone="+79990000000")
            admin_sql(url, f"SELECT pg_terminate_backend({pid})")
            Client.create(first_name="Done", phone="+79990000001")
    assert Client.select().where(Client.first_name.in_(["Half", "Done"])).count() == 0
    assert Booking.get_by_id(kept.id).number == kept.number
    again = bookings.create_booking(service_id=cut.id, client_id=people[1].id, day=TOMORROW,
                                    start=720, master_id=anna.id, source=SOURCE_MANUAL)
    assert again.number == kept.number + 1


def test_a_killed_idle_connection_is_replaced_silently(pg_shop):
    url, cut, anna, people = pg_shop
    (pid,) = db.database.execute_sql("SELECT pg_backend_pid()").fetchone()
    admin_sql(url, f"SELECT pg_terminate_backend({pid})")
    assert Client.select().count() == 4  # a read outside a transaction: retried once


def test_threads_racing_on_a_server_leave_one_booking(pg_shop):
    url, cut, anna, people = pg_shop
    barrier = threading.Barrier(len(people))
    outcomes = []

    def race(client: Client) -> None:
        barrier.wait(10)
        try:
            bookings.create_booking(service_id=cut.id, client_id=client.id, day=TOMORROW,
                                    start=600, master_id=anna.id, source=SOURCE_BOT)
            outcomes.append("ok")
        except SlotTaken:
            outcomes.append("taken")
        finally:
            db.database.close()

    threads = [threading.Thread(target=race, args=(c,)) for c in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["ok"] + ["taken"] * (len(people) - 1)
