from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import sqlite_direct
from models.base import utcnow
from models.resident import Resident
from models.staff import StaffMember


async def by_telegram_id(session: AsyncSession, telegram_id: int) -> StaffMember | None:
    result = await session.execute(
        select(StaffMember).where(StaffMember.telegram_id == telegram_id)
    )
    return result.scalar_one_or_none()


async def is_active_moderator(session: AsyncSession, telegram_id: int) -> bool:
    result = await session.execute(
        select(StaffMember.id).where(
            StaffMember.telegram_id == telegram_id, StaffMember.active.is_(True)
        )
    )
    return result.first() is not None


async def active(session: AsyncSession) -> list[StaffMember]:
    result = await session.execute(
        select(StaffMember).where(StaffMember.active.is_(True)).order_by(StaffMember.created_at)
    )
    return list(result.scalars())


async def active_with_languages(session: AsyncSession) -> list[tuple[int, str | None]]:
    """Every active staff member's Telegram id, in the order they were added, with the
    language they chose in Kenes (``None``: they never talked to it as a resident). On SQLite
    read without a transaction (``bot.sqlite_direct.alone``): it runs for every need filed."""
    rows = await sqlite_direct.alone(session, _ACTIVE_WITH_LANGUAGES)
    return [(telegram_id, language) for telegram_id, language in rows]


_ACTIVE_WITH_LANGUAGES = (  # built once: it runs for every need filed
    select(StaffMember.telegram_id, Resident.language)
    .outerjoin(Resident, Resident.telegram_id == StaffMember.telegram_id)
    .where(StaffMember.active.is_(True))
    .order_by(StaffMember.created_at)
)


async def deactivate(session: AsyncSession, telegram_id: int) -> bool:
    """Remove a moderator; ``False`` when they were not active (a second, concurrent press)."""
    result = await session.execute(
        update(StaffMember)
        .where(StaffMember.telegram_id == telegram_id, StaffMember.active.is_(True))
        .values(active=False, removed_at=utcnow())
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def reactivate(
    session: AsyncSession, telegram_id: int, added_by: int, name: str | None
) -> bool:
    values: dict[str, object] = {
        "active": True,
        "removed_at": None,
        "added_by": added_by,
        "created_at": utcnow(),
    }
    if name is not None:
        values["name"] = name
    result = await session.execute(
        update(StaffMember)
        .where(StaffMember.telegram_id == telegram_id, StaffMember.active.is_(False))
        .values(**values)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
