"""Run a real python-telegram-bot Application in a background thread, the way the bot does.

`run_polling()` installs signal handlers, which fail off the main thread, so this is the
manual start: own loop, `async with app`, start(), start_polling(), wait for stop.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any


class ApplicationThread:
    """A started Application polling in its own thread; `stop()` ends it and joins."""

    def __init__(self, app: Any, *, poll_timeout: float = 1, poll_interval: float = 0) -> None:
        self.app = app
        self.poll_timeout = poll_timeout
        self.poll_interval = poll_interval
        self.loop: asyncio.AbstractEventLoop | None = None
        self.error: BaseException | None = None
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="ptb-app", daemon=True)

    def start(self, timeout: float = 10) -> ApplicationThread:
        self._thread.start()
        if not self._ready.wait(timeout):
            raise TimeoutError(f"the Application did not start polling within {timeout} s")
        if self.error is not None:
            raise RuntimeError("the Application failed to start") from self.error
        return self

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self.loop = loop
        try:
            loop.run_until_complete(self._main())
        except BaseException as exc:  # surfaced by start()/stop()
            self.error = exc
        finally:
            self._ready.set()
            loop.close()

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        async with self.app:
            await self.app.start()
            await self.app.updater.start_polling(
                poll_interval=self.poll_interval, timeout=self.poll_timeout
            )
            self._ready.set()
            await self._stop.wait()
            await self.app.updater.stop()
            await self.app.stop()

    def call(self, coro: Any, timeout: float = 10) -> Any:
        """Run a coroutine (e.g. `app.bot.send_message(...)`) on the Application's loop."""
        assert self.loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self, timeout: float = 10) -> None:
        """Ask the loop to stop from any thread; join; re-raise what the thread died of."""
        loop, stop = self.loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(stop.set)
            except RuntimeError:  # closed in between: it already ended
                pass
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise TimeoutError(f"the Application did not stop within {timeout} s")
        if self.error is not None:
            raise RuntimeError("the Application thread failed") from self.error

    def __enter__(self) -> ApplicationThread:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def run_application_in_thread(
    app: Any, *, poll_timeout: float = 1, poll_interval: float = 0, start_timeout: float = 10
) -> ApplicationThread:
    """Start `app` polling in a new thread; returns the handle (use `with` or call .stop())."""
    return ApplicationThread(app, poll_timeout=poll_timeout, poll_interval=poll_interval).start(
        start_timeout
    )
