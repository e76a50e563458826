"""The one error the stand-in raises inside a Bot API method: Telegram's error reply."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """Becomes {"ok": false, "error_code": code, "description": ...} on the wire."""

    def __init__(self, code: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def forbidden_blocked() -> ApiError:
    return ApiError(403, "Forbidden: bot was blocked by the user")


def forbidden_not_started() -> ApiError:
    return ApiError(403, "Forbidden: bot can't initiate conversation with a user")


NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup of "
    "the new message are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
