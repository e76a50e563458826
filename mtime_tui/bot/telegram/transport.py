"""The bot's HTTP transport: python-telegram-bot's requests sent with aiohttp instead of httpx.

Every press costs the bot two or three Bot API requests (getUpdates, answerCallbackQuery, the
edited message). Measured on this machine against a local server (`docs/PERFORMANCE.md`, "The
bot's transport"): httpx spends ≈ 0.55 ms of CPU per request, aiohttp ≈ 0.09 ms — with fifty
clients pressing at once, that difference is most of what separates the bot from a bare handler.
python-telegram-bot supports this: `BaseRequest` is its documented extension point (PTB's own
ptbcontrib has an aiohttp request for the same reason); this one maps PTB's four timeouts and its
errors the way PTB's `HTTPXRequest` does, so the rest of the bot sees no difference.

Proxies: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY are read from the environment once,
when the transport starts (`initialize`), not per request. aiohttp's own `trust_env=True` looks
them up (and ~/.netrc) on every request in a worker thread — two thread trips per Bot API call,
31 % of the bot's CPU per update (issue 17). A proxy's credentials go in its URL
(http://user:password@host:port); ~/.netrc is not read.

Every request passes `limits.check_request` first: a text, caption or keyboard beyond Telegram's
limits is refused here (`OverLimit`, a `BadRequest`) instead of by Telegram.

Timeouts: `connect` (waiting for a pooled connection plus connecting) = pool + connect timeout,
`sock_connect` = connect, `sock_read` = read (between reads of the answer), and `total` bounds the
whole request by connect + pool + write + read, so a server that trickles bytes cannot hold a
request forever. Errors: any timeout → `TimedOut`, any other aiohttp client error → `NetworkError`
(the HTTP status, 429 and 5xx included, is PTB's to interpret).
"""

from __future__ import annotations

import base64
import json
import urllib.request
from typing import Any
from urllib.parse import unquote, urlsplit

import aiohttp
import orjson
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.request import BaseRequest, RequestData

from . import limits, pressed

_JSON = "application/json"
# Edits whose answer (the edited message) the bot never reads: `post` returns True for them.
_EDITS = frozenset({"editmessagetext", "editmessagereplymarkup"})


class AiohttpRequest(BaseRequest):
    """A `BaseRequest` on one `aiohttp.ClientSession`, created in the loop that initialises it."""

    __slots__ = ("_session", "_pool_size", "_connect", "_read", "_write", "_pool", "_media_write",
                 "_proxies", "_proxy_for", "_timeouts")

    def __init__(
        self,
        *,
        connection_pool_size: int = 16,
        connect_timeout: float | None = 5.0,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._session: aiohttp.ClientSession | None = None
        self._pool_size = connection_pool_size
        self._connect = connect_timeout
        self._read = read_timeout
        self._write = write_timeout
        self._pool = pool_timeout
        self._media_write = media_write_timeout
        self._proxies: dict[str, str] = {}
        self._proxy_for: dict[tuple[str, str], tuple[str | None, dict[str, str] | None]] = {}
        self._timeouts: dict[tuple, aiohttp.ClientTimeout] = {}  # per (connect, pool, write, read)

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._proxies = urllib.request.getproxies()  # the environment's, once
            self._proxy_for.clear()
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                cookie_jar=aiohttp.DummyCookieJar(),  # the Bot API sets none; keep nothing
                trust_env=False,  # proxies: read once above, not per request in a thread
                headers={"User-Agent": self.USER_AGENT},
            )

    def proxy(self, url: str) -> tuple[str | None, dict[str, str] | None]:
        """The proxy (and the header with its credentials) for `url` from the environment read at start; the
        answer is kept per scheme and host (the bot talks to one)."""
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        found = self._proxy_for.get(key)
        if found is None:
            found = self._proxy_for[key] = _proxy(self._proxies, *key)
        return found

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict:
        """Telegram's JSON answer. Not JSON (a proxy's error page while Telegram is away): the
        same TelegramError as PTB's, without PTB's ERROR log and traceback per failed call —
        the caller's retry loop logs the outage once (`outage_log`).

        Read by orjson (≈ 3× json's speed; every request reads one). What orjson refuses —
        not JSON, or JSON it does not take (NaN, a lone surrogate, invalid UTF-8) — is read by
        json as before, so an answer is understood exactly as it was or refused as it was.
        (orjson reads an integer beyond 64 bits as a float; the Bot API sends none: its ids fit
        in 52 bits.)"""
        try:
            return orjson.loads(payload)
        except ValueError:  # orjson.JSONDecodeError
            pass
        try:
            return json.loads(payload.decode("utf-8", "replace"))
        except ValueError:
            raise TelegramError("Invalid server response") from None

    async def post(self, url: str, *args: Any, **kwargs: Any) -> Any:
        """PTB's post. The answer to an edit comes back as True (as Telegram answers an edit of
        an inline message): the edited message is the one pressed, which the handler has, and
        parsing Telegram's copy of it (a `Message` and its parts, ≈ 70 µs) was for nothing on
        every press. A message Telegram returns after a send comes back without its keyboard,
        which is only the echo of the one the bot just sent (the bot knows what it showed:
        `shown`); a button object per key of the echo was ≈ 0.3 ms per screen of times
        (docs/PERFORMANCE.md, issue 17)."""
        result = await super().post(url, *args, **kwargs)
        if isinstance(result, dict) and "message_id" in result:
            if url.rpartition("/")[2].lower() in _EDITS:
                return True
            result.pop("reply_markup", None)
        return result

    def _timeout(self, connect, pool, write, read) -> aiohttp.ClientTimeout:  # noqa: ANN001
        """The ClientTimeout for these four (see the module's docstring), made once: the bot's
        calls use two or three combinations (getUpdates' long poll asks for its own read)."""
        key = (connect, pool, write, read)
        timeout = self._timeouts.get(key)
        if timeout is None:
            if len(self._timeouts) >= 32:  # a caller inventing timeouts: stay small
                self._timeouts.clear()
            timeout = self._timeouts[key] = aiohttp.ClientTimeout(
                total=_sum(connect, pool, write, read),
                connect=_sum(connect, pool),
                sock_connect=connect,
                sock_read=read,
            )
        return timeout

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        fields = request_data.parameters if request_data is not None else None  # built per call
        if fields is not None:  # every send and edit: within Telegram's limits, or refused
            limits.check_request(url.rpartition("/")[2], fields)
        files = request_data.multipart_data if request_data else None
        read = self._read if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = self._connect if isinstance(connect_timeout, DefaultValue) else connect_timeout
        pool = self._pool if isinstance(pool_timeout, DefaultValue) else pool_timeout
        if isinstance(write_timeout, DefaultValue):
            write = self._media_write if files else self._write
        else:
            write = write_timeout
        timeout = self._timeout(connect, pool, write, read)
        proxy, proxy_headers = self.proxy(url)
        try:
            async with session.request(method, url, data=_body(fields, files, request_data),
                                       timeout=timeout, proxy=proxy,
                                       proxy_headers=proxy_headers) as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # asyncio.TimeoutError is TimeoutError since 3.11
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc


