"""Telegram's limits whatever the salon typed (SPEC "Notifications", issue 10): every screen at
the limits of every field core accepts — the most services, the most masters of one service,
names of 100 characters full of HTML and emoji, 1000-character descriptions and "about"s, a
4000-character message. The stand-in refuses what Telegram refuses (> 4096 characters, > 100
buttons, > 64 bytes of callback data, bad HTML), so a screen that does not fit fails here."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtime_tui.bot.telegram import limits
from mtime_tui.bot.telegram.texts import esc
from mtime_tui.core import settings
from mtime_tui.core.booking import bookings, work_plans
from mtime_tui.core.people import masters, services
from mtime_tui.core.storage.models import OUT_SENT, Booking, Master, Outbox
from tests.bot.conftest import MARIA_TID, TOMORROW, book, settle
from tests.bot.staff_seed import client, start_staff
from tests.fakegram import markup as fake_markup

pytestmark = pytest.mark.both_engines

# 100 characters with every HTML special and emoji outside the BMP (2 UTF-16 units each).
NAME = ("<b>&amp;😀" * 12 + "Ж" * 100)[:100]
LONG = ("Очень длинный рассказ <про> мастера & салон 💇‍♀️. " * 40)[:1000]


def refused(fake) -> list[tuple[str, str]]:
    return [(c.method, c.params.get("chat_id"), c.description) for c in fake.calls
            if c.status >= 400]


class Page:
    """A screen as it was when seen (the stand-in edits its messages in place)."""

    def __init__(self, msg) -> None:
        self.message = msg
        self.text = msg.text
        self.buttons = msg.buttons()

    @property
    def labels(self) -> list[str]:
        return [t for t, _ in self.buttons
                if t not in ("Later ▶️", "◀️ Earlier", "⬅️ Back", "☐", "☑️")]  # not the ticks


def walk_pages(user, screen: str) -> list[Page]:
    """Every page of a paged list, pressing "Later ▶️" until there is none."""
    pages = [Page(user.wait_for(screen))]
    while any(text == "Later ▶️" for text, _ in pages[-1].buttons):
        user.clear()
        user.press("Later ▶️")
        pages.append(Page(user.wait_for(screen)))
    return pages


def test_106_services_come_in_pages_and_the_last_one_books(runner, fake, seed):
    made = [services.create_service(name=f"{i:03d} " + NAME[:90], duration=60, price=9_999_999,
                                    description=LONG) for i in range(104)]
    masters.add_master_services(seed.maria.id, [s.id for s in made])
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.press("Book")
    pages = walk_pages(anna, "Choose a service")
    assert len(pages) == 6 and "(page 6 of 6)" in pages[-1].text
    assert all(len(p.buttons) <= 100 for p in pages)
    labels = [t for p in pages for t in p.labels]
    assert len(set(labels)) == len(labels) == 106  # every service is offered once
    assert all(len(t) <= limits.MAX_BUTTON_LABEL for t in labels)
    anna.press("103 ")  # the last service, on the last page
    service = anna.wait_for("Choose a master")
    assert LONG.split()[0] in service.text
    earlier = dict(pages[-1].buttons)["◀️ Earlier"]
    anna.clear()
    anna.press_data(earlier)  # the old page's arrow still works
    anna.wait_for("(page 5 of 6)")
    assert refused(fake) == []


def test_a_service_with_100_masters_pages_them_and_tells_about_each(runner, fake, seed):
    for i in range(98):
        m = masters.create_master(telegram_id=600_000 + i, name=f"{i:02d} " + NAME[:97],
                                  shift_start=9, shift_end=12, interval=60, about=LONG)
        masters.add_master_services(m.id, [seed.haircut.id])
    services.update_service(seed.haircut.id, description=LONG, name=NAME)
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.press("Book")
    anna.press(limits.label(NAME)[:20])
    pages = walk_pages(anna, "Choose a master")
    assert len(pages) == 10 and "(page 10 of 10)" in pages[-1].text
    for page in pages:
        assert limits.utf16_len(page.text) <= limits.MAX_TEXT and len(page.buttons) <= 100
        assert LONG[:200].strip() in page.text  # the description, whole
        assert "…" in page.text  # each master's about, begun and visibly cut
    anna.press("97 ")  # the last master
    dates = anna.wait_for("Choose a date")
    assert " ".join(LONG.split()) in " ".join(dates.text.split())  # the whole about, here
    assert refused(fake) == []


def test_four_long_abouts_and_a_long_description_fit_the_service_screen(runner, fake, seed):
    """The black-box finding: 5,149 characters, refused on every press."""
    services.update_service(seed.haircut.id, description=LONG)
    for m in list(Master.select()):  # read first: a query still open holds SQLite's read lock,
        masters.update_master(m.id, about=LONG)  # and a write under it fails at once ("locked")
        # when the bot's writer is committing meanwhile
    for i in range(2):
        m = masters.create_master(telegram_id=600_100 + i, name=f"Master {i}", shift_start=9,
                                  shift_end=12, interval=60, about=LONG)
        masters.add_master_services(m.id, [seed.haircut.id])
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.press("Book")
    anna.press("Haircut")
    screen = anna.wait_for("Choose a master")
    assert 3000 < limits.utf16_len(screen.text) <= limits.MAX_TEXT
    assert screen.text.count("…") == 4 and "Maria — " in screen.text
    assert refused(fake) == []


def test_every_screen_of_a_booking_at_the_limits_of_its_fields(runner, fake, seed, admin):
    """Service, master, client and salon names at their limits, through the client's booking,
    the notifications, My bookings, the master's and the admin's lists and cards."""
    settings.save(salon_name=NAME, salon_address=("Адрес <&> 🏠 " * 20)[:200],
                  salon_phone="+7 900 000-00-00")
    services.update_service(seed.haircut.id, name="Haircut " + NAME[:92], description=LONG)
    masters.update_master(seed.maria.id, name="Maria " + NAME[:94], about=LONG)
    fake.allow(MARIA_TID)
    fake.allow(admin)
    eve = fake.user(1003, first_name=NAME[:64], last_name=NAME[:64], language_code="en")
    done = book(eve, service="Haircut ", master="Maria ")
    assert "Booked" in done.text
    eve.clear()
    eve.press("My bookings")
    eve.wait_for("Your upcoming bookings")
    eve.press("Haircut")
    eve.wait_for("Status")
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    fake.wait_until(lambda: fake.sent_to(MARIA_TID))
    start_staff(maria)
    maria.press("7 days")
    maria.press("Haircut")
    maria.wait_for("Status")
    boss = fake.user(admin, first_name="Boss", language_code="en")
    start_staff(boss, "admin menu")
    boss.press("New bookings, all masters")
    boss.press("Haircut")
    boss.wait_for("Status")
    # A 4000-character message with emoji (8000 UTF-16 units): it arrives in parts.
    boss.press("Write to the client")
    boss.wait_for("Type the message")
    text = ("😀 Привет <клиент> & " * 300)[:4000]
    boss.send(text)
    boss.wait_for("on its way")
    message = Outbox.get(Outbox.kind == "message")
    fake.wait_until(lambda: Outbox.get_by_id(message.id).status == OUT_SENT, timeout=10)
    parts = [m for m in fake.sent_to(1003) if "Привет" in (m.text or "")]
    assert len(parts) >= 2
    assert all(limits.utf16_len(p.text) <= limits.MAX_TEXT for p in parts)
    assert refused(fake) == []
    assert Booking.select().count() == 1


def test_a_day_off_over_many_bookings_lists_them_within_the_limit(runner, fake, seed):
    settings.save(horizon_days=30)
    fake.allow(MARIA_TID)
    masters.update_master(seed.maria.id, interval=30)
    work_plans.set_week(seed.maria.id, [("0:00", "23:00")] * 7)
    services.update_service(seed.haircut.id, name=NAME, duration=30)
    for i in range(40):
        who = client(NAME[:60] + str(i), f"+7912345{i:04d}")
        bookings.create_booking(service_id=seed.haircut.id, client_id=who.id, day=TOMORROW,
                                start=i * 30, master_id=seed.maria.id, source="bot")
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    start_staff(maria)
    maria.press("My working time")
    maria.press("Days off")
    maria.press("Add a day off")
    maria.press("24•")
    ask = maria.wait_for("You have 40 booking(s)")
    assert "… and 10 more" in ask.text and limits.utf16_len(ask.text) <= limits.MAX_TEXT
    settle(maria)
    assert refused(fake) == []


# ---- the guard itself ------------------------------------------------------------------------


def test_the_guard_refuses_what_telegram_would_before_it_is_sent(fake):
    """What a screen builder got wrong never reaches Telegram: OverLimit, a BadRequest."""
    too_long = "x" * 4097
    with pytest.raises(limits.OverLimit):
        limits.check_request("sendMessage", {"text": too_long, "parse_mode": "HTML"})
    limits.check_request("sendMessage", {"text": "<b>" + "x" * 4096 + "</b>",
                                         "parse_mode": "HTML"})  # tags do not count
    with pytest.raises(limits.OverLimit):
        limits.check_request("sendMessage", {"text": "😀" * 2049, "parse_mode": "HTML"})
    with pytest.raises(limits.OverLimit):
        limits.check_request("sendPhoto", {"caption": "x" * 1025})
    with pytest.raises(limits.OverLimit, match="unescaped"):
        limits.check_request("sendMessage", {"text": "Tom & Jerry", "parse_mode": "HTML"})
    with pytest.raises(limits.OverLimit, match="unclosed"):
        limits.check_request("editMessageText", {"text": "<b>x", "parse_mode": "HTML"})
    keyboard = {"inline_keyboard": [[{"text": str(i), "callback_data": "x"}] for i in range(101)]}
    with pytest.raises(limits.OverLimit, match="101 buttons"):
        limits.check_request("sendMessage", {"text": "x", "reply_markup": keyboard})
    wide = {"inline_keyboard": [[{"text": "b", "callback_data": "x" * 65}]]}
    with pytest.raises(limits.OverLimit, match="64 bytes"):
        limits.check_request("editMessageReplyMarkup", {"reply_markup": wide})


def test_the_guard_counts_bytes_rows_and_units_as_telegram_does():
    """The guard's shortcuts (an ASCII text's length, a short callback data's bytes, the
    bot's buttons as plain dicts) refuse exactly what the full count refuses."""
    def keyboard(*rows):
        return {"inline_keyboard": [list(row) for row in rows]}

    def data(value):
        return {"text": "b", "callback_data": value}

    limits.check_markup(keyboard([data("ж" * 32)]))  # 64 bytes: at the limit
    with pytest.raises(limits.OverLimit, match="64 bytes"):
        limits.check_markup(keyboard([data("ж" * 33)]))  # 33 characters, 66 bytes
    with pytest.raises(limits.OverLimit, match="64 bytes"):
        limits.check_markup(keyboard([data("😀" * 16 + "x")]))  # 17 characters, 65 bytes
    limits.check_markup(keyboard([data("😀" * 16)]))  # 16 characters, 64 bytes
    limits.check_markup(keyboard([data("x" * 64)]))
    with pytest.raises(limits.OverLimit, match="64 bytes"):
        limits.check_markup(keyboard([data(10 ** 65)]))  # not a string: its text counts
    from types import MappingProxyType  # a button that is a mapping but not a dict

    with pytest.raises(limits.OverLimit, match="64 bytes"):
        limits.check_markup(keyboard([MappingProxyType(data("x" * 65))]))
    with pytest.raises(limits.OverLimit, match="in a row"):
        limits.check_markup(keyboard([data(str(i)) for i in range(9)]))
    rows = [[data("x")] * 8] * 12 + [[data("x")] * 5]  # 101 buttons in rows of at most 8
    with pytest.raises(limits.OverLimit, match="101 buttons"):
        limits.check_markup(keyboard(*rows))
    limits.check_markup(keyboard(*rows[:-1], [data("x")] * 4))  # 100
    assert limits.utf16_len("abc") == 3 and limits.utf16_len("ж😀") == 3
    limits.check_text("😀" * 2048)  # 4096 units
    with pytest.raises(limits.OverLimit):
        limits.check_text("<b>" + "x" * 4097 + "</b>")


