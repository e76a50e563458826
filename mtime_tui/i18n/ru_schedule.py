"""Russian texts of working time (weekly hours, cycles, breaks, vacations, exceptions)."""

MESSAGES: dict[str, str] = {
    # core/booking/schedule.py
    "{on}/{off} from {date}: {hours}": "{on}/{off} с {date}: {hours}",
    "no working days": "нет рабочих дней",
    "every day {hours}": "каждый день {hours}",
    # screens/masters.py
    "First start *": "Первая запись *",
    "Last start *": "Последняя запись *",
    "Working time: {week} (change it in Working time)": (
        "Рабочее время: {week} (меняется в разделе «Рабочее время»)"
    ),
    # core/people/masters.py, core/booking/work_plans.py
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
    # core/settings.py, core/booking/booking_rules.py
    "Clients may change a booking until 0 to 168 hours before": (
        "Клиенты могут менять запись не позже чем за 0–168 часов"
    ),
    "A client may hold 1 to 100 upcoming bookings": (
        "У клиента может быть от 1 до 100 предстоящих записей"
    ),
    "Bookings can be changed online until {hours} h before the visit. Please call the salon: "
    "{phone}": (
        "Менять запись онлайн можно не позже чем за {hours} ч до визита. Позвоните в салон: {phone}"
    ),
    "Bookings can be changed online until {hours} h before the visit. Please contact the salon.": (
        "Менять запись онлайн можно не позже чем за {hours} ч до визита. Свяжитесь с салоном."
    ),
    "You already have {count} upcoming bookings, the most the salon takes online. Cancel one of "
    "them or call the salon to book more.": (
        "У вас уже {count} предстоящих записей — больше онлайн записаться нельзя. Отмените одну из "
        "них или позвоните в салон."
    ),
    # screens/settings.py
    "Clients change online until, hours": "Клиенты меняют запись онлайн до, часов",
    "before the visit; later they call the salon, 0–168": (
        "до визита; позже — звонок в салон, 0–168"
    ),
    "Upcoming bookings per client": "Предстоящих записей на клиента",
    "the most one client may hold online, 1–100": "больше онлайн не записаться, 1–100",
    # bot/staff/master_schedule.py, bot/staff/master_time.py
    "🕐 My working time: days off and breaks, vacations, my schedule.": (
        "🕐 Моё рабочее время: выходные и перерывы, отпуска, расписание."
    ),
    "📅 My schedule": "📅 Моё расписание",
    "🌴 Vacations": "🌴 Отпуска",
    "🔁 Recurring breaks": "🔁 Постоянные перерывы",
    "📅 <b>Your schedule</b>": "📅 <b>Ваше расписание</b>",
    "Every week: {week}": "Каждую неделю: {week}",
    "The next {days} days:": "Ближайшие {days} дней:",
    "Weekly hours are set by the salon.": "Часы работы по неделе задаёт салон.",
    "(changed hours)": "(другие часы)",
    "🌴 vacation": "🌴 отпуск",
    "🏖 day off": "🏖 выходной",
    "every day": "каждый день",
    "🌴 Your vacations (press one to remove it):": "🌴 Ваши отпуска (нажмите, чтобы удалить):",
    "🌴 You have no vacations planned.": "🌴 Отпусков не запланировано.",
    "➕ Add a vacation": "➕ Добавить отпуск",
    "✅ The vacation is removed.": "✅ Отпуск удалён.",
    "This vacation is not in your list any more.": "Этого отпуска уже нет в списке.",
    "🌴 Choose the first day of the vacation:": "🌴 Выберите первый день отпуска:",
    "🌴 From {day}. Choose the last day of the vacation:": (
        "🌴 С {day}. Выберите последний день отпуска:"
    ),
    "{first} – {last}": "{first} – {last}",
    "Add the vacation {span}?": "Добавить отпуск {span}?",
    "✅ Yes, add the vacation": "✅ Да, добавить отпуск",
    "⚠️ You have {count} booking(s) in {span}:": "⚠️ У вас записей на {span}: {count}",
    "They will be cancelled and the clients told. Add the vacation?": (
        "Они будут отменены, клиенты получат уведомление. Добавить отпуск?"
    ),
    "❌ Cancel them and add the vacation": "❌ Отменить их и добавить отпуск",
    "⚠️ The bookings in those days have changed. Please check again.": (
        "⚠️ Записи на эти дни изменились. Проверьте ещё раз."
    ),
    "✅ Vacation {first} – {last} added.": "✅ Отпуск {first} – {last} добавлен.",
    "🔁 Your recurring breaks (press one to remove it):": (
        "🔁 Ваши постоянные перерывы (нажмите, чтобы удалить):"
    ),
    "🔁 You have no recurring breaks.": "🔁 Постоянных перерывов нет.",
    "➕ Add a recurring break": "➕ Добавить постоянный перерыв",
    "✅ The break is removed.": "✅ Перерыв удалён.",
    "This break is not in your list any more.": "Этого перерыва уже нет в списке.",
    "You have no working days yet.": "У вас пока нет рабочих дней.",
    "🔁 When does the break start?": "🔁 Во сколько начинается перерыв?",
    "🔁 From {time}. How long is the break?": "🔁 С {time}. Сколько длится перерыв?",
    "🔁 A break {what}. Press the weekdays to change them.": (
        "🔁 Перерыв {what}. Нажимайте на дни недели, чтобы изменить их."
    ),
    "⚠️ It covers {count} upcoming booking(s):": "⚠️ На это время есть предстоящие записи: {count}",
    "❌ Cancel them and add the break": "❌ Отменить их и добавить перерыв",
    "📌 Keep them and add the break": "📌 Оставить их и добавить перерыв",
    "Cancel them (the clients are told) or keep them as they are?": (
        "Отменить их (клиенты получат уведомление) или оставить как есть?"
    ),
    "{count} booking(s) at that time kept as they are.": (
        "Записи на это время оставлены как есть: {count}."
    ),
    "✅ Add the break": "✅ Добавить перерыв",
    "⚠️ The bookings at that time have changed. Please check again.": (
        "⚠️ Записи на это время изменились. Проверьте ещё раз."
    ),
    "✅ Break added: {what}.": "✅ Перерыв добавлен: {what}.",
    # bot/telegram/texts.py
    "Hours: {week} (the last start)": "Часы работы: {week} (последняя запись)",
    # screens/working_time.py, screens/wt_plan.py, screens/week_form.py
    "Weekly hours": "Часы по неделе",
    "Recurring break": "Постоянный перерыв",
    "Vacation": "Отпуск",
    "Other hours": "Другие часы",
    "Stop picking": "Прервать выбор",
    "Working time saved.": "Рабочее время сохранено.",
    "vac.": "отп.",
    "vacation": "отпуск",
    "a day off": "выходной",
    "not working": "не работает",
    "{day}: {what}": "{day}: {what}",
    "{day}: works {hours}": "{day}: работает {hours}",
    "(other hours on this date)": "(другие часы в этот день)",
    "Breaks: {times}": "Перерывы: {times}",
    "9–18: first–last start · *: other hours · off: a day off · vac.: a vacation · —: not "
    "working. V: a vacation, E: other hours.": (
        "9–18: первая–последняя запись · *: другие часы · вых.: выходной · отп.: отпуск · —: не "
        "работает. V: отпуск, E: другие часы."
    ),
    "Vacations": "Отпуска",
    "No vacations.": "Отпусков нет.",
    "Vacation from {day}: Enter on its last day (Escape: no vacation).": (
        "Отпуск с {day}: Enter на последнем дне (Escape — без отпуска)."
    ),
    "A vacation: Enter on its first day, then on its last.": (
        "Отпуск: Enter на первом дне, затем на последнем."
    ),
    "The vacation {first} – {last} has bookings. Cancel them and add the vacation? Their "
    "clients will be told.": (
        "На отпуск {first} – {last} есть записи. Отменить их и добавить отпуск? Клиенты получат "
        "уведомление."
    ),
    "Vacation {first} – {last} added.": "Отпуск {first} – {last} добавлен.",
    "{count} bookings cancelled, clients notified.": "Отменено записей: {count}, клиенты уведомлены.",
    "The vacation is removed.": "Отпуск удалён.",
    "Remove the vacation {span}?": "Удалить отпуск {span}?",
    "Other hours on {day}": "Другие часы {day}",
    "First and last start, e.g. 10:00-14:00; empty: back to the usual hours": (
        "Первая и последняя запись, например 10:00-14:00; пусто — обычные часы"
    ),
    "{day}: working time saved.": "{day}: рабочее время сохранено.",
    "W edits the weekly hours or the cycle; R adds a recurring break, X removes the one chosen "
    "below.": (
        "W — часы по неделе или цикл; R — добавить постоянный перерыв, X — удалить выбранный ниже."
    ),
    "Recurring breaks": "Постоянные перерывы",
    "No recurring breaks.": "Постоянных перерывов нет.",
    "The recurring break is removed.": "Постоянный перерыв удалён.",
    "Cancel them": "Отменить их",
    "Keep them": "Оставить",
    "Working time of {name}": "Рабочее время: {name}",
    "The master works": "Мастер работает",
    "by the week": "по дням недели",
    "in a cycle: days on, days off": "по циклу: рабочие дни, выходные",
    "Works on": "Работает",
    "First start": "Первая запись",
    "Last start": "Последняя запись",
    "Days on": "Рабочих дней",
    "Off days": "Выходных",
    "First working day": "Первый рабочий день",
    "Enter a date like 01.12.2026": "Введите дату, например 01.12.2026",
    "A recurring break for {name}": "Постоянный перерыв: {name}",
    "Starts at *": "Начало *",
    "Minutes *": "Минут *",
    "On these weekdays": "В эти дни недели",
    "Cancelled ones are cancelled by the salon and their clients told.": (
        "Отменённые записи отменяет салон, клиенты получают уведомление."
    ),
    "No masters yet: add one in Masters (key 3); their days off, breaks and hours are set "
    "here.": (
        "Мастеров пока нет: добавьте мастера в разделе «Мастера» (клавиша 3); его выходные, "
        "перерывы и часы работы задаются здесь."
    ),
}