def _proxy(proxies: dict[str, str], scheme: str, host: str):
    """As aiohttp's trust_env: the scheme's proxy (else ALL_PROXY) unless NO_PROXY names the
    host; credentials in the proxy URL become its Proxy-Authorization header."""
    address = proxies.get(scheme) or proxies.get("all")
    if not address or _bypassed(proxies, host):
        return None, None
    parts = urlsplit(address if "://" in address else "http://" + address)
    if parts.username is None:
        return parts.geturl(), None
    bare = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
    pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
    return bare, {"Proxy-Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}


def _bypassed(proxies: dict[str, str], host: str) -> bool:
    """NO_PROXY as urllib reads it, from the environment read at start."""
    if "no" not in proxies:
        return False
    return bool(urllib.request.proxy_bypass_environment(host, proxies))


def _sum(*parts: float | None) -> float | None:
    """A combined timeout; none at all when any part is unlimited."""
    if any(p is None for p in parts):
        return None
    return float(sum(parts))  # type: ignore[arg-type]


class UpdatesRequest(AiohttpRequest):
    """The getUpdates request, which also keeps each fetched update as the JSON text Telegram
    sent (`polling` stores it): PTB parses the batch into `Update` objects, and turning those
    back into JSON (`to_dict`, then `json.dumps`) cost ≈ 4 % of the bot's CPU under a crowd.
    The pressed message's keyboard is then set aside, to be built only if asked (`pressed`)."""

    __slots__ = ("fetched",)

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.fetched: dict[int, str] = {}  # update_id → its JSON, of the latest batch

    async def post(self, *args: Any, **kwargs: Any) -> Any:
        result = await super().post(*args, **kwargs)
        if isinstance(result, list):
            self.fetched = {u["update_id"]: _dumps(u).decode()
                            for u in result if isinstance(u, dict) and "update_id" in u}
            for update in result:  # kept as sent above; what PTB parses, from here
                if isinstance(update, dict):
                    pressed.set_aside(update)
        return result


def _body(fields: dict | None, files: dict | None, request_data: RequestData | None) -> Any:
    """The request's fields (`request_data.parameters`) as a JSON body (one of the Bot API's
    documented ways: "application/json, except for uploading files"), or multipart when there
    are files.

    JSON rather than the url-encoded form PTB's HTTPXRequest sends: percent-encoding a keyboard's
    JSON (urllib's `quote_plus`, in Python, byte by byte) cost ≈ 0.35 ms a request, json.dumps
    (in C) a few µs. Nested values (a keyboard, entities) go as JSON objects, not as strings of
    JSON; what Telegram reads is the same."""
    if not files:  # fields: name → value, nested values as they are (not None)
        if not fields:
            return None
        return aiohttp.BytesPayload(_dumps(fields), content_type=_JSON)
    form = aiohttp.FormData()
    for name, value in (request_data.json_parameters if request_data else {}).items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in files.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form


def _dumps(value: Any) -> bytes:
    """`value` as JSON in UTF-8 (non-ASCII as it is, no spaces) by orjson: ≈ 1 µs for a screen
    of times against ≈ 21 for json.dumps, and every request sends one (docs/PERFORMANCE.md,
    fourth pass). What orjson refuses (a key that is not a string, an integer beyond 64 bits)
    goes through json as before."""
    try:
        return orjson.dumps(value)
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(value, ensure_ascii=False).encode()
