"""FakeTelegram: a Telegram Bot API stand-in on 127.0.0.1 for the real python-telegram-bot.

The server runs aiohttp in its own thread and loop; tests drive simulated users from their
own thread (see users.py) and inject faults: failed calls, 429 with retry_after, blocked
chats, and outages that answer 502, drop the connection or hang.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from . import profile as _profile  # noqa: F401  (registers the profile methods)
from .errors import ApiError
from .faults import FaultControls, Outage, fault_error
from .methods import METHODS
from .users import FakeUser
from .wire import Call, drop_connection, error_response, read_params
from .world import FakeMessage, World

log = logging.getLogger(__name__)

DEFAULT_TOKEN = "123456:TEST-TOKEN-aaaaaaaaaaaaaaaaaaaaaaaa"
_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)


PROXY_PAGE = (  # what a proxy in front of Telegram answers while Telegram is away
    "<html>\r\n<head><title>{0} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>{0} Bad "
    "Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


class _Cut(Exception):
    """An outage began while a long poll was held: answer it as the outage answers."""

    def __init__(self, outage: Outage) -> None:
        self.outage = outage


class _Poller:
    def __init__(self) -> None:
        self.event = asyncio.Event()
        self.conflict = False


class FakeTelegram(FaultControls):
    """The stand-in. Start it, point python-telegram-bot at `base_url`, drive `user(...)`s."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "mtime_test_bot",
        open_chats: bool = False,
        strict_ampersand: bool = True,
        host: str = "127.0.0.1",
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.host = host
        self.port = 0
        self.world = World(
            token, bot_username, open_chats=open_chats, strict_ampersand=strict_ampersand
        )
        self.world.on_update = self._wake_pollers
        self._users: dict[int, FakeUser] = {}
        self._calls: list[Call] = []
        self._init_faults()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._pollers: set[_Poller] = set()  # touched on the server loop only
        self._released: asyncio.Event | None = None  # set on restore/stop: frees hung requests
        self._stopping = False

    # --- lifecycle ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    def start(self) -> FakeTelegram:
        if self._thread is not None:
            raise RuntimeError("FakeTelegram already started")
        ready = threading.Event()
        failure: list[BaseException] = []

        def serve() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self._serve())
            except BaseException as exc:  # reported to start()
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.close()

        self._thread = threading.Thread(target=serve, name="fakegram", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("FakeTelegram did not start within 10 s")
        if failure:
            self._thread = None
            raise failure[0]
        return self

    async def _serve(self) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._download)
        self._released = asyncio.Event()
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    def stop(self) -> None:
        """Release pending long polls, close the server and join its thread (fast)."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None or loop.is_closed():
            return
        self._stopping = True

        async def shutdown() -> None:
            self._wake_all(conflict=False)
            assert self._released is not None
            self._released.set()
            if self._runner is not None:
                await self._runner.cleanup()

        try:
            asyncio.run_coroutine_threadsafe(shutdown(), loop).result(timeout=5)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5)
            self._thread = None
            with self.world.lock:
                self.world.wake_everyone()

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- users and chats ----------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str = "User",
        last_name: str = "",
        language_code: str | None = "ru",
        username: str | None = None,
        *,
        started: bool = True,
    ) -> FakeUser:
        """The simulated user with this id (created on first call; later calls return it).

        A created user may receive messages (`started=True`), as if they had opened the bot
        before; pass `started=False` to see "bot can't initiate conversation" until they write.
        """
        with self.world.lock:
            existing = self._users.get(user_id)
            if existing is not None:
                return existing
            profile: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
            if last_name:
                profile["last_name"] = last_name
            if username:
                profile["username"] = username
            if language_code:
                profile["language_code"] = language_code
            self.world.profiles[user_id] = profile
            if started:
                self.world.started.add(user_id)
            created = self._users[user_id] = FakeUser(self, user_id)
            return created

    def allow(self, chat_id: int) -> None:
        """Let the bot send to a chat no simulated user stands behind (e.g. a master's id)."""
        with self.world.lock:
            self.world.started.add(int(chat_id))

    def forbid(self, chat_id: int) -> None:
        """Every call to this chat answers 403 "bot was blocked by the user"."""
        with self.world.lock:
            self.world.forbidden.add(int(chat_id))

    def unforbid(self, chat_id: int) -> None:
        with self.world.lock:
            self.world.forbidden.discard(int(chat_id))

    # --- what the bot did ---------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        """Every request the bot made (including refused ones), oldest first; a copy."""
        with self.world.lock:
            return list(self._calls)

    def calls_of(self, method: str, *, ok: bool | None = None) -> list[dict[str, Any]]:
        """The params of each call of `method` (ok=True: only answered 200; False: only failed)."""
        name = method.lower()
        return [
            c.params for c in self.calls if c.method.lower() == name and (ok is None or c.ok == ok)
        ]

    def sent_to(self, chat_id: int) -> list[FakeMessage]:
        """The bot's messages in a chat, in order (any chat id, with or without a user)."""
        with self.world.lock:
            state = self.world.chats.get(int(chat_id))
            if state is None:
                return []
            return [m for m in state.messages.values() if m.from_bot]

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list:
        """The command menu set with setMyCommands for that scope and language."""
        key = f"{scope or {'type': 'default'}}|{language_code}"
        with self.world.lock:
            return list(self.world.commands.get(key, []))

    def wait_until(self, predicate: Callable[[], Any], timeout: float = 5) -> Any:
        """Wait until predicate() is truthy (checked whenever the fake changes); return it."""
        deadline = time.monotonic() + timeout
        with self.world.cond:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"condition not met within {timeout} s.\n{self.describe()}")
                self.world.cond.wait(min(remaining, 0.25))

    def wait_fetched(self, timeout: float = 5) -> None:
        """Wait until the bot has fetched every update queued so far (not yet handled!)."""
        w = self.world
        last = w.next_update_id - 1
        self.wait_until(lambda: w.fetched_up_to >= last, timeout)

    def describe(self, last: int = 12) -> str:
        """The latest bot calls (getUpdates left out) and the fault state, for failure messages."""
        with self.world.lock:
            calls = [c for c in self._calls if c.method.lower() != "getupdates"][-last:]
            lines = [
                f"  {c.method} chat={c.params.get('chat_id', '-')} -> {c.status}"
                + (f" {c.description}" if c.description else "")
                for c in calls
            ]
            state = [
                f"updates not yet fetched: {self.pending_updates()}",
                f"outage: {self._outage}" if self._outage else "",
                f"fail rules: {self._faults}" if self._faults else "",
            ]
        return (
            "Latest bot calls:\n"
            + ("\n".join(lines) or "  (none)")
            + "\n"
            + ("; ".join(x for x in state if x))
        )

    @property
    def polling(self) -> int:
        """How many getUpdates requests are being held right now (long polling)."""
        return len(self._pollers)

    def pending_updates(self) -> int:
        with self.world.lock:
            return sum(1 for u in self.world.updates if u["update_id"] > self.world.fetched_up_to)

    # --- HTTP ---------------------------------------------------------------------------------

    def _record(self, method: str, params: dict[str, Any], status: int, desc: str | None) -> None:
        with self.world.cond:
            self._calls.append(Call(method, params, status, desc))
            self.world.cond.notify_all()

    def _reply(self, method: str, params: dict[str, Any], result: Any) -> web.Response:
        self._record(method, params, 200, None)
        return web.json_response({"ok": True, "result": result})

    def _refuse(self, method: str, params: dict[str, Any], error: ApiError) -> web.Response:
        self._record(method, params, error.code, error.description)
        return web.json_response(error.payload(), status=error.code)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        try:
            params = await read_params(request)
        except Exception as exc:  # a malformed request is the bot's bug: say so
            return self._refuse(method, {}, ApiError(400, f"Bad Request: {exc}"))
        outage = self._current_outage()
        if outage is not None:
            return await self._outage_answer(request, method, params, outage)
        if request.match_info["token"] != self.token:
            return self._refuse(method, params, ApiError(401, "Unauthorized"))
        delay = self._delay_for(method)
        if delay:
            await asyncio.sleep(delay)
        fault = self._take_fault(method) or self._flooded(method, params)
        if fault is not None:
            if fault.drop:
                self._record(method, params, 0, "dropped")
                return drop_connection(request)
            return self._refuse(
                method, params, fault_error(fault.status, fault.retry_after, fault.description)
            )
        try:
            if method.lower() == "getupdates":
                result = await self._get_updates(params)
            else:
                impl = METHODS.get(method.lower())
                if impl is None:
                    raise ApiError(404, "Not Found")
                with self.world.cond:
                    result = impl(self.world, params)
        except ApiError as error:
            return self._refuse(method, params, error)
        except _Cut as cut:
            return await self._outage_answer(request, method, params, cut.outage)
        except Exception as exc:  # a bug in the stand-in: make it loud in the test
            log.exception("fakegram failed on %s", method)
            return self._refuse(method, params, ApiError(500, f"Internal Server Error: {exc!r}"))
        return self._reply(method, params, result)

    async def _outage_answer(
        self, request: web.Request, method: str, params: dict[str, Any], outage: Outage
    ) -> web.StreamResponse:
        if outage.mode == "error":
            return self._refuse(method, params, fault_error(outage.status, None, None))
        if outage.mode == "html":
            self._record(method, params, outage.status, "outage (html)")
            return web.Response(status=outage.status, text=PROXY_PAGE.format(outage.status),
                                content_type="text/html")
        self._record(method, params, 0, f"outage ({outage.mode})")
        if outage.mode == "hang":
            await self._hang(outage)
        return drop_connection(request)

    async def _hang(self, outage: Outage) -> None:
        assert self._released is not None
        timeout = None if outage.until is None else max(0.0, outage.until - time.monotonic())
        try:
            await asyncio.wait_for(self._released.wait(), timeout)
        except TimeoutError:
            pass

    async def _download(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return error_response(401, "Unauthorized")
        path = request.match_info["path"]
        with self.world.lock:
            stored = next((f for f in self.world.files.values() if f.path == path), None)
        if stored is None:
            return error_response(404, "Not Found")
        return web.Response(body=stored.content or b"\xff\xd8fake-jpeg\xff\xd9")

    # --- getUpdates (long polling) ------------------------------------------------------------

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        w = self.world
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = min(max(float(params.get("timeout") or 0), 0.0), 50.0)
        with w.lock:
            if w.webhook_url:
                raise ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
        self._wake_all(conflict=True)  # like Telegram: the newer poll wins
        poller = _Poller()
        self._pollers.add(poller)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            while True:
                with w.cond:
                    w.confirm_below(offset)
                    batch = w.updates[:limit]
                    if batch:
                        w.fetched_up_to = max(w.fetched_up_to, batch[-1]["update_id"])
                        w.cond.notify_all()
                        return batch
                if poller.conflict:
                    raise ApiError(409, _CONFLICT)
                outage = self._current_outage()
                if outage is not None:  # an outage also cuts the polls being held
                    raise _Cut(outage)
                remaining = deadline - loop.time()
                if self._stopping or remaining <= 0:
                    return []
                poller.event.clear()
                try:
                    await asyncio.wait_for(poller.event.wait(), remaining)
                except TimeoutError:
                    pass
        finally:
            self._pollers.discard(poller)

    def _wake_pollers(self) -> None:
        """Called (lock held, any thread) when an update is queued."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._wake_all, False)
            except RuntimeError:  # the loop closed in between
                pass

    def _wake_all(self, conflict: bool) -> None:
        for poller in list(self._pollers):
            poller.conflict = poller.conflict or conflict
            poller.event.set()
