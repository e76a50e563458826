"""The bot's own profile and setup: getMe, webhook, command menu, descriptions, menu button.

Registered into METHODS on import (server.py imports this module).
"""

from __future__ import annotations

import re
from typing import Any

from .errors import ApiError
from .methods import flag, method
from .world import World


@method("getMe")
def get_me(w: World, params: dict[str, Any]) -> dict[str, Any]:
    return {
        **w.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@method("close", "logOut")
def close(w: World, params: dict[str, Any]) -> bool:
    return True


@method("deleteWebhook")
def delete_webhook(w: World, params: dict[str, Any]) -> bool:
    w.webhook_url = ""
    if flag(params, "drop_pending_updates"):
        w.updates.clear()
    return True


@method("setWebhook")
def set_webhook(w: World, params: dict[str, Any]) -> bool:
    w.webhook_url = str(params.get("url") or "")
    return True


@method("getWebhookInfo")
def get_webhook_info(w: World, params: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": w.webhook_url,
        "has_custom_certificate": False,
        "pending_update_count": len(w.updates),
    }


_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


def _commands_key(params: dict[str, Any]) -> str:
    scope = params.get("scope") or {"type": "default"}
    return f"{scope}|{params.get('language_code') or ''}"


@method("setMyCommands")
def set_my_commands(w: World, params: dict[str, Any]) -> bool:
    commands = params.get("commands")
    if not isinstance(commands, list):
        raise ApiError(400, "Bad Request: can't parse commands JSON object")
    if len(commands) > 100:
        raise ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.match(str(command.get("command", ""))):
            raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
            raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
    w.commands[_commands_key(params)] = commands
    return True


@method("getMyCommands")
def get_my_commands(w: World, params: dict[str, Any]) -> list[dict[str, Any]]:
    return w.commands.get(_commands_key(params), [])


@method("deleteMyCommands")
def delete_my_commands(w: World, params: dict[str, Any]) -> bool:
    w.commands.pop(_commands_key(params), None)
    return True


@method("setChatMenuButton")
def set_chat_menu_button(w: World, params: dict[str, Any]) -> bool:
    w.menu_button = params.get("menu_button") or {"type": "default"}
    return True


@method("getChatMenuButton")
def get_chat_menu_button(w: World, params: dict[str, Any]) -> dict[str, Any]:
    return w.menu_button


@method("setMyDescription", "setMyShortDescription", "setMyName")
def set_my_description(w: World, params: dict[str, Any]) -> bool:
    for key in ("description", "short_description", "name"):
        if key in params:
            w.descriptions[key] = str(params[key] or "")
    return True


@method("getMyDescription")
def get_my_description(w: World, params: dict[str, Any]) -> dict[str, str]:
    return {"description": w.descriptions.get("description", "")}


@method("getMyShortDescription")
def get_my_short_description(w: World, params: dict[str, Any]) -> dict[str, str]:
    return {"short_description": w.descriptions.get("short_description", "")}


@method("getMyName")
def get_my_name(w: World, params: dict[str, Any]) -> dict[str, str]:
    return {"name": w.descriptions.get("name", "")}
