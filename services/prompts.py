"""The questions Kenes awaits a staff member's answer to, one per person and chat: asked,
replaced by the next, and taken (once) by the sweep when it expired unanswered. Whether it
was answered in the meantime is the conversation state's business (``bot.desk.prompts``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.moderation import ModeratorPrompt


@dataclass(frozen=True)
class Asked:
    chat_id: int
    user_id: int
    message_id: int
    need_number: str | None
    name: str
    language: str
    expires_at: datetime


async def remember(session: AsyncSession, asked: Asked) -> None:
    """This is now the question awaiting ``asked.user_id``'s answer in the chat."""
    async with session.begin():
        await session.execute(
            delete(ModeratorPrompt).where(
                ModeratorPrompt.chat_id == asked.chat_id,
                ModeratorPrompt.user_id == asked.user_id,
            )
        )
        session.add(ModeratorPrompt(**vars(asked)))


async def due(session: AsyncSession, now: datetime, *, limit: int = 100) -> list[Asked]:
    async with session.begin():
        rows = (
            await session.scalars(
                select(ModeratorPrompt)
                .where(ModeratorPrompt.expires_at <= now)
                .order_by(ModeratorPrompt.expires_at)
                .limit(limit)
            )
        ).all()
        return [
            Asked(
                row.chat_id,
                row.user_id,
                row.message_id,
                row.need_number,
                row.name,
                row.language,
                row.expires_at,
            )
            for row in rows
        ]


async def take(session: AsyncSession, asked: Asked) -> bool:
    """Remove the expired question; ``False`` when it was replaced or taken already."""
    async with session.begin():
        result = await session.execute(
            delete(ModeratorPrompt).where(
                ModeratorPrompt.chat_id == asked.chat_id,
                ModeratorPrompt.user_id == asked.user_id,
                ModeratorPrompt.message_id == asked.message_id,
            )
        )
        return bool(getattr(result, "rowcount", 0))
