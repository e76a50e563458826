"""The salon's tables (peewee). Fields and meanings follow SPEC.md.

Times of day are stored as whole minutes after midnight (`start`), in the salon's wall-clock time;
dates are plain dates in the salon's time zone. Timestamps (`created_at`, `updated_at`) are UTC.
The live schema is the latest migration; `migrations.py` brings older files up to it.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from . import Target, engine_for, update_file


class SalonProxy(DatabaseProxy):
    """peewee's proxy, whose `atomic()` is the engine's own: peewee's builds the block around the
    proxy, past the engine's, so a nested block that ended with an exception kept its after-commit
    callbacks (core/storage/commit_hooks.py)."""

    def atomic(self, *args, **kwargs):
        return self.obj.atomic(*args, **kwargs)


# One process-wide database handle; `db.open_database` points it at the salon's engine (an
# SQLite file or a PostgreSQL server: core/storage/). Peewee keeps one connection per thread,
# so the TUI thread, the bot thread and test threads never share one.
database = SalonProxy()
database.initialize(engine_for(Target()))  # SQLite, not yet open: as before any --db


def utcnow() -> dt.datetime:
    """Naive UTC timestamp (SQLite has no time zones; every stored timestamp is UTC)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class SchemaVersion(BaseModel):
    """One row: the version of the schema this file has been migrated to."""

    version = IntegerField()


class Setting(BaseModel):
    key = CharField(primary_key=True)
    value = TextField()


class Admin(BaseModel):
    """A Telegram user who may act as admin in the bot (SPEC "People")."""

    telegram_id = BigIntegerField(primary_key=True)
    name = CharField(default="")


DEFAULT_BRANCH = 1  # the branch every salon has (migration 12): a single-branch salon's only one


class Branch(BaseModel):
    """One salon of a chain (docs/BRANCHES.md): its own masters, services and working time;
    clients are shared. A field left empty is the salon's own (Settings): the default branch
    starts so, which keeps a single-branch salon exactly as it was."""

    name = CharField(default="")
    address = TextField(default="")
    phone = CharField(default="")
    timezone = CharField(default="")  # IANA name; "" = the salon's time zone
    position = IntegerField(default=0)  # the order clients and the TUI list the branches in
    created_at = DateTimeField(default=utcnow)


class AdminBranch(BaseModel):
    """An admin limited to some branches; an admin with no rows here may see every branch."""

    admin = BigIntegerField()  # Admin.telegram_id
    branch = ForeignKeyField(Branch, backref="admins", on_delete="CASCADE")

    class Meta:
        indexes = ((("admin", "branch"), True),)


class TelegramUser(BaseModel):
    """Everyone who has pressed /start: masters must, before notifications can reach them."""

    telegram_id = BigIntegerField(primary_key=True)
    first_name = CharField(default="")
    last_name = CharField(default="")
    username = CharField(null=True)
    language = CharField(default="en")
    started_at = DateTimeField(default=utcnow)
    unreachable = BooleanField(default=False)  # Telegram answered 403 (blocked the bot)
    branch = ForeignKeyField(Branch, null=True, on_delete="SET NULL")  # the client's last branch


class Service(BaseModel):
    name = CharField()
    description = TextField(default="")
    price = IntegerField(null=True)  # whole currency units, >= 0; None = not shown
    duration = IntegerField()  # minutes, 5..720, includes the technical break
    active = BooleanField(default=True, index=True)
    created_at = DateTimeField(default=utcnow)
    branch = ForeignKeyField(Branch, default=DEFAULT_BRANCH, backref="services",
                             on_delete="RESTRICT")


class Master(BaseModel):
    telegram_id = BigIntegerField(unique=True)
    name = CharField()
    photo = CharField(null=True)  # path to an image file
    about = TextField(default="")
    interval = IntegerField()  # minutes 5..240
    # Working time (SPEC "Working time"): the weekly pattern (WorkHours rows of kind "week") or
    # a cycle of `cycle_on` working days and `cycle_off` days off from `cycle_anchor` (rows of
    # kind "cycle", one per working day of the cycle).
    schedule = CharField(default="week")  # "week" | "cycle"
    cycle_on = IntegerField(null=True)
    cycle_off = IntegerField(null=True)
    cycle_anchor = DateField(null=True)
    active = BooleanField(default=True, index=True)
    created_at = DateTimeField(default=utcnow)
    branch = ForeignKeyField(Branch, default=DEFAULT_BRANCH, backref="masters",
                             on_delete="RESTRICT")


