"""What the stand-in Telegram remembers: chats, messages, pending updates, callback queries, files.

One lock guards it all. The HTTP thread changes it inside Bot API methods; the test thread
changes it when a simulated user acts; waits use the condition, which every change notifies.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class FakeMessage:
    """A message in a chat as the test sees it; edits change it in place and keep `history`."""

    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    text: str | None = None  # plain text (entities decoded, tags dropped) or the caption
    raw_text: str | None = None  # the text exactly as the bot sent it
    parse_mode: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    photo: str | None = None  # file_id of the largest size
    contact: dict[str, Any] | None = None
    extra: dict[str, Any] | None = None  # a user's sticker, voice, location, document… as sent
    edited: int = 0
    edit_date: int | None = None
    deleted: bool = False
    history: list[str | None] = field(default_factory=list)
    seq: int = 0  # order of the latest send or edit across the whole fake

    @property
    def caption(self) -> str | None:
        return self.text if self.photo else None

    def buttons(self) -> list[tuple[str, str | None]]:
        """The inline keyboard flattened: [(text, callback_data or None for a URL button)]."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [(b.get("text", ""), b.get("callback_data")) for row in rows for b in row]

    def __repr__(self) -> str:
        flags = "".join(
            [" photo" if self.photo else "", f" edited×{self.edited}" if self.edited else ""]
        ) + (" deleted" if self.deleted else "")
        buttons = [t for t, _ in self.buttons()]
        shown = self.text or ""
        if self.contact:
            shown = f"contact {self.contact.get('phone_number')}"
        return (
            f"<FakeMessage #{self.message_id} chat={self.chat_id}{flags} "
            f"{shown[:120]!r}{' buttons=' + repr(buttons) if buttons else ''}>"
        )


@dataclass
class ChatState:
    chat_id: int
    next_message_id: int = 1
    messages: dict[int, FakeMessage] = field(default_factory=dict)


@dataclass
class Query:
    query_id: str
    user_id: int
    chat_id: int
    message_id: int | None
    data: str | None
    answered: bool = False
    answer: dict[str, Any] | None = None


@dataclass
class StoredFile:
    file_id: str
    unique_id: str
    path: str
    content: bytes | None
    size: int


