"""A resident blocks or unblocks Kenes in Telegram: Telegram sends a ``my_chat_member``
update, and Kenes records it (``residents.bot_blocked_at``) so that broadcasts skip them."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import KICKED, MEMBER, ChatMemberUpdatedFilter
from aiogram.types import ChatMemberUpdated
from sqlalchemy.ext.asyncio import AsyncSession

from services import residents

router = Router(name="membership")
router.my_chat_member.filter(F.chat.type == "private")


@router.my_chat_member(ChatMemberUpdatedFilter(member_status_changed=KICKED))
async def blocked_kenes(event: ChatMemberUpdated, session: AsyncSession) -> None:
    await residents.set_bot_blocked(session, event.from_user.id, blocked=True)


@router.my_chat_member(ChatMemberUpdatedFilter(member_status_changed=MEMBER))
async def unblocked_kenes(event: ChatMemberUpdated, session: AsyncSession) -> None:
    await residents.set_bot_blocked(session, event.from_user.id, blocked=False)
