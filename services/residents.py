"""What happens when a resident picks a language or gives consent (erasure:
``services.erasure``)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.repositories import residents
from models.resident import Resident
from services import erasure


async def choose_language(session: AsyncSession, telegram_id: int, language: str) -> Resident:
    """Store the language, creating the resident on first contact (nothing else is kept)."""
    async with session.begin():
        resident = await residents.by_telegram_id(session, telegram_id)
        if resident is None:
            resident = await residents.add(session, telegram_id, language)
            await erasure.returned(session, resident)  # a block outlives erasure
            return resident
        resident.language = language
        resident.bot_blocked_at = None
        return resident


async def give_consent(session: AsyncSession, telegram_id: int) -> Resident | None:
    async with session.begin():
        resident = await residents.by_telegram_id(session, telegram_id)
        if resident is not None and resident.consent_at is None:
            resident.consent_at = utcnow()
        return resident


async def set_bot_blocked(session: AsyncSession, telegram_id: int, *, blocked: bool) -> bool:
    """Record that the resident blocked Kenes in Telegram (403, or a ``my_chat_member``
    update), or unblocked it. ``False`` when Kenes keeps nothing about this person."""
    async with session.begin():
        resident = await residents.by_telegram_id(session, telegram_id)
        if resident is None:
            return False
        if blocked and resident.bot_blocked_at is None:
            resident.bot_blocked_at = utcnow()
        elif not blocked:
            resident.bot_blocked_at = None
        return True
