"""Handling updates concurrently without losing order: one person's presses one at a time, in
the order they came; other people meanwhile. Database writes off the loop, writing only changes."""

from __future__ import annotations

import asyncio
import threading

import pytest
from telegram import CallbackQuery, Update, User

from mtime_tui.bot.telegram import dbcalls, dialogue
from mtime_tui.bot.telegram.application import PerUserUpdates
from mtime_tui.core.storage.models import Client, TelegramUser, database

pytestmark = pytest.mark.both_engines


def press(update_id: int, user_id: int, first_name: str = "Anna", lang: str = "en") -> Update:
    user = User(user_id, first_name, is_bot=False, language_code=lang)
    query = CallbackQuery(str(update_id), user, chat_instance="c", data="x")
    return Update(update_id, callback_query=query)


async def _run_interleaved() -> list[str]:
    processor = PerUserUpdates(8)
    log: list[str] = []
    release = asyncio.Event()

    async def handler(name: str, wait: bool) -> None:
        log.append(f"{name} start")
        if wait:
            await release.wait()
        log.append(f"{name} end")

    tasks = [
        asyncio.create_task(processor.process_update(press(1, 10), handler("a1", True))),
        asyncio.create_task(processor.process_update(press(2, 10), handler("a2", False))),
        asyncio.create_task(processor.process_update(press(3, 20), handler("b1", False))),
        asyncio.create_task(processor.process_update(press(4, 10), handler("a3", False))),
    ]
    for _ in range(20):  # let every task run as far as it can
        await asyncio.sleep(0)
    blocked = list(log)
    release.set()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=5)
    return [*blocked, "|", *log[len(blocked):]]


def test_one_users_updates_wait_for_each_other_and_others_go_ahead():
    log = asyncio.run(_run_interleaved())
    cut = log.index("|")
    # While a1 waits: b1 (another user) runs to the end; a2 and a3 do not start.
    assert log[:cut] == ["a1 start", "b1 start", "b1 end"]
    assert log[cut + 1:] == ["a1 end", "a2 start", "a2 end", "a3 start", "a3 end"]


def test_the_per_user_locks_are_forgotten_when_done():
    processor = PerUserUpdates(4)

    async def go() -> None:
        async def nothing() -> None:
            return None

        await asyncio.gather(*(processor.process_update(press(i, i % 3), nothing())
                               for i in range(9)))

    asyncio.run(go())
    assert processor._locks == {}


def test_run_db_runs_in_a_worker_with_its_own_connection(salon):
    main_conn = database.connection()

    def where() -> tuple[str, object]:
        return threading.current_thread().name, database.connection()

    async def go():
        return await dbcalls.run_db(where)

    try:
        name, conn = asyncio.run(go())
        assert name.startswith("mtime-bot-db") and conn is not main_conn
        assert asyncio.run(go())[1] is conn  # reused by the next call
    finally:
        dbcalls.shutdown()
    assert database.connection() is main_conn  # the main thread's own is untouched


def _writes() -> int:
    return database.data_stamp()[2]  # this connection's own writes (either engine)


def test_record_user_writes_only_what_changed(salon):
    dialogue.record_user(press(1, 4242, "Anna", "en"))
    Client.create(telegram_id=4242, first_name="Anna", language="en")
    before = _writes()
    row = dialogue.record_user(press(2, 4242, "Anna", "en"))  # the same again: nothing to write
    assert _writes() == before and row.first_name == "Anna"
    row = dialogue.record_user(press(3, 4242, "Annie", "ru"))  # a new name and language
    assert _writes() == before + 2  # the TelegramUser row and the client's language
    stored = TelegramUser.get(TelegramUser.telegram_id == 4242)
    assert (stored.first_name, stored.language, row.first_name) == ("Annie", "ru", "Annie")
    assert Client.get(Client.telegram_id == 4242).language == "ru"
    TelegramUser.update(unreachable=True).where(TelegramUser.telegram_id == 4242).execute()
    dialogue.record_user(press(4, 4242, "Annie", "ru"))  # pressing /start again: reachable
    assert not TelegramUser.get(TelegramUser.telegram_id == 4242).unreachable


def test_the_reading_workers_share_answers_and_see_every_commit_at_once(salon, engine):
    """The next press is often read by the other reading worker: it finds what the first read
    (one query for both), and a write by the bot's writer is seen by the very next read."""
    from mtime_tui.core.storage import readcache

    from ..test_readcache import Counting, book_noon

    read = Counting()
    both = threading.Barrier(2)

    def warm() -> tuple[str, bool]:
        readcache.cached(len, ())  # each worker's first look
        both.wait(5)  # two calls at once: both workers exist and have looked
        return threading.current_thread().name, readcache._local.shared

    async def go() -> list:
        names = await asyncio.gather(dbcalls.read_db(warm), dbcalls.read_db(warm))
        seen = [await dbcalls.read_screen(lambda: readcache.cached(read)) for _ in range(6)]
        await dbcalls.run_db(book_noon)
        seen += [await dbcalls.read_screen(lambda: readcache.cached(read)) for _ in range(6)]
        return [set(names), seen]

    try:
        names, seen = asyncio.run(go())
    finally:
        dbcalls.shutdown()
        readcache.clear()
    assert len(names) == 2 and all(n.startswith("mtime-bot-read") and shared
                                   for n, shared in names)
    assert seen == [[0]] * 6 + [[1]] * 6
    # Once for the first state whichever worker read it; after the commit, each worker drops
    # the shared answers at its first look (neither knows the other saw the same commit).
    # (PostgreSQL's stamp is the server's snapshot: other tests' commits move it too.)
    assert read.calls in (2, 3) or engine == "postgresql"
