"""Russian texts of the bot_staff area (master and admin flows), keyed by the English text."""

MESSAGES: dict[str, str] = {
    # Who is who, the menus
    "{name}, this is your master menu.": "{name}, это ваше меню мастера.",
    "This is the admin menu.": "Это меню администратора.",
    "⚠️ New bookings: {count}": "⚠️ Новые заявки: {count}",
    "⚠️ New bookings, all masters: {count}": "⚠️ Новые заявки, все мастера: {count}",
    "📅 Today": "📅 Сегодня",
    "🗓 7 days": "🗓 7 дней",
    "📆 30 days": "📆 30 дней",
    "🔎 By date": "🔎 По дате",
    "🕐 My working time": "🕐 Моё рабочее время",
    "➕ Book a client for me": "➕ Записать клиента к себе",
    "🗂 All bookings by date": "🗂 Все заявки по дате",
    "📝 Book for myself": "📝 Записаться самому",
    "🧰 Staff menu": "🧰 Меню сотрудника",
    "This command is for the salon's masters.": "Эта команда — для мастеров салона.",
    "This command is for the salon's admins.": "Эта команда — для администраторов салона.",
    "My bookings and working time": "Мои заявки и рабочее время",
    "All bookings of the salon": "Все заявки салона",
    # The master's bookings
    "No new bookings.": "Новых заявок нет.",
    "📅 Today, {day}: {count}": "📅 Сегодня, {day}: {count}",
    "No bookings today.": "Сегодня записей нет.",
    "🗓 The next 7 days: {count}": "🗓 Ближайшие 7 дней: {count}",
    "No bookings in the next 7 days.": "В ближайшие 7 дней записей нет.",
    "📆 The next 30 days: {count}": "📆 Ближайшие 30 дней: {count}",
    "No bookings in the next 30 days.": "В ближайшие 30 дней записей нет.",
    "Choose a date (• — there are bookings):": "Выберите дату (• — есть записи):",
    "📅 {day}: {count}": "📅 {day}: {count}",
    "No bookings on {day}.": "На {day} записей нет.",
    "✔️ Completed": "✔️ Выполнена",
    "🚫 No-show": "🚫 Неявка",
    "Already done: the booking is “{status}”.": "Уже сделано: статус записи — «{status}».",
    "Nothing changed: the booking is “{status}” now.":
        "Ничего не изменено: статус записи сейчас — «{status}».",
    "Done: the booking is “{status}”.": "Готово: статус записи — «{status}».",
    "The client will be told.": "Клиент получит уведомление.",
    "Cancel booking № {number} on {day} at {time} ({client})?":
        "Отменить запись № {number} на {day} в {time} ({client})?",
    # Admin
    "All masters. Choose a date (• — there are bookings):":
        "Все мастера. Выберите дату (• — есть записи):",
    "📅 {day}, all masters: {count}": "📅 {day}, все мастера: {count}",
    "⏳ Back to “awaiting confirmation”": "⏳ Вернуть в «ожидает подтверждения»",
    "❌ Cancel (by the salon)": "❌ Отменить (салоном)",
    "✉️ Write to the client": "✉️ Написать клиенту",
    "Type the message for {client} (booking № {number}); it goes through the bot. "
    "/cancel to leave.":
        "Напишите сообщение для {client} (запись № {number}); оно уйдёт через бота. "
        "/cancel — выйти.",
    "✅ The message is on its way to the client.": "✅ Сообщение отправляется клиенту.",
    # My working time
    "🏖 Days off": "🏖 Выходные",
    "☕ Breaks": "☕ Перерывы",
    "🏖 Your days off (press one to remove it):":
        "🏖 Ваши выходные (нажмите, чтобы удалить):",
    "🏖 You have no days off planned.": "🏖 Выходных не запланировано.",
    "➕ Add a day off": "➕ Добавить выходной",
    "✅ {day} is a working day again.": "✅ {day} — снова рабочий день.",
    "{day} is not a day off.": "{day} — не выходной.",
    "Choose the day off (• — you have bookings that day):":
        "Выберите выходной день (• — в этот день есть записи):",
    "Choose a day from today on.": "Выберите день начиная с сегодняшнего.",
    "{day} is a day off already.": "{day} — уже выходной.",
    "Make {day} a day off?": "Сделать {day} выходным?",
    "✅ Yes, add the day off": "✅ Да, добавить выходной",
    "⚠️ You have {count} booking(s) on {day}:": "⚠️ На {day} у вас записей: {count}",
    "They will be cancelled and the clients told. Add the day off?":
        "Они будут отменены, клиенты получат уведомление. Добавить выходной?",
    "❌ Cancel them and add the day off": "❌ Отменить их и добавить выходной",
    "⚠️ The bookings on that day have changed. Please check again.":
        "⚠️ Записи на этот день изменились. Проверьте ещё раз.",
    "✅ {day} is a day off.": "✅ {day} — выходной.",
    "{count} booking(s) cancelled; the clients will be told.":
        "Отменено записей: {count}; клиенты получат уведомление.",
    "☕ Days with breaks (open one to remove breaks):":
        "☕ Дни с перерывами (откройте день, чтобы удалить перерывы):",
    "☕ You have no breaks planned.": "☕ Перерывов не запланировано.",
    "➕ Add breaks": "➕ Добавить перерывы",
    "No breaks on {day}.": "На {day} перерывов нет.",
    "☕ Breaks on {day} (press one to remove it):":
        "☕ Перерывы на {day} (нажмите, чтобы удалить):",
    "✅ The break at {time} is removed.": "✅ Перерыв в {time} удалён.",
    "There is no break at {time} any more.": "Перерыва в {time} уже нет.",
    "Choose the day for the breaks:": "Выберите день для перерывов:",
    "💾 Save the breaks": "💾 Сохранить перерывы",
    "💾 Save the breaks ({count})": "💾 Сохранить перерывы ({count})",
    "🗑 Remove all breaks of the day": "🗑 Удалить все перерывы этого дня",
    "✅ Breaks removed: {count}.": "✅ Удалено перерывов: {count}.",
    "(the nearest {shown} of {total})": "(ближайшие {shown} из {total})",
    "There are no free slots for a break on {day}.": "На {day} нет свободного времени для перерыва.",
    "Tick the free slots for breaks on {day} ({minutes} min each), then save:":
        "Отметьте свободное время для перерывов на {day} (по {minutes} мин) и сохраните:",
    "⌛ {time} is no longer free.": "⌛ {time} уже занято.",
    "Tick at least one slot, then save.": "Отметьте хотя бы одно время и сохраните.",
    "✅ Breaks saved: {times}.": "✅ Перерывы сохранены: {times}.",
    # A booking for a walk-in or a phone call
    "You have no active services. Ask the salon to add them.":
        "У вас нет активных услуг. Попросите салон добавить их.",
    "➕ A booking for you. Choose the service:": "➕ Запись к вам. Выберите услугу:",
    "You have no free time in the coming days.": "В ближайшие дни у вас нет свободного времени.",
    "Type the client's phone number (for example 8 912 345-67-89):":
        "Введите номер телефона клиента (например, 8 912 345-67-89):",
    "A new client with the phone {phone}. Type their first and last name:":
        "Новый клиент с телефоном {phone}. Введите имя и фамилию:",
    "This client is blocked in the salon{reason}; the booking cannot be made.":
        "Этот клиент заблокирован в салоне{reason}; записать его нельзя.",
    "<b>Please check the booking:</b>": "<b>Проверьте запись:</b>",
    "📞 Another phone": "📞 Другой телефон",
    "✅ Booked and confirmed.": "✅ Запись создана и подтверждена.",
    "📋 Open the booking": "📋 Открыть запись",
    "➕ Another booking": "➕ Ещё одна запись",
    "… and {count} more": "… и ещё {count}",
    "Type the client's phone number as text (for example 8 912 345-67-89).":
        "Напишите номер телефона клиента текстом (например, 8 912 345-67-89).",
    "Type the client's first and last name as text.": "Напишите имя и фамилию клиента текстом.",
    "Only text can be sent to the client. Type the message, or /cancel to leave.":
        "Клиенту можно отправить только текст. Напишите сообщение или /cancel, чтобы выйти.",
}
