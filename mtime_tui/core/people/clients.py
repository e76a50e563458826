"""Clients: found by phone or Telegram ID, searched, blocked, with their history (SPEC "Clients").

Name search is a prefix search that ignores case in every alphabet. SQLite's LIKE and lower()
only fold ASCII, so each client row carries two folded copies of the name ("first last" and
"last first", columns added by migration 2) with indexes; a prefix becomes a range scan.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from peewee import SQL, fn

from ..booking.visits import attach_lines
from ..errors import NotFound, ValidationError
from ..storage import prepared
from ..storage.db import write_transaction
from ..storage.models import (
    CANCELLED,
    COMPLETED,
    NO_SHOW,
    Booking,
    ChatMessage,
    Client,
    Master,
    Service,
    database,
)
from ..storage.prepared import Prepared
from .fields import clean_name, clean_text, normal_name, sanitize_name
from .phones import parse_phone, phone_digits

NAME_LIMIT = 100
NOTES_LIMIT = 2000
REASON_LIMIT = 500
EDITABLE = ("first_name", "last_name", "phone", "notes", "language")
_PHONE_LIKE = re.compile(r"^\+?[\d\s().\-]*\d[\d\s().\-]*$")
_TOP = "\U0010ffff"  # sorts after every character: the upper end of a prefix range


def fold(text: str) -> str:
    """Text as search compares it: a normal name (`fields.normal_name`: "\u200bИван" is
    "Иван"), case-folded, ё as е, single spaces."""
    return " ".join(normal_name(text).casefold().replace("ё", "е").split())


def _search_keys(first: str, last: str) -> tuple[str, str]:
    return fold(f"{first} {last}"), fold(f"{last} {first}")


def _set_search_keys() -> str:
    mark = database.param  # the engine's placeholder
    return f"UPDATE client SET search_name = {mark}, search_name_rev = {mark} WHERE id = {mark}"


def reindex_names(client_id: int | None = None) -> None:
    """Refresh the folded name columns of one client (or all: after a migration or a bulk load)."""
    query = Client.select(Client.id, Client.first_name, Client.last_name)
    if client_id is not None:
        query = query.where(Client.id == client_id)
    rows = [(*_search_keys(c.first_name, c.last_name), c.id) for c in query]
    with database.atomic():
        database.cursor().executemany(_set_search_keys(), rows)


def validate_name(text: object, field: str = "first_name", *, required: bool = False) -> str:
    """A first or last name: a normal name (`fields.clean_name`), at most 100 characters."""
    return clean_name(text, field, limit=NAME_LIMIT, required=required)


def split_full_name(text: object) -> tuple[str, str]:
    """"Ivan Petrov" as typed in one line → (first, last), each checked by `validate_name`; the
    first word is the first name, the rest the last name (which may be empty)."""
    parts = str(text or "").split(maxsplit=1)
    first = validate_name(parts[0] if parts else "", "first_name", required=True)
    return first, validate_name(parts[1] if len(parts) > 1 else "", "last_name")


def _region() -> str:
    from ..settings import load

    return load(with_env=False).phone_region


def get_client(client_id: int) -> Client:
    client = Client.get_or_none(Client.id == client_id)
    if client is None:
        raise NotFound("Client not found")
    return client


def find_by_phone(e164: str) -> Client | None:
    return _CLIENT_BY_PHONE.first(e164)


_CLIENT_BY_PHONE = Prepared(lambda e164: Client.select().where(Client.phone == e164).limit(1), 1)


def find_or_create_by_phone(phone: str, first_name: object = "", last_name: object = "") -> Client:
    """The client with this phone (typed in any accepted form), or a new one with these names.

    An existing client keeps their names; empty ones are filled in from what was typed.
    """
    e164 = parse_phone(phone, _region())
    first = validate_name(first_name, "first_name")
    last = validate_name(last_name, "last_name")
    with write_transaction():
        client = find_by_phone(e164)
        if client is None:
            if not first:
                raise ValidationError("The first name is required", field="first_name")
            client = Client.create(phone=e164, first_name=first, last_name=last)
        elif (first and not client.first_name) or (last and not client.last_name):
            client.first_name = client.first_name or first
            client.last_name = client.last_name or last
            client.save()
        reindex_names(client.id)
    return client


def telegram_client(
    telegram_id: int, *, first_name: str = "", last_name: str = "", language: str = "ru"
) -> Client:
    """The client behind a Telegram user: created on first contact; the language follows Telegram.

    Names come from Telegram and are cleaned, never refused; an existing name (maybe typed by
    the admin) is kept.
    """
    with write_transaction():
        client = Client.get_or_none(Client.telegram_id == telegram_id)
        if client is None:
            client = Client.create(
                telegram_id=telegram_id,
                first_name=sanitize_name(first_name),
                last_name=sanitize_name(last_name),
                language=language,
            )
            reindex_names(client.id)
        elif client.language != language:
            client.language = language
            client.save()
    return client


def client_by_telegram(telegram_id: int) -> Client | None:
    """The client behind a Telegram user, if any (the bot asks on every press of a booking: its
    SQL is built once, `prepared`)."""
    return _CLIENT_BY_TELEGRAM.first(telegram_id)


_CLIENT_BY_TELEGRAM = Prepared(
    lambda telegram_id: Client.select().where(Client.telegram_id == telegram_id).limit(1), 1)


def telegram_client_with_phone(
    telegram_id: int, phone: str, *, first_name: str = "", last_name: str = "",
    language: str = "ru", region: str | None = None,
) -> Client:
    """`telegram_client` then `set_phone`, in one transaction: what the bot does when a user
    shares their number. A first-time user whose number nobody holds (the usual case) becomes
    one new row with the phone in it; everything else (an existing client, a phone-only client
    to merge with, a number someone else holds) goes the two functions' way, same rules.
    `region`: the salon's phone region when the caller has just read the settings."""
    e164 = parse_phone(phone, region or _region())
    with write_transaction():
        if client_by_telegram(telegram_id) is None and find_by_phone(e164) is None:
            first, last = sanitize_name(first_name), sanitize_name(last_name)
            client = prepared.create(Client, telegram_id=telegram_id, first_name=first,
                                     last_name=last, language=language, phone=e164)
            database.execute_sql(_set_search_keys(), (*_search_keys(first, last), client.id))
            return client
        client = telegram_client(telegram_id, first_name=first_name, last_name=last_name,
                                 language=language)
        return set_phone(client.id, e164)


