"""Members of a group: getChatMember, getChatAdministrators, banChatMember and
unbanChatMember, with Telegram's refusals (``playground.emulator.members``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from playground.emulator.members import group_of, member_api
from playground.emulator.methods.registry import method
from playground.emulator.params import Params

if TYPE_CHECKING:
    from playground.emulator.methods.emulator import Emulator


@method("getChatMember")
async def get_chat_member(api: Emulator, params: Params) -> Any:
    chat = group_of(api.chats, params.chat_id())
    user = api.person(params.integer("user_id", required=True) or 0)
    return member_api(chat, user)


@method("getChatAdministrators")
async def get_chat_administrators(api: Emulator, params: Params) -> Any:
    chat = group_of(api.chats, params.chat_id())
    admins = sorted(u for u, role in chat.roles.items() if role in ("creator", "administrator"))
    return [member_api(chat, api.person(user_id)) for user_id in admins]


@method("banChatMember")
async def ban_chat_member(api: Emulator, params: Params) -> Any:
    chat = group_of(api.chats, params.chat_id())
    api.ban(chat, params.integer("user_id", required=True) or 0)
    return True


@method("unbanChatMember")
async def unban_chat_member(api: Emulator, params: Params) -> Any:
    chat = group_of(api.chats, params.chat_id())
    user_id = params.integer("user_id", required=True) or 0
    api.unban(chat, user_id, only_if_banned=params.flag("only_if_banned"))
    return True
