"""The log file: rotating, in the platform's log folder, never holding a bot token or a password.

The TUI owns the terminal, so everything goes to a file, owner-only (0600, in a 0700 folder). httpx logs every request URL — and a Bot
API URL carries the token (`…/bot<token>/getMe`) — at INFO, so those loggers stay at WARNING, and
a filter on the handler masks anything that looks like a token whoever logs it.
"""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

from . import paths
from .storage.private import private_file
from .storage.target import mask_url

LOG_NAME = "mtime-tui.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
QUIET_LOGGERS = ("httpx", "httpcore", "telegram.ext", "telegram.request", "hpack")
FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"

TOKEN_PATTERN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")
BOT_URL_PATTERN = re.compile(r"(/bot)[^/\s\"'?#]+")
MASK = "***"

_secrets: set[str] = set()


def add_secret(text: str) -> None:
    """Mask this exact text too (the configured token, whatever shape it has)."""
    if text and len(text) >= 8:
        _secrets.add(text)


def mask(text: str) -> str:
    for secret in _secrets:
        text = text.replace(secret, MASK)
    text = mask_url(text)  # a database URL's password
    text = BOT_URL_PATTERN.sub(r"\1" + MASK, text)
    return TOKEN_PATTERN.sub(MASK, text)


class TokenFilter(logging.Filter):
    """Rewrites each record with the message, traceback and stack already masked."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not lose the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = mask(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


class MaskingFormatter(logging.Formatter):
    """A second guard: the final line is masked too (covers extras and custom fields)."""

    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))


class PrivateRotatingFileHandler(RotatingFileHandler):
    """Every log file it opens (the first, and each new one after a rollover) is owner-only:
    the log names clients and masters."""

    def _open(self):
        private_file(Path(self.baseFilename))
        return super()._open()


def setup_logging(level: int | str = logging.INFO) -> Path | None:
    """Send the app's logs to the rotating file; returns its path (None if it cannot be opened).

    Calling it again replaces the handler it added before, so tests and re-runs don't double up.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_mtime_tui", False):
            root.removeHandler(handler)
            handler.close()
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    root.setLevel(level)
    try:
        path = paths.log_dir() / LOG_NAME
        handler = PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        return None
    handler._mtime_tui = True  # type: ignore[attr-defined]
    handler.addFilter(TokenFilter())
    handler.setFormatter(MaskingFormatter(FORMAT))
    root.addHandler(handler)
    return path
