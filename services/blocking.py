"""Moderators block a resident (with a reason) and unblock them. A blocked resident keeps
following their needs but cannot file new ones (``handlers.gates``), and nothing of theirs
is posted to the moderators' queue."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.need import Need
from models.resident import Resident
from services import audit, erasure, notices, paging
from services.moderation import Staffer, check_role

PAGE_SIZE = 5
REASON_LENGTH = (3, 500)


@dataclass(frozen=True)
class Blocking:
    resident_id: int
    telegram_id: int
    language: str
    changed: bool  # False: it was so already


@dataclass(frozen=True)
class ErasedBlocked:
    """The author had erased their data: they stay blocked if they come back."""

    changed: bool


@dataclass(frozen=True)
class BlockedPage:
    residents: list[tuple[Resident, str | None]]  # with the number of their latest need
    page: int
    pages: int
    total: int


async def _record(
    session: AsyncSession, who: Staffer, action: str, resident: Resident, **after: object
) -> None:
    await audit.record(
        session,
        actor_id=who.actor.telegram_id,
        actor_role=who.actor.role,
        action=action,
        object_type="resident",
        object_id=resident.id,
        before={"blocked": resident.is_blocked},
        after={"blocked": action == "resident.block", "by": who.name, **after},
        text_sent=str(after.get("reason")) if after.get("reason") else None,
    )


async def block_author(
    session: AsyncSession,
    who: Staffer,
    need_id: int,
    reason: str,
    *,
    admin_ids: Collection[int],
) -> Blocking | ErasedBlocked | None:
    """Block the author of a need; ``None`` when the need has no author any more. An author
    who erased their data is blocked in the memory of their account (``services.erasure``),
    and, if they came back since, in their new row."""
    async with session.begin():
        await check_role(session, who, admin_ids)
        need = await session.get(Need, need_id)
        if need is None:
            return None
        resident = await session.get(Resident, need.resident_id) if need.resident_id else None
        if resident is None:
            erased = await erasure.erased_author(session, need.id)
            if erased is None:
                return None
            if erased.back is None:
                await audit.record(
                    session,
                    actor_id=who.actor.telegram_id,
                    actor_role=who.actor.role,
                    action="resident.block",
                    object_type="need",
                    object_id=need.id,
                    before={"blocked": erased.was_blocked},
                    after={"blocked": True, "by": who.name, "erased": True},
                    text_sent=None,  # nobody to tell
                )
                return ErasedBlocked(changed=not erased.was_blocked)
            resident = erased.back
        if resident.is_blocked:
            return Blocking(resident.id, resident.telegram_id, resident.language, False)
        linked = {"need": need.number} if need.resident_id else {}  # not an erased one's
        await _record(session, who, "resident.block", resident, reason=reason, **linked)
        resident.blocked_at, resident.blocked_reason = utcnow(), reason
        await notices.queue_blocking(session, resident.id, blocked=True, reason=reason)
        return Blocking(resident.id, resident.telegram_id, resident.language, True)


async def unblock(
    session: AsyncSession, who: Staffer, resident_id: int, *, admin_ids: Collection[int]
) -> Blocking | None:
    async with session.begin():
        await check_role(session, who, admin_ids)
        resident = await session.get(Resident, resident_id)
        if resident is None:
            return None
        if not resident.is_blocked:
            return Blocking(resident.id, resident.telegram_id, resident.language, False)
        await _record(session, who, "resident.unblock", resident)
        resident.blocked_at, resident.blocked_reason = None, None
        await notices.queue_blocking(session, resident.id, blocked=False, reason=None)
        return Blocking(resident.id, resident.telegram_id, resident.language, True)


async def blocked_page(session: AsyncSession, number: int) -> BlockedPage:
    latest = (
        select(Need.number)
        .where(Need.resident_id == Resident.id)
        .order_by(Need.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    async with session.begin():
        total = int(
            (
                await session.execute(
                    select(func.count(Resident.id)).where(Resident.blocked_at.is_not(None))
                )
            ).scalar_one()
        )
        number, pages = paging.clamp(total, PAGE_SIZE, number)
        rows = await session.execute(
            select(Resident, latest)
            .where(Resident.blocked_at.is_not(None))
            .order_by(Resident.blocked_at.desc(), Resident.id)
            .offset(number * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
        found = [(resident, need) for resident, need in rows.all()]
    return BlockedPage(found, number, pages, total)
