"""The bot's Bot API calls: python-telegram-bot's `ExtBot`, with a shorter way for plain fields.

Before each request PTB walks every argument of the method twice: `_insert_defaults` (an
`isinstance` chain per field, `Sequence` an abstract class, to replace `DEFAULT_NONE` and adjust
media, link previews, reply parameters and poll options) and `RequestParameter.from_input` (a
second chain per field, for dates, files, media and objects). A sendMessage has about fifteen
arguments, most of them None; the bot sends 29 requests a booking dialogue, ≈ 1.1 ms of the
loop's CPU on those two walks (docs/PERFORMANCE.md, fourth pass).

A field whose value neither walk can change goes straight through: None, and values of exactly
`str` (not empty, not `media`), `int`, `float`, `bool` or `dict`, PTB's string enums and lists of
strings, numbers and string enums (sent as their values, as `from_input` sends them), and the
bot's own keyboards (`keyboards.Markup`: its `to_dict`, as `from_input` calls it). Every other value takes PTB's own
path, as does a bot with a rate limiter or a call with rate-limit arguments. The request itself
is PTB's: `BaseRequest.post`, so Telegram's answers and errors are read and mapped by PTB
(RetryAfter, Forbidden, BadRequest, TimedOut, NetworkError, InvalidToken, ChatMigrated) exactly
as before. tests/bot/test_api_calls.py sends the same calls through both and compares what
Telegram received.

`unread(send)`: a send whose answer the caller does not read (a prompt, a notification). PTB
makes a `Message` of every sendMessage answer (its chat, its sender, ≈ 120 attributes set one by
one through `TelegramObject.__setattr__`: ≈ 95 µs), and five of a booking dialogue's six sends
dropped it unread. Inside `unread` the answer is taken for True — PTB's own answer for a send
that returns no message — after PTB has read it, so an error is still PTB's error, raised as
before; `unread` returns nothing, so no caller can read what was not made.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable
from contextvars import ContextVar
from typing import Any

from telegram import Bot
from telegram.ext import ExtBot
from telegram.request import RequestData

from .keyboards import Markup

try:  # PTB's private names the shorter way stands on (pyproject allows any 22.x)
    from telegram._utils.defaultvalue import DEFAULT_NONE
    from telegram._utils.enum import StringEnum
    from telegram.request._requestparameter import RequestParameter
except ImportError:  # a PTB that moved them: every call goes PTB's own way (`fits`)
    DEFAULT_NONE = StringEnum = RequestParameter = None  # type: ignore[assignment,misc]

log = logging.getLogger(__name__)
_DO_POST = ("self", "endpoint", "data", "read_timeout", "write_timeout", "connect_timeout",
            "pool_timeout")


def fits(bot_class: type) -> bool:
    """Whether this PTB has what the shorter way uses, as 22.x has it: the private names above,
    the rate limiter's marker, `_do_post`'s and `_insert_defaults`' shapes and the bot's request
    and base URL. When it has not, `BotApi` is PTB's own `ExtBot` (slower, never wrong)."""
    if RequestParameter is None or not hasattr(bot_class, "_ExtBot__RL_KEY"):
        return False
    try:
        do_post = tuple(inspect.signature(bot_class._do_post).parameters)
        insert = tuple(inspect.signature(bot_class._insert_defaults).parameters)
    except (AttributeError, TypeError, ValueError):
        return False
    slots = getattr(Bot, "__slots__", ())
    return do_post == _DO_POST and insert == ("self", "data") and {"_request", "_base_url"} <= set(
        slots)

# Values that neither `_insert_defaults` nor `RequestParameter.from_input` changes (exact types:
# a subclass takes PTB's path, but for PTB's own string enums, which `from_input` sends as their
# value — the default parse_mode, getUpdates' allowed_updates).
_AS_THEY_ARE = frozenset({type(None), int, float, bool, dict})
_ITEMS = frozenset({str, int})
_RATE_LIMIT_KEY = getattr(ExtBot, "_ExtBot__RL_KEY", None)  # PTB's private marker


