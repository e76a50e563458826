"""Russian texts of the owner's figures and files: statistics, report, exports, imports,
no-shows (issue 15), keyed by the English text."""

MESSAGES: dict[str, str] = {
    # core/periods.py
    "The period ends before it starts": "Период заканчивается раньше, чем начинается",
    "The period is longer than ten years": "Период длиннее десяти лет",
    "Unknown period: {kind}": "Неизвестный период: {kind}",
    "Not a date: {text} (write it as 2026-11-23 or 23.11.2026)": (
        "Это не дата: {text} (пишите так: 2026-11-23 или 23.11.2026)"
    ),
    # core/figures.py
    "Completed visits": "Выполнено",
    "Upcoming (pending and confirmed)": "Предстоящие (ожидают и подтверждены)",
    "Past, no outcome yet": "Прошли, итог не отмечен",
    "No-shows": "Не пришли",
    "Cancelled bookings": "Отменено",
    "Revenue": "Выручка",
    "Expected revenue": "Ожидаемая выручка",
    "Average check": "Средний чек",
    "No-show rate": "Доля неявок",
    "Cancelled by clients": "Отменили клиенты",
    "Cancelled by the salon": "Отменил салон",
    "New clients": "Новые клиенты",
    "Returning clients": "Повторные клиенты",
    "Occupancy": "Загрузка",
    "Booked in the bot": "Записались в боте",
    "Booked by the admin": "Записал администратор",
    "Booked by masters": "Записали мастера",
    "p.p.": "п. п.",
    "Figure": "Показатель",
    "This period": "Этот период",
    "Previous": "Предыдущий",
    "Change": "Изменение",
    "compared with {first} – {last}": "сравнение с {first} – {last}",
    # cli.py: report
    "the first date (2026-11-01 or 01.11.2026)": "первая дата (2026-11-01 или 01.11.2026)",
    "the last date, included (default: today)": "последняя дата, включительно (по умолчанию сегодня)",
    "print the statistics of a period (default: this month) as a table": (
        "вывести статистику за период (по умолчанию этот месяц) таблицей"
    ),
    "a named period instead of --from/--to": "период по названию вместо --from/--to",
    "add a table by master, service or day": "добавить таблицу по мастерам, услугам или дням",
    "--period does not go with --from/--to": "--period нельзя указывать вместе с --from/--to",
}
