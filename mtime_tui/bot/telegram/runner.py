"""The bot's thread: its own event loop, the Application polling, the outbox sender.

`run_polling()` is not used: it installs signal handlers, which fail off the main thread. Instead
(STYLE.md): `async with app:` → `app.start()` → polling (`polling.KeptPolling`, which keeps every
fetched update in the database until it is handled, instead of PTB's Updater) → wait on an
asyncio.Event; `stop()` sets it from any thread with `loop.call_soon_threadsafe`. post_init and
post_shutdown do not run in this mode, so the command menu is set here after start.

The runner never gives up on an unreachable Telegram: it reports "unreachable" and tries again
with back-off, while the outbox keeps every notification for later.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable

from telegram import Bot, BotCommand
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from ...core import settings as settings_mod
from ...core.people import phones
from ...core.storage import db
from ...core.storage.models import database
from ...i18n import N_, tr
from . import dbcalls, events, failures, shown
from .application import build_application
from .events import NO_TOKEN, RUNNING, STOPPED, TOKEN_REJECTED, UNREACHABLE, BotEvent
from .outage_log import OutageLog
from .polling import KeptPolling
from .redact import SafeError, safe
from .sender import SEND_RATE, OutboxSender
from .texts import payload_of

log = logging.getLogger(__name__)


COMMANDS = (
    ("start", N_("Main menu")),
    ("help", N_("What this bot can do")),
    ("cancel", N_("Leave the current step")),
    ("stop", N_("No more news from the salon")),
)

# httpx logs request URLs at INFO and python-telegram-bot its API URL at DEBUG; the URL carries
# the token. core.logs also masks tokens in the file; these levels keep them from being written.
for _name, _level in (("httpx", logging.WARNING), ("httpcore", logging.WARNING),
                      ("telegram", logging.INFO), ("apscheduler", logging.WARNING)):
    if logging.getLogger(_name).level < _level:  # NOTSET (0) or chattier than allowed
        logging.getLogger(_name).setLevel(_level)


class BotRunner:
    """The Telegram bot in a background thread of the process (the TUI's, or `mtime-tui bot`).

    `on_event` is called from the bot thread with a BotEvent; it must not block (the TUI passes
    `app.post_message`). The database must already be open (`core.storage.db.open_database`); the thread
    opens its own connection to it.
    """

    def __init__(
        self,
        *,
        on_event: Callable[[BotEvent], None] | None = None,
        poll_timeout: float = 10.0,
        sender_interval: float = 1.0,
        reminder_interval: float = 60.0,
        retry_delays: tuple[float, ...] = (1, 2, 5, 10, 30, 60),
        request_timeout: float = 10.0,
        upkeep_interval: float | None = None,
        send_rate: float = SEND_RATE,
    ) -> None:
        self.send_rate = send_rate
        self.on_event = on_event
        self.poll_timeout = poll_timeout
        self.sender_interval = sender_interval
        self.reminder_interval = reminder_interval
        self.retry_delays = retry_delays
        self.request_timeout = request_timeout
        self.upkeep_interval = upkeep_interval  # headless: the daily upkeep the TUI does otherwise
        self.state = STOPPED
        self.username = ""
        self.application: Application | None = None
        self.sender: OutboxSender | None = None
        self.polling: KeptPolling | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None
        self._main_task: asyncio.Task | None = None
        self._polling = False
        self._probe_task: asyncio.Task | None = None
        self._ready = threading.Event()
        self._stop_requested = threading.Event()
        self._connected: Callable[[], None] = lambda: None

    # ---- the thread-facing API ---------------------------------------------------------------

    def start(self) -> None:
        """Start the bot thread (no-op when it is already running)."""
        if self._thread and self._thread.is_alive():
            return
        self._ready.clear()
        self._stop_requested.clear()
        self._thread = threading.Thread(target=self._thread_main, name="mtime-bot", daemon=True)
        self._thread.start()
        self._ready.wait(timeout=5)

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the bot to stop and wait (at most `timeout` seconds) for the thread to end."""
        self._stop_requested.set()
        loop, thread = self._loop, self._thread
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._request_stop)
            except RuntimeError:  # the loop closed meanwhile
                pass
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                log.warning("The bot thread did not stop within %.1f s", timeout)
        self._set_state(STOPPED)

    @property
    def alive(self) -> bool:
        return bool(self._thread and self._thread.is_alive())

    def join(self, timeout: float | None = None) -> None:
        if self._thread:
            self._thread.join(timeout)

    # ---- inside the bot thread ---------------------------------------------------------------

    def _thread_main(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        database.connect(reuse_if_open=True)  # peewee keeps one connection per thread
        try:
            self._main_task = loop.create_task(self._main())
            self._ready.set()
            loop.run_until_complete(self._main_task)
        except asyncio.CancelledError:
            pass
        except Exception:
            log.exception("The bot thread failed")
        finally:
            try:
                _cancel_leftovers(loop)
            finally:
                loop.close()
                self._loop = None
                dbcalls.shutdown()  # the database workers' connections
                db.close_database()  # this thread's connection only
                ended = self.state in (NO_TOKEN, TOKEN_REJECTED)  # stays until a new token
                self._set_state(self.state if ended else STOPPED)

    def _request_stop(self) -> None:
        """In the loop: wake the main coroutine; cancel it outright while it is still connecting."""
        if self._stop_event is not None:
            self._stop_event.set()
        if not self._polling and self._main_task is not None:
            self._main_task.cancel()

    async def _main(self) -> None:
        self._stop_event = asyncio.Event()
        if self._stop_requested.is_set():
            return
        settings = settings_mod.load()
        if not settings.bot_token:
            self._set_state(NO_TOKEN, tr("The bot token is not set", "en"))
            return
        attempt = 0
        connecting = OutageLog(log, "Connecting to Telegram")
        self._connected = connecting.recovered
        while not self._stop_event.is_set():
            try:
                await self._run_once(settings)
                return
            except InvalidToken:
                log.error("Telegram rejected the bot token")
                self._set_state(TOKEN_REJECTED, "Telegram rejected the bot token")
                return
            except (NetworkError, TelegramError) as exc:
                self._polling = False
                delay = self.retry_delays[min(attempt, len(self.retry_delays) - 1)]
                connecting.failed(SafeError(exc, settings.bot_token), delay)
                self._set_state(UNREACHABLE, safe(exc, settings.bot_token))
            delay = self.retry_delays[min(attempt, len(self.retry_delays) - 1)]
            attempt += 1
            try:
                await asyncio.wait_for(self._stop_event.wait(), timeout=delay)
            except TimeoutError:
                settings = settings_mod.load()

    async def _run_once(self, settings) -> None:
        app = build_application(
            settings, connect_timeout=min(5.0, self.request_timeout), read_timeout=self.request_timeout
        )
        self.application = app
        shown.forget_all()  # message ids of another bot (or another run) mean nothing here
        async with app:
            me = app.bot.bot
            self.username = me.username or ""
            try:
                await dbcalls.run_db(settings_mod.remember_bot_username, self.username)
            except Exception:  # the links wait for the next start; the bot serves anyway
                log.exception("Could not remember the bot's username")
            await app.start()
            self._connected()
            polling = self.polling = KeptPolling(
                app, timeout=int(self.poll_timeout), on_error=self._polling_error,
                on_ok=lambda: self._health(True))
            app.bot_data[failures.ON_HANDLED] = polling.done
            app.update_processor.on_done = lambda update_id: failures.handled(app, update_id)
            try:
                await polling.start()
                self._polling = True
                await self._set_commands(app.bot)
                self._set_state(RUNNING, "@" + self.username)
                await self._serve(app)
            finally:
                self._polling = False
                await _bounded(polling.stop(), 4)
                if app.running:
                    await _bounded(app.stop(), 3)
                await _bounded(polling.flush(), 2)  # what finished while the app stopped

    async def _serve(self, app: Application) -> None:
        self.sender = OutboxSender(
            app.bot,
            interval=self.sender_interval,
            reminder_interval=self.reminder_interval,
            on_health=self._health,
            on_failed=self._delivery_failed,
            rate=self.send_rate,
        )
        app.bot_data["sender"] = self.sender
        app.bot_data["on_event"] = self._emit
        task = asyncio.create_task(self.sender.run(), name="outbox-sender")
        warm = asyncio.create_task(_load_libraries(), name="load-libraries")
        upkeep_task = None
        if self.upkeep_interval:
            upkeep_task = asyncio.create_task(self._upkeep_loop(), name="upkeep")
        try:
            await self._stop_event.wait()
        finally:
            if upkeep_task is not None:
                upkeep_task.cancel()
            warm.cancel()
            failures.cancel_pending(app)
            # Let the row in flight finish, so what Telegram accepted is marked sent; a send that
            # hangs is cut off (that row may then go out twice: at least once, never lost).
            self.sender.finish()
            try:
                await asyncio.wait_for(task, timeout=2)
            except (TimeoutError, asyncio.CancelledError):
                pass
            except Exception:
                log.exception("The outbox sender failed")

    async def _upkeep_loop(self) -> None:
        """Past breaks and days off go, today's snapshot is taken (harmless to repeat)."""
        while True:
            try:
                await asyncio.wait_for(self._stop_event.wait(), timeout=self.upkeep_interval)
                return
            except TimeoutError:
                pass
            try:
                await asyncio.to_thread(_run_upkeep)
            except Exception:
                log.exception("Daily upkeep failed")

    async def _set_commands(self, bot: Bot) -> None:
        try:
            await bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
            await bot.set_my_commands(
                [BotCommand(c, tr(d, "ru")) for c, d in COMMANDS], language_code="ru"
            )
        except TelegramError as exc:
            log.warning("Could not set the command menu: %s", exc)

    def _polling_error(self, exc: TelegramError) -> None:
        self._health(False)

    def _health(self, ok: bool) -> None:
        if ok and self.polling is not None:
            self.polling.retry_now()
        if ok and self.state == UNREACHABLE:
            self._set_state(RUNNING, "@" + self.username)
        elif not ok and self.state == RUNNING:
            self._set_state(UNREACHABLE)
            self._probe_task = asyncio.get_running_loop().create_task(self._probe())

    async def _probe(self) -> None:
        """While unreachable, ask getMe now and then so the state returns to running."""
        app = self.application
        attempt = 0
        while self.state == UNREACHABLE and app is not None and not self._stop_event.is_set():
            delay = self.retry_delays[min(attempt, len(self.retry_delays) - 1)]
            attempt += 1
            try:
                await asyncio.wait_for(self._stop_event.wait(), timeout=delay)
                return
            except TimeoutError:
                pass
            try:
                await app.bot.get_me()
            except TelegramError:
                continue
            self._health(True)

    def _delivery_failed(self, row, reason: str) -> None:
        number = payload_of(row).get("number")  # the snapshot: the booking may be gone
        self._emit(BotEvent(events.DELIVERY_FAILED, booking_number=number, text=reason))

    def _set_state(self, state: str, text: str = "") -> None:
        if state == self.state:
            return
        self.state = state
        log.info("Bot state: %s %s", state, text)
        self._emit(BotEvent(events.STATE_CHANGED, text=state))

    def _emit(self, event: BotEvent) -> None:
        if self.on_event is None:
            return
        try:
            self.on_event(event)
        except Exception:
            log.exception("on_event failed for %s", event)


def _run_upkeep() -> None:
    from ...core.storage import upkeep

    with db.connection():  # a worker thread: its own connection, closed afterwards
        upkeep.run()


async def _bounded(coro, seconds: float) -> None:
    """Await a shutdown step, but never longer than `seconds` (Telegram may be unreachable)."""
    try:
        await asyncio.wait_for(coro, timeout=seconds)
    except (TimeoutError, TelegramError) as exc:
        log.warning("Bot shutdown step did not finish cleanly: %s", type(exc).__name__)


async def _load_libraries() -> None:
    """What a press would otherwise import in the loop, imported by a reading worker once the
    bot serves: `phonenumbers`, at the first phone number (≈ 13 ms of the loop's CPU)."""
    try:
        await dbcalls.read_db(phones.load_library)
    except Exception:  # the first phone number imports it then, as before
        log.exception("Could not import phonenumbers ahead")


def _cancel_leftovers(loop: asyncio.AbstractEventLoop) -> None:
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.run_until_complete(loop.shutdown_asyncgens())
