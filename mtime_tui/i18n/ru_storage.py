"""Russian texts of the storage area (core/storage/: engines, database addresses), keyed by the
English text."""

MESSAGES: dict[str, str] = {
    "Unsupported database address {scheme}://…: give a file path for SQLite, or "
    "postgresql://user:password@host:port/dbname for PostgreSQL": (
        "Адрес базы данных {scheme}://… не поддерживается: укажите путь к файлу для SQLite или "
        "postgresql://пользователь:пароль@сервер:порт/база для PostgreSQL"
    ),
    "The database address {url} is not valid: {reason}": (
        "Адрес базы данных {url} неверен: {reason}"
    ),
    "The database address {url} names no database: add /dbname at its end": (
        "В адресе {url} нет имени базы данных: добавьте в конце /имя_базы"
    ),
    "The connection to the database server was lost; the change was not saved. "
    "Please try again.": (
        "Связь с сервером базы данных прервалась; изменение не сохранено. Попробуйте ещё раз."
    ),
    "The database {path} cannot be set up: {reason}": (
        "Не удаётся подготовить базу данных {path}: {reason}"
    ),
    "The database {path} holds another program's tables: it is not an mtime-tui salon": (
        "В базе данных {path} таблицы другой программы: это не салон mtime-tui"
    ),
    "The database server {where} refused the user {user}: wrong user name or password": (
        "Сервер базы данных {where} не пустил пользователя {user}: неверное имя или пароль"
    ),
    "There is no database {name} on the server {where}: create it first "
    "(createdb {name}), or check the name": (
        "На сервере {where} нет базы данных {name}: сначала создайте её (createdb {name}) "
        "или проверьте имя"
    ),
    "The database server {where} has no user {user}": (
        "На сервере базы данных {where} нет пользователя {user}"
    ),
    "Cannot reach the database server {where}: is it running, and is the address right?": (
        "Не удаётся связаться с сервером базы данных {where}: он запущен, адрес верный?"
    ),
    "pg_dump was not found: install PostgreSQL's client programs "
    "(Debian/Ubuntu: apt-get install postgresql-client) to back up a PostgreSQL salon": (
        "Не найден pg_dump: установите клиентские программы PostgreSQL "
        "(Debian/Ubuntu: apt-get install postgresql-client), чтобы делать копии салона в PostgreSQL"
    ),
    # mtime-tui migrate --to (core/storage/transfer.py, cli.py)
    "copy the salon's SQLite file into an empty PostgreSQL database": (
        "скопировать файл SQLite салона в пустую базу данных PostgreSQL"
    ),
    "migrate copies a salon's SQLite file: give the file with --db": (
        "migrate копирует файл SQLite салона: укажите файл в --db"
    ),
    "--to takes a PostgreSQL address: postgresql://user:password@host:port/dbname": (
        "--to принимает адрес PostgreSQL: postgresql://пользователь:пароль@сервер:порт/база"
    ),
    "{source} → {target}": "{source} → {target}",
    "table": "таблица",
    "rows": "строк",
    "copied": "скопировано",
    "checksum": "контрольная сумма",
    "equal": "совпадает",
    "DIFFERENT": "РАЗЛИЧАЕТСЯ",
    "The copy differs from the file: do not use it; the file is unchanged": (
        "Копия отличается от файла: не пользуйтесь ею; файл не изменён"
    ),
    "Every table is copied and compares equal. Open it with: mtime-tui --db {target}": (
        "Все таблицы скопированы и совпадают. Откройте так: mtime-tui --db {target}"
    ),
    "The database {url} is not empty: migrate copies a salon into an empty database "
    "only (create a new one, e.g. createdb salon)": (
        "База данных {url} не пуста: migrate копирует салон только в пустую базу "
        "(создайте новую, например createdb salon)"
    ),
    "PostgreSQL refused the copy, so nothing was written: {reason}": (
        "PostgreSQL отказался принять копию, ничего не записано: {reason}"
    ),
    "The file's table {table} has columns the new schema lacks ({columns}): "
    "update mtime-tui": (
        "В таблице {table} файла есть столбцы, которых нет в новой схеме ({columns}): "
        "обновите mtime-tui"
    ),
}
