"""Versioned schema migrations (SPEC "Data safety": an older database opens and upgrades).

Version 1 is a frozen copy of the first schema's DDL — not `create_tables` of today's models,
which will have moved on: the SQLite text below, and on PostgreSQL its frozen translation
(core/storage/postgresql_v1.py, which also holds the no-overlap constraint). Each later version
changes the schema by one step with peewee's `playhouse.migrate`, through the engine's own
migrator (`database.migrator()`), so one list serves both engines; `database.after_step(v)` adds
what an engine needs beyond it. Raw SQL takes its placeholders from `database.param`.
Before an existing database is upgraded, a snapshot goes into its backups folder. A database
written by a newer mtime-tui, or one that is not a salon, is refused untouched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from peewee import SQL, CharField, DateField, ForeignKeyField, IntegerField, Model, TextField

from ..errors import DatabaseUnavailable
from .models import database

log = logging.getLogger(__name__)


def migrate(*operations) -> None:
    """playhouse's `migrate`, imported by the first upgrade: a salon already at LATEST (every
    start but the first after an update) never needs playhouse.migrate (~7 ms)."""
    from playhouse.migrate import migrate as run

    run(*operations)

# The first schema, exactly as it shipped. Never edit: add a version instead.
V1_SCHEMA = """
CREATE TABLE "admin" ("telegram_id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL);
CREATE TABLE "master" ("id" INTEGER NOT NULL PRIMARY KEY, "telegram_id" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, "photo" VARCHAR(255), "about" TEXT NOT NULL, "shift_start" INTEGER NOT NULL, "shift_end" INTEGER NOT NULL, "interval" INTEGER NOT NULL, "active" INTEGER NOT NULL, "created_at" DATETIME NOT NULL);
CREATE UNIQUE INDEX "master_telegram_id" ON "master" ("telegram_id");
CREATE INDEX "master_active" ON "master" ("active");
CREATE TABLE "service" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "description" TEXT NOT NULL, "price" INTEGER, "duration" INTEGER NOT NULL, "active" INTEGER NOT NULL, "created_at" DATETIME NOT NULL);
CREATE INDEX "service_active" ON "service" ("active");
CREATE TABLE "client" ("id" INTEGER NOT NULL PRIMARY KEY, "telegram_id" INTEGER, "phone" VARCHAR(255), "first_name" VARCHAR(255) NOT NULL, "last_name" VARCHAR(255) NOT NULL, "language" VARCHAR(255) NOT NULL, "blocked" INTEGER NOT NULL, "block_reason" TEXT NOT NULL, "notes" TEXT NOT NULL, "created_at" DATETIME NOT NULL);
CREATE UNIQUE INDEX "client_telegram_id" ON "client" ("telegram_id");
CREATE UNIQUE INDEX "client_phone" ON "client" ("phone");
CREATE INDEX "client_last_name_first_name" ON "client" ("last_name", "first_name");
CREATE INDEX "client_first_name" ON "client" ("first_name");
CREATE TABLE "booking" ("id" INTEGER NOT NULL PRIMARY KEY, "number" INTEGER NOT NULL, "master_id" INTEGER NOT NULL, "service_id" INTEGER NOT NULL, "client_id" INTEGER NOT NULL, "date" DATE NOT NULL, "start" INTEGER NOT NULL, "duration" INTEGER NOT NULL, "price" INTEGER, "status" VARCHAR(255) NOT NULL, "source" VARCHAR(255) NOT NULL, "cancelled_by" VARCHAR(255), "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, FOREIGN KEY ("master_id") REFERENCES "master" ("id") ON DELETE RESTRICT, FOREIGN KEY ("service_id") REFERENCES "service" ("id") ON DELETE RESTRICT, FOREIGN KEY ("client_id") REFERENCES "client" ("id") ON DELETE RESTRICT);
CREATE UNIQUE INDEX "booking_number" ON "booking" ("number");
CREATE INDEX "booking_master_id" ON "booking" ("master_id");
CREATE INDEX "booking_service_id" ON "booking" ("service_id");
CREATE INDEX "booking_client_id" ON "booking" ("client_id");
CREATE INDEX "booking_master_id_date" ON "booking" ("master_id", "date");
CREATE INDEX "booking_date_start" ON "booking" ("date", "start");
CREATE INDEX "booking_status_date" ON "booking" ("status", "date");
CREATE INDEX "booking_client_id_date" ON "booking" ("client_id", "date");
CREATE TABLE "break" ("id" INTEGER NOT NULL PRIMARY KEY, "master_id" INTEGER NOT NULL, "date" DATE NOT NULL, "start" INTEGER NOT NULL, "duration" INTEGER NOT NULL, FOREIGN KEY ("master_id") REFERENCES "master" ("id") ON DELETE CASCADE);
CREATE INDEX "break_master_id" ON "break" ("master_id");
CREATE UNIQUE INDEX "break_master_id_date_start" ON "break" ("master_id", "date", "start");
CREATE TABLE "day_off" ("id" INTEGER NOT NULL PRIMARY KEY, "master_id" INTEGER NOT NULL, "date" DATE NOT NULL, FOREIGN KEY ("master_id") REFERENCES "master" ("id") ON DELETE CASCADE);
CREATE INDEX "day_off_master_id" ON "day_off" ("master_id");
CREATE UNIQUE INDEX "day_off_master_id_date" ON "day_off" ("master_id", "date");
CREATE TABLE "master_service" ("id" INTEGER NOT NULL PRIMARY KEY, "master_id" INTEGER NOT NULL, "service_id" INTEGER NOT NULL, FOREIGN KEY ("master_id") REFERENCES "master" ("id") ON DELETE CASCADE, FOREIGN KEY ("service_id") REFERENCES "service" ("id") ON DELETE CASCADE);
CREATE INDEX "master_service_master_id" ON "master_service" ("master_id");
CREATE INDEX "master_service_service_id" ON "master_service" ("service_id");
CREATE UNIQUE INDEX "master_service_master_id_service_id" ON "master_service" ("master_id", "service_id");
CREATE TABLE "outbox" ("id" INTEGER NOT NULL PRIMARY KEY, "chat_id" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "booking_id" INTEGER, "payload" TEXT NOT NULL, "language" VARCHAR(255) NOT NULL, "dedup_key" VARCHAR(255), "status" VARCHAR(255) NOT NULL, "attempts" INTEGER NOT NULL, "next_attempt_at" DATETIME NOT NULL, "last_error" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "sent_at" DATETIME, FOREIGN KEY ("booking_id") REFERENCES "booking" ("id") ON DELETE CASCADE);
CREATE INDEX "outbox_booking_id" ON "outbox" ("booking_id");
CREATE UNIQUE INDEX "outbox_dedup_key" ON "outbox" ("dedup_key");
CREATE INDEX "outbox_status_next_attempt_at" ON "outbox" ("status", "next_attempt_at");
CREATE TABLE "schema_version" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL);
CREATE TABLE "setting" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL);
CREATE TABLE "telegram_user" ("telegram_id" INTEGER NOT NULL PRIMARY KEY, "first_name" VARCHAR(255) NOT NULL, "last_name" VARCHAR(255) NOT NULL, "username" VARCHAR(255), "language" VARCHAR(255) NOT NULL, "started_at" DATETIME NOT NULL, "unreachable" INTEGER NOT NULL);
"""


def _v1() -> None:
    for statement in database.v1_statements(V1_SCHEMA):
        database.execute_sql(statement)


def _fold(text: str) -> str:
    # A frozen copy of clients.fold as it was when version 2 shipped.
    return " ".join(text.casefold().replace("ё", "е").split())


def _v2() -> None:
    """Client name search in any alphabet: folded "first last" and "last first", indexed.

    SQLite's lower() and LIKE fold ASCII only, so "иван" would not find "Иван" otherwise.
    """
    migrator = database.migrator()
    column = CharField(default="", constraints=[SQL("DEFAULT ''")])
    migrate(
        migrator.add_column("client", "search_name", column, allow_not_null=True),
        migrator.add_column("client", "search_name_rev", column, allow_not_null=True),
        migrator.add_index("client", ("search_name",), False),
        migrator.add_index("client", ("search_name_rev",), False),
    )
    rows = database.execute_sql("SELECT id, first_name, last_name FROM client").fetchall()
    mark = database.param
    database.cursor().executemany(
        f"UPDATE client SET search_name = {mark}, search_name_rev = {mark} WHERE id = {mark}",
        [(_fold(f"{first} {last}"), _fold(f"{last} {first}"), cid) for cid, first, last in rows],
    )


def _v3() -> None:
    """Invitations (issue 16): one table, created from a frozen copy of its model so both
    engines get their own DDL."""
    from peewee import BigIntegerField, DateTimeField, ForeignKeyField, Model

    class _Client(Model):
        class Meta:
            database = database
            table_name = "client"

    class Invitation(Model):  # index names come from the class name: keep it
        token = CharField(unique=True)
        client = ForeignKeyField(_Client, on_delete="CASCADE")
        created_at = DateTimeField()
        expires_at = DateTimeField()
        used_at = DateTimeField(null=True)
        used_by = BigIntegerField(null=True)

        class Meta:
            database = database
            table_name = "invitation"

    database.create_tables([Invitation])


def _v4() -> None:
    """Visits of several services (issue 13): a `visit_service` row per service of a booking.

    Every existing booking becomes a one-service visit: its service, duration and price as booked,
    at position 0; the booking keeps them as the visit's first service and totals. The table is
    created from a frozen model (peewee writes each engine's own DDL) and filled with one
    portable INSERT … SELECT.
    """

    class _Frozen(Model):
        class Meta:
            database = database
            legacy_table_names = False

    class _Booking(_Frozen):
        class Meta:
            table_name = "booking"

    class _Service(_Frozen):
        class Meta:
            table_name = "service"

    class _VisitService(_Frozen):
        booking = ForeignKeyField(_Booking, on_delete="CASCADE")
        position = IntegerField()
        service = ForeignKeyField(_Service, on_delete="RESTRICT")
        duration = IntegerField()
        price = IntegerField(null=True)

        class Meta:
            table_name = "visit_service"
            indexes = ((("booking", "position"), True),)

    database.create_tables([_VisitService], safe=False)
    database.execute_sql(
        'INSERT INTO "visit_service" ("booking_id", "position", "service_id", "duration", "price") '
        'SELECT "id", 0, "service_id", "duration", "price" FROM "booking"'
    )


def _v5() -> None:
    """Conversations with clients (issue 16): one table, from a frozen copy of its model."""
    from peewee import BigIntegerField, DateTimeField, ForeignKeyField, Model, TextField

    class _Client(Model):
        class Meta:
            database = database
            table_name = "client"

    class _Master(Model):
        class Meta:
            database = database
            table_name = "master"

    class ChatMessage(Model):  # index names come from the class name: keep it
        client = ForeignKeyField(_Client, on_delete="CASCADE")
        direction = CharField()
        text = TextField()
        photo = CharField(null=True)
        author = BigIntegerField(null=True)
        master = ForeignKeyField(_Master, null=True, on_delete="SET NULL")
        created_at = DateTimeField()
        read_at = DateTimeField(null=True)

        class Meta:
            database = database
            table_name = "chat_message"
            legacy_table_names = False
            indexes = ((("client", "created_at"), False), (("direction", "read_at"), False))

    database.create_tables([ChatMessage])


def _v6() -> None:
    """Statistics' clients (new and returning, issue 15): each client's active dates read from one
    index, without a row read per booking (core/reports/statistics.py). Plain SQL both engines speak."""
    database.execute_sql(
        'CREATE INDEX IF NOT EXISTS "booking_client_id_date_status" '
        'ON "booking" ("client_id", "date", "status")'
    )


def _v7() -> None:
    """Broadcasts (issue 16): their table, each outbox row's broadcast, clients' opt-out."""
    from peewee import BooleanField, DateTimeField, IntegerField, Model, TextField

    class Broadcast(Model):  # index names come from the class name: keep it
        text = TextField()
        audience = TextField()
        status = CharField()
        total = IntegerField()
        created_at = DateTimeField()
        scheduled_at = DateTimeField(null=True)
        started_at = DateTimeField(null=True)
        finished_at = DateTimeField(null=True)

        class Meta:
            database = database
            table_name = "broadcast"
            legacy_table_names = False

    database.create_tables([Broadcast])
    migrator = database.migrator()  # the engine's own (core/storage/)
    migrate(
        # FALSE, not 0: SQLite stores it as 0 all the same; PostgreSQL's boolean needs the word.
        migrator.add_column("client", "broadcasts_off",
                            BooleanField(constraints=[SQL("DEFAULT FALSE")]), allow_not_null=True),
        migrator.add_column("client", "broadcasts_off_at", DateTimeField(null=True)),
        # A plain column: SQLite cannot add a column with a foreign key to a table in use;
        # broadcasts are never deleted, so nothing would cascade anyway.
        migrator.add_column("outbox", "broadcast_id", IntegerField(null=True)),
        migrator.add_index("outbox", ("broadcast_id",), False),
    )


class _V8Base(Model):
    class Meta:
        database = database
        legacy_table_names = False


class _V8Master(_V8Base):
    """The master table as v8's new tables refer to it (never created here)."""

    class Meta:
        table_name = "master"


class _V8WorkHours(_V8Base):
    master = ForeignKeyField(_V8Master, on_delete="CASCADE")
    kind = CharField()
    day = IntegerField()
    start = IntegerField()
    last_start = IntegerField()

    class Meta:
        table_name = "work_hours"
        indexes = ((("master", "kind", "day"), True),)


class _V8RecurringBreak(_V8Base):
    master = ForeignKeyField(_V8Master, on_delete="CASCADE")
    start = IntegerField()
    duration = IntegerField()
    weekdays = IntegerField()

    class Meta:
        table_name = "recurring_break"


class _V8Vacation(_V8Base):
    master = ForeignKeyField(_V8Master, on_delete="CASCADE")
    first = DateField()
    last = DateField()

    class Meta:
        table_name = "vacation"
        indexes = ((("master", "first"), False),)


class _V8DateException(_V8Base):
    master = ForeignKeyField(_V8Master, on_delete="CASCADE")
    date = DateField()
    start = IntegerField()
    last_start = IntegerField()

    class Meta:
        table_name = "date_exception"
        indexes = ((("master", "date"), True),)


def _v8() -> None:
    """Working time as salons plan it: weekly hours with minutes or a cycle, recurring breaks,
    vacations, one-date exceptions. Each master's single shift (whole hours, every day) becomes
    the same hours on every weekday; breaks, days off and bookings are not touched.

    The new tables are frozen copies of the models as v8 shipped, created by peewee (so the DDL
    suits the engine); the rest is playhouse.migrate and plain SQL.
    """
    database.create_tables(
        [_V8WorkHours, _V8RecurringBreak, _V8Vacation, _V8DateException], safe=False
    )
    migrator = database.migrator()
    migrate(
        migrator.add_column(
            "master", "schedule",
            CharField(default="week", constraints=[SQL("DEFAULT 'week'")]),
            allow_not_null=True,
        ),
        migrator.add_column("master", "cycle_on", IntegerField(null=True)),
        migrator.add_column("master", "cycle_off", IntegerField(null=True)),
        migrator.add_column("master", "cycle_anchor", DateField(null=True)),
    )
    shifts = database.execute_sql("SELECT id, shift_start, shift_end FROM master").fetchall()
    database.cursor().executemany(
        "INSERT INTO work_hours (master_id, kind, day, start, last_start) VALUES "
        f"({', '.join([database.param] * 5)})",
        [(mid, "week", day, start * 60, end * 60) for mid, start, end in shifts for day in range(7)],
    )
    migrate(
        migrator.drop_column("master", "shift_start"),
        migrator.drop_column("master", "shift_end"),
    )


def _v9() -> None:
    """Booking comments (issue 16): the client's optional wish for the master."""
    migrator = database.migrator()  # the engine's own (core/storage/)
    migrate(migrator.add_column("booking", "comment",
                                TextField(default="", constraints=[SQL("DEFAULT ''")]),
                                allow_not_null=True))


def _v10() -> None:
    """The waitlist for full days (issue 16): one table, from a frozen copy of its model."""
    from peewee import DateField, DateTimeField, ForeignKeyField, Model

    class _Frozen(Model):
        class Meta:
            database = database
            legacy_table_names = False

    class _Client(_Frozen):
        class Meta:
            table_name = "client"

    class _Master(_Frozen):
        class Meta:
            table_name = "master"

    class _Booking(_Frozen):
        class Meta:
            table_name = "booking"

    class WaitlistEntry(_Frozen):  # index names come from the class name: keep it
        client = ForeignKeyField(_Client, on_delete="CASCADE")
        services = CharField()
        master = ForeignKeyField(_Master, null=True, on_delete="CASCADE")
        date = DateField()
        created_at = DateTimeField()
        offered = TextField()
        ended_at = DateTimeField(null=True)
        booking = ForeignKeyField(_Booking, null=True, on_delete="SET NULL")

        class Meta:
            table_name = "waitlist_entry"
            indexes = ((("date", "ended_at"), False),)

    database.create_tables([WaitlistEntry])


def _v11() -> None:
    """The bot's fetched updates, kept until handled (core.messaging.update_store, issue 10), created from
    a frozen copy of its model (each engine its own DDL)."""
    from peewee import BigIntegerField, DateTimeField, Model, TextField

    class TelegramUpdate(Model):  # index names come from the class name: keep it
        update_id = BigIntegerField(primary_key=True)
        payload = TextField()
        fetched_at = DateTimeField()
        done_at = DateTimeField(null=True, index=True)

        class Meta:
            database = database
            legacy_table_names = False  # table and index names as models.py makes them

    database.create_tables([TelegramUpdate], safe=False)


def _v12() -> None:
    """A chain of salons (issue 14, docs/BRANCHES.md): the branch table with the one default
    branch (id 1, every field empty: the salon's own settings), every master and service in it,
    the client's last branch and admins limited to branches. Frozen copies of the models as v12
    shipped, created by peewee (each engine its own DDL); the columns (each indexed, as a
    foreign key) by playhouse.migrate."""
    from peewee import BigIntegerField, DateTimeField

    class _Frozen(Model):
        class Meta:
            database = database
            legacy_table_names = False

    class Branch(_Frozen):  # index names come from the class name: keep it
        name = CharField()
        address = TextField()
        phone = CharField()
        timezone = CharField()
        position = IntegerField()
        created_at = DateTimeField()

    class AdminBranch(_Frozen):
        admin = BigIntegerField()
        branch = ForeignKeyField(Branch, on_delete="CASCADE")

        class Meta:
            indexes = ((("admin", "branch"), True),)

    database.create_tables([Branch, AdminBranch], safe=False)
    database.execute_sql(
        "INSERT INTO branch (name, address, phone, timezone, position, created_at) VALUES "
        f"('', '', '', '', 0, {database.param})", (_utcnow(),)
    )  # a new table: the row is id 1 on both engines (and a PostgreSQL sequence stays right)
    migrator = database.migrator()
    migrate(
        migrator.add_column("master", "branch_id",
                            ForeignKeyField(Branch, null=True, field=Branch.id,
                                            on_delete="RESTRICT")),
        migrator.add_column("service", "branch_id",
                            ForeignKeyField(Branch, null=True, field=Branch.id,
                                            on_delete="RESTRICT")),
        migrator.add_column("telegram_user", "branch_id",
                            ForeignKeyField(Branch, null=True, field=Branch.id,
                                            on_delete="SET NULL")),
    )
    database.execute_sql("UPDATE master SET branch_id = 1")
    database.execute_sql("UPDATE service SET branch_id = 1")


def _utcnow():
    import datetime as dt

    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _v13() -> None:
    """Statistics' passes (issue 15's benchmark, core/reports/statistics_passes.py): two covering
    indexes, so a period's figures by status and by master and date — of the chain or of one
    branch — are read from an index range in its own order, never the table. Plain SQL both
    engines speak."""
    database.execute_sql(
        'CREATE INDEX IF NOT EXISTS "booking_figures_by_status" ON "booking" ("status", "date", '
        '"source", "cancelled_by", "price", "duration", "service_id", "master_id")'
    )
    database.execute_sql(
        'CREATE INDEX IF NOT EXISTS "booking_figures_by_master" ON "booking" ("master_id", "date", '
        '"status", "price", "duration")'
    )


def _v14() -> None:
    """A year's statistics (issue 15's benchmark, core/reports/statistics_passes.py): the client
    joins the status index (a month's clients read from its ranges), the master joins the
    clients' (client, date, status) index of migration 6 — replaced, a prefix of the new one — so
    a branch's clients are read from it too, and each visit's services are read from an index of
    their own. Plain SQL both engines speak."""
    database.execute_sql('DROP INDEX IF EXISTS "booking_figures_by_status"')
    database.execute_sql(
        'CREATE INDEX "booking_figures_by_status" ON "booking" ("status", "date", "source", '
        '"cancelled_by", "price", "duration", "service_id", "master_id", "client_id")'
    )
    database.execute_sql(
        'CREATE INDEX IF NOT EXISTS "booking_clients_by_date" ON "booking" ("client_id", "date", '
        '"status", "master_id")'
    )
    database.execute_sql('DROP INDEX IF EXISTS "booking_client_id_date_status"')
    database.execute_sql(
        'CREATE INDEX IF NOT EXISTS "visit_service_figures" ON "visit_service" ("booking_id", '
        '"position", "service_id", "price", "duration")'
    )


def _v15() -> None:
    """Broadcasts of a branch (issue 14, docs/BRANCHES.md): the broadcast's branch as a column
    (a foreign key, indexed; NULL: to every client), so a branch's list is filtered in SQL. Each
    existing broadcast takes the branch its audience (JSON) names; one naming a branch deleted
    since goes to the main branch, as a deleted branch's services do."""
    import json

    class Branch(Model):  # a frozen stand-in: only its id is referenced
        class Meta:
            database = database
            table_name = "branch"

    migrator = database.migrator()
    migrate(migrator.add_column("broadcast", "branch_id",
                                ForeignKeyField(Branch, null=True, field=Branch.id,
                                                on_delete="RESTRICT")))
    known = {bid for (bid,) in database.execute_sql("SELECT id FROM branch")}
    by_branch: dict[int, list[int]] = {}
    for bid, audience in database.execute_sql("SELECT id, audience FROM broadcast").fetchall():
        try:
            branch = json.loads(audience or "{}").get("branch")
        except (ValueError, AttributeError):
            branch = None
        if isinstance(branch, int):
            by_branch.setdefault(branch if branch in known else 1, []).append(bid)
    for branch, ids in by_branch.items():
        for at in range(0, len(ids), 500):
            chunk = ids[at:at + 500]
            marks = ", ".join([database.param] * len(chunk))
            database.execute_sql(
                f"UPDATE broadcast SET branch_id = {database.param} WHERE id IN ({marks})",
                (branch, *chunk))


STEPS: dict[int, Callable[[], None]] = {
    1: _v1, 2: _v2, 3: _v3, 4: _v4, 5: _v5, 6: _v6, 7: _v7, 8: _v8, 9: _v9, 10: _v10, 11: _v11,
    12: _v12, 13: _v13, 14: _v14, 15: _v15,
}
LATEST = max(STEPS)


def current_version() -> int:
    """The database's schema version; 0 for one without (new, or not a salon at all)."""
    if "schema_version" not in database.table_names():
        return 0
    row = database.execute_sql("SELECT max(version) FROM schema_version").fetchone()
    return row[0] or 0


def _has_tables() -> bool:
    return bool(database.table_names())


def _check(found: int, path: Path | str) -> None:
    if found > LATEST:
        raise DatabaseUnavailable(
            "The database {path} was made by a newer mtime-tui (schema {found}, this one knows "
            "{latest}): update mtime-tui",
            path=str(path),
            found=found,
            latest=LATEST,
        )
    if found == 0 and _has_tables():
        raise database.not_a_salon()


def upgrade(path: Path | str) -> int:
    """Bring the open database up to LATEST; returns the version it had (0: a new file)."""
    found = current_version()
    _check(found, path)
    if found == LATEST:
        return found
    with database.upgrade_turn():  # PostgreSQL: a rival's upgrade ends before our snapshot
        found = current_version()
        _check(found, path)
        if found == LATEST:
            return found
        if found > 0:
            from .backup import upgrade_snapshot

            snapshot = upgrade_snapshot(found, LATEST)
            log.info("Upgrading %s from schema %s to %s; snapshot in %s", path, found, LATEST,
                     snapshot)
        with database.migration_transaction():
            found = current_version()  # another process may have upgraded it meanwhile
            _check(found, path)
            for version in range(found + 1, LATEST + 1):
                STEPS[version]()
                database.after_step(version)
                database.execute_sql("DELETE FROM schema_version")
                database.execute_sql(
                    f"INSERT INTO schema_version (version) VALUES ({database.param})", (version,)
                )
    return found
