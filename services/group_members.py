"""Who is in the moderators' group, as Kenes last heard, and what being there allows: staff
(an administrator or an active moderator) may be; anyone else may not."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.moderation import GroupMember, ModerationCard
from models.repositories import residents
from services import staff
from services.staff import Role

PRESENT = ("creator", "administrator", "member", "restricted")


@dataclass(frozen=True)
class Present:
    user_id: int
    name: str
    status: str  # as Telegram says: creator, administrator, member, restricted
    role: Role | None  # in Kenes: administrator, moderator, or neither


async def record(
    session: AsyncSession,
    chat_id: int,
    user_id: int,
    status: str,
    name: str,
    admin_ids: Collection[int],
) -> Role | None:
    """Remember the person's status in the group; return their role in Kenes."""
    async with session.begin():
        row = await session.get(GroupMember, (chat_id, user_id))
        if row is None:
            session.add(
                GroupMember(chat_id=chat_id, user_id=user_id, status=status, name=name[:255])
            )
        else:
            row.status, row.updated_at = status, utcnow()
            row.name = name[:255] or row.name
        return await staff.role_in(session, user_id, admin_ids)


async def status_of(session: AsyncSession, chat_id: int, user_id: int) -> str | None:
    """The person's status in the group as Kenes last heard; ``None``: never heard of."""
    async with session.begin():
        row = await session.get(GroupMember, (chat_id, user_id))
        return row.status if row is not None else None


async def present(
    session: AsyncSession, chat_id: int, admin_ids: Collection[int]
) -> list[Present]:
    async with session.begin():
        rows = (
            await session.scalars(
                select(GroupMember)
                .where(GroupMember.chat_id == chat_id, GroupMember.status.in_(PRESENT))
                .order_by(GroupMember.name, GroupMember.user_id)
            )
        ).all()
        return [
            Present(
                row.user_id,
                row.name,
                row.status,
                await staff.role_in(session, row.user_id, admin_ids),
            )
            for row in rows
        ]


async def admin_languages(
    session: AsyncSession, admin_ids: Collection[int], default: str
) -> dict[int, str]:
    """Each administrator's chosen language (the default for one who never wrote)."""
    async with session.begin():
        chosen = await residents.languages_of(session, list(admin_ids))
    return {admin: chosen.get(admin, default) for admin in admin_ids}


async def withdraw_copies(session: AsyncSession, chat_id: int) -> list[ModerationCard]:
    """Forget the card copies in a private chat (a removed moderator's): they are no longer
    edited; the caller replaces what they show."""
    async with session.begin():
        rows = list(
            (
                await session.scalars(
                    select(ModerationCard).where(ModerationCard.chat_id == chat_id)
                )
            ).all()
        )
        await session.execute(delete(ModerationCard).where(ModerationCard.chat_id == chat_id))
        return rows