class World:
    """The shared state. Call the mutating methods with `lock` held (they do not take it)."""

    def __init__(
        self, token: str, bot_username: str, *, open_chats: bool, strict_ampersand: bool
    ) -> None:
        self.lock = threading.RLock()
        self.cond = threading.Condition(self.lock)
        self._chat_conds: dict[int, threading.Condition] = {}
        self.token = token
        head = token.split(":", 1)[0]
        self.bot_id = int(head) if head.isdigit() else 123456
        self.bot_user: dict[str, Any] = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "mtime test",
            "username": bot_username,
        }
        self.open_chats = open_chats
        self.strict_ampersand = strict_ampersand
        self.clock: Callable[[], float] = time.time
        self.profiles: dict[int, dict[str, Any]] = {}  # user id -> API User dict
        self.started: set[int] = set()
        self.forbidden: set[int] = set()
        self.chats: dict[int, ChatState] = {}
        self.updates: list[dict[str, Any]] = []  # fetched or not, until confirmed
        self.next_update_id = 1
        self.fetched_up_to = 0  # highest update_id handed out by getUpdates
        self.queries: dict[str, Query] = {}
        self.answers: dict[int, list[dict[str, Any]]] = {}
        self.next_query = 1
        self.files: dict[str, StoredFile] = {}
        self.next_file = 1
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.menu_button: dict[str, Any] = {"type": "commands"}
        self.descriptions: dict[str, str] = {}
        self.webhook_url = ""
        self.seq = 0
        self.on_update: Callable[[], None] = lambda: None

    # --- small pieces -------------------------------------------------------------------------

    def now(self) -> int:
        return int(self.clock())

    def bump(self, msg: FakeMessage) -> None:
        self.seq += 1
        msg.seq = self.seq
        self.changed(msg.chat_id)

    def chat_cond(self, chat_id: int) -> threading.Condition:
        """A condition for waiters on one chat (same lock), so 200 waiting users do not all
        wake for every change."""
        cond = self._chat_conds.get(chat_id)
        if cond is None:
            cond = self._chat_conds[chat_id] = threading.Condition(self.lock)
        return cond

    def changed(self, chat_id: int | None = None) -> None:
        """Wake the waiters on the whole fake and, if given, on that chat (lock held)."""
        self.cond.notify_all()
        if chat_id is not None and chat_id in self._chat_conds:
            self._chat_conds[chat_id].notify_all()

    def wake_everyone(self) -> None:
        self.cond.notify_all()
        for cond in self._chat_conds.values():
            cond.notify_all()

    def chat(self, chat_id: int) -> ChatState:
        state = self.chats.get(chat_id)
        if state is None:
            state = self.chats[chat_id] = ChatState(chat_id)
        return state

    def may_receive(self, chat_id: int) -> bool:
        return self.open_chats or chat_id in self.started

    def chat_dict(self, chat_id: int) -> dict[str, Any]:
        profile = self.profiles.get(chat_id)
        chat: dict[str, Any] = {"id": chat_id, "type": "private"}
        if profile is None:
            chat["first_name"] = f"User {chat_id}"
            return chat
        for key in ("first_name", "last_name", "username"):
            if profile.get(key):
                chat[key] = profile[key]
        return chat

    def find_message(self, chat_id: int, message_id: int) -> FakeMessage | None:
        state = self.chats.get(chat_id)
        msg = state.messages.get(message_id) if state else None
        return None if msg is None or msg.deleted else msg

    # --- messages and updates -----------------------------------------------------------------

    def add_message(self, chat_id: int, *, from_bot: bool, **fields: Any) -> FakeMessage:
        state = self.chat(chat_id)
        msg = FakeMessage(state.next_message_id, chat_id, from_bot, self.now(), **fields)
        state.next_message_id += 1
        state.messages[msg.message_id] = msg
        self.bump(msg)
        return msg

    def message_dict(self, msg: FakeMessage) -> dict[str, Any]:
        """The Bot API Message object (python-telegram-bot's de_json must accept it)."""
        out: dict[str, Any] = {
            "message_id": msg.message_id,
            "date": msg.date,
            "chat": self.chat_dict(msg.chat_id),
            "from": self.bot_user if msg.from_bot else self.profiles.get(msg.chat_id),
        }
        if out["from"] is None:
            out["from"] = {"id": msg.chat_id, "is_bot": False, "first_name": f"User {msg.chat_id}"}
        if msg.edit_date:
            out["edit_date"] = msg.edit_date
        if msg.extra:
            out.update(msg.extra)
        if msg.photo:
            out["photo"] = self.photo_sizes(msg.photo)
            if msg.text:
                out["caption"] = msg.text
                if msg.entities:
                    out["caption_entities"] = msg.entities
        elif msg.contact:
            out["contact"] = msg.contact
        elif msg.text is not None:
            out["text"] = msg.text
            if msg.entities:
                out["entities"] = msg.entities
        if msg.reply_markup and "inline_keyboard" in msg.reply_markup:
            out["reply_markup"] = msg.reply_markup  # Telegram returns only inline keyboards
        return out

    def push_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": self.next_update_id, kind: payload}
        self.next_update_id += 1
        self.updates.append(update)
        self.cond.notify_all()
        self.on_update()
        return update

    def confirm_below(self, offset: int) -> None:
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]

    def new_query(self, user_id: int, chat_id: int, msg: FakeMessage | None, data: str | None):
        query = Query(
            f"{self.bot_id}{self.next_query:08d}",
            user_id,
            chat_id,
            msg.message_id if msg else None,
            data,
        )
        self.next_query += 1
        self.queries[query.query_id] = query
        return query

    # --- files --------------------------------------------------------------------------------

    def store_file(self, content: bytes | None, *, folder: str = "photos") -> StoredFile:
        n = self.next_file
        self.next_file += 1
        stored = StoredFile(
            file_id=f"AgACAgIAAxkBAAI{n:06d}fake",
            unique_id=f"AQAD{n:06d}",
            path=f"{folder}/file_{n}.jpg",
            content=content,
            size=len(content) if content else 1024,
        )
        self.files[stored.file_id] = stored
        return stored

    def photo_sizes(self, file_id: str) -> list[dict[str, Any]]:
        stored = self.files.get(file_id)
        unique = stored.unique_id if stored else file_id[-12:]
        size = stored.size if stored else 1024
        return [
            {
                "file_id": file_id + "-s",
                "file_unique_id": unique + "s",
                "width": 90,
                "height": 90,
                "file_size": min(size, 2048),
            },
            {
                "file_id": file_id,
                "file_unique_id": unique,
                "width": 800,
                "height": 800,
                "file_size": size,
            },
        ]
