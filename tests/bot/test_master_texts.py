"""The staff screens in Russian, with names full of HTML: every text is escaped, every screen
is accepted by (the stand-in for) Telegram, and the Russian catalog covers them."""

from __future__ import annotations

import re

import pytest

from mtime_tui.core.people import masters, services
from mtime_tui.core.storage.models import SOURCE_MANUAL
from tests.bot.conftest import ADMIN_TID, MARIA_TID
from tests.bot.staff_seed import client, labels, make, start_staff

pytestmark = pytest.mark.both_engines


def test_russian_screens_with_html_in_every_name(runner, fake, seed, admin):
    fake.user(1001, first_name="Eve", language_code="ru")  # everyone can receive messages
    boss = fake.user(ADMIN_TID, first_name="Boss", language_code="ru")
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="ru")  # before her first notice
    masters.update_master(seed.maria.id, name="<b>Maria</b> & Co")
    services.update_service(seed.haircut.id, name="Cut & <Style>")
    eve = client("<i>Eve</i> & Co", "+79123456789", telegram_id=1001)
    make(seed.maria, seed.haircut, 1, 10, eve)
    make(seed.maria, seed.haircut, 1, 11, client("Bob & <Al>", "+79123456780"), SOURCE_MANUAL)
    menu = start_staff(maria, "меню мастера")
    assert "Добро пожаловать" in menu.text and "<b>Maria</b> & Co, это ваше меню мастера" in menu.text
    assert labels(maria, menu)[:4] == ["⚠️ Новые заявки: 1", "📅 Сегодня", "🗓 7 дней", "📆 30 дней"]
    steps = [
        ("🗓 7 дней", "Ближайшие 7 дней: 2"),
        ("⏳ Вт, 24 нояб. 10:00 · Cut & <Style> · <i>Eve</i> & Co", "Ожидает подтверждения"),
        ("✅ Подтвердить", "Готово: статус записи — «Подтверждена». Клиент получит уведомление."),
        ("🧰 Меню сотрудника", "меню мастера"),
        ("🔎 По дате", "Выберите дату"),
        ("24•", "Вт, 24 нояб.: 2"),
        ("🧰 Меню сотрудника", "меню мастера"),
        ("🕐 Моё рабочее время", "выходные и перерывы"),
        ("🏖 Выходные", "Выходных не запланировано"),
        ("➕ Добавить выходной", "Выберите выходной день"),
        ("24•", "На Вт, 24 нояб. у вас записей: 2"),
        ("❌ Отменить их и добавить выходной", "Вт, 24 нояб. — выходной."),
        ("⬅️ Назад", "выходные и перерывы"),
        ("☕ Перерывы", "Перерывов не запланировано"),
        ("➕ Добавить перерывы", "Выберите день для перерывов"),
        ("25", "Отметьте свободное время"),
        ("09:00", "Отметьте свободное время"),
        ("💾 Сохранить перерывы", "Перерывы сохранены: 09:00."),
        ("🧰 Меню сотрудника", "меню мастера"),
        ("➕ Записать клиента к себе", "Выберите услугу"),
        ("Cut & <Style> — 1\u202f500 ₽", "Выберите дату"),
        ("Ср, 25 нояб.", "Свободное время"),
        ("10:00", "Введите номер телефона клиента"),
    ]
    seen = []
    for label, text in steps:
        maria.clear()
        maria.press(label)
        seen.append(labels(maria, maria.wait_for(text)))
    assert "Ноябрь 2026" in seen[4] and "Пн" in seen[4]  # the calendar
    maria.send("8 999 111 22 33")
    maria.wait_for("Новый клиент с телефоном 8 (999) 111-22-33")
    maria.send("<Ivan> & Sons")
    review = maria.wait_for("Проверьте запись")
    assert "<Ivan> & Sons" in review.text and "Cut & <Style>" in review.text
    maria.clear()
    maria.press("✅ Записаться")
    done = maria.wait_for("Запись создана и подтверждена")
    assert "Подтверждена" in done.text

    # The admin's copy of the new booking (its text holds the master's name too) comes through
    # the outbox; once it is in, it cannot pose as the card below.
    number = re.search(r"№ (\d+)", done.text).group(1)
    boss.wait_for(f"Новая запись № {number}", since=0)
    start_staff(boss, "меню администратора")
    boss.clear()
    boss.press("🗂 Все заявки по дате")
    boss.wait_for("Все мастера. Выберите дату")
    boss.press("25•")
    day = boss.wait_for("все мастера: 1")
    assert labels(boss, day)[0] == "✅ 10:00 · <b>Maria</b> & Co · Cut & <Style> · <Ivan> & Sons"
    boss.press(labels(boss, day)[0])
    card = boss.wait_for("Мастер: <b>Maria</b> & Co")
    assert "⏳ Вернуть в «ожидает подтверждения»" in labels(boss, card)
    assert not fake.calls_of("sendMessage", ok=False)
    assert not fake.calls_of("editMessageText", ok=False)
