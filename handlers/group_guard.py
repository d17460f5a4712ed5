"""The moderators' group: someone's status there changed (``chat_member``: Kenes hears it
as an administrator of the group), or Kenes' own (``my_chat_member``); or someone Kenes
has not heard of yet says something or presses a button there. ``bot.desk.guard`` decides
what follows."""

from __future__ import annotations

from aiogram import Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message
from aiogram.utils.callback_answer import CallbackAnswer

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


@router.message()
async def said_in_group(message: Message, guard: GroupGuard, settings: Settings) -> None:
    """Anything said in the moderators' group by a person (not a join or leave notice: the
    ``chat_member`` update tells those) meets the guard first; then the message goes on
    to whatever handles it."""
    if (
        message.chat.id == settings.moderator_chat_id
        and message.from_user is not None
        and message.sender_chat is None
        and not message.new_chat_members
        and message.left_chat_member is None
    ):
        await guard.spoke(message.from_user)
    raise SkipHandler


@router.callback_query()
async def pressed_in_group(
    query: CallbackQuery, guard: GroupGuard, settings: Settings, callback_answer: CallbackAnswer
) -> None:
    """A button pressed in the moderators' group (a card's, say) meets the guard too. The
    press is answered by the handler it goes on to, not here."""
    callback_answer.disabled = True
    message = query.message
    if message is not None and message.chat.id == settings.moderator_chat_id:
        await guard.spoke(query.from_user)
    raise SkipHandler
