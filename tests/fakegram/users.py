"""Simulated Telegram users: they write, share a contact, press buttons and wait for replies.

Called from the test thread while the server answers the bot in its own thread; every read
and change holds the World lock, every wait is on its condition (no sleeps).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .markup import command_entities
from .world import FakeMessage

if TYPE_CHECKING:
    from .server import FakeTelegram

Match = str | Callable[[FakeMessage], bool]


class FakeUser:
    """One person in a private chat with the bot (chat id == user id)."""

    def __init__(self, fake: FakeTelegram, user_id: int) -> None:
        self.fake = fake
        self.world = fake.world
        self.id = user_id
        self._since = 0
        self._last_query: str | None = None
        with self.world.lock:
            self._cond = self.world.chat_cond(user_id)

    def __repr__(self) -> str:
        return f"<FakeUser {self.id} {self.profile.get('first_name')!r}>"

    @property
    def profile(self) -> dict[str, Any]:
        """The Bot API User object the bot sees."""
        with self.world.lock:
            return dict(self.world.profiles[self.id])

    @property
    def started(self) -> bool:
        with self.world.lock:
            return self.id in self.world.started

    @started.setter
    def started(self, value: bool) -> None:
        with self.world.lock:
            if value:
                self.world.started.add(self.id)
            else:
                self.world.started.discard(self.id)

    def block(self) -> None:
        """The user blocks the bot: every send to them answers 403."""
        self.fake.forbid(self.id)

    def unblock(self) -> None:
        self.fake.unforbid(self.id)

    # --- acting -------------------------------------------------------------------------------

    def send(self, text: str) -> FakeMessage:
        """Write a message (commands get bot_command entities); returns the user's message."""
        return self._post(text=text, entities=command_entities(text))

    def send_contact(
        self, phone_number: str, *, user_id: int | None = None, first_name: str | None = None
    ) -> FakeMessage:
        """Share a contact; by default their own (as the request_contact button does)."""
        profile = self.profile
        contact: dict[str, Any] = {
            "phone_number": phone_number,
            "first_name": first_name or profile["first_name"],
            "user_id": self.id if user_id is None else user_id,
        }
        if profile.get("last_name") and first_name is None:
            contact["last_name"] = profile["last_name"]
        return self._post(contact=contact)

    def send_photo(self, caption: str | None = None, content: bytes = b"\xff\xd8photo") -> FakeMessage:
        """Send a photo (with an optional caption); the bot sees its file_id and may send it on."""
        with self.world.lock:
            stored = self.world.store_file(content)
        return self._post(photo=stored.file_id, text=caption)
    ATTACHMENTS: dict[str, dict[str, Any]] = {
        "photo": {"photo": [{"file_id": "user-photo", "file_unique_id": "up", "width": 90,
                             "height": 90}]},
        "sticker": {"sticker": {"file_id": "user-sticker", "file_unique_id": "us", "type": "regular",
                                "width": 512, "height": 512, "is_animated": False,
                                "is_video": False}},
        "voice": {"voice": {"file_id": "user-voice", "file_unique_id": "uv", "duration": 2}},
        "location": {"location": {"latitude": 55.7558, "longitude": 37.6173}},
        "document": {"document": {"file_id": "user-doc", "file_unique_id": "ud",
                                  "file_name": "passport.pdf"}},
    }

    def send_attachment(self, kind: str) -> FakeMessage:
        """Send a photo, sticker, voice note, location or document (`ATTACHMENTS`) — no text."""
        return self._post(extra=dict(self.ATTACHMENTS[kind]))

    def _post(self, **fields: Any) -> FakeMessage:
        """Queue a message update. Writing to the bot also starts (and unblocks) it."""
        w = self.world
        with w.cond:
            msg = w.add_message(self.id, from_bot=False, **fields)
            w.started.add(self.id)
            w.forbidden.discard(self.id)
            w.push_update("message", w.message_dict(msg))
            return msg

    def press(self, text: str, timeout: float = 5, *, msg: FakeMessage | None = None) -> str:
        """Press the inline button with this text (exact, else a unique substring) on the latest
        bot message showing it — or on `msg` (an old message: a replayed button); waits up to
        `timeout` for it to appear. Returns the callback query id."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = self._find_button(text, msg)
                if found is not None:
                    return self._callback(*found)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise LookupError(
                        f"{self!r}: no button {text!r} within {timeout} s.\n{self._describe()}"
                    )
                self._cond.wait(min(remaining, 0.25))

    def press_data(self, data: str, message_id: int | None = None) -> str:
        """A callback query with any (possibly forged) data on a message; returns the query id.

        Without `message_id`, the latest bot message in the chat; an unknown id gives an
        inaccessible message, as Telegram does for old ones.
        """
        with self._cond:
            if message_id is None:
                msg = self.last
            else:
                msg = self.world.find_message(self.id, message_id)
            return self._callback(msg, data, message_id=message_id)

    def _find_button(self, text: str, only: FakeMessage | None) -> tuple[FakeMessage, str] | None:
        if only is not None:
            candidates = [] if only.deleted else [only]
        else:
            alive = (m for m in self._bot_messages() if not m.deleted)
            candidates = sorted(alive, key=lambda m: -m.seq)
        for exact in (True, False):
            for msg in candidates:
                hits = [
                    (label, data)
                    for label, data in msg.buttons()
                    if (label == text if exact else text in label)
                ]
                if len(hits) > 1 and not exact:
                    raise LookupError(f"{self!r}: button text {text!r} is ambiguous in {msg!r}")
                if hits:
                    label, data = hits[0]
                    if data is None:
                        raise LookupError(f"{self!r}: button {label!r} has no callback_data")
                    return msg, data
        return None

    def _callback(self, msg: FakeMessage | None, data: str, message_id: int | None = None) -> str:
        w = self.world
        query = w.new_query(self.id, self.id, msg, data)
        payload: dict[str, Any] = {
            "id": query.query_id,
            "from": w.profiles[self.id],
            "chat_instance": str(-(self.id * 7919 + 17)),
            "data": data,
        }
        if msg is not None:
            payload["message"] = w.message_dict(msg)
        else:  # Telegram's InaccessibleMessage: date 0
            payload["message"] = {
                "message_id": message_id or 0,
                "chat": w.chat_dict(self.id),
                "date": 0,
            }
        w.push_update("callback_query", payload)
        self._last_query = query.query_id
        return query.query_id

    # --- seeing -------------------------------------------------------------------------------

    def _bot_messages(self) -> list[FakeMessage]:
        state = self.world.chats.get(self.id)
        return [m for m in state.messages.values() if m.from_bot] if state else []

    @property
    def messages(self) -> list[FakeMessage]:
        """What the bot sent to this chat, in order (edited ones changed in place)."""
        with self.world.lock:
            return self._bot_messages()

    @property
    def last(self) -> FakeMessage | None:
        """The bot message sent or edited most recently (deleted ones skipped)."""
        with self.world.lock:
            alive = [m for m in self._bot_messages() if not m.deleted]
            return max(alive, key=lambda m: m.seq) if alive else None

    def buttons(self, msg: FakeMessage | None = None) -> list[tuple[str, str | None]]:
        """Inline buttons of `msg` (default: last) as [(text, callback_data)]."""
        with self.world.lock:
            msg = msg or self.last
            return msg.buttons() if msg else []

    def reply_keyboard(self, msg: FakeMessage | None = None) -> list[tuple[str, bool]]:
        """The reply keyboard shown (default: the latest one not removed) as
        [(text, request_contact)]."""
        with self.world.lock:
            messages = [msg] if msg else sorted(self._bot_messages(), key=lambda m: -m.message_id)
            for m in messages:
                rm = m.reply_markup or {}
                if "keyboard" in rm:
                    return [
                        (b.get("text", ""), bool(b.get("request_contact")))
                        for row in rm["keyboard"]
                        for b in row
                    ]
                if rm.get("remove_keyboard"):
                    return []
            return []

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        """answerCallbackQuery payloads for this user's presses: text, show_alert, data, …"""
        with self.world.lock:
            return list(self.world.answers.get(self.id, []))

    def wait_answer(self, query_id: str | None = None, timeout: float = 5) -> dict[str, Any]:
        """Wait until the bot answered the press (default: the latest); returns the answer."""
        query_id = query_id or self._last_query
        if query_id is None:
            raise LookupError(f"{self!r} pressed nothing yet")
        query = self.world.queries[query_id]
        try:
            return self.fake.wait_until(lambda: query.answer, timeout)
        except TimeoutError:
            raise TimeoutError(
                f"{self!r}: press {query.data!r} not answered within {timeout} s.\n"
                + self._describe()
            ) from None

    def clear(self) -> int:
        """Forget what was seen: wait_for looks only at messages sent or edited from now on."""
        with self.world.lock:
            self._since = self.world.seq
            return self._since

    def wait_for(
        self, match: Match, timeout: float = 5, since: FakeMessage | int | None = None
    ) -> FakeMessage:
        """Wait for a bot message (new or edited after `since` / the last clear()) whose text
        contains `match` (or for which match(msg) is true); returns the latest such message."""
        if since is None:
            floor = self._since
        elif isinstance(since, FakeMessage):
            floor = since.seq
        else:
            floor = int(since)
        if isinstance(match, str):
            needle = match

            def test(m: FakeMessage) -> bool:
                return needle in (m.text or "")
        else:
            test = match
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                hits = [m for m in self._bot_messages() if m.seq > floor and test(m)]
                if hits:
                    return max(hits, key=lambda m: m.seq)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"{self!r}: no bot message matching {match!r} within {timeout} s.\n"
                        + self._describe()
                    )
                self._cond.wait(min(remaining, 0.25))

    def _describe(self) -> str:
        """Recent chat lines and refused bot calls, for failure messages."""
        with self.world.lock:
            state = self.world.chats.get(self.id)
            recent = list(state.messages.values())[-8:] if state else []
            lines = [("  bot: " if m.from_bot else "  user: ") + repr(m) for m in recent]
            errors = [
                f"  {c.method} -> {c.status} {c.description}"
                for c in self.fake.calls
                if not c.ok and str(c.params.get("chat_id")) == str(self.id)
            ][-5:]
        text = "Recent messages:\n" + ("\n".join(lines) or "  (none)")
        if errors:
            text += "\nRefused bot calls to this chat:\n" + "\n".join(errors)
        return text
