from __future__ import annotations

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import sqlite_direct
from models.hearing import HearingQuestion
from models.need import Need
from models.resident import Resident


async def by_telegram_id(session: AsyncSession, telegram_id: int) -> Resident | None:
    result = await session.execute(_BY_TELEGRAM_ID, {"telegram_id": telegram_id})
    return result.scalar_one_or_none()


# Built once, values bound when it runs: it reads the sender of nearly every update.
_BY_TELEGRAM_ID = select(Resident).where(Resident.telegram_id == bindparam("telegram_id"))


async def add(session: AsyncSession, telegram_id: int, language: str) -> Resident:
    resident = Resident(telegram_id=telegram_id, language=language)
    session.add(resident)
    await session.flush()
    return resident


async def remove(session: AsyncSession, resident_id: int) -> None:
    await session.execute(delete(Resident).where(Resident.id == resident_id))


async def forget_voices(session: AsyncSession, resident_id: int) -> None:
    """Drop Telegram's references to the resident's voice messages (needs, hearing questions):
    the audio can no longer be fetched through Kenes. Their length stays (no one's data)."""
    for model in (Need, HearingQuestion):
        await session.execute(
            update(model)
            .where(model.resident_id == resident_id)
            .values(voice_file_id=None, voice_file_unique_id=None)
        )


async def lock(session: AsyncSession, resident_id: int) -> None:
    """Serialise one resident's writes: a row lock on PostgreSQL. Nothing to send on SQLite,
    which has one writer at a time anyway (``BEGIN IMMEDIATE``, ``bot.database``) and has no
    ``FOR UPDATE``: the statement only read the row."""
    if session.get_bind().dialect.name == "sqlite":
        return
    await session.execute(_LOCK, {"resident_id": resident_id})


def lock_in(db: sqlite_direct.Statements, resident_id: int) -> None:
    """:func:`lock` in a ``bot.sqlite_direct.transaction``."""
    if db.dialect != "sqlite":
        db.rows(_LOCK, {"resident_id": resident_id})


_LOCK = select(Resident.id).where(Resident.id == bindparam("resident_id")).with_for_update()


async def languages_of(session: AsyncSession, telegram_ids: list[int]) -> dict[int, str]:
    """The chosen language of each of ``telegram_ids`` who has talked to Kenes."""
    query = select(Resident.telegram_id, Resident.language).where(
        Resident.telegram_id.in_(telegram_ids)
    )
    return {row.telegram_id: row.language for row in await session.execute(query)}
