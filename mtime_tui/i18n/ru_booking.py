"""Russian texts of the booking area, keyed by the English text."""

MESSAGES: dict[str, str] = {
    # Booking operations (core.booking.bookings).
    "This time was just taken. Please choose another one.":
        "Это время только что заняли. Пожалуйста, выберите другое.",
    "This time is no longer available. Please choose another one.":
        "Это время больше недоступно. Пожалуйста, выберите другое.",
    "This time has already passed. Please choose another one.":
        "Это время уже прошло. Пожалуйста, выберите другое.",
    "This time is too soon to book. Please choose a later one.":
        "На это время уже нельзя записаться: слишком скоро. Пожалуйста, выберите время позже.",
    "This day has already passed. Please choose another one.":
        "Этот день уже прошёл. Пожалуйста, выберите другой.",
    "This date is not open for booking yet. Please choose an earlier one.":
        "Запись на эту дату ещё не открыта. Пожалуйста, выберите дату пораньше.",
    "The master does not work on this day. Please choose another one.":
        "У мастера в этот день выходной. Пожалуйста, выберите другой день.",
    "The master does not take clients at this time. Please choose another one.":
        "Мастер не принимает в это время. Пожалуйста, выберите другое.",
    "The service would not end before midnight. Please choose an earlier time.":
        "Услуга не закончится до полуночи. Пожалуйста, выберите время пораньше.",
    "The master now has a day off on that date":
        "У мастера теперь выходной в этот день",
    "That time is now taken by another booking or a break":
        "Это время теперь занято другой записью или перерывом",
    "This master is not taking bookings now. Please choose another one.":
        "Этот мастер сейчас не принимает записи. Пожалуйста, выберите другого.",
    "This master does not offer this service. Please choose another one.":
        "Этот мастер не оказывает эту услугу. Пожалуйста, выберите другого.",
    "This service is not available any more. Please choose another one.":
        "Эта услуга больше недоступна. Пожалуйста, выберите другую.",
    "Sorry, booking is not available to you. Please contact the salon.":
        "К сожалению, запись для вас недоступна. Пожалуйста, свяжитесь с салоном.",
    "This visit has already started. Please contact the salon.":
        "Визит уже начался. Пожалуйста, свяжитесь с салоном.",
    "Only an upcoming booking can be moved": "Перенести можно только предстоящую запись",
    "Only an upcoming booking can be cancelled": "Отменить можно только предстоящую запись",
    "Booking #{number} was not found": "Запись №{number} не найдена",
    "The client was not found": "Клиент не найден",
    "This master was not found": "Мастер не найден",
    "This service was not found": "Услуга не найдена",
    "Unknown status: {status}": "Неизвестный статус: {status}",
    # Notifications (core.messaging.notify).
    "Write the message first": "Сначала напишите сообщение",
    "This client is not on Telegram; call them instead":
        "Этого клиента нет в Telegram — позвоните ему",
    # Working time (core.booking.working_time).
    "These times are no longer free: {times}": "Это время уже занято: {times}",
    "A day off cannot be in the past": "Выходной нельзя поставить на прошедший день",
    "The master has {count} booking(s) on this day. Cancel them and add the day off?":
        "У мастера в этот день записей: {count}. Отменить их и поставить выходной?",
}
