"""Russian texts of the journal (Today, issue 11), keyed by the English text."""

MESSAGES: dict[str, str] = {
    # The grid (widgets/journal_grid.py).
    "pending": "ждёт",
    "confirmed": "подтв.",
    "completed": "выполн.",
    "no-show": "неявка",
    "break": "перерыв",
    "Break": "Перерыв",
    "no-shows: {count}": "неявок: {count}",
    "{name} (off)": "{name} (вых.)",
    "This time has passed.": "Это время уже прошло.",
    "This is the master's break.": "Это перерыв мастера.",
    "The master does not work at this time.": "Мастер в это время не работает.",
    # The screen (screens/today.py).
    "Day": "День",
    "Confirm": "Подтвердить",
    "today": "сегодня",
    "bookings: {count}": "записей: {count}",
    "cancelled: {count}": "отменено: {count}",
    "Nobody works on this day.": "В этот день никто не работает.",
    "Put the cursor on a booking first.": "Сначала поставьте курсор на запись.",
    "Booking No. {number} is confirmed.": "Запись № {number} подтверждена.",
    "Booking No. {number} is not waiting for confirmation.":
        "Запись № {number} не ждёт подтверждения.",
    # The wizard from a free slot (screens/booking_wizard.py).
    "No service of the master fits at this time.":
        "Ни одна услуга мастера не помещается в это время.",
    "These services do not fit at {time}: the next booking or a break starts earlier.":
        "Эти услуги не помещаются в {time}: раньше начинается следующая запись или перерыв.",
}
