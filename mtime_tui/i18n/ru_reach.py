"""Russian texts of issue 16 (invitations, two-way messages, broadcasts, comments, waitlist),
keyed by the English text."""

MESSAGES: dict[str, str] = {
    # Invitations: core, settings
    "This client is already on Telegram": "Этот клиент уже в Telegram",
    "An invitation is valid 1 to 90 days": "Приглашение действует от 1 до 90 дней",
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
    "Please type it as text.": "Пожалуйста, напишите это текстом.",
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
        "Этого клиента нет в Telegram: пригласите его из карточки.",
    "Your reply — Enter sends it": "Ваш ответ — Enter отправляет",
    "[photo]": "[фото]",
    "{master} (master)": "{master} (мастер)",
    "✉ New messages from clients: {count} (I opens them)":
        "✉ Новые сообщения от клиентов: {count} (I — открыть)",
}
