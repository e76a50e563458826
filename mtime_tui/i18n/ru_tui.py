"""Russian texts of the tui area (app shell, Today, Services, Masters, Clients, Settings),
keyed by the English text."""

MESSAGES: dict[str, str] = {
    # Shell: sections, help, palette, toasts
    "Today": "Сегодня",
    "Services": "Услуги",
    "Masters": "Мастера",
    "Working time": "Рабочее время",
    "New booking": "Новая запись",
    "Calendar": "Календарь",
    "Bookings": "Записи",
    "Clients": "Клиенты",
    "Settings": "Настройки",
    "Help": "Справка",
    "Commands": "Команды",
    "Go to {section}": "Перейти: {section}",
    "Key {key}": "Клавиша {key}",
    "Keys on this screen": "Клавиши этого экрана",
    "Sections": "Разделы",
    "Everywhere": "Везде",
    "command palette: every section and action": "палитра команд: все разделы и действия",
    "this help": "эта справка",
    "close a dialog, go back": "закрыть окно, вернуться",
    "next / previous field": "следующее / предыдущее поле",
    "quit (the bot stops too)": "выход (бот тоже остановится)",
    "Close": "Закрыть",
    "Not done": "Не выполнено",
    "New booking #{number} from Telegram": "Новая запись №{number} из Telegram",
    "Booking #{number} changed": "Запись №{number} изменена",
    "New bookings from Telegram: {count} — {numbers}":
        "Новые записи из Telegram: {count} — {numbers}",
    "Bookings changed: {count} — {numbers}": "Изменены записи: {count} — {numbers}",
    "The database is busy (another program is using it): retrying…":
        "База данных занята (ею пользуется другая программа): пробуем снова…",
    "New messages: {count} from {names} (I opens the inbox)":
        "Новые сообщения: {count}, от {names} (I — входящие)",
    "Now on Telegram: {names}": "Теперь в Telegram: {names}",
    "Notifications not delivered: {count} (see Today)":
        "Не доставлено уведомлений: {count} (см. «Сегодня»)",
    "A notification could not be delivered": "Уведомление не доставлено",
    "Bot restarted with the new token": "Бот перезапущен с новым токеном",
    # Dialogs
    "Yes": "Да",
    "No": "Нет",
    "Save": "Сохранить",
    "Cancel": "Отмена",
    "Saved: {name}": "Сохранено: {name}",
    # Today
    "Monday": "Понедельник",
    "Tuesday": "Вторник",
    "Wednesday": "Среда",
    "Thursday": "Четверг",
    "Friday": "Пятница",
    "Saturday": "Суббота",
    "Sunday": "Воскресенье",
    "{day} January": "{day} января",
    "{day} February": "{day} февраля",
    "{day} March": "{day} марта",
    "{day} April": "{day} апреля",
    "{day} May": "{day} мая",
    "{day} June": "{day} июня",
    "{day} July": "{day} июля",
    "{day} August": "{day} августа",
    "{day} September": "{day} сентября",
    "{day} October": "{day} октября",
    "{day} November": "{day} ноября",
    "{day} December": "{day} декабря",
    "Refresh": "Обновить",
    "Send undelivered again": "Отправить недоставленные снова",
    "Bot: no token — set it in Settings (9)": "Бот: нет токена — укажите его в Настройках (9)",
    "Bot: Telegram rejected the token — check it in Settings (9)": (
        "Бот: Telegram не принял токен — проверьте его в Настройках (9)"
    ),
    "Bot: cannot reach Telegram — retrying; check the network or the token":
        "Бот: нет связи с Telegram — повторяем; проверьте сеть или токен",
    "Bot: stopped": "Бот: остановлен",
    "Bot: running as {name}": "Бот: работает как {name}",
    "Bot: not started — the demo salon runs without it":
        "Бот: не запущен — демо-салон работает без него",
    "Bot: stopped — it starts with the program; see the log":
        "Бот: остановлен — он запускается вместе с программой; подробности в журнале",
    "Check: the token works, the bot is {name}": "Проверка: токен работает, бот — {name}",
    "Check: no token — paste the one from @BotFather and save":
        "Проверка: токена нет — вставьте токен от @BotFather и сохраните",
    "Check: Telegram rejected the token — copy it again from @BotFather":
        "Проверка: Telegram не принял токен — скопируйте его заново у @BotFather",
    "Check: cannot reach Telegram — check the network or the Bot API address":
        "Проверка: нет связи с Telegram — проверьте сеть или адрес Bot API",
    "⚠ New bookings waiting for confirmation: {count}":
        "⚠ Новые записи ждут подтверждения: {count}",
    "⚠ Add services to the master: {names}": "⚠ Добавьте услуги мастеру: {names}",
    "⚠ Have not pressed /start in the bot (get no notifications): {names}":
        "⚠ Не нажали /start в боте (не получают уведомления): {names}",
    "⚠ Notifications not delivered: {count} (U sends them again)":
        "⚠ Не доставлено уведомлений: {count} (U — отправить снова)",
    "Notifications waiting for the bot: {count}": "Уведомлений ждут запуска бота: {count}",
    "Notifications queued again: {count}": "Снова в очереди уведомлений: {count}",
    "No bookings today.": "Сегодня записей нет.",
    # Services
    "A blocked service disappears for clients and masters; bookings keep it.":
        "Заблокированная услуга пропадает у клиентов и мастеров; записи с ней остаются.",
    "Add service": "Добавить услугу",
    "Edit": "Изменить",
    "Block / unblock": "Блокировка",
    "New service": "Новая услуга",
    "Edit service: {name}": "Услуга: {name}",
    "Name *": "Название *",
    "Name": "Имя",
    "Description (shown after the client picks the service)":
        "Описание (клиент видит его после выбора услуги)",
    "Price": "Цена",
    "Price, {currency}": "Цена, {currency}",
    "not shown": "не показывать",
    "Duration": "Длительность",
    "Duration, minutes *": "Длительность, минут *",
    "with the break between clients, 5–720": "вместе с перерывом между клиентами, 5–720",
    "{minutes} min": "{minutes} мин",
    "State": "Состояние",
    "active": "в работе",
    "blocked": "блок",
    "Block the service {name}? Clients and masters will not see it.":
        "Заблокировать услугу {name}? Клиенты и мастера перестанут её видеть.",
    "Unblock the service {name}?": "Разблокировать услугу {name}?",
    # Masters
    "Add master": "Добавить мастера",
    "New master": "Новый мастер",
    "Edit master: {name}": "Мастер: {name}",
    "Telegram ID": "Telegram ID",
    "Telegram ID *": "Telegram ID *",
    "Interval, min *": "Интервал, мин *",
    "Photo file (JPG, PNG or WebP)": "Файл фото (JPG, PNG или WebP)",
    "About": "О мастере",
    "Services of {name}": "Услуги: {name}",
    "{name} (blocked)": "{name} (заблокирована)",
    "No services yet: add them in the Services section.":
        "Услуг пока нет: добавьте их в разделе «Услуги».",
    "Space ticks or unticks a service": "Пробел отмечает услугу или снимает отметку",
    "{name}: {count} services": "{name}: услуг — {count}",
    "Hours": "Часы",
    "Interval": "Интервал",
    "/start": "/start",
    "yes": "да",
    "no": "нет",
    "Block the master {name}? Clients will not be offered them; bookings stay.":
        "Заблокировать мастера {name}? Клиентам этого мастера не предложат; записи останутся.",
    "Unblock the master {name}?": "Разблокировать мастера {name}?",
    # Clients
    "Search": "Поиск",
    "Search by phone, name or Telegram ID": "Поиск по телефону, имени или Telegram ID",
    "Open card": "Открыть карточку",
    "Edit notes": "Изменить заметки",
    "Show more": "Показать ещё",
    "Phone": "Телефон",
    "Telegram": "Telegram",
    "Notes": "Заметки",
    "{shown} of {total} — M shows more, or refine the search":
        "{shown} из {total} — M покажет ещё, или уточните поиск",
    "{total} clients": "Клиентов: {total}",
    "No name": "Без имени",
    "Phone: {phone}": "Телефон: {phone}",
    "Telegram ID: {id}": "Telegram ID: {id}",
    "Telegram link: {link}": "Ссылка в Telegram: {link}",
    "Client since: {date}": "Клиент с {date}",
    "Blocked: {reason}": "Блокировка: {reason}",
    "Notes: {notes}": "Заметки: {notes}",
    "Visits: {visits}   Cancellations: {cancellations}   No-shows: {no_shows}":
        "Визитов: {visits}   Отмен: {cancellations}   Неявок: {no_shows}",
    "Block the client {name}? They will not be able to book.":
        "Заблокировать клиента {name}? Записаться будет нельзя.",
    "Reason (only the salon sees it)": "Причина (видит только салон)",
    "Unblock the client {name}?": "Разблокировать клиента {name}?",
    "Notes about the client": "Заметки о клиенте",
    # Settings
    "Salon": "Салон",
    "Salon name *": "Название салона *",
    "Address": "Адрес",
    "Time zone *": "Часовой пояс *",
    "Enter: pick the city from a list": "Enter — выбрать город из списка",
    "Time zone of the salon": "Часовой пояс салона",
    "City or zone, e.g. Moscow": "Город или пояс, например Москва",
    "Type to search · ↓ the list · Enter pick · Esc cancel":
        "Печатайте для поиска · ↓ к списку · Enter выбрать · Esc отмена",
    "Currency *": "Валюта *",
    "Booking horizon, days *": "Горизонт записи, дней *",
    "how far ahead clients may book, 1–365": "на сколько дней вперёд можно записаться, 1–365",
    "Minimum notice, minutes": "Минимум до записи, минут",
    "no bookings closer to now than this, 0–10080": "не записывать ближе этого срока, 0–10080",
    "Reminders, hours before": "Напоминания, за сколько часов",
    "comma separated, e.g. 24, 2": "через запятую, например 24, 2",
    "Phone region": "Регион телефонов",
    "two letters, for numbers typed without +, e.g. RU":
        "две буквы, для номеров без +, например RU",
    "Bot token": "Токен бота",
    "No token yet: paste the one @BotFather gave you":
        "Токена ещё нет: вставьте тот, что выдал @BotFather",
    "Saved: {token}. Type a new one to replace it; empty keeps it":
        "Сохранён: {token}. Введите новый, чтобы заменить; пустое поле его сохраняет",
    "Remove the token": "Удалить токен",
    "The bot sends it now.": "Бот отправляет его сейчас.",
    "It waits: the bot cannot reach Telegram and keeps trying.":
        "Оно ждёт: бот не может связаться с Telegram и пробует снова.",
    "It waits until the bot runs: set the bot token in Settings (9).":
        "Оно ждёт запуска бота: укажите токен бота в Настройках (9).",
    "It waits until the bot runs: Telegram rejected the token (Settings, 9).":
        "Оно ждёт запуска бота: Telegram не принял токен (Настройки, 9).",
    "It waits: the demo salon runs without the bot.": "Оно ждёт: демо-салон работает без бота.",
    "It waits until the bot runs again.": "Оно ждёт, пока бот снова запустится.",
    "The message is kept in the conversation. {delivery}":
        "Сообщение сохранено в переписке. {delivery}",
    "The client is not on Telegram and will not be told: call them ({phone}).":
        "Клиента нет в Telegram, уведомления не будет: позвоните ({phone}).",
    "The client is told in Telegram.": "Клиенту сообщит бот в Telegram.",
    "The client is told in Telegram once the bot runs.":
        "Клиенту сообщит бот в Telegram, когда бот запустится.",
    "told in Telegram": "сообщит бот в Telegram",
    "not on Telegram: call {phone}": "нет в Telegram: позвоните {phone}",
    "Send": "Отправить",
    "First steps:": "Первые шаги:",
    "key {key}": "клавиша {key}",
    "Settings: the salon's name, address and time zone":
        "Настройки: название салона, адрес и часовой пояс",
    "Services: what clients book, with durations and prices":
        "Услуги: что записывают клиенты, длительность и цена",
    "Masters, and the services each one does": "Мастера и услуги каждого",
    "The bot token from @BotFather (Settings)": "Токен бота от @BotFather (Настройки)",
    "Each master presses /start in the bot once": "Каждый мастер один раз нажимает /start в боте",
    "Theme": "Тема",
    "Change the colours of the program": "Сменить цвета программы",
    "Quit": "Выход",
    "Close the program (the bot stops too)": "Закрыть программу (бот тоже остановится)",
    "Search for commands…": "Поиск команд…",
    "Bookings cancelled: {count}; clients on Telegram are told. {delivery}":
        "Отменено записей: {count}; клиентам в Telegram сообщит бот. {delivery}",
    "Cancel them": "Отменить их",
    "Keep them": "Оставить",
    "{name} is blocked and has {count} upcoming booking(s). Cancel them? Clients on Telegram"
    " are told; call the others. Kept, they stay in the master's day.":
        "{name}: заблокировано, предстоящих записей: {count}. Отменить их? Клиентам в Telegram"
        " сообщит бот, остальным позвоните. Если оставить, они останутся в дне мастера.",
    "{name} is blocked and has {count} upcoming booking(s). Cancel them? Kept, they stay"
    " as they are.":
        "{name}: заблокировано, предстоящих записей: {count}. Отменить их? Если оставить,"
        " они останутся как есть.",
    "e.g. 75": "например, 75",
    "Y — yes · N or Esc — no · ← → choose · Enter — the chosen one":
        "Y/Н — да · N/Т или Esc — нет · ← → выбор · Enter — выбранная кнопка",
    "There is no token to remove": "Токена нет — удалять нечего",
    "The token is removed: the bot stops": "Токен удалён: бот остановлен",
    "Remove the bot token {token}? The bot stops until a new token is saved.":
        "Удалить токен бота {token}? Бот остановится, пока не будет сохранён новый токен.",
    "Bot API address": "Адрес Bot API",
    "Telegram's by default; a local Bot API server":
        "по умолчанию Telegram; или локальный сервер Bot API",
    "Language of this program": "Язык программы",
    "Telegram bot": "Telegram-бот",
    "Notifications to admins": "Уведомления администраторам",
    "Notify admins of every new booking and cancellation":
        "Сообщать администраторам о каждой новой записи и отмене",
    "Check the bot": "Проверить бота",
    "Add admin": "Добавить администратора",
    "Remove admin": "Удалить администратора",
    "Add admin…": "Добавить администратора…",
    "Admins on Telegram (Telegram IDs)": "Администраторы в Telegram (Telegram ID)",
    "Add an admin on Telegram": "Новый администратор в Telegram",
    "Admin added: {id}": "Администратор добавлен: {id}",
    "Remove the admin {id}?": "Удалить администратора {id}?",
    "Nothing saved: correct the fields marked in red.":
        "Ничего не сохранено: исправьте поля, отмеченные красным.",
    "Settings saved": "Настройки сохранены",
    "Asking Telegram…": "Спрашиваем Telegram…",
}
