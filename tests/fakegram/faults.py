"""Trouble on demand: failed calls, 429 flood control, latency and outages.

A mixin of FakeTelegram, so tests say `fake.fail(...)`, `fake.outage(...)`, `fake.restore()`.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from .errors import ApiError
from .world import World


@dataclass
class _Fault:
    method: str | None  # lower-case name, None = any method
    status: int
    count: int
    retry_after: int | None
    description: str | None
    drop: bool


@dataclass
class Outage:
    mode: str  # "error" | "html" | "drop" | "hang"
    status: int
    until: float | None  # time.monotonic() deadline, None = until restore()


@dataclass
class _Flood:
    """Telegram's flood control: too many sends in a second → 429 with retry_after."""

    per_second: int | None
    per_chat: int | None
    retry_after: int
    sent: deque[tuple[float, Any]] = field(default_factory=deque)

    def admit(self, chat_id: Any, now: float) -> bool:
        while self.sent and now - self.sent[0][0] >= 1.0:
            self.sent.popleft()
        if self.per_second is not None and len(self.sent) >= self.per_second:
            return False
        if self.per_chat is not None:
            if sum(1 for _, c in self.sent if c == chat_id) >= self.per_chat:
                return False
        self.sent.append((now, chat_id))
        return True


class FaultControls:
    """Fault injection state and switches; the server consults it on every request."""

    world: World
    _loop: asyncio.AbstractEventLoop | None
    _released: asyncio.Event | None  # set on restore/stop: frees hung requests

    def _init_faults(self) -> None:
        self._faults: list[_Fault] = []
        self._outage: Outage | None = None
        self._flood: _Flood | None = None
        self._latency: dict[str | None, float] = {}

    def fail(
        self,
        method: str | None = "sendMessage",
        status: int = 500,
        count: int = 1,
        *,
        retry_after: int | None = None,
        description: str | None = None,
        drop: bool = False,
    ) -> None:
        """The next `count` calls of `method` (None: of any method) fail with `status`.

        429 carries parameters.retry_after (default 1); `drop=True` closes the connection
        without an answer instead.
        """
        if status == 429 and retry_after is None:
            retry_after = 1
        with self.world.lock:
            self._faults.append(
                _Fault(
                    method.lower() if method else None,
                    status,
                    count,
                    retry_after,
                    description,
                    drop,
                )
            )

    def outage(self, seconds: float | None = None, *, mode: str = "error", status: int = 502):
        """Every method fails until restore() or for `seconds`.

        mode "error" answers `status` (502 by default, a NetworkError to the bot), "html" the
        same status with a proxy's HTML page instead of Telegram's JSON (what a real outage in
        front of Telegram looks like), "drop" closes connections without an answer, "hang" holds
        requests until the outage ends (the bot's read timeout fires) and then drops them.
        """
        if mode not in ("error", "html", "drop", "hang"):
            raise ValueError(f"unknown outage mode {mode!r}")
        until = time.monotonic() + seconds if seconds is not None else None
        with self.world.lock:
            self._outage = Outage(mode, status, until)
        if self._loop is not None and self._released is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._released.clear)
        self._wake_pollers()

    def _wake_pollers(self) -> None:
        """Wake the long polls being held (the server defines it)."""

    def flood_limit(
        self, per_second: int | None = 30, *, per_chat: int | None = None, retry_after: int = 1
    ) -> None:
        """Answer 429 (retry_after) to sends beyond `per_second` overall or `per_chat` in one
        chat within any second, like Telegram's flood control; `flood_limit(None)` ends it."""
        with self.world.lock:
            if per_second is None and per_chat is None:
                self._flood = None
            else:
                self._flood = _Flood(per_second, per_chat, retry_after)

    def set_latency(self, seconds: float, method: str | None = None) -> None:
        """Answer every call (or every call of `method`) `seconds` late; 0 removes it."""
        with self.world.lock:
            key = method.lower() if method else None
            if seconds > 0:
                self._latency[key] = seconds
            else:
                self._latency.pop(key, None)

    def restore(self) -> None:
        """End an outage and forget pending fail() rules (blocked chats stay blocked)."""
        with self.world.lock:
            self._outage = None
            self._faults.clear()
        if self._loop is not None and self._released is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._released.set)

    def _current_outage(self) -> Outage | None:
        with self.world.lock:
            outage = self._outage
            if outage and outage.until is not None and time.monotonic() >= outage.until:
                self._outage = outage = None
            return outage

    def _take_fault(self, method: str) -> _Fault | None:
        with self.world.lock:
            for fault in self._faults:
                if fault.method in (None, method.lower()):
                    fault.count -= 1
                    if fault.count <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _flooded(self, method: str, params: dict[str, Any]) -> _Fault | None:
        if not method.lower().startswith("send") or method.lower() == "sendchataction":
            return None
        with self.world.lock:
            flood = self._flood
            if flood is None or flood.admit(params.get("chat_id"), time.monotonic()):
                return None
            return _Fault(None, 429, 1, flood.retry_after, None, False)

    def _delay_for(self, method: str) -> float:
        if method.lower() == "getupdates":
            return 0.0
        with self.world.lock:
            return self._latency.get(method.lower(), self._latency.get(None, 0.0))


def fault_error(status: int, retry_after: int | None, description: str | None) -> ApiError:
    if description is None:
        if status == 429:
            description = f"Too Many Requests: retry after {retry_after}"
        else:
            try:
                description = HTTPStatus(status).phrase
            except ValueError:
                description = "Error"
            if status == 400:
                description = "Bad Request"
    return ApiError(status, description, retry_after=retry_after if status == 429 else None)
