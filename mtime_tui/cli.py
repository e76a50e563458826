"""`mtime-tui`: argument parsing, opening the database, then the TUI or one command.

    mtime-tui [--db PATH|URL] [--demo]   the TUI (with the bot when a token is set)
    mtime-tui [--db PATH] demo           write the demo salon into the database and exit
    mtime-tui [--db PATH] backup [DEST]  a consistent copy (default: the backups folder)
    mtime-tui [--db PATH] bot            the bot alone, headless
    mtime-tui [--db PATH] report [--period P | --from DATE --to DATE] [--by master|service|day]
                                 [--branch NAME]
                                         the statistics of a period as a table on stdout
    mtime-tui [--db PATH] migrate --to URL   copy the salon's file into an empty PostgreSQL database
    mtime-tui --version | --help

PATH is the salon's SQLite file; URL a PostgreSQL database
(`postgresql://user:password@host:port/dbname`) — every command works on either. Mistakes a user
can make (wrong arguments, an unreadable database, a server that cannot be reached, a wrong
password, a bad backup destination) end with one clear line on stderr and a non-zero exit —
never a traceback; details go to the log. A password is never printed or logged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import logging
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import peewee

from . import __version__
from .core import logs, paths, storage
from .core.errors import DatabaseUnavailable, DomainError
from .core.storage import backup, db, upkeep
from .i18n import N_, _, language_from_locale, set_language

log = logging.getLogger(__name__)

DEMO_NOTICE = N_(
    "No salon database yet at {path}: showing the demo salon (kept apart, in {demo}). "
    "To start your own salon, run: mtime-tui --db {path}"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mtime-tui",
        description=_("A salon's bookings: the admin TUI and the Telegram bot over one SQLite file."),
    )
    parser.add_argument("--version", action="version", version=f"mtime-tui {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help=_("the salon database: a file, or postgresql://user:password@host:port/dbname "
               "(default: MTIME_DB, else salon.db in the data folder)"),
    )
    parser.add_argument(
        "--demo", action="store_true", help=_("open the demo salon, kept in its own file")
    )
    # `--db` may also follow the command (`mtime-tui backup --db x.db`); SUPPRESS keeps the
    # value given before the command when it does not.
    db_after = argparse.ArgumentParser(add_help=False)
    db_after.add_argument("--db", metavar="PATH|URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "demo",
        parents=[db_after],
        help=_("write the demo salon into the database and exit (an empty one only)"),
    )
    backup_cmd = commands.add_parser(
        "backup",
        parents=[db_after],
        help=_("make a consistent copy of the database (default: its backups folder)"),
    )
    backup_cmd.add_argument("dest", nargs="?", metavar="DEST", help=_("a file or a folder"))
    commands.add_parser(
        "bot", parents=[db_after], help=_("run the Telegram bot alone, without the TUI")
    )
    _add_report(commands, db_after)
    _add_files(commands, db_after)
    migrate_cmd = commands.add_parser(
        "migrate",
        parents=[db_after],
        help=_("copy the salon's SQLite file into an empty PostgreSQL database"),
    )
    migrate_cmd.add_argument(
        "--to", required=True, metavar="URL", help="postgresql://user:password@host:port/dbname"
    )
    return parser


def _period_args(command: argparse.ArgumentParser, *, to_help: str) -> None:
    command.add_argument("--from", dest="first", metavar="DATE",
                         help=_("the first date (2026-11-01 or 01.11.2026)"))
    command.add_argument("--to", dest="last", metavar="DATE", help=to_help)


def _add_files(commands, db_after: argparse.ArgumentParser) -> None:
    export = commands.add_parser(
        "export", parents=[db_after],
        help=_("write bookings (CSV or iCalendar) or clients (CSV) to a file"),
    )
    export.add_argument("what", choices=("bookings", "clients"))
    _period_args(export, to_help=_("the last date, included (default: the last booking)"))
    export.add_argument("--format", choices=("csv", "ics"), default="csv",
                        help=_("csv (Excel, LibreOffice) or ics (a calendar); default csv"))
    export.add_argument("--master", metavar="NAME",
                        help=_("only this master's bookings (a name or an id)"))
    export.add_argument("--branch", metavar="NAME",
                        help=_("a chain's branch (a name or a number): its bookings only; "
                               "default: the whole chain"))
    export.add_argument("-o", "--output", metavar="FILE",
                        help=_("the file to write (default: bookings-<date>.csv here)"))
    imp = commands.add_parser(
        "import", parents=[db_after], help=_("add clients from a CSV file (merged by phone)"))
    imp.add_argument("what", choices=("clients",))
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--skip-bad", action="store_true",
                     help=_("import the good lines even when some lines are refused"))
    imp.add_argument("--dry-run", action="store_true",
                     help=_("only show what the import would do"))


def _add_report(commands, db_after: argparse.ArgumentParser) -> None:
    from .core.reports.figures import TABLES
    from .core.reports.periods import CUSTOM, KINDS

    report = commands.add_parser(
        "report", parents=[db_after],
        help=_("print the statistics of a period (default: this month) as a table"),
    )
    report.add_argument("--period", choices=[k for k in KINDS if k != CUSTOM],
                        help=_("a named period instead of --from/--to"))
    _period_args(report, to_help=_("the last date, included (default: today)"))
    report.add_argument("--by", choices=TABLES, help=_("add a table by master, service or day"))
    report.add_argument("--branch", metavar="NAME",
                        help=_("a chain's branch alone (a name or an id); default: the whole chain"))


def main(argv: list[str] | None = None) -> int:
    set_language(language_from_locale())
    args = build_parser().parse_args(argv)
    if args.demo and args.command:
        return _fail(_("--demo opens the demo salon in the TUI; it does not go with a command"))
    if args.demo and args.db:
        return _fail(_("--demo uses its own file; leave out --db"))
    log_path = logs.setup_logging()
    try:
        if args.command == "demo":
            return _write_demo(args)
        if args.command == "backup":
            return _backup(args)
        if args.command == "bot":
            return _bot(args)
        if args.command == "report":
            return _report(args)
        if args.command in ("export", "import"):
            from . import cli_files

            _existing(args)
            return cli_files.run(args)
        if args.command == "migrate":
            return _migrate(args)
        return _tui(args)
    except DomainError as err:
        log.info("mtime-tui %s: %s", args.command or "tui", err)
        return _fail(err.message())
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last guard: a line for the user, a trace in the log
        log.exception("mtime-tui %s failed", args.command or "tui")
        error = logs.mask(str(exc) or type(exc).__name__)
        return _fail(_("Unexpected error: {error}. Details are in the log: {path}",
                       error=error, path=str(log_path or logs.LOG_NAME)))
    finally:
        db.close_database()


def _fail(message: str) -> int:
    print(f"mtime-tui: {message}", file=sys.stderr)
    return 1


def _open(path: Path | str, *, upkeep_now: bool = True) -> Path | str:
    """Open (creating or upgrading) the database, speak its language, do the daily upkeep (the
    TUI does it itself, after its first screen is painted: `upkeep_now=False`)."""
    from .core import settings

    try:
        path = db.open_database(path)
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        # db.open_database converts most of these; a garbage file can still slip through.
        db.close_database()
        raise DatabaseUnavailable(
            "Cannot open the database {path}: {reason}", path=_label(path),
            reason=logs.mask(str(exc)),
        ) from exc
    current = settings.load()
    set_language(current.tui_language)
    logs.add_secret(current.bot_token)
    if not upkeep_now:
        return path
    try:
        upkeep.run()
    except Exception:  # noqa: BLE001 - upkeep must never keep the salon from opening
        log.exception("daily upkeep failed on %s", path)
    return path


def _explicit_db(args: argparse.Namespace) -> Path | str | None:
    """--db, else MTIME_DB: a file's path, or a server's URL (its password a secret from now)."""
    given = args.db or os.environ.get("MTIME_DB") or None
    if given is None:
        return None
    if storage.is_url(given):
        password = urlsplit(given.strip()).password if "@" in given else None
        if password:
            logs.add_secret(password)
        return given.strip()
    return Path(given).expanduser()


def _label(target: Path | str) -> str:
    return storage.mask_url(target) if isinstance(target, str) else str(target)


@dataclass(frozen=True)
class Launch:
    """What the TUI runs on: the database, whether it is the demo, and what to tell the user."""

    path: Path | str
    demo: bool
    notice: str = ""


def prepare_tui(args: argparse.Namespace) -> Launch:
    """Open the database the TUI should show; on a first run (no database yet) the demo salon.
    The daily upkeep is left to the app (after its first paint); the demo's is done here."""
    explicit = _explicit_db(args)
    if args.demo:
        return Launch(_open_demo(), demo=True)
    if explicit is not None:
        return Launch(_open(explicit, upkeep_now=False), demo=False)
    real = paths.default_db_path()
    if real.exists():
        return Launch(_open(real, upkeep_now=False), demo=False)
    demo = _open_demo()
    return Launch(demo, demo=True, notice=_(DEMO_NOTICE, path=str(real), demo=str(demo)))


