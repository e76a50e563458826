"""The client books through the real bot (stand-in Telegram on 127.0.0.1, a real SQLite file)."""

from __future__ import annotations

import pytest

from mtime_tui.bot.telegram.events import BOOKING_CREATED, BotEvent
from mtime_tui.core.booking import working_time
from mtime_tui.core.people import clients, masters, services
from mtime_tui.core.storage.models import PENDING, Booking, Client, TelegramUser
from tests.bot.conftest import MARIA_TID, TOMORROW, book, go_to_time, settle

pytestmark = pytest.mark.both_engines


def test_a_client_books_end_to_end_and_the_master_hears(runner, fake, seed, events):
    fake.allow(MARIA_TID)
    anna = fake.user(1001, first_name="Anna", last_name="Smith", language_code="en")

    anna.send("/start")
    welcome = anna.wait_for("Welcome")
    assert "Test Salon" in welcome.text
    assert [t for t, _ in anna.buttons(welcome)] == ["📝 Book", "📋 My bookings",
                                                      "ℹ️ About the salon",
                                                      "✉️ Write to the salon"]
    anna.press("Book")
    services_screen = anna.wait_for("Choose a service")
    assert ("Colour — 3\u202f000 ₽", f"bk:s:{seed.colour.id}") in anna.buttons(services_screen)
    anna.press("Haircut")
    masters_screen = anna.wait_for("Choose a master")
    assert "Wash, cut and style" in masters_screen.text  # the description, after choosing
    assert "Ten years with scissors" in masters_screen.text
    assert [t for t, _ in anna.buttons(masters_screen)] == ["👥 Any master", "Maria", "Olga",
                                                            "⬅️ Back"]
    anna.press("Maria")
    anna.wait_for("Choose a date")
    anna.press("Tue, 24 Nov")
    times = anna.wait_for("Free times")
    assert [t for t, _ in anna.buttons(times)][:4] == ["09:00", "10:00", "11:00", "12:00"]
    anna.press("10:00")
    anna.wait_for("phone number")
    assert anna.reply_keyboard() == [("📱 Share my phone number", True)]
    anna.send_contact("+79123456789")
    name_step = anna.wait_for("How should we call you")
    assert "Anna Smith" in name_step.text
    anna.press("Keep")
    review = anna.wait_for("check your booking")
    assert "Maria" in review.text and "8 (912) 345-67-89" in review.text
    anna.press("✅ Book")
    done = anna.wait_for("Booked")
    for part in ("№ 1001", "Tue, 24 Nov", "10:00", "Maria", "Haircut", "1\u202f500 ₽",
                 "1 Main St", "Awaiting confirmation"):
        assert part in done.text

    booking = Booking.get(Booking.number == 1001)
    assert (booking.status, booking.date, booking.start) == (PENDING, TOMORROW, 600)
    client = Client.get(Client.telegram_id == 1001)
    assert (client.phone, client.full_name, client.language) == ("+79123456789", "Anna Smith",
                                                                 "en")
    assert TelegramUser.get_by_id(1001).language == "en"
    # The outbox reaches the master (Russian: Maria never told Telegram otherwise) and the client.
    note = fake.wait_until(lambda: fake.sent_to(MARIA_TID))[0]
    assert "№ 1001" in note.text and "Anna Smith" in note.text
    assert note.buttons() == [("✅ Подтвердить", "m:c:1001"), ("❌ Отклонить", "m:d:1001")]
    anna.wait_for("We have received your booking № 1001")
    assert BotEvent(BOOKING_CREATED, booking_number=1001) in events


