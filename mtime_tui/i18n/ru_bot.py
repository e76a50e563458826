"""Russian texts of the bot area, keyed by the English text."""

MESSAGES: dict[str, str] = {
    # The menu, /help, /cancel
    "👋 Welcome to <b>{salon}</b>!": "👋 Добро пожаловать в <b>{salon}</b>!",
    "What would you like to do?": "Что вы хотите сделать?",
    "📝 Book": "📝 Записаться",
    "📋 My bookings": "📋 Мои записи",
    "ℹ️ About the salon": "ℹ️ О салоне",
    "🏠 Main menu": "🏠 Главное меню",
    "⬅️ Back": "⬅️ Назад",
    "◀️ Earlier": "◀️ Раньше",
    "Later ▶️": "Позже ▶️",
    "(page {page} of {pages})": "(стр. {page} из {pages})",
    "I understand text messages and the buttons only.":
        "Я понимаю только текстовые сообщения и кнопки.",
    "I need your phone number: press the button below to share it, or type it "
    "(for example 8 912 345-67-89).":
        "Мне нужен ваш номер телефона: нажмите кнопку ниже, чтобы поделиться им, или напишите "
        "его (например, 8 912 345-67-89).",
    "Please type your name as text, or press “Keep” above.":
        "Пожалуйста, напишите имя текстом или нажмите «Оставить» выше.",
    "Main menu": "Главное меню",
    "What this bot can do": "Что умеет этот бот",
    "Leave the current step": "Выйти из текущего шага",
    "I can book you in at <b>{salon}</b>, show your bookings, move or cancel them.":
        "Я запишу вас в <b>{salon}</b>, покажу ваши записи, помогу перенести или отменить их.",
    "/start — the main menu": "/start — главное меню",
    "/cancel — leave the current step": "/cancel — выйти из текущего шага",
    "/help — this help": "/help — эта справка",
    "Questions? Call us: {phone}": "Есть вопросы? Звоните: {phone}",
    "OK, cancelled.": "Хорошо, отменено.",
    "This menu is out of date": "Это меню устарело",
    "⌛ This menu is out of date.": "⌛ Это меню устарело.",
    "I only talk in private chats. Please open a chat with me and write there.": (
        "Я общаюсь только в личных сообщениях. Пожалуйста, откройте чат со мной и напишите там."
    ),
    "😕 Something went wrong. Please try again, or press /start.":
        "😕 Что-то пошло не так. Попробуйте ещё раз или нажмите /start.",
    # Booking
    "Sorry, online booking is not available for you.":
        "К сожалению, онлайн-запись для вас недоступна.",
    "Please call the salon: {phone}": "Пожалуйста, позвоните в салон: {phone}",
    "Sorry, there is nothing to book at the moment.": "К сожалению, сейчас записаться не на что.",
    "Choose a service:": "Выберите услугу:",
    "{minutes} min": "{minutes} мин",
    "Choose a master:": "Выберите мастера:",
    "👥 Any master": "👥 Любой мастер",
    "any master": "любой мастер",
    "Sorry, there is no free time in the coming days.":
        "К сожалению, в ближайшие дни свободного времени нет.",
    "Try another master.": "Попробуйте другого мастера.",
    "Choose a date:": "Выберите дату:",
    "There is no free time left on {day}.": "На {day} свободного времени не осталось.",
    "Free times on {day}:": "Свободное время на {day}:",
    "⌛ This time is no longer free.": "⌛ Это время уже занято.",
    "To book, I need your phone number. Press the button below to share it, or type it "
    "(for example 8 912 345-67-89).":
        "Для записи нужен ваш номер телефона. Нажмите кнопку ниже, чтобы отправить его, или "
        "введите вручную (например, 8 912 345-67-89).",
    "📱 Share my phone number": "📱 Отправить мой номер",
    "Please share your own phone number, or type it.":
        "Пожалуйста, отправьте свой собственный номер или введите его.",
    "Please try again.": "Попробуйте ещё раз.",
    "This number is already known to the salon. To use it, share it with the button below, or "
    "call the salon.":
        "Этот номер уже известен салону. Чтобы использовать его, отправьте его кнопкой ниже или "
        "позвоните в салон.",
    "Thank you! Your phone: {phone}": "Спасибо! Ваш телефон: {phone}",
    "How should we call you? Keep “{name}” or type another name.":
        "Как к вам обращаться? Оставьте «{name}» или напишите другое имя.",
    "✅ Keep “{name}”": "✅ Оставить «{name}»",
    "Please start again with /start": "Пожалуйста, начните заново с /start",
    "<b>Please check your booking:</b>": "<b>Проверьте, пожалуйста, запись:</b>",
    "🙋 Name: {name}": "🙋 Имя: {name}",
    "✅ Book": "✅ Записаться",
    "✅ Booked! The salon will confirm your booking soon.":
        "✅ Вы записаны! Салон скоро подтвердит запись.",
    # My bookings
    "You have no upcoming bookings.": "У вас нет предстоящих записей.",
    "Your upcoming bookings:": "Ваши предстоящие записи:",
    "🔁 Reschedule": "🔁 Перенести",
    "❌ Cancel the booking": "❌ Отменить запись",
    "Yes, cancel it": "Да, отменить",
    "No, keep it": "Нет, оставить",
    "Cancel booking № {number} on {day} at {time}?": "Отменить запись № {number} на {day} в {time}?",
    "Booking № {number} is cancelled.": "Запись № {number} отменена.",
    "Booking № {number}, now {day} at {time}. Choose a new date:":
        "Запись № {number}, сейчас {day} в {time}. Выберите новую дату:",
    "Sorry, there is no other free time in the coming days.":
        "К сожалению, другого свободного времени в ближайшие дни нет.",
    "Move booking № {number} from {old_day} {old_time} to {day} {time}?":
        "Перенести запись № {number} с {old_day} {old_time} на {day} {time}?",
    "✅ Move it": "✅ Перенести",
    "✅ Your booking is moved.": "✅ Запись перенесена.",
    # The master's buttons
    "✅ Confirm": "✅ Подтвердить",
    "❌ Decline": "❌ Отклонить",
    # Cards and notifications
    "№ {number}": "№ {number}",
    "📅 Date: {day}": "📅 Дата: {day}",
    "🕐 Time: {time}": "🕐 Время: {time}",
    "👤 Master: {name}": "👤 Мастер: {name}",
    "💇 Service: {name}": "💇 Услуга: {name}",
    "💰 Price: {price}": "💰 Стоимость: {price}",
    "🙋 Client: {name}": "🙋 Клиент: {name}",
    "📞 Phone: {phone}": "📞 Телефон: {phone}",
    "📍 Address: {address}": "📍 Адрес: {address}",
    "Status: {status}": "Статус: {status}",
    "(was {old})": "(было {old})",
    "Awaiting confirmation": "Ожидает подтверждения",
    "Confirmed": "Подтверждена",
    "Completed": "Выполнена",
    "No-show": "Неявка",
    "Cancelled": "Отменена",
    "📝 We have received your booking № {number}. The salon will confirm it soon.":
        "📝 Мы получили вашу заявку № {number}. Салон скоро её подтвердит.",
    "✅ Your booking № {number} is confirmed. See you!":
        "✅ Ваша запись № {number} подтверждена. До встречи!",
    "😔 Sorry, the salon could not accept your booking № {number}.":
        "😔 К сожалению, салон не может принять вашу запись № {number}.",
    "❌ The salon has cancelled your booking № {number}.": "❌ Салон отменил вашу запись № {number}.",
    "🔁 The salon has moved your booking № {number}. The new time:":
        "🔁 Салон перенёс вашу запись № {number}. Новое время:",
    "⏰ A reminder: your visit is in {hours} h.": "⏰ Напоминание: ваш визит через {hours} ч.",
    "🆕 New booking № {number}": "🆕 Новая запись № {number}",
    "❌ The client cancelled booking № {number}": "❌ Клиент отменил запись № {number}",
    "🔁 The client moved booking № {number}. The new time:":
        "🔁 Клиент перенёс запись № {number}. Новое время:",
    "❌ Booking № {number} was cancelled": "❌ Запись № {number} отменена",
    "To change the booking, use My bookings or call {phone}.":
        "Изменить запись можно в разделе «Мои записи» или по телефону {phone}.",
    "✉️ A message from {salon}:": "✉️ Сообщение от {salon}:",
    # Days and months (short, for buttons)
    "Mon": "Пн",
    "Tue": "Вт",
    "Wed": "Ср",
    "Thu": "Чт",
    "Fri": "Пт",
    "Sat": "Сб",
    "Sun": "Вс",
    "Jan": "янв.",
    "Feb": "февр.",
    "Mar": "мар.",
    "Apr": "апр.",
    "May": "мая",
    "Jun": "июн.",
    "Jul": "июл.",
    "Aug": "авг.",
    "Sep": "сент.",
    "Oct": "окт.",
    "Nov": "нояб.",
    "Dec": "дек.",
    # The runner
    "The bot token is not set": "Токен бота не задан",
    "The bot token is not set. Get one from @BotFather in Telegram, then either enter it in the "
    "settings of mtime-tui or set the MTIME_BOT_TOKEN environment variable and run `mtime-tui bot` "
    "again.":
        "Токен бота не задан. Получите его у @BotFather в Telegram, затем введите его в настройках "
        "mtime-tui или задайте переменную окружения MTIME_BOT_TOKEN и снова запустите "
        "`mtime-tui bot`.",
    "Telegram rejected the bot token. Check it in the settings.":
        "Telegram не принял токен бота. Проверьте его в настройках.",
}