def _open_demo() -> Path:
    """The demo file, built on first use and rebuilt once its week has gone by."""
    from .core import demo
    from .core.clock import now_utc
    from .core.settings import load
    from .core.storage.models import Booking

    path = paths.demo_db_path()
    _open(path)
    if demo.has_salon():
        last = Booking.select(Booking.date).order_by(Booking.date.desc()).scalar()
        today = now_utc().astimezone(load().tz).date()
        if last is not None and dt.date.fromisoformat(str(last)) >= today:
            return path
        db.close_database()
        path.unlink()
        _open(path)
    demo.create_demo_salon()
    return path


def _tui(args: argparse.Namespace) -> int:
    # Until the first screen is painted every object made lives as long as the program (the
    # imports, the first section's widgets and styles): the cyclic collector would only walk
    # them again and again (~40 ms of a start). The app turns it back on once painted.
    gc.disable()
    try:
        launch = prepare_tui(args)
        from .app import make_app

        app = make_app(start_bot=not launch.demo, upkeep_on_start=not launch.demo,
                       collect_after_paint=True)
        app.startup_notice = launch.notice  # the app may show it; also printed after the run
        app.run()
    finally:
        gc.enable()
    if launch.notice:
        print(launch.notice, file=sys.stderr)
    return app.return_code or 0


