"""Russian texts of the core area, keyed by the English text."""

MESSAGES: dict[str, str] = {
    # core/errors.py, core/storage/db.py, core/storage/migrations.py: opening the database
    "Cannot open the database {path}: {reason}": "Не удаётся открыть базу данных {path}: {reason}",
    "The database path {path} is a folder, not a file": (
        "Путь к базе данных {path} — это папка, а не файл"
    ),
    "The database {path} was made by a newer mtime-tui (schema {found}, this one knows {latest}):"
    " update mtime-tui": (
        "База данных {path} создана более новой версией mtime-tui (схема {found}, эта версия знает"
        " {latest}): обновите mtime-tui"
    ),
    "The file {path} is an SQLite database, but not an mtime-tui salon": (
        "Файл {path} — база SQLite, но не салон mtime-tui"
    ),
    # core/settings.py
    "Unknown time zone: {value}": "Неизвестный часовой пояс: {value}",
    "The booking horizon must be 1 to 365 days": "Горизонт записи — от 1 до 365 дней",
    "The minimum notice must be 0 to 10080 minutes": "Минимальное время до записи — от 0 до 10080 минут",
    "Reminder hours are whole numbers separated by commas, e.g. 24, 2": (
        "Часы напоминаний — целые числа через запятую, например 24, 2"
    ),
    "Each reminder must be 1 to 168 hours before the visit": (
        "Каждое напоминание — за 1–168 часов до визита"
    ),
    "The language must be ru or en": "Язык должен быть ru или en",
    "The salon name is required": "Укажите название салона",
    "Too long: at most {limit} characters": "Слишком длинно: не больше {limit} символов",
    "The currency is required": "Укажите валюту",
    "Unknown phone region: {value}": "Неизвестный регион телефонов: {value}",
    "This does not look like a bot token: digits, a colon and 35 more characters"
    " (copy it from @BotFather)": (
        "Это не похоже на токен бота: цифры, двоеточие и ещё 35 символов"
        " (скопируйте его у @BotFather)"
    ),
    "The Bot API address must start with http:// or https://": (
        "Адрес Bot API должен начинаться с http:// или https://"
    ),
    "Unknown setting: {value}": "Неизвестная настройка: {value}",
    "Enter a whole number": "Введите целое число",
    "There is already a service named {name}": "Услуга «{name}» уже есть",
    "There is already a blocked service named {name}: unblock it instead":
        "Услуга «{name}» уже есть, она заблокирована: разблокируйте её",
    "This Telegram ID is already an admin": "Этот Telegram ID уже администратор",
    "A Telegram ID is a positive whole number, e.g. 123456789": (
        "Telegram ID — целое положительное число, например 123456789"
    ),
    # core/people/fields.py: form fields
    "Control characters are not allowed here": "Управляющие символы здесь недопустимы",
    "This field is required": "Это поле обязательно",
    "The name is required": "Укажите название",
    "The first name is required": "Укажите имя",
    "The last name is required": "Укажите фамилию",
    # core/people/services.py
    "Service not found": "Услуга не найдена",
    "The price must be 0 to {limit}": "Цена — от 0 до {limit}",
    "The duration is required": "Укажите длительность",
    "The duration must be 5 to 720 minutes": "Длительность — от 5 до 720 минут",
    # core/people/masters.py
    "Master not found": "Мастер не найден",
    "A master with this Telegram ID already exists: {name}": (
        "Мастер с таким Telegram ID уже есть: {name}"
    ),
    "The photo must be a JPG, PNG or WebP image": "Фото должно быть изображением JPG, PNG или WebP",
    "The photo file does not exist: {path}": "Файл фото не найден: {path}",
    "Cannot read the photo file: {reason}": "Не удаётся прочитать файл фото: {reason}",
    "The interval is required": "Укажите интервал",
    "The interval must be 5 to 240 minutes": "Интервал — от 5 до 240 минут",
    "The shift cannot end before it starts": "Смена не может закончиться раньше, чем начнётся",
    "The service {name} is blocked: unblock it before giving it to a master": (
        "Услуга «{name}» заблокирована: разблокируйте её, прежде чем назначать мастеру"
    ),
    # core/people/phones.py
    "Enter a phone number": "Введите номер телефона",
    "A phone number has only digits, spaces, brackets, dashes and a leading +": (
        "В номере телефона могут быть только цифры, пробелы, скобки, дефисы и + в начале"
    ),
    "Too few digits for a phone number": "Слишком мало цифр для номера телефона",
    "Too many digits for a phone number": "Слишком много цифр для номера телефона",
    "This number has the wrong number of digits": "В этом номере неверное количество цифр",
    "A Russian number is 8 or +7 and then 10 digits": (
        "Российский номер — это 8 или +7 и ещё 10 цифр"
    ),
    "This is not a valid phone number": "Это не действительный номер телефона",
    # core/people/clients.py
    "Client not found": "Клиент не найден",
    "This phone number already belongs to another client: {name}": (
        "Этот номер уже принадлежит другому клиенту: {name}"
    ),
    # core/storage/backup.py
    "A backup cannot overwrite the database itself": (
        "Резервная копия не может перезаписать саму базу данных"
    ),
    "Cannot write the backup to {path}: the file is read-only": (
        "Не удаётся записать резервную копию в {path}: файл только для чтения"
    ),
    "Cannot write the backup to {path}: {reason}": (
        "Не удаётся записать резервную копию в {path}: {reason}"
    ),
    "Not overwriting {path}: that file is not a database": (
        "Файл {path} не перезаписан: это не база данных"
    ),
    # core/demo.py
    "This database already holds a salon; the demo goes into an empty one": (
        "В этой базе уже есть салон; демо записывается только в пустую базу"
    ),
    # cli.py
    "A salon's bookings: the admin TUI and the Telegram bot over one SQLite file.": (
        "Записи салона: терминальная панель администратора и Telegram-бот над одним файлом SQLite."
    ),
    "the salon database: a file, or postgresql://user:password@host:port/dbname "
    "(default: MTIME_DB, else salon.db in the data folder)": (
        "база данных салона: файл или postgresql://пользователь:пароль@сервер:порт/база "
        "(по умолчанию: MTIME_DB, иначе salon.db в папке данных)"
    ),
    "open the demo salon, kept in its own file": "открыть демо-салон, он хранится в отдельном файле",
    "write the demo salon into the database and exit (an empty one only)": (
        "записать демо-салон в базу данных и выйти (только в пустую базу)"
    ),
    "make a consistent copy of the database (default: its backups folder)": (
        "сделать целостную копию базы данных (по умолчанию — в её папку backups)"
    ),
    "a file or a folder": "файл или папка",
    "run the Telegram bot alone, without the TUI": "запустить только Telegram-бота, без панели",
    "--demo opens the demo salon in the TUI; it does not go with a command": (
        "--demo открывает демо-салон в панели; с командой его не используют"
    ),
    "--demo uses its own file; leave out --db": "--demo использует свой файл; уберите --db",
    "Unexpected error: {error}. Details are in the log: {path}": (
        "Непредвиденная ошибка: {error}. Подробности в журнале: {path}"
    ),
    "No salon database yet at {path}: showing the demo salon (kept apart, in {demo}). "
    "To start your own salon, run: mtime-tui --db {path}": (
        "Базы салона ещё нет ({path}): показан демо-салон (он хранится отдельно, в {demo}). "
        "Чтобы начать свой салон, запустите: mtime-tui --db {path}"
    ),
    "The demo salon is written to {path}": "Демо-салон записан в {path}",
    "There is no database at {path}": "Базы данных нет: {path}",
    "Backup written to {path}": "Резервная копия записана: {path}",
    "The database is busy (another program is writing to it). Please try again in a moment.": (
        "База данных занята (в неё пишет другая программа). Попробуйте ещё раз через минуту."
    ),
    "The database file cannot be written (read-only). Check the file's permissions.": (
        "Файл базы данных нельзя изменить (только для чтения). Проверьте права на файл."
    ),
}
