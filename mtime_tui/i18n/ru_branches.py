"""Russian for the chain of salons (issue 14, docs/BRANCHES.md)."""

MESSAGES = {
    # core/people/branches.py
    "No such branch": "Такого филиала нет",
    "No such admin": "Такого администратора нет",
    "The branch name is required": "Укажите название филиала",
    "The service {name} belongs to another branch": "Услуга {name} относится к другому филиалу",
    # The bot (bot/client/branch_choice.py)
    "🏢 Another branch": "🏢 Другой филиал",
    "Choose a branch:": "Выберите филиал:",
    "…and {count} more": "…и ещё {count}",
    # The TUI (screens/branch_picker.py, app.py)
    "main branch": "основной филиал",
    "Branch": "Филиал",
    "Work on the branch:": "Работать с филиалом:",
    "Choose the branch": "Выбрать филиал",
    "Add a branch": "Добавить филиал",
    "Branch {name} added: Ctrl+B chooses the branch to work on":
        "Филиал {name} добавлен: Ctrl+B — выбрать, с каким филиалом работать",
    "Admins of the branch": "Администраторы филиала",
    "Admins who see {branch}": "Администраторы, которые видят {branch}",
    "Admins": "Администраторы",
    "No admins yet: add them in Settings.": "Администраторов пока нет: добавьте их в настройках.",
    "An admin must see at least one branch: remove them from the admins in Settings instead":
        "Администратор должен видеть хотя бы один филиал: лучше уберите его из администраторов "
        "в настройках",
    "New branch": "Новый филиал",
    "Time zone": "Часовой пояс",
    "Empty: the salon's time zone": "Пусто: часовой пояс салона",
    "Whole chain": "Вся сеть",
    "the whole chain": "вся сеть",
    # Editing and deleting a branch, moving a master (core/people/branch_changes.py,
    # screens/branch_picker.py, screens/master_move.py)
    "Edit the branch": "Изменить филиал",
    "Delete the branch": "Удалить филиал",
    "Enter: work on it · N: a new branch · E: edit · D: delete · A: its admins · Esc: keep":
        "Enter: выбрать · N: новый филиал · E: изменить · D: удалить · A: администраторы · "
        "Esc: оставить",
    "Not deleted": "Не удалено",
    "Branch {name} deleted": "Филиал {name} удалён",
    "{count} of its services that past visits name are kept, blocked, in the main branch":
        "его услуги из прошлых визитов ({count}) оставлены заблокированными в основном филиале",
    "Delete the branch {name}? Its services go with it; the clients stay the salon's.":
        "Удалить филиал {name}? Его услуги удалятся вместе с ним; клиенты остаются в салоне.",
    "Keep it": "Оставить",
    "Delete": "Удалить",
    "Branch {name}": "Филиал {name}",
    "Empty: the salon's name": "Пусто — название салона",
    "The main branch holds the salon's own settings and cannot be deleted: edit its name and "
    "address instead (E)":
        "Основной филиал хранит собственные настройки салона, его нельзя удалить: измените "
        "лучше его название и адрес (E)",
    "{branch} still has {count} master(s) ({names}) and {upcoming} upcoming booking(s): first "
    "move each master to another branch (Masters → M), their bookings with them or cancelled":
        "В филиале {branch} ещё есть мастера: {count} ({names}), предстоящих записей: "
        "{upcoming}. Сначала переведите каждого мастера в другой филиал (Мастера → M) — "
        "с записями или отменив их",
    "The admin {admin} sees only {branch}: let them see another branch first (A in the branch "
    "picker)":
        "Администратор {admin} видит только {branch}: сначала откройте ему другой филиал "
        "(A в списке филиалов)",
    "{name} has {count} upcoming booking(s). Kept, they go along to {branch} ({address}) at the "
    "same time, and clients on Telegram are told the new address — call the others; or cancel "
    "them.":
        "У мастера {name} предстоящих записей: {count}. Если оставить, они перейдут вместе "
        "с мастером в {branch} ({address}) на то же время, а клиентам в Telegram придёт новый "
        "адрес — остальным позвоните; или отмените их.",
    "{name} has {count} upcoming booking(s). {branch} keeps another time zone, so they cannot "
    "keep their time there: cancel them (clients on Telegram are told; call the others), or go "
    "back and move the master after them.":
        "У мастера {name} предстоящих записей: {count}. В филиале {branch} другой часовой пояс, "
        "и сохранить их время там нельзя: отмените их (клиентам в Telegram придёт сообщение, "
        "остальным позвоните) или вернитесь и переведите мастера после этих записей.",
    "Move {name} to another branch": "Перевести мастера {name} в другой филиал",
    "To the branch": "В филиал",
    "Their services here leave their list: give them the new branch's services (S). Their "
    "upcoming bookings are asked about next.":
        "Услуги этого филиала уйдут из списка мастера: дайте ему услуги нового филиала (S). "
        "О предстоящих записях спросим следующим шагом.",
    "Move to another branch": "Перевести в другой филиал",
    "{name} now works in {branch}; add the services they do there (S)":
        "{name} теперь работает в филиале {branch}; добавьте услуги, которые мастер там "
        "делает (S)",
    "🏢 Your booking № {number} is now at another branch of the salon (the same time and "
    "master). The address:":
        "🏢 Ваша запись № {number} теперь в другом филиале салона (то же время и мастер). "
        "Адрес:",
    # Broadcasts, the inbox, export and report of a branch
    "No branch {name}: the branches are {names}": "Филиала {name} нет; филиалы: {names}",
    "To the clients of {branch}: who booked there or chose it in the bot":
        "Клиентам филиала {branch}: кто записывался туда или выбрал его в боте",
    "a chain's branch (a name or a number): its bookings only; default: the whole chain":
        "филиал сети (название или номер): только его записи; по умолчанию — вся сеть",
}
