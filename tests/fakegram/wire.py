"""The wire side: how requests arrive (query, form, multipart, JSON) and how calls are kept."""

from __future__ import annotations

import json
import time
from typing import Any

from aiohttp import web

from .errors import ApiError
from .methods import Upload

# Parameters that are plain strings on the wire; every other form value is JSON-decoded.
TEXT_KEYS = frozenset(
    {
        "text",
        "caption",
        "callback_query_id",
        "photo",
        "url",
        "file_id",
        "description",
        "short_description",
        "name",
        "inline_message_id",
        "parse_mode",
        "action",
        "language_code",
    }
)


class Call(tuple):
    """(method, params) of one request the bot made; `.status` is the HTTP status answered."""

    status: int
    description: str | None
    at: float  # time.monotonic() when answered

    def __new__(cls, method: str, params: dict[str, Any], status: int, description: str | None):
        call = super().__new__(cls, (method, params))
        call.status = status
        call.description = description
        call.at = time.monotonic()
        return call

    @property
    def method(self) -> str:
        return self[0]

    @property
    def params(self) -> dict[str, Any]:
        return self[1]

    @property
    def ok(self) -> bool:
        return self.status == 200


def error_response(status: int, description: str) -> web.Response:
    return web.json_response(ApiError(status, description).payload(), status=status)


def drop_connection(request: web.Request) -> web.StreamResponse:
    """Close the connection without an answer (the client sees a protocol error)."""
    transport = request.transport
    if transport is not None:
        transport.abort()
    return web.Response(status=499)


async def read_params(request: web.Request) -> dict[str, Any]:
    """Query string, form, multipart or JSON body → params as Telegram would read them."""
    params: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                params.update(body)
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    params[key] = Upload(value.filename, value.file.read())
                else:
                    params[key] = value
    for key, value in list(params.items()):
        if isinstance(value, str) and key not in TEXT_KEYS:
            try:
                params[key] = json.loads(value)
            except ValueError:
                pass
    for key, value in list(params.items()):  # attach://name points at a multipart field
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = params.get(value[len("attach://") :], value)
    return params
