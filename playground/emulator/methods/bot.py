"""The bot itself and what it looks up: getMe, its command menus, a chat, a file."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from playground.emulator.errors import BadRequest
from playground.emulator.menus import MenuKey, check_scope, language_of, parse_scope
from playground.emulator.methods.registry import method
from playground.emulator.params import Params

if TYPE_CHECKING:
    from playground.emulator.methods.emulator import Emulator

_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


@method("getMe")
async def get_me(api: Emulator, params: Params) -> Any:
    return api.bot.to_api() | {
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


@method("getFile")
async def get_file(api: Emulator, params: Params) -> Any:
    stored = api.files.get(params.text("file_id") or "")
    if stored is None:
        raise BadRequest("Bad Request: invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.file_size,
        "file_path": stored.file_path,
    }


def _menu_key(api: Emulator, params: Params) -> MenuKey:
    scope = parse_scope(params.obj("scope"))
    language = language_of(params.text("language_code"))
    check_scope(scope, api.chats, api.users)
    return scope, language


@method("setMyCommands")
async def set_my_commands(api: Emulator, params: Params) -> Any:
    commands = params.obj("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise BadRequest("Bad Request: commands must be a list of at most 100 commands")
    key = _menu_key(api, params)
    for command in commands:
        if not _COMMAND.match(str(command.get("command", ""))):
            raise BadRequest("Bad Request: BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
            raise BadRequest("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
    api.commands[key] = commands
    return True


@method("getMyCommands")
async def get_my_commands(api: Emulator, params: Params) -> Any:
    return api.commands.get(_menu_key(api, params), [])


@method("deleteMyCommands")
async def delete_my_commands(api: Emulator, params: Params) -> Any:
    api.commands.pop(_menu_key(api, params), None)
    return True


@method("getChat")
async def get_chat(api: Emulator, params: Params) -> Any:
    chat = api.chats.get(params.chat_id())
    if chat is None:
        raise BadRequest("Bad Request: chat not found")
    return chat.to_api() | {"accent_color_id": 0, "max_reaction_count": 11}