class MasterService(BaseModel):
    master = ForeignKeyField(Master, backref="service_links", on_delete="CASCADE")
    service = ForeignKeyField(Service, backref="master_links", on_delete="CASCADE")

    class Meta:
        indexes = ((("master", "service"), True),)


class Client(BaseModel):
    telegram_id = BigIntegerField(null=True, unique=True)
    phone = CharField(null=True, unique=True)  # E.164, e.g. +79123456789
    first_name = CharField(default="")
    last_name = CharField(default="")
    language = CharField(default="ru")
    blocked = BooleanField(default=False)
    block_reason = TextField(default="")
    notes = TextField(default="")
    created_at = DateTimeField(default=utcnow)
    broadcasts_off = BooleanField(default=False)  # opted out of broadcasts (/stop, Unsubscribe)
    broadcasts_off_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("last_name", "first_name"), False), (("first_name",), False))

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


# Booking statuses (SPEC "Bookings"). Every status but cancelled holds the master's time.
PENDING = "pending"
CONFIRMED = "confirmed"
COMPLETED = "completed"
NO_SHOW = "no_show"
CANCELLED = "cancelled"
STATUSES = (PENDING, CONFIRMED, COMPLETED, NO_SHOW, CANCELLED)
ACTIVE_STATUSES = (PENDING, CONFIRMED, COMPLETED, NO_SHOW)

# Where a booking came from.
SOURCE_BOT = "bot"
SOURCE_MANUAL = "manual"
SOURCE_MASTER = "master"

# Who cancelled.
BY_CLIENT = "client"
BY_SALON = "salon"


class Booking(BaseModel):
    """A visit (SPEC "Bookings (visits)"): one master, one client, one time, one or more services.

    The services, in the order chosen, are `VisitService` rows. The booking keeps the visit's
    first service and its totals (`duration`, `price`: the sums of the rows) so that the slot
    engine and every list read one row per visit, as they did when a visit had one service;
    `core.booking.visits` writes the rows and the totals together.
    """

    number = IntegerField(unique=True)  # human-facing, sequential from 1001
    master = ForeignKeyField(Master, backref="bookings", on_delete="RESTRICT")
    service = ForeignKeyField(Service, backref="bookings", on_delete="RESTRICT")  # the first one
    client = ForeignKeyField(Client, backref="bookings", on_delete="RESTRICT")
    date = DateField()  # salon wall-clock date
    start = IntegerField()  # minutes after midnight, salon wall-clock
    duration = IntegerField()  # minutes: the sum of the services' durations as booked
    price = IntegerField(null=True)  # the sum of the known prices as booked; None if none is
    status = CharField(default=PENDING)
    source = CharField(default=SOURCE_BOT)
    cancelled_by = CharField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    comment = TextField(default="")  # the client's wish for the master (issue 16), as typed

    class Meta:
        indexes = (
            (("master", "date"), False),
            (("date", "start"), False),
            (("status", "date"), False),
            (("client", "date"), False),
        )

    @property
    def end(self) -> int:
        return self.start + self.duration

    @property
    def is_active(self) -> bool:
        return self.status != CANCELLED


# Statistics' passes (core/reports/statistics_passes.py, migrations 13 and 14): each reads its
# columns from an index alone, in the index's order — by status, by master and date, and a
# client's dates (the master in each, for one branch's figures).
Booking.add_index(Booking.index(Booking.status, Booking.date, Booking.source, Booking.cancelled_by,
                                Booking.price, Booking.duration, Booking.service, Booking.master,
                                Booking.client, name="booking_figures_by_status"))
Booking.add_index(Booking.index(Booking.master, Booking.date, Booking.status, Booking.price,
                                Booking.duration, name="booking_figures_by_master"))
Booking.add_index(Booking.index(Booking.client, Booking.date, Booking.status, Booking.master,
                                name="booking_clients_by_date"))


