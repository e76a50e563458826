"""Two-way messages between clients and the salon (issue 16, seed: the support bot's tickets).

A client who writes to the bot outside a dialogue (or presses "Write to the salon") reaches the
salon: the message is kept in the client's conversation (`ChatMessage`), the TUI's inbox shows
it, and every admin on Telegram gets it with a Reply button — as does the master who last wrote
to that client about their booking. Replies go to the client through the outbox (kind
`message`), and are kept in the conversation too.

Who may read and answer (SPEC "People"): the salon at the laptop and admins on Telegram see every
conversation; a master may write to a client only about their own booking — one not cancelled,
upcoming or at most MASTER_WINDOW_DAYS old — and hears only the answers to what they wrote.
In a chain (docs/BRANCHES.md) a conversation is its client's branches': it shows in their
inboxes and reaches the admins who see one of them (`branches.admins_for_client`); an admin
limited to other branches neither gets it nor may answer it. A client of no branch yet (no
booking, no branch chosen in the bot) reaches every branch, so nobody's message goes unseen.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from peewee import Case, fn

from .. import clock
from .. import settings as settings_mod
from ..errors import NotAllowed, NotFound, ValidationError
from ..people import branches
from ..people.fields import clean_text
from ..storage.db import write_transaction
from ..storage.models import (
    CANCELLED,
    FROM_CLIENT,
    FROM_SALON,
    Booking,
    ChatMessage,
    Client,
    Master,
)
from . import notify

TEXT_LIMIT = 4000
MASTER_WINDOW_DAYS = 30  # a master may write about a visit up to this many days after it
REPLY_WINDOW = dt.timedelta(days=14)  # a client's answer reaches the master who wrote this late


def _naive(now: dt.datetime | None) -> dt.datetime:
    return (now or clock.now_utc()).astimezone(dt.UTC).replace(tzinfo=None)


def _text(text: object, *, required: bool) -> str:
    """The salon's text: checked (a clear error for the TUI or the admin)."""
    value = str(text or "").strip()
    if required and not value:
        raise ValidationError("Write the message first", field="text")
    return clean_text(value, "text", limit=TEXT_LIMIT, multiline=True)


def _client_text(text: object) -> str:
    """A client's text from Telegram: never refused, only cleaned and cut to size."""
    value = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return value.strip()[:TEXT_LIMIT]


def client_payload(client: Client, message: ChatMessage) -> dict:
    return {
        "client_id": client.id,
        "client": client.full_name,
        "phone": client.phone or "",
        "text": message.text,
        "photo": message.photo,
    }


def client_wrote(
    client_id: int, text: object, *, photo: str | None = None, now: dt.datetime | None = None
) -> ChatMessage:
    """A client's message to the salon: kept, and queued for the admins (and the master who
    wrote last, if recently). One write transaction."""
    body = _client_text(text)
    if not body and not photo:
        raise ValidationError("Write the message first", field="text")
    stamp = _naive(now)
    with write_transaction():
        client = Client.get_or_none(Client.id == client_id)
        if client is None:
            raise NotFound("The client was not found")
        message = ChatMessage.create(client=client.id, direction=FROM_CLIENT, text=body,
                                     photo=(photo or None), created_at=stamp)
        payload = client_payload(client, message)
        if branches.is_chain():  # whose client: the boss of a chain sees every branch's
            mine = branches.client_branches(client.id)
            payload["branches"] = [b.name for b in branches.list_branches() if b.id in mine]
        recipients = branches.admins_for_client(client.id)
        last = (ChatMessage.select().where((ChatMessage.client == client.id)
                                           & (ChatMessage.direction == FROM_SALON))
                .order_by(ChatMessage.created_at.desc(), ChatMessage.id.desc()).first())
        if last is not None and last.master_id and stamp - last.created_at <= REPLY_WINDOW:
            master = Master.get_or_none(Master.id == last.master_id)
            if master is not None and master.active and master.telegram_id not in recipients:
                recipients.append(master.telegram_id)
        for chat_id in recipients:
            notify.enqueue(chat_id, notify.CLIENT_MESSAGE, payload=payload,
                           language=notify.staff_language(chat_id), now=now)
    return message


def master_may_write(master_id: int, client_id: int, *, today: dt.date | None = None) -> bool:
    """True when the client has a booking with this master that is not cancelled and is
    upcoming or at most MASTER_WINDOW_DAYS old."""
    if today is None:
        today = branches.master_today(master_id)  # the master's branch's clock
    since = today - dt.timedelta(days=MASTER_WINDOW_DAYS)
    return (Booking.select(Booking.id)
            .where((Booking.master == master_id) & (Booking.client == client_id)
                   & (Booking.status != CANCELLED) & (Booking.date >= since))
            .exists())