def test_the_second_time_the_phone_and_name_are_not_asked(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    book(anna)
    go_to_time(anna, master="Any master", day="Tue, 24 Nov", time="11:00")
    review = anna.wait_for("check your booking")
    assert "any master" in review.text
    anna.press("✅ Book")
    done = anna.wait_for("Booked")
    assert Booking.select().count() == 2
    second = Booking.get(Booking.number == 1002)
    assert second.master_id == seed.olga.id  # any master: the one with fewer bookings that day
    assert "Olga" in done.text


def test_a_typed_phone_and_name_and_someone_elses_contact(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="ru")
    anna.send("/start")
    anna.wait_for("Добро пожаловать")
    for label, screen in (("Записаться", "Выберите услугу"), ("Haircut", "Выберите мастера"),
                          ("Maria", "Выберите дату"), ("Вт, 24 нояб.", "Свободное время"),
                          ("10:00", "номер телефона")):
        anna.press(label)
        anna.wait_for(screen)
    anna.send_contact("+79990001122", user_id=999)  # a friend's contact card
    anna.wait_for("свой собственный номер")
    anna.send("12345")
    anna.wait_for("Попробуйте ещё раз")
    anna.send("8 (912) 345-67-89")
    anna.wait_for("Как к вам обращаться")
    anna.send("Анна Петрова")
    review = anna.wait_for("Проверьте")
    assert "Анна Петрова" in review.text
    client = Client.get(Client.telegram_id == 1001)
    assert (client.first_name, client.last_name, client.phone) == ("Анна", "Петрова",
                                                                   "+79123456789")
    anna.press("✅ Записаться")
    done = anna.wait_for("Вы записаны")
    assert "Ожидает подтверждения" in done.text and "Вт, 24 нояб." in done.text
    anna.wait_for("Мы получили вашу заявку № 1001")


def test_a_double_tap_of_book_makes_one_booking(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    go_to_time(anna)
    anna.send_contact("+79123456789")
    anna.press("Keep")
    review = anna.wait_for("check your booking")
    data = dict(anna.buttons(review))["✅ Book"]
    anna.clear()
    anna.press_data(data, review.message_id)
    anna.press_data(data, review.message_id)
    anna.wait_for("Booked!")
    settle(anna)  # both presses handled
    assert Booking.select().count() == 1
    assert "✅ Booked!" in review.text and "№ 1001" in review.text  # not "already" (the same
    # message, edited in place)
    assert not [c for c in fake.calls if "not modified" in (c.description or "")]


def test_book_pressed_again_after_an_outage_says_booked(runner, fake, seed):
    """The first Book went through but its answer was lost (Telegram down): the same Book
    pressed again shows the booking made, as made."""
    anna = fake.user(1001, first_name="Anna", language_code="en")
    go_to_time(anna)
    anna.send_contact("+79123456789")
    anna.press("Keep")
    review = anna.wait_for("check your booking")
    data = dict(anna.buttons(review))["✅ Book"]
    fake.fail("editMessageText", status=502, count=1)  # the screen after Book is lost
    anna.press_data(data, review.message_id)
    fake.wait_until(lambda: Booking.select().count() == 1)
    anna.clear()
    anna.press_data(data, review.message_id)
    done = anna.wait_for("Booked!")
    assert "№ 1001" in done.text and Booking.select().count() == 1


def test_two_clients_race_for_one_time(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    boris = fake.user(1002, first_name="Boris", language_code="en")
    for user, phone in ((anna, "+79123456789"), (boris, "+79123456780")):
        go_to_time(user)
        user.wait_for("phone number")
        user.send_contact(phone)
        user.press("Keep")
        user.wait_for("check your booking")
    anna.press("✅ Book")
    anna.wait_for("Booked")
    boris.clear()
    boris.press("✅ Book")
    again = boris.wait_for("time was just taken")
    offered = [t for t, _ in boris.buttons(again)]
    assert "10:00" not in offered and "11:00" in offered
    assert [b.client.first_name for b in Booking.select()] == ["Anna"]


def test_a_blocked_client_is_told_to_call(runner, fake, seed):
    client = clients.telegram_client(1001, first_name="Anna", language="en")
    clients.block_client(client.id, "no-shows")
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.press("Book")
    answer = anna.wait_for("not available")
    assert "+7 900 000-00-00" in answer.text
    # Even a forged Book button books nothing: the same refusal, already on screen, so no edit
    # is sent (Telegram would refuse it as "message is not modified").
    edits = len(fake.calls_of("editMessageText"))
    anna.press_data(f"bk:ok:{seed.haircut.id}:{seed.maria.id}:20261124:1000")
    settle(anna)
    assert len(fake.calls_of("editMessageText")) == edits
    assert "not available" in anna.last.text
    assert Booking.select().count() == 0


def test_an_old_keyboard_after_the_slot_became_a_break(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    book(anna, time="09:00")  # the phone and name are known from now on
    go_to_time(anna, time="12:00")
    times_screen = anna.wait_for("check your booking")
    working_time.add_breaks(seed.maria.id, TOMORROW, [12 * 60])
    anna.clear()
    anna.press("✅ Book")
    retry = anna.wait_for("no longer available")  # the master's break: nobody took it
    assert "just taken" not in retry.text
    assert "12:00" not in [t for t, _ in anna.buttons(retry)]
    assert times_screen  # the review was shown before the break
    # The time buttons of an old screen re-check too.
    working_time.add_breaks(seed.maria.id, TOMORROW, [11 * 60])
    anna.clear()
    anna.press_data(f"bk:t:{seed.haircut.id}:{seed.maria.id}:20261124:1100")
    gone = anna.wait_for("no longer free")
    assert [t for t, _ in anna.buttons(gone)][:1] == ["10:00"]
    assert Booking.select().count() == 1


def test_names_with_html_are_escaped(runner, fake, seed):
    fake.allow(MARIA_TID)
    services.update_service(seed.haircut.id, name="Cut & <Style>")
    masters.update_master(seed.maria.id, name="<b>Maria</b>", about="a < b & c")
    eve = fake.user(1003, first_name="<i>Eve</i> & Co", language_code="en")
    done = book(eve, service="Cut & <Style>", master="<b>Maria</b>")
    assert "Cut & <Style>" in done.text and "<b>Maria</b>" in done.text
    note = fake.wait_until(lambda: fake.sent_to(MARIA_TID))[0]
    assert "<i>Eve</i> & Co" in note.text
    assert not fake.calls_of("sendMessage", ok=False)
    assert not fake.calls_of("editMessageText", ok=False)


def test_about_help_and_cancel(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.press("About the salon")
    about = anna.wait_for("1 Main St")
    assert "+7 900 000-00-00" in about.text and "09:00" in about.text
    anna.send("/help")
    anna.wait_for("/cancel")
    go_to_time(anna)
    anna.wait_for("phone number")
    anna.send("/cancel")
    anna.wait_for("OK, cancelled")
    assert anna.reply_keyboard() == []
    anna.clear()
    anna.send("+79123456789")  # no longer expected: just the menu
    anna.wait_for("Welcome")
    assert Client.select().where(Client.phone.is_null(False)).count() == 0
    assert fake.commands(language_code="ru")[0]["description"] == "Главное меню"
    assert [c["command"] for c in fake.commands()] == ["start", "help", "cancel", "stop"]


def test_a_shared_contact_joins_the_phone_only_client_a_typed_number_does_not(runner, fake, seed):
    walk_in = clients.find_or_create_by_phone("+79123456789", "Anna", "Walk-In")
    mallory = fake.user(1666, first_name="Mallory", language_code="en")
    go_to_time(mallory)
    mallory.wait_for("phone number")
    mallory.send("8 912 345-67-89")  # typed: could be anyone's
    refusal = mallory.wait_for("already known to the salon")
    assert "Walk-In" not in refusal.text and "Anna" not in refusal.text
    assert Client.get_by_id(walk_in.id).telegram_id is None

    anna = fake.user(1001, first_name="Anna", language_code="en")
    go_to_time(anna)
    anna.wait_for("phone number")
    anna.send_contact("+79123456789")  # her own contact card, verified by Telegram
    anna.wait_for("Keep “Anna Walk-In”")
    joined = Client.get(Client.telegram_id == 1001)
    assert joined.id == walk_in.id
    assert Client.select().count() == 1  # Mallory got no client record from a refused number


@pytest.mark.parametrize("kind", ["photo", "sticker", "voice", "location", "document"])
def test_an_attachment_gets_an_answer_saying_what_the_bot_expects(runner, fake, seed, kind):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.wait_for("Welcome")
    if kind != "photo":  # a photo outside a dialogue is a message to the salon (conversations)
        anna.clear()
        anna.send_attachment(kind)  # nothing expected: text and buttons, and the menu
        menu = anna.wait_for("I understand text messages and the buttons only")
        assert "📝 Book" in [t for t, _ in menu.buttons()]
    go_to_time(anna)
    anna.wait_for("phone number")
    anna.clear()
    anna.send_attachment(kind)  # while the bot waits for the phone number
    hint = anna.wait_for("I need your phone number")
    assert anna.reply_keyboard() == [("📱 Share my phone number", True)]
    assert hint.text.startswith("I need your phone number")
    anna.send_contact("+79123456789")  # the dialogue is still where it was
    anna.wait_for("How should we call you")
    anna.clear()
    anna.send_attachment(kind)
    anna.wait_for("Please type your name as text")
    assert Booking.select().count() == 0


def test_an_attachment_in_russian(runner, fake, seed):
    ivan = fake.user(1002, first_name="Иван", language_code="ru")
    ivan.send("/start")
    ivan.wait_for("Добро пожаловать")
    ivan.clear()
    ivan.send_attachment("sticker")
    ivan.wait_for("Я понимаю только текстовые сообщения и кнопки")