def set_phone(client_id: int, phone: str) -> Client:
    """Give a client a phone. If a phone-only client already has it, the two become one.

    SPEC: the Telegram client "becomes that client": the phone-only row survives (with the
    admin's names and notes), takes the Telegram ID and the Telegram client's bookings, and the
    Telegram row goes — all in one transaction. Returns the surviving client.
    """
    e164 = parse_phone(phone, _region())
    with write_transaction():
        client = get_client(client_id)
        holder = find_by_phone(e164)
        if holder is None or holder.id == client.id:
            client.phone = e164
            client.save()
            return client
        if holder.telegram_id is not None or client.phone is not None or client.telegram_id is None:
            raise ValidationError(
                "This phone number already belongs to another client: {name}",
                field="phone",
                name=holder.full_name or e164,
            )
        return merge_into(holder, client)


def merge_into(keeper: Client, leaving: Client) -> Client:
    """`leaving` (a Telegram client) becomes `keeper` (a phone-only one): its bookings, Telegram
    ID and language move over and its row goes. Call inside a write transaction."""
    Booking.update(client=keeper.id).where(Booking.client == leaving.id).execute()
    ChatMessage.update(client=keeper.id).where(ChatMessage.client == leaving.id).execute()
    telegram_id = leaving.telegram_id
    keeper.first_name = keeper.first_name or leaving.first_name
    keeper.last_name = keeper.last_name or leaving.last_name
    keeper.language = leaving.language
    if leaving.blocked and not keeper.blocked:
        keeper.blocked, keeper.block_reason = True, leaving.block_reason
    keeper.notes = "\n".join(n for n in (keeper.notes, leaving.notes) if n)
    leaving.delete_instance()
    keeper.telegram_id = telegram_id
    keeper.save()
    reindex_names(keeper.id)
    return keeper


