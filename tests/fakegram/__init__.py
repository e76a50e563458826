"""A Telegram Bot API stand-in on 127.0.0.1 for tests of the real python-telegram-bot."""

from __future__ import annotations

from .errors import ApiError
from .runner import ApplicationThread, run_application_in_thread
from .server import DEFAULT_TOKEN, FakeTelegram
from .users import FakeUser
from .wire import Call
from .world import FakeMessage

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "ApplicationThread",
    "Call",
    "FakeMessage",
    "FakeTelegram",
    "FakeUser",
    "run_application_in_thread",
]