def may_write(telegram_id: int, client_id: int) -> Master | bool:
    """Whether this Telegram user may write to the client: True for an admin (of one of the
    client's branches, in a chain), the Master for a master of one of the client's bookings,
    False otherwise."""
    if telegram_id in settings_mod.admin_ids() and branches.admin_sees_client(telegram_id,
                                                                               client_id):
        return True
    master = Master.get_or_none((Master.telegram_id == telegram_id) & (Master.active == True))  # noqa: E712
    if master is not None and master_may_write(master.id, client_id):
        return master
    return False


def reply(
    client_id: int,
    text: object,
    *,
    author: int | None = None,
    master_id: int | None = None,
    now: dt.datetime | None = None,
) -> ChatMessage:
    """The salon's message to a client: kept in the conversation and queued for the bot.
    `author` is the staff member on Telegram (None: the TUI); `master_id` when a master wrote."""
    body = _text(text, required=True)
    stamp = _naive(now)
    with write_transaction():
        client = Client.get_or_none(Client.id == client_id)
        if client is None:
            raise NotFound("The client was not found")
        if not client.telegram_id:
            raise NotAllowed("This client is not on Telegram; call them instead")
        payload = {"text": body}
        if master_id is not None:
            master = Master.get_or_none(Master.id == master_id)
            payload["from"] = master.name if master else ""
        message = ChatMessage.create(client=client.id, direction=FROM_SALON, text=body,
                                     author=author, master=master_id, created_at=stamp)
        message.outbox = notify.enqueue(client.telegram_id, notify.MESSAGE, payload=payload,
                                        language=client.language, now=now)
        # The salon answered: what the client wrote before counts as read.
        ChatMessage.update(read_at=stamp).where(
            (ChatMessage.client == client.id) & (ChatMessage.direction == FROM_CLIENT)
            & ChatMessage.read_at.is_null()).execute()
    return message


def thread(client_id: int, limit: int = 200) -> list[ChatMessage]:
    """The client's conversation, oldest first (the last `limit` messages)."""
    rows = list(ChatMessage.select().where(ChatMessage.client == client_id)
                .order_by(ChatMessage.created_at.desc(), ChatMessage.id.desc()).limit(limit))
    return rows[::-1]


def mark_read(client_id: int, *, now: dt.datetime | None = None) -> int:
    query = ChatMessage.update(read_at=_naive(now)).where(
        (ChatMessage.client == client_id) & (ChatMessage.direction == FROM_CLIENT)
        & ChatMessage.read_at.is_null())
    if not ChatMessage.select().where(query._where).exists():  # the usual case: no write lock
        return 0
    with write_transaction():
        return query.execute()


def _of_branch(query, branch: int | None):
    """A chain's branch: the conversations of its clients and of clients of no branch yet."""
    if branch is None:
        return query
    return query.where(ChatMessage.client.in_(branches.clients_of(branch))
                       | ChatMessage.client.in_(branches.clients_of_no_branch()))


def unread_count(branch: int | None = None) -> int:
    return _of_branch(ChatMessage.select().where((ChatMessage.direction == FROM_CLIENT)
                                                 & ChatMessage.read_at.is_null()), branch).count()


@dataclass(frozen=True)
class Conversation:
    client: Client
    last: ChatMessage
    unread: int


def inbox(limit: int = 200, *, branch: int | None = None) -> list[Conversation]:
    """Conversations, the latest message first, each with its unread count; with a branch,
    those of its clients (and of clients of no branch yet)."""
    latest = (_of_branch(ChatMessage.select(
        ChatMessage.client, fn.MAX(ChatMessage.id).alias("last_id"),
        fn.COUNT(Case(None, [(ChatMessage.read_at.is_null()
                              & (ChatMessage.direction == FROM_CLIENT), 1)])).alias("unread")),
        branch)
              .group_by(ChatMessage.client)
              .order_by(fn.MAX(ChatMessage.id).desc()).limit(limit))
    rows = list(latest.tuples())
    messages = {m.id: m for m in ChatMessage.select().where(
        ChatMessage.id.in_([r[1] for r in rows]))} if rows else {}
    people = {c.id: c for c in Client.select().where(
        Client.id.in_([r[0] for r in rows]))} if rows else {}
    return [Conversation(people[cid], messages[mid], int(unread or 0))
            for cid, mid, unread in rows if cid in people and mid in messages]
