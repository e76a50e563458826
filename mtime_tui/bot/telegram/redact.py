"""Errors for the log with the bot token cut out (URLs in transport errors carry it)."""

from __future__ import annotations


class SafeError(Exception):
    """An error whose text has the token cut out, for the log."""

    def __init__(self, exc: BaseException, token: str) -> None:
        super().__init__(safe(exc, token))
        self.kind = type(exc).__name__

    def __str__(self) -> str:
        return self.args[0]


def safe(exc: BaseException, token: str) -> str:
    """The exception's text with the token cut out (URLs in httpx errors carry it)."""
    text = str(exc) or type(exc).__name__
    return text.replace(token, "***") if token else text