def _target(args: argparse.Namespace) -> Path | str:
    return _explicit_db(args) or paths.default_db_path()


def _write_demo(args: argparse.Namespace) -> int:
    from .core import demo

    _open(_target(args))
    demo.create_demo_salon()
    print(_("The demo salon is written to {path}", path=db.db_label()))
    return 0


def _backup(args: argparse.Namespace) -> int:
    source = _target(args)
    if isinstance(source, Path) and not source.exists():
        return _fail(_("There is no database at {path}", path=str(source)))
    _open(source)
    made = backup.backup(args.dest)
    print(_("Backup written to {path}", path=str(made)))
    return 0


def _bot(args: argparse.Namespace) -> int:
    _open(_target(args))
    from .bot.telegram.headless import run_headless

    return run_headless()


def _existing(args: argparse.Namespace) -> Path | str:
    """Open the salon a command reads; a missing file is an error, not a new empty salon."""
    source = _target(args)
    if isinstance(source, Path) and not source.exists():
        raise DatabaseUnavailable("There is no database at {path}", path=str(source))
    return _open(source)


def _report(args: argparse.Namespace) -> int:
    from .core.reports import figures

    if args.period and (args.first or args.last):
        return _fail(_("--period does not go with --from/--to"))
    _existing(args)
    print(figures.report_text(period=args.period, first=args.first, last=args.last, by=args.by,
                              branch=args.branch))
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from .core.storage.transfer import copy_to_postgresql

    source = _target(args)
    if not isinstance(source, Path):
        return _fail(_("migrate copies a salon's SQLite file: give the file with --db"))
    if not source.exists():
        return _fail(_("There is no database at {path}", path=str(source)))
    target = args.to.strip()
    if storage.is_url(target):
        password = urlsplit(target).password
        if password:
            logs.add_secret(password)
    if storage.parse_target(target).url is None:
        return _fail(_("--to takes a PostgreSQL address: postgresql://user:password@host:port/dbname"))
    tables = copy_to_postgresql(source, target)
    width = max(len(t.table) for t in tables)
    print(_("{source} → {target}", source=str(source), target=storage.mask_url(target)))
    print(f"{_('table'):<{width}}  {_('rows'):>8}  {_('copied'):>8}  {_('checksum'):<16}  ")
    for t in tables:
        verdict = _("equal") if t.equal else _("DIFFERENT")
        print(f"{t.table:<{width}}  {t.source_rows:>8}  {t.target_rows:>8}  {t.target_sum[:16]}  "
              f"{verdict}")
    if not all(t.equal for t in tables):
        return _fail(_("The copy differs from the file: do not use it; the file is unchanged"))
    print(_("Every table is copied and compares equal. Open it with: mtime-tui --db {target}",
            target=storage.mask_url(target)))
    return 0