class VisitService(BaseModel):
    """One service of a visit, in the order chosen, with its duration and price as booked."""

    booking = ForeignKeyField(Booking, backref="visit_services", on_delete="CASCADE")
    position = IntegerField()  # 0, 1, 2 … in the order chosen
    service = ForeignKeyField(Service, backref="visit_services", on_delete="RESTRICT")
    duration = IntegerField()  # minutes, as at booking time
    price = IntegerField(null=True)  # as at booking time

    class Meta:
        indexes = ((("booking", "position"), True),)


# Statistics by service read a visit's services from this index alone (migration 14).
VisitService.add_index(VisitService.index(VisitService.booking, VisitService.position,
                                          VisitService.service, VisitService.price,
                                          VisitService.duration, name="visit_service_figures"))


class Break(BaseModel):
    """One slot of a master's time on a date, taken out of booking (SPEC "Breaks and days off")."""

    master = ForeignKeyField(Master, backref="breaks", on_delete="CASCADE")
    date = DateField()
    start = IntegerField()  # minutes after midnight
    duration = IntegerField()  # the master's interval when the break was added

    class Meta:
        indexes = ((("master", "date", "start"), True),)


class DayOff(BaseModel):
    master = ForeignKeyField(Master, backref="days_off", on_delete="CASCADE")
    date = DateField()

    class Meta:
        indexes = ((("master", "date"), True),)


class WorkHours(BaseModel):
    """Hours of one day of a master's plan: a weekday (0 = Monday) of the weekly pattern, or a
    working day (0 = the anchor's) of the cycle. No row: the master is off that day."""

    master = ForeignKeyField(Master, backref="work_hours", on_delete="CASCADE")
    kind = CharField()  # "week" | "cycle"
    day = IntegerField()
    start = IntegerField()  # minutes after midnight: the day's first start
    last_start = IntegerField()  # minutes, inclusive: the last time a client can start

    class Meta:
        indexes = ((("master", "kind", "day"), True),)


class RecurringBreak(BaseModel):
    """A break that repeats on chosen weekdays (e.g. lunch 13:00–14:00 Monday to Friday)."""

    master = ForeignKeyField(Master, backref="recurring_breaks", on_delete="CASCADE")
    start = IntegerField()  # minutes after midnight
    duration = IntegerField()  # minutes, any length
    weekdays = IntegerField()  # bit 0 = Monday … bit 6 = Sunday


class Vacation(BaseModel):
    """A range of dates the master does not work (both ends included)."""

    master = ForeignKeyField(Master, backref="vacations", on_delete="CASCADE")
    first = DateField()
    last = DateField()

    class Meta:
        indexes = ((("master", "first"), False),)


class DateException(BaseModel):
    """Other hours on one date, or an extra working day: wins over vacations, days off and the
    pattern or cycle."""

    master = ForeignKeyField(Master, backref="date_exceptions", on_delete="CASCADE")
    date = DateField()
    start = IntegerField()
    last_start = IntegerField()

    class Meta:
        indexes = ((("master", "date"), True),)


# Outbox delivery states.
OUT_PENDING = "pending"
OUT_SENT = "sent"
OUT_FAILED = "failed"  # gave up after the retry budget
OUT_UNREACHABLE = "unreachable"  # Telegram said 403: the user blocked the bot or never started it
OUT_HELD = "held"  # a paused broadcast's row: waits until the broadcast is resumed
OUT_CANCELLED = "cancelled"  # a cancelled broadcast's row: never sent
OUT_SKIPPED = "skipped"  # a broadcast's row whose client opted out or was blocked before it went


class Broadcast(BaseModel):
    """A message to an audience of clients (issue 16, core.messaging.broadcasts)."""

    text = TextField()
    audience = TextField(default="{}")  # JSON: broadcasts.Audience
    status = CharField(default="draft")
    total = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)
    scheduled_at = DateTimeField(null=True)  # UTC; None: at once
    started_at = DateTimeField(null=True)
    finished_at = DateTimeField(null=True)
    # A chain's branch: to its clients, listed on its seats (None: to every client; migration 15)
    branch = ForeignKeyField(Branch, null=True, backref="broadcasts", on_delete="RESTRICT")


