"""The moderators' group: someone's status there changed (``chat_member``: Kenes hears it
as an administrator of the group), or Kenes' own (``my_chat_member``). ``bot.desk.guard``
decides what follows."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import ChatMemberUpdated

from bot.desk.guard import GroupGuard
from bot.settings import Settings

router = Router(name="group_guard")


@router.chat_member()
async def member_changed(event: ChatMemberUpdated, guard: GroupGuard, settings: Settings) -> None:
    if event.chat.id == settings.moderator_chat_id:
        await guard.member_changed(event)


@router.my_chat_member()
async def kenes_changed(event: ChatMemberUpdated, guard: GroupGuard, settings: Settings) -> None:
    if event.chat.id == settings.moderator_chat_id:  # promoted, demoted: what is missing now
        await guard.check()
