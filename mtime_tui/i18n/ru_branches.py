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
    "Enter: work on it · N: a new branch · A: its admins · Esc: keep":
        "Enter: выбрать · N: новый филиал · A: его администраторы · Esc: оставить",
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
}