def update_client(client_id: int, **fields: object) -> Client:
    """Edit a client from the TUI. A phone another client holds is refused (no silent merge)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not a client field: {', '.join(sorted(unknown))}")
    clean: dict = {}
    for name in ("first_name", "last_name"):
        if name in fields:
            clean[name] = validate_name(fields[name], name)
    if "notes" in fields:
        clean["notes"] = clean_text(fields["notes"], "notes", limit=NOTES_LIMIT, multiline=True)
    if "language" in fields:
        if fields["language"] not in ("ru", "en"):
            raise ValidationError("The language must be ru or en", field="language")
        clean["language"] = fields["language"]
    if "phone" in fields:
        raw = fields["phone"]
        clean["phone"] = parse_phone(raw, _region()) if str(raw or "").strip() else None
    with write_transaction():
        client = get_client(client_id)
        if clean.get("phone"):
            holder = find_by_phone(clean["phone"])
            if holder is not None and holder.id != client.id:
                raise ValidationError(
                    "This phone number already belongs to another client: {name}",
                    field="phone",
                    name=holder.full_name or clean["phone"],
                )
        for name, value in clean.items():
            setattr(client, name, value)
        if not (client.first_name or client.last_name or client.phone or client.telegram_id):
            raise ValidationError("The first name is required", field="first_name")
        client.save()
        reindex_names(client.id)
    return client


def block_client(client_id: int, reason: object = "") -> Client:
    """A blocked client cannot book (the bot tells them politely); their bookings stay."""
    text = clean_text(reason, "reason", limit=REASON_LIMIT, multiline=True)
    client = get_client(client_id)
    client.blocked, client.block_reason = True, text
    client.save()
    return client


def unblock_client(client_id: int) -> Client:
    client = get_client(client_id)
    client.blocked, client.block_reason = False, ""
    client.save()
    return client


def _search_query(text: str):
    """Clients matching `text`: phone digits or a Telegram ID when it is digits, else a name prefix."""
    query = Client.select()
    text = text.strip()
    if not text:
        return query
    if _PHONE_LIKE.match(text):
        digits = phone_digits(text)
        condition = fn.instr(Client.phone, digits) > 0  # instr: no LIKE pattern, and faster
        if digits.startswith("8") and len(digits) > 1:
            condition |= Client.phone.startswith("+7" + digits[1:])
        if len(digits) >= 10:
            try:  # a whole number: the unique index finds it at once
                condition = Client.phone == parse_phone(text, _region())
            except ValidationError:
                pass
        if text.isascii() and text.isdigit() and len(text) <= 15:
            condition |= Client.telegram_id == int(text)
        return query.where(condition)
    key = fold(text)
    forward = SQL("search_name")
    backward = SQL("search_name_rev")
    return query.where(
        ((forward >= key) & (forward < key + _TOP)) | ((backward >= key) & (backward < key + _TOP))
    )


def search_clients(text: str = "", limit: int = 100, offset: int = 0) -> list[Client]:
    """A page of clients matching `text` (phone digits in any format, name prefix, Telegram ID)."""
    # A phone fragment is found by scanning the clients; ordering it by the name index would make
    # SQLite walk that whole index row by row (27 ms on 50,000 clients), so sort the few matches
    # instead ("+" keeps the index out of the ORDER BY).
    phone_like = bool(_PHONE_LIKE.match(text.strip()))
    order = database.unindexed(SQL("search_name")) if phone_like else SQL("search_name")
    return list(_search_query(text).order_by(order, Client.id).limit(limit).offset(offset))


def count_clients(text: str = "") -> int:
    return _search_query(text).count()


@dataclass
class History:
    """A client's card: how often they came, cancelled and did not come, and every booking."""

    client: Client
    visits: int = 0
    cancellations: int = 0
    no_shows: int = 0
    bookings: list[Booking] = field(default_factory=list)

    @property
    def since(self) -> dt.date:
        """Client since: the record's creation, or the first visit if that was earlier (a
        client may be entered after the visits booked for them, or imported)."""
        created = self.client.created_at
        created = created.date() if isinstance(created, dt.datetime) else created
        first = min((b.date for b in self.bookings), default=created)
        return min(created, first)


def client_history(client_id: int) -> History:
    client = get_client(client_id)
    counts = dict(
        Booking.select(Booking.status, fn.COUNT(Booking.id))
        .where(Booking.client == client_id)
        .group_by(Booking.status)
        .tuples()
    )
    bookings = list(
        Booking.select(Booking, Master, Service)
        .join(Master)
        .switch(Booking)
        .join(Service)
        .where(Booking.client == client_id)
        .order_by(Booking.date.desc(), Booking.start.desc())
    )
    attach_lines(bookings)  # the services of every visit, in one query
    return History(
        client=client,
        visits=counts.get(COMPLETED, 0),
        cancellations=counts.get(CANCELLED, 0),
        no_shows=counts.get(NO_SHOW, 0),
        bookings=bookings,
    )
