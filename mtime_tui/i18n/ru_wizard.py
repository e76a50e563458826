"""Russian texts of the wizard area, keyed by the English text.

The booking wizard, the calendar of bookings, the bookings list, working time, the booking card
and the widgets they share (month calendar, grid of times, table of bookings).
"""

MESSAGES: dict[str, str] = {
    # the month calendar
    "January {year}": "Январь {year}",
    "February {year}": "Февраль {year}",
    "March {year}": "Март {year}",
    "April {year}": "Апрель {year}",
    "May {year}": "Май {year}",
    "June {year}": "Июнь {year}",
    "July {year}": "Июль {year}",
    "August {year}": "Август {year}",
    "September {year}": "Сентябрь {year}",
    "October {year}": "Октябрь {year}",
    "November {year}": "Ноябрь {year}",
    "December {year}": "Декабрь {year}",
    "Mo": "Пн",
    "Tu": "Вт",
    "We": "Ср",
    "Th": "Чт",
    "Fr": "Пт",
    "Sa": "Сб",
    "Su": "Вс",
    "Previous day": "Предыдущий день",
    "Next day": "Следующий день",
    "Previous week": "Предыдущая неделя",
    "Next week": "Следующая неделя",
    "Previous month": "Пред. месяц",
    "Next month": "След. месяц",
    "Today": "Сегодня",
    "Pick the day": "Выбрать день",
    # the grid of times
    "Previous time": "Предыдущее время",
    "Next time": "Следующее время",
    "Row up": "Ряд вверх",
    "Row down": "Ряд вниз",
    "Choose": "Выбрать",
    "Select": "Отметить",
    "No free time on this day.": "В этот день нет свободного времени.",
    # bookings shown
    "Pending confirmation": "Ожидает подтверждения",
    "Confirmed": "Подтверждена",
    "Completed": "Выполнена",
    "No-show": "Неявка",
    "Cancelled": "Отменена",
    "Pending": "Ожидает",
    "{hours} h {minutes} min": "{hours} ч {minutes} мин",
    "{hours} h": "{hours} ч",
    "{minutes} min": "{minutes} мин",
    "No.": "№",
    "Date": "Дата",
    "Time": "Время",
    "Master": "Мастер",
    "Service": "Услуга",
    "Client": "Клиент",
    "Phone": "Телефон",
    "Status": "Статус",
    "Number": "Номер",
    "Price": "Цена",
    "Duration": "Длительность",
    # the booking card
    "No. {number}: {day} {time}, {master}, {service}, {client}":
        "№{number}: {day} {time}, {master}, {service}, {client}",
    "New status": "Новый статус",
    "(now)": "(сейчас)",
    "↑↓ choose · Enter set · Esc cancel": "↑↓ выбрать · Enter задать · Esc отмена",
    "Cancel": "Отмена",
    "Back": "Назад",
    "Move booking No. {number}": "Перенос записи №{number}",
    "Choose a date, then a free time.": "Выберите дату, затем свободное время.",
    "Free times on {day}:": "Свободное время на {day}:",
    "Close": "Закрыть",
    "Move": "Перенести",
    "Cancel booking": "Отменить запись",
    "Message the client": "Написать клиенту",
    "S Status": "S Статус",
    "R Move": "R Перенести",
    "C Cancel booking": "C Отменить запись",
    "M Message": "M Написать",
    "Esc Close": "Esc Закрыть",
    "Booking No. {number}": "Запись №{number}",
    "Contact: ": "Связь: ",
    "The client has no Telegram: messages cannot be sent.":
        "У клиента нет Telegram: сообщение отправить нельзя.",
    "Not done": "Не выполнено",
    "Status: {status}": "Статус: {status}",
    "Moved to {day} {time}": "Перенесена на {day} {time}",
    "Booking No. {number} is cancelled.": "Запись №{number} отменена.",
    "Cancel this booking?": "Отменить эту запись?",
    "Message to {client}": "Сообщение для: {client}",
    "Text": "Текст",
    # the wizard
    "Name": "Имя",
    "Review": "Проверка",
    "Booked": "Записан",
    "Start over": "Заново",  # the footer at 80 columns, beside the date step's keys
    "Choose the master": "Выберите мастера",
    "Choose the service": "Выберите услугу",
    "Choose the date (green: has free time)": "Выберите дату (зелёные — есть свободное время)",
    "Choose a free time": "Выберите свободное время",
    "Choose a free time on {day}": "Выберите свободное время на {day}",
    "The client's phone number": "Номер телефона клиента",
    "Enter the number and press Enter.": "Введите номер и нажмите Enter.",
    "New client: first and last name": "Новый клиент: имя и фамилия",
    "First name": "Имя",
    "Last name": "Фамилия",
    "Next": "Далее",
    "Check the booking": "Проверьте данные",
    "Book": "Записать",
    "New booking": "Новая запись",
    "No master with services: add masters and their services first.":
        "Нет мастеров с услугами: сначала добавьте мастеров и их услуги.",
    "{name} — {price}, {duration}": "{name} — {price}, {duration}",
    "The master has no active services.": "У мастера нет активных услуг.",
    "No free time within the booking horizon.": "Нет свободного времени в пределах записи.",
    "Your choice": "Ваш выбор",
    "This client is blocked: {reason}": "Клиент заблокирован: {reason}",
    "Known client: {name}": "Клиент найден: {name}",
    "This time was just taken. Choose another one.":
        "Это время только что заняли. Выберите другое.",
    "Not booked": "Запись не создана",
    "Booking No. {number} is made: {client}, {day} {time}, {master}, {service}.\n"
    "The client is saved; the master will be notified.\n\n"
    "Escape or the button below: a new booking.":
        "Запись №{number} создана: {client}, {day} {time}, {master}, {service}.\n"
        "Клиент сохранён; мастер получит уведомление.\n\n"
        "Escape или кнопка ниже — новая запись.",
    # the calendar of bookings
    "Bookings per day — Enter opens the day": "Записи по дням — Enter открывает день",
    "The number under a date is its active bookings.\n\n"
    "Arrows move, PageUp/PageDown change the month,\nEnter opens the day, T goes to today.":
        "Число под датой — активные записи этого дня.\n\n"
        "Стрелки — перемещение, PageUp/PageDown — месяц,\nEnter — открыть день, T — сегодня.",
    "{day}: {count} active bookings — Enter opens a booking":
        "{day}: активных записей — {count}. Enter открывает запись",
    # the bookings list
    "⚠ New": "⚠ Новые",
    "⚠ New ({count})": "⚠ Новые ({count})",
    "7 days": "7 дней",
    "30 days": "30 дней",
    "By date": "По дате",
    "All": "Все",
    "Next page": "След. страница",
    "Previous page": "Пред. страница",
    "Search": "Поиск",
    "To the list": "К списку",
    "Search: number, phone or name": "Поиск: номер, телефон или имя",
    "{count} new bookings": "Новых записей: {count}",
    "Pick a date in the calendar.": "Выберите дату в календаре.",
    "{first} – {last} · page {page} of {pages}": "{first} – {last} · страница {page} из {pages}",
    "Rows {first}–{last}": "Строки {first}–{last}",
    "Nothing found.": "Ничего не найдено.",
    " · N: next page": " · N: следующая страница",
    # working time
    "Add breaks": "Добавить перерывы",
    "Remove": "Удалить",
    "Choose a master": "Выберите мастера",
    "Days off": "Выходные",
    "Breaks": "Перерывы",
    "Enter on a date adds a day off. X removes the day chosen below.":
        "Enter на дате добавляет выходной. X удаляет выбранный ниже.",
    "Space selects free slots, A adds them as breaks.":
        "Пробел отмечает свободное время, A добавляет перерывы.",
    "Breaks on this day": "Перерывы в этот день",
    "No breaks on this day.": "В этот день перерывов нет.",
    "Days with breaks": "Дни с перерывами",
    "off": "вых.",
    "No days off.": "Выходных нет.",
    "No breaks.": "Перерывов нет.",
    "Free slots on {day}": "Свободное время на {day}",
    "{day} is a day off; {count} bookings cancelled; clients on Telegram are told. {delivery}":
        "{day} — выходной; отменено записей: {count}; клиентам в Telegram сообщается."
        " {delivery}",
    "{day} is a day off.": "{day} — выходной.",
    "{day} has bookings. Make it a day off and cancel them? Clients on Telegram are told;"
    " call the others.":
        "На {day} есть записи. Сделать день выходным и отменить их? Клиентам в Telegram"
        " сообщит бот, остальным позвоните.",
    "{day} is a day off. Make it a working day again?":
        "{day} — выходной. Снова сделать рабочим днём?",
    "{day} is a working day again.": "{day} снова рабочий день.",
    "Select free slots first (Space).": "Сначала отметьте свободное время (пробел).",
    "Breaks added on {day}: {times}": "Перерывы на {day}: {times}",
    "Select breaks to remove first (Space).": "Сначала отметьте перерывы для удаления (пробел).",
    "Breaks removed: {count}": "Удалено перерывов: {count}",
}
