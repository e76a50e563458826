"""Russian texts of issue 16 (invitations, two-way messages, broadcasts, comments, waitlist),
keyed by the English text."""

MESSAGES: dict[str, str] = {
    # Invitations: core, settings
    "This client is already on Telegram": "Этот клиент уже в Telegram",
    "An invitation is valid 1 to 90 days": "Приглашение действует от 1 до 90 дней",
    "Clients on Telegram": "Клиенты в Telegram",
    "Invitation link valid, days": "Приглашение действует, дней",
    "single-use links for phone-only clients, 1–90":
        "одноразовые ссылки для клиентов без Telegram, 1–90",
    "Opting out (/stop)": "Отписка (/stop)",
    "also stops the notices about their own bookings":
        "также прекращает уведомления о своих записях",
    # Invitations: bot
    "Your Telegram is already linked to your profile at the salon.":
        "Ваш Telegram уже привязан к вашему профилю в салоне.",
    "⚠️ This invitation link is not valid. Please ask the salon for a new one.":
        "⚠️ Эта ссылка-приглашение недействительна. Попросите в салоне новую.",
    "⌛ This invitation link has expired. Please ask the salon for a new one.":
        "⌛ Срок действия ссылки-приглашения истёк. Попросите в салоне новую.",
    "⚠️ This invitation link has already been used. Please ask the salon for a new one.":
        "⚠️ Эта ссылка-приглашение уже использована. Попросите в салоне новую.",
    "⚠️ This invitation is for a client who is already linked to another Telegram account. "
    "Please call the salon.":
        "⚠️ Это приглашение для клиента, который уже привязан к другому аккаунту Telegram. "
        "Пожалуйста, позвоните в салон.",
    "⚠️ Your Telegram is already linked to another profile at the salon. Please call the salon.":
        "⚠️ Ваш Telegram уже привязан к другому профилю в салоне. Пожалуйста, позвоните в салон.",
    "✅ Welcome, {name}! Your Telegram is now linked to your profile at the salon: your "
    "bookings, reminders and messages will come here.":
        "✅ Добро пожаловать, {name}! Ваш Telegram привязан к вашему профилю в салоне: записи, "
        "напоминания и сообщения будут приходить сюда.",
    # Invitations: TUI
    "Invite to Telegram": "Пригласить в Telegram",
    "Copy the link": "Скопировать ссылку",
    "The bot's Telegram name is not known yet: set the bot token in Settings and let the bot "
    "start once, then invite again.":
        "Имя бота в Telegram пока неизвестно: укажите токен бота в настройках и дайте боту "
        "запуститься, затем пригласите снова.",
    "Invite to Telegram: {name}": "Приглашение в Telegram: {name}",
    "Esc close": "Esc закрыть",
    "Send it by SMS or WhatsApp, or let the client scan it.":
        "Отправьте по SMS или WhatsApp либо дайте отсканировать код.",
    "Once, until {until} · C copy · Esc close": "Один раз, до {until} · C копировать · Esc закрыть",
    "The link is copied": "Ссылка скопирована",
    "B block / unblock · N notes · I invite · W conversation · Esc close":
        "B блокировать / разблокировать · N заметки · I пригласить · W переписка · Esc закрыть",
    "{name} is now on Telegram": "{name} теперь в Telegram",
    # Conversations: bot
    "(a photo)": "(фото)",
    "Write your message to the salon: text, or a photo with a caption. We will answer here.":
        "Напишите сообщение салону: текст или фото с подписью. Ответ придёт сюда.",
    "Write your message to {name}:": "Напишите сообщение для {name}:",
    "↩️ Reply": "↩️ Ответить",
    "✅ Sent to {name}.": "✅ Отправлено: {name}.",
    "✉️ <b>A message from the client {client}:</b>": "✉️ <b>Сообщение от клиента {client}:</b>",
    "✉️ Write to the salon": "✉️ Написать в салон",
    "✉️ Your message is sent to the salon. The answer will come here.":
        "✉️ Ваше сообщение отправлено в салон. Ответ придёт сюда.",
    "✉️ {master} from {salon}:": "✉️ {master}, {salon}:",
    # Conversations: TUI
    "Conversation with {name}": "Переписка: {name}",
    "Conversation": "Переписка",
    "Enter open · Esc close": "Enter открыть · Esc закрыть",
    "Enter send · Esc close": "Enter отправить · Esc закрыть",
    "Last message": "Последнее сообщение",
    "Messages": "Сообщения",
    "Messages: none yet": "Сообщения: пока нет",
    "Messages: {count} new": "Сообщения: новых {count}",
    "New message from {name} (I opens the inbox)": "Новое сообщение от {name} (I — входящие)",
    "New": "Нов.",
    "When": "Когда",
    "No messages yet.": "Сообщений пока нет.",
    "This client is not on Telegram: invite them from the card.":
        "Клиента нет в Telegram: пригласите из карточки.",
    "Your reply — Enter sends it": "Ваш ответ — Enter отправляет",
    "[photo]": "[фото]",
    "{master} (master)": "{master} (мастер)",
    "✉ New messages from clients: {count} (I opens them)":
        "✉ Новые сообщения от клиентов: {count} (I — открыть)",
    # Broadcasts: core
    "Braces: write {first_name} exactly, or no braces at all":
        "Фигурные скобки: пишите ровно {first_name} или не используйте их",
    "Choose who gets it": "Выберите, кому отправить",
    "Days: a whole number from 1 to 3650": "Дни: целое число от 1 до 3650",
    "Give the period: from and to (DD.MM.YYYY)": "Укажите период: с и по (ДД.ММ.ГГГГ)",
    "Not possible in this state of the broadcast": "В этом состоянии рассылки так нельзя",
    "The broadcast was not found": "Рассылка не найдена",
    "The time to send must be in the future": "Время отправки должно быть в будущем",
    "This broadcast was already sent": "Эта рассылка уже отправлена",
    # Broadcasts: bot
    "Unsubscribed": "Вы отписались",
    "🔕 Done: no more news from the salon. Notices about your own bookings still come. Press "
    "/start to get the news again.":
        "🔕 Готово: новостей от салона больше не будет. Уведомления о ваших записях "
        "по-прежнему приходят. Нажмите /start, чтобы снова получать новости.",
    "🔕 Done: the salon will not write to you any more, not even about your bookings. Press "
    "/start to hear from us again.":
        "🔕 Готово: салон больше не будет вам писать, даже о ваших записях. Нажмите /start, "
        "чтобы снова получать сообщения.",
    "🔕 Unsubscribe": "🔕 Отписаться",
    "🔔 The salon's news will come to you again.": "🔔 Новости салона снова будут приходить вам.",
    "No more news from the salon": "Не присылать новости салона",
    "/stop — no more news from the salon (/start turns them on again)":
        "/stop — не присылать новости салона (/start — снова присылать)",
    # Broadcasts: TUI
    "All clients": "Все клиенты",
    "Broadcasts": "Рассылки",
    "Cancel the broadcast": "Отменить рассылку",
    "Cancel the broadcast? Messages not sent yet will not be sent; this cannot be undone.":
        "Отменить рассылку? Ещё не отправленные сообщения не уйдут; вернуть будет нельзя.",
    "Clients of a master": "Клиенты мастера",
    "Clients of a service": "Клиенты услуги",
    "Failed": "Ошибки",
    "Left": "Осталось",
    "N new · P pause / resume · X cancel · Esc close":
        "N новая · P пауза / продолжить · X отменить · Esc закрыть",
    "New broadcast": "Новая рассылка",
    "Not visited for (days)": "Не приходили (дней)",
    "Not visited for N days": "Не приходили N дней",
    "Opted out": "Отписки",
    "Pause / resume": "Пауза / продолжить",
    "Preview for {name}:": "Так увидит {name}:",
    "Recipients: {count} (the blocked, unreachable and opted out never)":
        "Получателей: {count} (заблокированным, недоступным и отписавшимся — никогда)",
    "Send at (DD.MM.YYYY HH:MM, salon time; empty: now)":
        "Отправить (ДД.ММ.ГГГГ ЧЧ:ММ, время салона; пусто — сейчас)",
    "Send": "Отправить",
    "Sent": "Отпр.",
    "The broadcast is queued for {count} clients": "Рассылка поставлена в очередь: {count} клиентов",
    "Unreachable": "Недост.",
    "Visited from (DD.MM.YYYY)": "Приходили с (ДД.ММ.ГГГГ)",
    "Visited in a period": "Приходили за период",
    "Visited to (DD.MM.YYYY)": "Приходили по (ДД.ММ.ГГГГ)",
    "Who gets it": "Кому",
    "Write the time as DD.MM.YYYY HH:MM": "Напишите время как ДД.ММ.ГГГГ ЧЧ:ММ",
    "cancelled": "отменена",
    "done": "готово",
    "paused": "на паузе",
    "queuing": "в очередь",
    "sending": "отправляется",
    "Text — {first_name} becomes the client's first name": "Текст — {first_name} станет именем клиента",
    "Text": "Текст",
    # Booking comments
    "A wish for the master? (optional)": "Пожелание мастеру? (необязательно)",
    "Wish": "Пожелание",
    "💬 A wish for the master?": "💬 Пожелание мастеру?",
    "💬 Wish: {comment}": "💬 Пожелание: {comment}",
    "💬 Write your wish for the master (at most {limit} characters):":
        "💬 Напишите пожелание мастеру (не больше {limit} символов):",
    # Waitlist
    "Book {time}": "Записаться на {time}",
    "Leave the waitlist": "Выйти из листа ожидания",
    "No day is full in the coming days: choose a free time.":
        "В ближайшие дни нет полностью занятых дней: выберите свободное время.",
    "The first to press books it. Press a time:": "Запишется тот, кто нажмёт первым. Выберите время:",
    "There is free time on this date: book it": "На эту дату есть свободное время: запишитесь",
    "These days are full. Choose one to wait for: we will write when time frees up there.":
        "Эти дни заняты. Выберите день, которого подождать: напишем, когда там освободится время.",
    "This date cannot be waitlisted": "На эту дату нельзя встать в лист ожидания",
    "This waitlist entry has ended": "Это ожидание завершено",
    "This waitlist has ended.": "Это ожидание завершено.",
    "You have left the waitlist.": "Вы вышли из листа ожидания.",
    "Your waitlists:": "Ваши листы ожидания:",
    "⏳ <b>Time has freed up on {day}!</b>": "⏳ <b>Освободилось время: {day}!</b>",
    "⏳ A full day? Join its waitlist": "⏳ День занят? Встать в лист ожидания",
    "⏳ — your waitlists.": "⏳ — ваши листы ожидания.",
    "✅ You are on the waitlist for {day}. When time frees up there, we will write to you here; "
    "the first to press books it.":
        "✅ Вы в листе ожидания на {day}. Когда освободится время, мы напишем сюда; запишется "
        "тот, кто нажмёт первым.",
    "😔 Sorry, this time is already taken. You stay on the waitlist and will hear when time "
    "frees up again.":
        "😔 Увы, это время уже заняли. Вы остаётесь в листе ожидания и узнаете, когда время "
        "освободится снова.",
    "You are on this day's waitlist: when time frees up, we will write to you here.":
        "Вы в листе ожидания на этот день: когда освободится время, мы напишем сюда.",
    "You are on {limit} waitlists already: leave one under My bookings first":
        "Вы уже в {limit} листах ожидания: сначала покиньте один в «Мои записи»",
    "No broadcasts yet: N writes one.": "Рассылок ещё нет: N — написать.",
    "{state}: sent {sent} · failed {failed} · unreachable {gone} · left {left} · opted out {off} "
    "(of {total})":
        "{state}: отправлено {sent} · ошибок {failed} · недоступны {gone} · осталось {left} · "
        "отписались {off} (из {total})",
}
