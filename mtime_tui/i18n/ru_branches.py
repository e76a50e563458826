"""Russian for the chain of salons (issue 14, docs/BRANCHES.md)."""

MESSAGES = {
    # core/branches.py
    "No such branch": "Такого филиала нет",
    "No such admin": "Такого администратора нет",
    "The branch name is required": "Укажите название филиала",
    "The service {name} belongs to another branch": "Услуга {name} относится к другому филиалу",
    # The bot (bot/branch_choice.py)
    "🏢 Another branch": "🏢 Другой филиал",
    "Choose a branch:": "Выберите филиал:",
    "…and {count} more": "…и ещё {count}",
    # The TUI (screens/branch_picker.py, app.py)
    "main branch": "основной филиал",
    "Branch": "Филиал",
    "Work on the branch:": "Работать с филиалом:",
    "Enter: work on it · N: a new branch · Esc: keep":
        "Enter: выбрать · N: новый филиал · Esc: оставить",
    "New branch": "Новый филиал",
    "Time zone": "Часовой пояс",
    "Empty: the salon's time zone": "Пусто: часовой пояс салона",
}
