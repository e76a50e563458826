"""Notification texts: every outbox kind renders in both languages, user text escaped for HTML."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from mtime_tui.bot.telegram import texts
from mtime_tui.core import settings
from mtime_tui.core.booking import bookings
from mtime_tui.core.messaging import notify
from mtime_tui.core.people import clients
from mtime_tui.core.storage.models import SOURCE_BOT, Outbox
from tests.bot.conftest import TOMORROW

pytestmark = pytest.mark.both_engines


class TagCheck(HTMLParser):
    """Collects tags; Telegram's HTML allows only a few, and every one must be closed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: set[str] = set()
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.open.append(tag)
        self.tags.add(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open.pop() == tag

    def handle_data(self, data):
        self.text += data


def parse(html: str) -> TagCheck:
    check = TagCheck()
    check.feed(html)
    check.close()
    assert not check.open
    assert check.tags <= {"b", "i"}
    return check


@pytest.fixture
def booking(seed):
    client = clients.telegram_client(42, first_name="<b>Eve</b> & Co", language="en")
    clients.set_phone(client.id, "+79123456789")
    seed.maria.name = "Maria <i>"
    seed.maria.save()
    seed.haircut.name = "Cut & <Style>"
    seed.haircut.save()
    return bookings.create_booking(service_id=seed.haircut.id, client_id=client.id, day=TOMORROW,
                                   start=10 * 60, master_id=seed.maria.id, source=SOURCE_BOT)


@pytest.mark.parametrize("kind", [k for k in texts.KINDS
                                  if k not in (texts.MESSAGE, texts.CLIENT_MESSAGE,
                                               texts.WAITLIST_FREE)])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_booking_kind_renders_with_user_text_escaped(booking, kind, lang):
    row = notify.enqueue(1, kind, booking=booking, language=lang,
                         payload=notify.booking_payload(booking, hours=24, old_date="2026-11-24",
                                                        old_start=600))
    html = texts.render_notification(row, settings.load())
    check = parse(html)
    assert str(booking.number) in check.text
    assert "Cut & <Style>" in check.text
    assert "10:00" in check.text
    if not kind.startswith("client_"):
        assert "<b>Eve</b> & Co" in check.text
        assert "8 (912) 345-67-89" in check.text


def test_the_snapshot_wins_over_the_current_booking(booking):
    row = notify.enqueue(1, "client_confirmed", booking=booking,
                         payload=notify.booking_payload(booking), language="en")
    booking.start = 11 * 60
    booking.save()
    assert "10:00" in texts.render_notification(row, settings.load())


def test_russian_text_is_russian(booking):
    row = notify.enqueue(1, "client_received", booking=booking,
                         payload=notify.booking_payload(booking), language="ru")
    html = texts.render_notification(row, settings.load())
    assert "Мастер" in html and "Master" not in html


def test_a_free_message_is_escaped(seed):
    row = notify.enqueue(1, "message", payload={"text": "a < b & <script>"}, language="en")
    check = parse(texts.render_notification(row, settings.load()))
    assert "a < b & <script>" in check.text
    assert "Test Salon" in check.text


def test_an_unknown_kind_or_a_lost_booking_cannot_render(seed):
    row = Outbox.create(chat_id=1, kind="nonsense", payload="{}")
    with pytest.raises(texts.RenderError):
        texts.render_notification(row, settings.load())
    row = Outbox.create(chat_id=1, kind="client_confirmed", payload=json.dumps({"x": 1}))
    with pytest.raises(texts.RenderError):
        texts.render_notification(row, settings.load())


def test_days_and_prices(seed):
    assert texts.format_day(TOMORROW, "en") == "Tue, 24 Nov"
    assert texts.format_day(TOMORROW, "ru") == "Вт, 24 нояб."
    assert texts.format_time(9 * 60 + 5) == "09:05"
    s = settings.load()
    assert texts.format_price(None, s) == ""
    assert texts.format_price(1500, s) == "1\u202f500 ₽"
