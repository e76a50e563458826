"""Russian texts of working time (weekly hours, cycles, breaks, vacations, exceptions)."""

MESSAGES: dict[str, str] = {
    # core/schedule.py
    "{on}/{off} from {date}: {hours}": "{on}/{off} с {date}: {hours}",
    "no working days": "нет рабочих дней",
    "every day {hours}": "каждый день {hours}",
    # screens/masters.py
    "First start *": "Первая запись *",
    "Last start *": "Последняя запись *",
    "Working time: {week} (change it in Working time)": (
        "Рабочее время: {week} (меняется в разделе «Рабочее время»)"
    ),
    # core/masters.py, core/work_plans.py
    "Enter a time from 0:00 to 23:59, e.g. 9:30": "Введите время от 0:00 до 23:59, например 9:30",
    "Choose the first working day of the cycle": "Выберите первый рабочий день цикла",
    "Give hours for each working day of the cycle": "Укажите часы для каждого рабочего дня цикла",
    "A cycle has 1 to {max} days on and 1 to {max} off": (
        "В цикле от 1 до {max} рабочих дней и от 1 до {max} выходных"
    ),
    "The break must last at least a minute and end by midnight": (
        "Перерыв — не меньше минуты и должен закончиться до полуночи"
    ),
    "Choose at least one weekday": "Выберите хотя бы один день недели",
    "The vacation cannot end before it starts": "Отпуск не может закончиться раньше, чем начнётся",
    "A vacation cannot start in the past": "Отпуск не может начинаться в прошлом",
    "A vacation is at most {days} days": "Отпуск — не больше {days} дней",
    "This overlaps the vacation {first} – {last}": "Это пересекается с отпуском {first} – {last}",
    "This day has already passed": "Этот день уже прошёл",
    "Enter the hours of that day": "Укажите часы работы в этот день",
    "This change puts {count} upcoming booking(s) outside the master's hours. "
    "Cancel them or keep them?": (
        "После изменения записей вне рабочего времени мастера: {count}. Отменить их или оставить?"
    ),
    "The master has {count} booking(s) in this vacation. Cancel them and add the vacation?": (
        "У мастера записей на время отпуска: {count}. Отменить их и добавить отпуск?"
    ),
}
