"""Russian texts of the owner's figures and files: statistics, report, exports, imports,
no-shows (issue 15), keyed by the English text."""

MESSAGES: dict[str, str] = {
    # core/reports/periods.py
    "The period ends before it starts": "Период заканчивается раньше, чем начинается",
    "The period is longer than ten years": "Период длиннее десяти лет",
    "Unknown period: {kind}": "Неизвестный период: {kind}",
    "Not a date: {text} (write it as 2026-11-23 or 23.11.2026)": (
        "Это не дата: {text} (пишите так: 2026-11-23 или 23.11.2026)"
    ),
    # core/reports/figures.py
    "Completed visits": "Выполнено",
    "Upcoming": "Предстоящие",
    "Awaiting outcome": "Ждут итога",
    "No-shows": "Не пришли",
    "Cancelled bookings": "Отменено",
    "Revenue": "Выручка",
    "Expected revenue": "Ожидаемая выручка",
    "Average check": "Средний чек",
    "No-show rate": "Доля неявок",
    "Cancelled: clients": "Отмены клиентов",
    "Cancelled: salon": "Отмены салона",
    "New clients": "Новые клиенты",
    "Returning clients": "Повторные клиенты",
    "Occupancy": "Загрузка",
    "Booked in the bot": "Через бота",
    "Booked by admin": "Записал админ",
    "Booked by masters": "Записали мастера",
    "p.p.": "п.п.",
    "Done": "Вып.",
    "Missed": "Неявки",
    "Load": "Загр.",
    "Cancels": "Отмены",
    "Figure": "Показатель",
    "This period": "Этот период",
    "Previous": "Предыдущий",
    "Change": "Изменение",
    "compared with {first} – {last}": "сравнение с {first} – {last}",
    # cli.py: report
    "the first date (2026-11-01 or 01.11.2026)": "первая дата (2026-11-01 или 01.11.2026)",
    "the last date, included (default: today)": "последняя дата, включительно (по умолчанию сегодня)",
    "the last date, included (default: the last booking)":
        "последняя дата, включительно (по умолчанию — до последней записи)",
    "print the statistics of a period (default: this month) as a table": (
        "вывести статистику за период (по умолчанию этот месяц) таблицей"
    ),
    "a named period instead of --from/--to": "период по названию вместо --from/--to",
    "add a table by master, service or day": "добавить таблицу по мастерам, услугам или дням",
    "--period does not go with --from/--to": "--period нельзя указывать вместе с --from/--to",
    # screens/statistics.py, screens/statistics_charts.py, screens/nav.py
    "Statistics": "Статистика",
    "This week": "Эта неделя",
    "This month": "Этот месяц",
    "Last month": "Прошлый месяц",
    "Custom range": "Свой период",
    "Week": "Неделя",
    "Month": "Месяц",
    "Earlier period": "Период раньше",
    "Later period": "Период позже",
    "From": "С",
    "To": "По",
    "Figures": "Показатели",
    "Days": "Дни",
    "Charts": "Графики",
    "All masters": "Все мастера",
    "{period}, compared with {first} – {last}": "{period}, сравнение с {first} – {last}",
    "Bookings per day": "Записи по дням",
    "Revenue per day": "Выручка по дням",
    "Bookings per master": "Записи по мастерам",
    "Revenue per master": "Выручка по мастерам",
    "nothing in this period": "за этот период ничего нет",
    # bot/staff/admin_stats.py, bot/staff/staff.py, core/settings.py (issue 15)
    "📊 <b>{salon}</b>: the figures": "📊 <b>{salon}</b>: показатели",
    "(in brackets: the change from the period before)": "(в скобках — изменение к прошлому периоду)",
    "🌙 <b>{salon}</b>: the day in figures": "🌙 <b>{salon}</b>: итоги дня",
    "🔄 Refresh": "🔄 Обновить",
    "📊 Statistics": "📊 Статистика",
    "The salon's figures: today, week, month": "Показатели салона: день, неделя, месяц",
    "The hour must be 0 to 23": "Час — от 0 до 23",
    "The no-show mark must be 1 to 100": "Отметка о неявках — от 1 до 100",
    # screens/settings.py
    "Figures and no-shows": "Показатели и неявки",
    "End-of-day summary": "Итоги дня",
    "Send the day's figures to the admins on Telegram": "Присылать администраторам в Telegram итоги дня",
    "Summary hour": "Час итогов",
    "the salon's hour it is sent from, 0–23": "с какого часа салона отправлять, 0–23",
    "No-shows to flag a client": "Неявок до отметки клиента",
    "flagged where booked or shown, 1–100": "отмечается при записи и в карточке, 1–100",
    # core/reports/exports.py, core/reports/calendar_file.py, core/storage/files.py
    "Start": "Начало",
    "End": "Конец",
    "Minutes": "Минут",
    "Source": "Источник",
    "Cancelled by": "Кто отменил",
    "Created (UTC)": "Создана (UTC)",
    "Changed (UTC)": "Изменена (UTC)",
    "Full name": "Имя и фамилия",
    "Blocked": "Заблокирован",
    "Block reason": "Причина блокировки",
    "Visits": "Визиты",
    "bot": "бот",
    "admin": "администратор",
    "master": "мастер",
    "the client": "клиент",
    "the salon": "салон",
    "Booking № {number}": "Запись № {number}",
    "Price: {price}": "Цена: {price}",
    "{path} is a folder: give a file name": "{path} — это папка: укажите имя файла",
    "Cannot write {path}: {reason}": "Не удаётся записать {path}: {reason}",
    # core/reports/imports.py
    "This file is not a CSV table (it is not text)": "Этот файл — не таблица CSV (это не текст)",
    "This file is not a CSV table: {reason}": "Этот файл — не таблица CSV: {reason}",
    "The file is larger than {limit} MB": "Файл больше {limit} МБ",
    "Cannot read {path}: {reason}": "Не удаётся прочитать {path}: {reason}",
    "The file is empty": "Файл пуст",
    "No phone column: the first line must name the columns, one of them the phone (Phone, Телефон)": (
        "Нет столбца с телефоном: первая строка должна называть столбцы, один из них — телефон"
        " (Телефон, Phone)"
    ),
    "The file has a header and no clients": "В файле только заголовок, клиентов нет",
    "no phone": "нет телефона",
    "the phone {phone}: {reason}": "телефон {phone}: {reason}",
    "the same phone as line {line}": "тот же телефон, что в строке {line}",
    "the name is longer than {limit} characters": "имя длиннее {limit} символов",
    "the notes are longer than {limit} characters": "заметки длиннее {limit} символов",
    "the Telegram ID {value} is not a number": "Telegram ID {value} — не число",
    "the same Telegram ID as line {line}": "тот же Telegram ID, что в строке {line}",
    "the Telegram ID {value} belongs to another client": "Telegram ID {value} уже у другого клиента",
    "the name {old} is kept (the file says {new})": "имя {old} оставлено (в файле — {new})",
    "the Telegram ID {old} is kept (the file says {new})": (
        "Telegram ID {old} оставлен (в файле — {new})"
    ),
    "{count} line(s) cannot be imported; nothing was imported. Fix them, or import without them": (
        "Строк, которые нельзя импортировать: {count}; ничего не импортировано. Исправьте их"
        " или импортируйте без них"
    ),
    "A client with the phone {phone} was added meanwhile; read the file again": (
        "Клиент с телефоном {phone} появился за это время; прочитайте файл заново"
    ),
    # screens/file_dialogs.py, screens/bookings.py, screens/clients.py
    "CSV (Excel)": "CSV (Excel)",
    "iCalendar": "iCalendar",
    "Columns by header: name, phone (required), notes, Telegram ID; clients already here are"
    " matched by phone.": (
        "Столбцы по заголовку: имя, телефон (обязательно), заметки, Telegram ID; кто уже есть,"
        " находится по телефону."
    ),
    "Export": "Выгрузить",
    "Export bookings: {what}": "Выгрузка записей: {what}",
    "Export clients": "Выгрузить клиентов",
    "Export every client": "Выгрузка всех клиентов",
    "Export this list": "Выгрузить список",
    "Exporting…": "Выгружаю…",
    "File": "Файл",
    "Format": "Формат",
    "Give a file name": "Укажите имя файла",
    "Import": "Загрузить",
    "Import clients": "Загрузить клиентов",
    "Import clients from a CSV file": "Загрузка клиентов из файла CSV",
    "Without refused lines": "Без отклонённых",
    "Imported: {added} new clients, {merged} merged.": (
        "Загружено: новых клиентов {added}, объединено {merged}."
    ),
    "Importing…": "Загружаю…",
    "Line": "Строка",
    "What": "Что",
    "Read": "Прочитать",
    "Reading…": "Читаю…",
    "Stopped.": "Остановлено.",
    "Stopped: no file was written.": "Остановлено: файл не записан.",
    "Stopped: nothing was imported.": "Остановлено: ничего не загружено.",
    "Stopping…": "Останавливаю…",
    "refused: {reason}": "отклонена: {reason}",
    "all bookings": "все записи",
    "search “{text}”": "поиск «{text}»",
    "{count} bookings written to {path}": "Записей выгружено: {count}, файл {path}",
    "{count} clients written to {path}": "Клиентов выгружено: {count}, файл {path}",
    "{lines} lines: new clients {new}, to merge {merged}, unchanged {same}, refused {refused}": (
        "Строк: {lines}; новых клиентов {new}, объединить {merged}, без изменений {same},"
        " отклонено {refused}"
    ),
    # cli.py, cli_files.py
    "Clients are exported whole, as CSV": "Клиенты выгружаются целиком, в CSV",
    "No master {name}": "Нет мастера {name}",
    "No branch {name}": "Нет филиала {name}",
    "a chain's branch alone (a name or an id); default: the whole chain":
        "только этот филиал сети (название или id); по умолчанию вся сеть",
    "Nothing was imported (--dry-run).": "Ничего не загружено (--dry-run).",
    "Nothing was imported: fix the refused lines, or run again with --skip-bad.": (
        "Ничего не загружено: исправьте отклонённые строки или запустите снова с --skip-bad."
    ),
    "add clients from a CSV file (merged by phone)": (
        "добавить клиентов из файла CSV (объединяя по телефону)"
    ),
    "csv (Excel, LibreOffice) or ics (a calendar); default csv": (
        "csv (Excel, LibreOffice) или ics (календарь); по умолчанию csv"
    ),
    "import the good lines even when some lines are refused": (
        "загрузить годные строки, даже если часть строк отклонена"
    ),
    "line {line}: {note}": "строка {line}: {note}",
    "line {line}: {reason}": "строка {line}: {reason}",
    "only show what the import would do": "только показать, что сделает загрузка",
    "only this master's bookings (a name or an id)": "только записи этого мастера (имя или id)",
    "the file to write (default: bookings-<date>.csv here)": (
        "файл для записи (по умолчанию bookings-<дата>.csv в текущей папке)"
    ),
    "write bookings (CSV or iCalendar) or clients (CSV) to a file": (
        "выгрузить записи (CSV или iCalendar) или клиентов (CSV) в файл"
    ),
    "{path}: {lines} lines; new clients {new}, to merge {merged}, unchanged {same}, refused"
    " {refused}": (
        "{path}: строк {lines}; новых клиентов {new}, объединить {merged}, без изменений {same},"
        " отклонено {refused}"
    ),
    "Exported {done} of {total} clients": "Выгружено клиентов: {done} из {total}",
    "Exported {done} of {total} bookings": "Выгружено записей: {done} из {total}",
    "Checked {done} of {total} lines": "Проверено строк: {done} из {total}",
    "Imported {done} of {total}": "Загружено: {done} из {total}",
    # core/reports/outcomes.py, bot/staff/outcomes.py, bot/telegram/texts.py
    "This visit is not yours to mark": "Этот визит отмечает не вы",
    "This visit has not started yet": "Этот визит ещё не начался",
    "✅ Came": "✅ Визит состоялся",
    "🚫 Did not come": "🚫 Неявка",
    "✅ Marked: the client came.": "✅ Отмечено: визит состоялся.",
    "🚫 Marked: the client did not come.": "🚫 Отмечено: неявка.",
    "This visit is marked already: {status}": "Этот визит уже отмечен: {status}",
    "⚠️ This client has not come {count} times. The admin may block them in the salon's program.": (
        "⚠️ Неявок у этого клиента: {count}. Администратор может заблокировать клиента"
        " в программе салона."
    ),
    "❓ Did the client come? Booking № {number}": "❓ Визит состоялся? Запись № {number}",
    "❓ Did {client} come? Booking № {number}": "❓ Визит клиента {client} состоялся? Запись № {number}",
    "Not confirmed yet": "Не подтверждены",
    "Confirmed visits": "Подтверждённые",
    "Cancellation rate": "Доля отмен",
    "⚠️ Did not come {count} times before": "⚠️ Неявок раньше: {count}",
    # screens/no_shows.py, booking_card.py, booking_wizard.py, statistics.py
    "⚠ {name} did not come {count} times": "⚠ {name}: неявок — {count}",
    "Did not come {count} times": "Неявок: {count}",
    "{name} is blocked.": "{name}: клиент заблокирован.",
    "Block the client? They will not be able to book.": (
        "Заблокировать клиента? Записаться будет нельзя."
    ),
    "Y Block": "Y Заблокировать",
    "N Not now": "N Не сейчас",
    "Block the client": "Заблокировать клиента",
    "B: block": "B: заблокировать",
    "Came": "Визит состоялся",
    "Did not come": "Неявка",
    "No outcome": "Без итога",
    "Past visits neither completed nor marked as no-shows. C: the client came · X: did not come": (
        "Прошедшие визиты без отметки «выполнена» или «неявка». C — визит состоялся · X —"
        " неявка"
    ),
    "Booking #{number}: the client came": "Запись №{number}: визит состоялся",
    "Booking #{number}: the client did not come": "Запись №{number}: неявка",
}
