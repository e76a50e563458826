"""Telegram's limits on the screens of issue 16 whatever the salon and the clients typed: a
broadcast at its longest with {first_name} everywhere, a waitlist offer with the most buttons
and the longest names, a photo with the longest caption, the longest wish. The stand-in refuses
what Telegram refuses (> 4096 characters, > 1024 of caption, > 100 buttons, > 64 bytes of
callback data, bad HTML), so a message that does not fit fails here."""

from __future__ import annotations

import pytest

from mtime_tui.bot.telegram import limits
from mtime_tui.core import settings
from mtime_tui.core.booking import bookings, waitlist
from mtime_tui.core.messaging import broadcasts
from mtime_tui.core.people import clients, masters, services
from mtime_tui.core.storage import db
from mtime_tui.core.storage.models import BY_SALON, OUT_SENT, SOURCE_MANUAL, Outbox
from tests.bot.conftest import ADMIN_TID, MARIA_TID, TOMORROW, go_to_time
from tests.bot.test_limits import NAME, refused

pytestmark = pytest.mark.both_engines


def delivered(fake, kind: str, timeout: float = 20) -> list[Outbox]:
    fake.wait_until(lambda: Outbox.select().where(Outbox.kind == kind).exists()
                    and not Outbox.select().where((Outbox.kind == kind)
                                                  & (Outbox.status != OUT_SENT)).exists(),
                    timeout=timeout)
    return list(Outbox.select().where(Outbox.kind == kind))


def test_the_longest_broadcast_for_the_longest_name_fits(runner, fake, seed):
    settings.save(salon_name=NAME)
    unit = "{first_name} <&> 😀 "
    text = unit * (broadcasts.TEXT_LIMIT // len(unit))
    eve = fake.user(1003, first_name=NAME[:64], language_code="en")
    clients.telegram_client(1003, first_name=NAME[:64], language="en")
    draft = broadcasts.create(text, broadcasts.Audience())
    assert broadcasts.start(draft.id) == 1
    delivered(fake, broadcasts.KIND)
    [note] = [m for m in fake.sent_to(1003) if "😀" in (m.text or "")]
    assert limits.utf16_len(note.text) <= limits.MAX_TEXT
    assert ("🔕 Unsubscribe", note.buttons()[0][1]) in note.buttons()
    assert eve.messages and refused(fake) == []


def test_a_waitlist_offer_with_the_most_starts_and_the_longest_names_fits(runner, fake, seed):
    fake.allow(MARIA_TID)
    services.update_service(seed.haircut.id, name="Haircut " + NAME[:92])
    masters.update_master(seed.maria.id, name="Maria " + NAME[:94])
    holders = []
    for n, start in enumerate((540, 600, 660, 720)):
        holder = clients.find_or_create_by_phone(f"8912000000{n}", f"Holder{n}")
        holders.append(bookings.create_booking(service_id=seed.haircut.id, client_id=holder.id,
                                               day=TOMORROW, start=start,
                                               master_id=seed.maria.id, source=SOURCE_MANUAL))
    fake.user(1003, first_name=NAME[:64], language_code="en")
    eve = clients.telegram_client(1003, first_name=NAME[:64], language="en")
    waitlist.join(eve.id, [seed.haircut.id], seed.maria.id, TOMORROW)
    with db.write_transaction():  # one change: the bot's check every 0.2 s sees all or nothing
        masters.update_master(seed.maria.id, interval=15)  # many starts between the bookings…
        for booking in holders:
            bookings.cancel(booking.number, by=BY_SALON)  # …and all of them free
    [row] = delivered(fake, waitlist.KIND)
    [offer] = [m for m in fake.sent_to(1003) if m.reply_markup]
    books = [t for t, _ in offer.buttons() if t.startswith("Book ")]
    assert len(books) == waitlist.MAX_OFFERED
    assert limits.utf16_len(offer.text) <= limits.MAX_TEXT
    assert refused(fake) == []


def test_the_longest_caption_and_the_longest_wish_fit(runner, fake, seed, admin):
    fake.allow(ADMIN_TID)
    fake.allow(MARIA_TID)
    eve = fake.user(1003, first_name=NAME[:64], last_name=NAME[:64], language_code="en")
    eve.send("/start")
    eve.wait_for("Welcome")
    eve.send_photo(caption=("<&>😀" * 300)[:1024])  # Telegram's longest caption
    eve.wait_for("sent to the salon")
    fake.wait_until(lambda: [m for m in fake.sent_to(ADMIN_TID) if m.photo], timeout=10)
    go_to_time(eve)
    eve.wait_for("phone number")
    eve.send_contact("+79123456789")
    eve.press("Keep")
    eve.wait_for("check your booking")
    eve.press("A wish for the master?")
    eve.wait_for("Write your wish")
    eve.send(("<i>&</i>😀" * 100)[:300])
    eve.wait_for("Wish:")
    eve.press("✅ Book")
    eve.wait_for("Booked")
    fake.wait_until(lambda: [m for m in fake.sent_to(MARIA_TID) if "&" in (m.text or "")],
                    timeout=10)
    assert refused(fake) == []
