"""Sending to the staff's chats (``services.staff_audience``), each in its language. A chat
that cannot be reached (a moderator who never started the bot, a group the bot left) is
skipped and logged; the others still get the message."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.utils.i18n import I18n
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.settings import Settings
from services.staff_audience import StaffChat, audience

logger = logging.getLogger(__name__)

Send = Callable[[StaffChat], Awaitable[None]]


async def to_staff(
    *,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    i18n: I18n,
    send: Send,
) -> int:
    """Call ``send`` for each staff chat inside its locale; return how many were reached."""
    async with sessionmaker() as session:
        chats = await audience(session, settings)
    reached = 0
    for chat in chats:
        try:
            with i18n.context(), i18n.use_locale(chat.language):
                await send(chat)
        except (TelegramForbiddenError, TelegramBadRequest) as error:
            logger.warning("staff chat not reached: %s", type(error).__name__)
            continue
        reached += 1
    if not chats:
        logger.warning("no staff chat: set KENES_MODERATOR_CHAT_ID or KENES_ADMIN_IDS")
    return reached