class Outbox(BaseModel):
    """A notification waiting for the bot thread. Written in the same transaction as its cause."""

    chat_id = BigIntegerField()
    kind = CharField()  # e.g. "master_new_booking", "client_confirmed", "reminder"
    booking = ForeignKeyField(Booking, null=True, backref="notifications", on_delete="CASCADE")
    payload = TextField(default="{}")  # JSON with whatever the text needs beyond the booking
    language = CharField(default="ru")
    dedup_key = CharField(null=True, unique=True)  # e.g. "reminder:24:1001" — sent once
    status = CharField(default=OUT_PENDING)
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(default=utcnow)
    last_error = TextField(default="")
    created_at = DateTimeField(default=utcnow)
    sent_at = DateTimeField(null=True)
    broadcast = ForeignKeyField(Broadcast, null=True, backref="rows", on_delete="CASCADE")

    class Meta:
        indexes = ((("status", "next_attempt_at"), False),)


class Invitation(BaseModel):
    """A single-use, expiring deep link that binds a Telegram user to a (phone-only) client."""

    token = CharField(unique=True)  # the `start` parameter of t.me/<bot>?start=<token>
    client = ForeignKeyField(Client, backref="invitations", on_delete="CASCADE")
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)
    used_by = BigIntegerField(null=True)  # the Telegram user who pressed Start with it


# Who wrote a chat message.
FROM_CLIENT = "in"
FROM_SALON = "out"


class ChatMessage(BaseModel):
    """One message of a client's conversation with the salon (issue 16): the client's through
    the bot, the salon's replies from the TUI, an admin or a master on Telegram."""

    client = ForeignKeyField(Client, backref="chat_messages", on_delete="CASCADE")
    direction = CharField()  # FROM_CLIENT / FROM_SALON
    text = TextField(default="")
    photo = CharField(null=True)  # Telegram's file_id of a photo the client sent
    author = BigIntegerField(null=True)  # the staff member's Telegram ID; None: the TUI or client
    master = ForeignKeyField(Master, null=True, backref="chat_messages", on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    read_at = DateTimeField(null=True)  # a client's message the salon has seen

    class Meta:
        indexes = ((("client", "created_at"), False), (("direction", "read_at"), False))


class WaitlistEntry(BaseModel):
    """A client waiting for time to free up on a full date (issue 16, core.booking.waitlist)."""

    client = ForeignKeyField(Client, backref="waitlist", on_delete="CASCADE")
    services = CharField()  # the visit's service ids in order, "3.12"
    master = ForeignKeyField(Master, null=True, backref="waitlist", on_delete="CASCADE")
    date = DateField()
    created_at = DateTimeField(default=utcnow)  # the place in the queue
    offered = TextField(default="")  # starts already offered to this client, "600,660"
    ended_at = DateTimeField(null=True)
    booking = ForeignKeyField(Booking, null=True, on_delete="SET NULL")

    class Meta:
        indexes = ((("date", "ended_at"), False),)


class TelegramUpdate(BaseModel):
    """An update the bot fetched from Telegram, kept from the moment its offset is confirmed
    until it is handled (SPEC "Data safety": a fetched press is answered even after a crash).
    `payload` is the update's JSON as Telegram sent it; `done_at` is set once it was handled.
    On SQLite it lives in a file of its own beside the salon's (`update_file`): its commits leave
    the salon file and its readers' caches alone."""

    update_id = BigIntegerField(primary_key=True)
    payload = TextField()
    fetched_at = DateTimeField(default=utcnow)
    done_at = DateTimeField(null=True, index=True)

    class Meta:
        database = update_file.database


ALL_MODELS = [
    SchemaVersion,
    Setting,
    Admin,
    Branch,
    AdminBranch,
    TelegramUser,
    Service,
    Master,
    MasterService,
    Client,
    Booking,
    VisitService,
    Break,
    DayOff,
    Broadcast,
    WorkHours,
    RecurringBreak,
    Vacation,
    DateException,
    Outbox,
    Invitation,
    ChatMessage,
    WaitlistEntry,
    TelegramUpdate,
]
