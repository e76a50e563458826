"""Outbox delivery: the bot thread's loop that turns outbox rows into Telegram messages.

Every notification was written to the outbox in the same transaction as its cause, so nothing is
lost while the bot is stopped or Telegram is down: rows wait, and this loop sends them when it can.
A row is marked sent only after Telegram answered ok. Telegram's answers decide the rest: 429 →
retry after the time it asked for; 403 → the recipient is unreachable; time-outs, network errors
and 5xx → retry with back-off (core.messaging.outbox counts attempts and gives up in the end); 400 → the
message itself is wrong, so it fails at once with the error logged.

Reminders are enqueued here too (`notify.enqueue_due_reminders`, each once by its dedup key), at
start-up and every `reminder_interval` seconds, using the injectable clock.

Every database call runs in `dbcalls.run_db`'s worker: marking a row sent waits for the disk, and
the bot's loop keeps serving users meanwhile.

The rows of the bot's own changes (a booking made in the bot) come in memory: its writer inserts
them already claimed and hands them over after their commit (`dbcalls.hand_new_rows`, `take`), so
they are sent first, without a claim commit; the rest is claimed from the outbox (`outbox.due`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import deque
from collections.abc import Callable, Iterator

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from ...core import settings as settings_mod
from ...core.booking import bookings, waitlist
from ...core.errors import DatabaseUnavailable
from ...core.messaging import broadcasts, digest, notify, outbox
from ...core.reports import outcomes
from ...core.storage.models import CONFIRMED, PENDING, Booking, Outbox
from ..client import broadcasts as broadcast_texts
from . import dbcalls, keyboards
from .api_calls import unread
from .dbcalls import read_db, run_db, run_db_grouped
from .outage_log import OutageLog, kind_of
from .texts import CAPTION_LIMIT, RenderError, client_message_text, payload_of, render_messages

log = logging.getLogger(__name__)

MASTER_NEW = "master_new_booking"  # sent with Confirm / Decline
WITH_BUTTONS = (MASTER_NEW, notify.CLIENT_MESSAGE, notify.MESSAGE,
                notify.MASTER_VISIT_OUTCOME, notify.WAITLIST_FREE)  # kinds sent with buttons
SEND_RATE = 25.0  # messages a second overall: Telegram allows about 30 (broadcasts included)
UNREACHABLE_WAIT = 2.0  # seconds before the next row is tried while Telegram seems down
LOCKED_WAIT = 2.0  # seconds before a locked outbox (another program's lock) is read again
UNREACHABLE_BAD_REQUESTS = ("chat not found", "user not found", "peer_id_invalid")


def retry_seconds(exc: RetryAfter) -> float:
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class OutboxSender:
    """Delivers due outbox rows through `bot`; one per bot thread.

    `on_health(ok)` tells the runner whether Telegram answered (True) or could not be reached
    (False); `on_failed(row, reason)` reports a row that will not be delivered.
    """

    def __init__(
        self,
        bot: Bot,
        *,
        interval: float = 1.0,
        reminder_interval: float = 60.0,
        batch: int = 20,
        on_health: Callable[[bool], None] | None = None,
        on_failed: Callable[[Outbox, str], None] | None = None,
        rate: float = SEND_RATE,
    ) -> None:
        self.bot = bot
        self.gap = 1.0 / rate if rate else 0.0  # seconds between two messages, at the least
        self._next_send = 0.0
        self.interval = interval
        self.reminder_interval = reminder_interval
        self.batch = batch
        self.on_health = on_health or (lambda ok: None)
        self.on_failed = on_failed or (lambda row, reason: None)
        self._wake = asyncio.Event()
        self._stopping = False
        self._handed: deque[Outbox] = deque()  # claimed by the writer, committed, not yet sent
        self._stop_handing: Callable[[], None] = lambda: None
        self.outage = OutageLog(log, "Sending notifications")
        self.locked = OutageLog(log, "Reading the outbox")

    def take(self, row: Outbox) -> None:
        """A row the bot's writer inserted claimed for this sender and committed (in the loop)."""
        self._handed.append(row)
        self._wake.set()

    def wake(self) -> None:
        """Deliver now rather than at the next tick (call from the bot's loop)."""
        self._wake.set()

    def finish(self) -> None:
        """Stop after the row being sent (so a sent row is always marked sent); see `stop`."""
        self._stopping = True
        self._stop_handing()  # what the bot writes from now on is due as usual
        self._wake.set()

    async def run(self) -> None:
        """Loop until `finish()` (or cancelled): reminders when due, every due row, a tick's wait."""
        self._stop_handing = dbcalls.hand_new_rows(self.take)
        try:
            await self._run()
        finally:
            self._stop_handing()
        if self._handed:  # stopped before their turn: due again at once, not after the claim
            rest = list(self._handed)
            self._handed.clear()
            try:
                await run_db(self._release, rest, 0.0)
            except DatabaseUnavailable:  # locked: they are due when their claim runs out
                pass

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        next_reminders = 0.0
        while not self._stopping:
            if loop.time() >= next_reminders:
                await self.enqueue_reminders()
                next_reminders = loop.time() + self.reminder_interval
            try:
                sent_all = await self.deliver_handed() and await self.deliver_due()
                self.locked.recovered()
            except asyncio.CancelledError:
                raise
            except DatabaseUnavailable as exc:  # another program holds the file: wait a little,
                self.locked.failed(exc, LOCKED_WAIT)  # and leave the database worker to users
                await self._pause(LOCKED_WAIT)
                continue
            except Exception:  # a bug must not kill delivery for good
                log.exception("Outbox delivery failed")
                sent_all = True
            if sent_all and not self._stopping:
                await self._pause(self.interval)

    async def _pause(self, seconds: float) -> None:
        """Wait `seconds`, or less if woken (a new notification, or finishing)."""
        self._wake.clear()
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        except TimeoutError:
            pass

    async def enqueue_reminders(self) -> int:
        try:
            count = await run_db(notify.enqueue_due_reminders)
        except DatabaseUnavailable as exc:  # the next round will do it
            self.locked.failed(exc, self.reminder_interval)
            return 0
        except Exception:
            log.exception("Could not enqueue reminders")
            return 0
        if count:
            log.info("Enqueued %d reminder(s)", count)
        # The owner's figures and the masters' "did the client come?" (issue 15); time freed
        # up on a waitlisted date (issue 16).
        for due in (digest.enqueue_daily_summary, outcomes.enqueue_questions, waitlist.check):
            try:
                count += await run_db(due)
            except DatabaseUnavailable:  # another program holds the file; the next round does it
                log.warning("Could not enqueue %s: the database is busy", due.__name__)
            except Exception:
                log.exception("Could not enqueue %s", due.__name__)
        return count

    async def deliver_handed(self) -> bool:
        """Send the rows handed in memory, in turn, rows handed meanwhile included. False when it
        stopped early (`_send_in_turn`)."""

        def handed() -> Iterator[Outbox]:
            while self._handed:
                row = self._handed.popleft()  # one at a time: a row handed meanwhile comes too
                if outbox.still_claimed(row):  # checked just before its send; a row held up too
                    yield row  # long is left to `due()`, which claims it again
        return await self._send_in_turn(handed())

    async def deliver_due(self) -> bool:
        """Send one batch of due rows. False when it stopped early (Telegram down, batch full)."""
        rows = await run_db_grouped(outbox.due, limit=self.batch)
        if not rows:
            return True
        if any(row.broadcast_id for row in rows):
            await run_db(broadcasts.finish_done)
        return await self._send_in_turn(iter(rows)) and len(rows) < self.batch

    async def _send_in_turn(self, rows: Iterator[Outbox]) -> bool:
        """Send `rows` one after another (the settings read once, for the first, by a reading
        worker as each row's texts are). False when it stopped early: Telegram could not take
        one, and the rest wait as long as it asked (its flood control holds every message of the
        bot, an outage every row alike); or the sender is finishing, and the rest, the row whose
        turn it was included, are due again at once."""
        settings = None
        for row in rows:
            if self._stopping:
                await run_db(self._release, [row, *rows], 0.0)
                return False
            settings = settings or await read_db(settings_mod.load)  # off the loop, as the texts
            wait = await self.deliver(row, settings)
            if wait is not None:
                await run_db(self._release, list(rows), wait)
                return False
        return True

    @staticmethod
    def _release(rows: list[Outbox], wait: float) -> None:
        """Rows claimed but not tried become due after `wait` seconds (not after the whole claim):
        Telegram's flood control holds every message of the bot, an outage every row alike.
        Synchronous, for `run_db`."""
        for row in rows:
            outbox.mark_retry(row.id, "", retry_after=wait)  # retry_after: no attempt counted

    async def deliver(self, row: Outbox, settings) -> float | None:
        """Send one row and record the outcome. None to go on with the batch; otherwise Telegram
        could not take it now, and the rest of the batch should wait that many seconds."""
        try:
            if row.broadcast_id:
                prepared = await run_db(broadcast_texts.text_for, row, settings)
                if prepared is None:  # opted out or blocked since it was queued
                    await run_db(outbox.mark_skipped, row.id, "opted out or blocked")
                    return None
                text, markup = prepared
                texts = [text]
            else:  # its texts and buttons read in one trip to a reading worker, off the loop
                texts, markup = await read_db(self._rendered, row, settings)
        except RenderError as exc:
            log.error("Outbox row %s (%s) cannot be rendered: %s", row.id, row.kind, exc)
            await run_db(outbox.mark_failed, row.id, str(exc))
            self.on_failed(row, str(exc))
            return None
        await self._pace()
        try:
            await self._send(row, texts, markup)
        except RetryAfter as exc:
            seconds = retry_seconds(exc)
            log.warning("Telegram asked to wait %.0f s (row %s)", seconds, row.id)
            await run_db(outbox.mark_retry, row.id, str(exc), retry_after=seconds)
            return seconds
        except Forbidden as exc:
            await self._unreachable(row, str(exc))
            return None
        except BadRequest as exc:
            if any(part in str(exc).lower() for part in UNREACHABLE_BAD_REQUESTS):
                await self._unreachable(row, str(exc))
                return None
            log.error("Telegram refused outbox row %s (%s): %s", row.id, row.kind, exc)
            await run_db(outbox.mark_failed, row.id, str(exc))
            self.on_failed(row, str(exc))
            return None
        except NetworkError as exc:  # includes TimedOut and 5xx answers
            self.outage.failed(exc, UNREACHABLE_WAIT)
            await run_db(outbox.mark_retry, row.id, kind_of(exc))
            self.on_health(False)
            return UNREACHABLE_WAIT
        except TelegramError as exc:
            self.outage.failed(exc, UNREACHABLE_WAIT)
            await run_db(outbox.mark_retry, row.id, kind_of(exc))
            return UNREACHABLE_WAIT
        await run_db_grouped(outbox.mark_sent, row.id)
        self.outage.recovered()
        self.on_health(True)
        return None

    async def _unreachable(self, row: Outbox, reason: str) -> None:
        log.info("Chat %s is unreachable (%s); row %s not delivered", row.chat_id, reason, row.id)
        await run_db(outbox.mark_unreachable, row.id, reason)
        self.on_failed(row, reason)

    async def _pace(self) -> None:
        """At most one message per `gap` seconds: Telegram's ~30 a second, whatever is queued."""
        loop = asyncio.get_running_loop()
        now = loop.time()
        if self._next_send > now:
            await asyncio.sleep(self._next_send - now)
            now = loop.time()
        self._next_send = max(now, self._next_send) + self.gap

    async def _send(self, row: Outbox, texts: list[str], markup) -> None:
        """The row's messages, the buttons under the last part; a client's photo goes to staff
        as a photo with the text as its caption."""
        photo = payload_of(row).get("photo") if row.kind == notify.CLIENT_MESSAGE else None
        if photo:
            caption = client_message_text(payload_of(row), row.language, limit=CAPTION_LIMIT - 200)
            await self.bot.send_photo(chat_id=row.chat_id, photo=str(photo), caption=caption,
                                      reply_markup=markup)
            return
        for index, text in enumerate(texts, start=1):
            await unread(self.bot.send_message(  # the answer is not read: no Message made
                chat_id=row.chat_id, text=text, reply_markup=markup if index == len(texts) else None))

    @classmethod
    def _rendered(cls, row: Outbox, settings) -> tuple[list[str], object]:
        """The row's messages and the buttons under them. Reads (its booking, the master's
        branch in a chain: ≈ 0.25 ms of the loop's CPU a notice when rendered there): run it
        with `read_db`."""
        return render_messages(row, settings), cls._markup(row) if row.kind in WITH_BUTTONS else None

    @staticmethod
    def _markup(row: Outbox):
        """Confirm / Decline under a new booking, while it still waits for an answer; Reply
        under a client's message; Write to the salon under the salon's message.
        A read: run it with `read_db`, off the bot's loop."""
        if row.kind == notify.CLIENT_MESSAGE:
            client_id = payload_of(row).get("client_id")
            return keyboards.reply_to_client(int(client_id), row.language) if client_id else None
        if row.kind == notify.MESSAGE:
            return keyboards.write_to_salon(row.language)
        if row.kind == notify.MASTER_VISIT_OUTCOME:
            from ..staff import outcomes as outcome_flow

            booking = Booking.get_or_none(Booking.id == row.booking_id) if row.booking_id else None
            if booking is None or booking.status not in (PENDING, CONFIRMED):
                return None  # marked meanwhile: the question comes without buttons
            return outcome_flow.markup(booking.number, row.language)
        if row.kind == notify.WAITLIST_FREE:
            data = payload_of(row)
            return keyboards.waitlist_offer(int(data["entry_id"]), data.get("starts", []),
                                            row.language)
        if row.kind != MASTER_NEW or not row.booking_id:
            return None
        booking = bookings.booking_by_id(row.booking_id)
        if booking is None or booking.status != PENDING:
            return None
        return keyboards.master_answer(booking.number, row.language)