def test_a_parsed_text_is_kept_but_never_shared_or_forgiven():
    """parse_html keeps its latest answers (a screen's text is parsed three times a press):
    each caller still gets its own list, and bad HTML is refused every time it is asked."""
    first = limits.parse_html("<b>Maria</b>  ")
    first[1].append(("italic", 0, 1))
    assert limits.parse_html("<b>Maria</b>  ") == ("Maria", [("bold", 0, 5)])
    for _ in range(2):
        with pytest.raises(limits.OverLimit, match="unclosed"):
            limits.parse_html("<b>Maria")
        with pytest.raises(limits.OverLimit, match="unclosed"):
            limits.check_request("sendMessage", {"text": "<b>Maria", "parse_mode": "HTML"})


def test_the_transport_applies_the_guard(fake):
    import asyncio

    from telegram import Bot

    from mtime_tui.bot.telegram.transport import AiohttpRequest

    fake.user(1001)

    async def send():
        bot = Bot(fake.token, base_url=fake.base_url, request=AiohttpRequest(),
                  get_updates_request=AiohttpRequest())
        async with bot:
            await bot.send_message(1001, "x" * 5000)

    with pytest.raises(limits.OverLimit):
        asyncio.run(send())
    assert fake.calls_of("sendMessage") == []  # refused here, never sent


@given(st.text(max_size=300))
def test_escaped_text_parses_back_as_the_stand_in_parses_it(text):
    html = f"<b>{esc(text)}</b>\n{esc(text)}"
    ours = limits.parse_html(html)
    theirs_plain, theirs_entities = fake_markup.parse_html(html)
    theirs = fake_markup._trim(theirs_plain, theirs_entities)
    assert ours[0] == theirs[0]
    assert [(t, o, n) for t, o, n in ours[1]] == [
        ("bold", e["offset"], e["length"]) for e in theirs[1]]


def test_clip_is_visible_and_within_the_limit():
    assert limits.clip("short", 10) == "short"
    cut = limits.clip("a rather long name of a master", 12)
    assert cut.endswith("…") and limits.utf16_len(cut) <= 12
    assert limits.utf16_len(limits.clip("😀" * 50, 11)) <= 11
    assert limits.split_plain("word " * 2000, 4000) == [("word " * 800).strip(),
                                                        ("word " * 800).strip(),
                                                        ("word " * 400).strip()]