def _plain(name: str, value: object) -> tuple[bool, object]:
    """(True, the value `from_input` would send) when neither walk changes more than that; a
    string is never empty ("" would become [], PTB reading it as a list of poll options) and
    `media` is always PTB's."""
    kind = type(value)
    if kind is str:
        return bool(value) and name != "media", value
    if kind in _AS_THEY_ARE:
        return True, value
    if isinstance(value, StringEnum):
        return bool(value) and name != "media", value._value_  # (enum.Enum: its value)
    if kind is list and name != "media":
        items = []
        for item in value:
            if type(item) in _ITEMS:
                items.append(item)
            elif isinstance(item, StringEnum):
                items.append(item._value_)
            else:
                return False, value
        return True, items
    if kind is Markup:  # the bot's keyboard: a TelegramObject, sent as its to_dict
        return True, value
    return False, value


# Set by `unread` for the one send it awaits (a context variable: the send runs in the caller's
# task, and another task's sends never see it).
_UNREAD: ContextVar[bool] = ContextVar("mtime_unread_answer", default=False)
_SENDS = frozenset({"sendMessage"})  # whose answer PTB makes a Message of unless it is True


async def unread(send: Awaitable[object]) -> None:
    """Await `send` (a `send_message` call) without making a `Message` of Telegram's answer:
    for the caller that would drop it. Errors are raised as without `unread`."""
    token = _UNREAD.set(True)
    try:
        await send
    finally:
        _UNREAD.reset(token)


class ShortBotApi(ExtBot):
    """`ExtBot` with the shorter way for plain fields (see the module's docstring)."""

    __slots__ = ()

    def _insert_defaults(self, data: dict[str, object]) -> None:
        rest = {name: value for name, value in data.items() if not _plain(name, value)[0]}
        if rest:
            super()._insert_defaults(rest)  # in place: the same keys, new values
            data.update(rest)

    async def _do_post(
        self,
        endpoint: str,
        data: dict[str, Any],
        *,
        read_timeout: Any = DEFAULT_NONE,
        write_timeout: Any = DEFAULT_NONE,
        connect_timeout: Any = DEFAULT_NONE,
        pool_timeout: Any = DEFAULT_NONE,
    ) -> Any:
        parameters = None
        if self.rate_limiter is None and _RATE_LIMIT_KEY not in data:
            parameters = _plain_parameters(data)
        if parameters is None:  # PTB's own way (and its rate limiter, where there is one)
            result = await super()._do_post(
                endpoint, data, read_timeout=read_timeout, write_timeout=write_timeout,
                connect_timeout=connect_timeout, pool_timeout=pool_timeout)
            return _unread_answer(endpoint, result)
        # As `Bot._do_post` does, with the parameters built above.
        request = self._request[0] if endpoint == "getUpdates" else self._request[1]
        self._LOGGER.debug("Calling Bot API endpoint `%s` with parameters `%s`", endpoint, data)
        result = await request.post(
            url=f"{self._base_url}/{endpoint}",
            request_data=RequestData(parameters=parameters),
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        self._LOGGER.debug(
            "Call to Bot API endpoint `%s` finished with return value `%s`", endpoint, result)
        return _unread_answer(endpoint, result)


def _unread_answer(endpoint: str, result: Any) -> Any:
    """True for a send's answer inside `unread` (PTB then makes no `Message` of it)."""
    if _UNREAD.get() and endpoint in _SENDS and isinstance(result, dict):
        return True
    return result


def _plain_parameters(data: dict[str, Any]) -> list[RequestParameter] | None:
    """The request's parameters when every field is one `from_input` sends as `_plain` says;
    None when any is not."""
    parameters = []
    for name, value in data.items():
        plain, sent = _plain(name, value)
        if not plain:
            return None
        if type(sent) is Markup:
            sent = sent.to_dict()
        parameters.append(RequestParameter(name=name, value=sent, input_files=None))
    return parameters


if fits(ExtBot):
    BotApi: type[ExtBot] = ShortBotApi
else:  # pragma: no cover - only on a PTB that moved what the shorter way uses
    log.warning("python-telegram-bot's internals differ from 22.8's: the bot's calls take PTB's "
                "own (slower) way")
    BotApi = ExtBot
