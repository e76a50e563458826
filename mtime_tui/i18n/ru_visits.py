"""Russian for visits of several services (issue 13): core, bot and TUI texts of that feature."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # core.booking.visits, core.booking.bookings, core.booking.visit_edits
    "Choose at least one service": "Выберите хотя бы одну услугу",
    "A service is chosen twice": "Услуга выбрана дважды",
    "At most {limit} services in one visit": "Не больше {limit} услуг за один визит",
    "This master does not offer all of these services. Please choose another one.":
        "Этот мастер оказывает не все выбранные услуги. Выберите другого мастера.",
    "Only an upcoming visit's services can be changed":
        "Менять услуги можно только у предстоящего визита",
    "This visit is over; its services can no longer be changed":
        "Этот визит уже прошёл, его услуги больше не изменить",
    "This service is not in the visit": "Этой услуги нет в визите",
    "A visit keeps at least one service: cancel the booking instead":
        "В визите должна остаться хотя бы одна услуга — отмените запись, если она не нужна",
    # bot notifications
    "✏️ The services of booking № {number} have changed": "✏️ Изменились услуги в записи № {number}",
    "✏️ The salon has changed the services of your booking № {number}:":
        "✏️ Салон изменил услуги в вашей записи № {number}:",
    # bot: choosing several services, review, texts
    "<b>Your visit:</b> {services}": "<b>Ваш визит:</b> {services}",
    "<b>Your visit</b>": "<b>Ваш визит</b>",
    "Next ▶️": "Далее ▶️",
    "Tick more, or press Next.": "Отметьте ещё или нажмите «Далее».",
    "☐ Tick several to book them in one visit.":
        "☐ Отметьте несколько, чтобы записаться на них за один визит.",
    "⚠️ No master does all of these in one visit: {name} is not added.":
        "⚠️ Ни один мастер не делает всё это за один визит: «{name}» не добавлена.",
    "💇 Services:": "💇 Услуги:",
    "⏱ Duration: {duration}": "⏱ Длительность: {duration}",
    "⏱ In all: {total}": "⏱ Всего: {total}",
    # TUI: the wizard, the booking card and its services dialog
    "Enter: add the service to the visit, or take it away.":
        "Enter — добавить услугу в визит или убрать её.",
    "Enter: this service. Space: tick several for one visit.":
        "Enter — эта услуга. Пробел — отметить несколько на один визит.",
    "Services of booking No. {number}": "Услуги записи № {number}",
    "Services of the visit": "Услуги визита",
    "The services of booking No. {number} are changed.": "Услуги записи № {number} изменены.",
    "The visit: {total}; {start}–{end}": "Визит: {total}; {start}–{end}",
    "Tick a service": "Отметить услугу",
    "Ticked: {names}\n{total}\nEnter: next with the ticked ones.":
        "Отмечено: {names}\n{total}\nEnter — дальше с отмеченными.",
    "V Services": "V Услуги",
}
