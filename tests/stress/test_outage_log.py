"""Part 4b — the log while Telegram is away (issue 10, "nothing floods"). A proxy in front of
Telegram answers 502 with its HTML page (not Telegram's JSON) for 20 seconds, while the salon
books phone-and-Telegram clients and a user writes /start. The log gets one line per kind of
failure and back-off step and a summary when Telegram is back — no ERROR, no traceback; the
black-box run counted 42 tracebacks, 58.7 KB in 30 seconds."""

from __future__ import annotations

import logging
import time

import pytest

from mtime_tui.core.storage.models import OUT_SENT, Outbox

from .test_telegram_trouble import Booker, open_chats, telegram_clients

pytestmark = pytest.mark.stress

OUTAGE = 20.0


class Everything(logging.Handler):
    """Every record from INFO up, formatted as the log file would hold it (tracebacks too)."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        self.records: list[logging.LogRecord] = []
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(self.format(record))


def test_a_502_outage_with_an_html_body_logs_a_few_lines_and_a_summary(
    runner, fake, shop, ticking_clock
):
    open_chats(fake)
    people = telegram_clients(fake, 6)
    booker = Booker(shop)
    booker.book(people[0])
    fake.wait_until(lambda: Outbox.select().where(Outbox.status != OUT_SENT).count() == 0,
                    timeout=15)
    handler = Everything()
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    try:
        fake.outage(seconds=OUTAGE, mode="html", status=502)
        began = time.monotonic()
        caller = fake.user(499_998, first_name="Late", language_code="en")
        caller.send("/start")
        for person in people[1:]:
            booker.book(person)
        fake.wait_until(lambda: runner.state == "unreachable", timeout=15)
        remaining = OUTAGE - (time.monotonic() - began)
        if remaining > 0:
            time.sleep(remaining)  # bounded: the outage ends by itself
        during = len(handler.lines)
        rows = list(Outbox.select())
        fake.wait_until(lambda: all(Outbox.get_by_id(r.id).status == OUT_SENT for r in rows),
                        timeout=90)
        caller.wait_for("Welcome", timeout=60)
        fake.wait_until(lambda: runner.state == "running", timeout=30)
        fake.wait_until(lambda: any("works again" in line for line in handler.lines), timeout=30)
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    refused = sum(1 for c in fake.calls if c.description == "outage (html)")
    size = sum(len(line.encode()) + 1 for line in handler.lines)
    errors = [line for r, line in zip(handler.records, handler.lines, strict=True)
              if r.levelno >= logging.ERROR or r.exc_info]
    print(f"\noutage-log figures: {OUTAGE:.0f} s of 502 (HTML), {refused} refused calls, "
          f"{len(handler.lines)} log lines ({during} during the outage), {size} bytes")
    print("\n".join(handler.lines))
    assert errors == []
    assert refused > 20  # it was an outage for every caller
    assert len(handler.lines) < 30 and size < 6_000
    assert not any("<html>" in line or "nginx" in line for line in handler.lines)
    summaries = [line for line in handler.lines if "works again" in line]
    assert any("getUpdates works again" in line for line in summaries)
