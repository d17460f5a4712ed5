"""The cards Kenes posted about needs, and the claim that posts each need once per round.
A claim is a lease: claimed (``queued_at``) but not posted (``posted_at``) within ``lease``
seconds, the need is claimed again (the process that claimed it died). Needs of a blocked
author wait, unclaimed, until the author is unblocked. Never commits."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from models.moderation import ModerationCard
from models.need import OPEN_STATUSES, Need, NeedEvent, NeedStatus
from models.resident import Resident


def _postable(at: datetime, lease: float) -> ColumnElement[bool]:
    """Open, its author not blocked, and not claimed in this round (never, or before it was
    last reopened), or claimed more than ``lease`` seconds ago and never posted."""
    reopened = (
        select(func.max(NeedEvent.at))
        .where(NeedEvent.need_id == Need.id, NeedEvent.to_status == NeedStatus.REOPENED)
        .scalar_subquery()
    )
    author_blocked = exists().where(
        Resident.id == Need.resident_id, Resident.blocked_at.is_not(None)
    )
    lost = and_(
        or_(Need.posted_at.is_(None), Need.posted_at < Need.queued_at),
        Need.queued_at < at - timedelta(seconds=lease),
    )
    return and_(
        Need.status.in_(OPEN_STATUSES),
        ~author_blocked,
        or_(Need.queued_at.is_(None), Need.queued_at < reopened, lost),
    )


async def claim(session: AsyncSession, need_id: int, at: datetime, lease: float) -> bool:
    """Mark the need as being posted now; ``False`` when it is not to be posted (posted
    already in this round, or being posted by this update or another)."""
    result = await session.execute(
        update(Need)
        .where(Need.id == need_id, _postable(at, lease))
        .values(queued_at=at)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def posted(session: AsyncSession, need_id: int, at: datetime, now: datetime) -> None:
    """The claim taken ``at`` is done: the card is out."""
    await session.execute(
        update(Need)
        .where(Need.id == need_id, Need.queued_at == at)
        .values(posted_at=now)
        .execution_options(synchronize_session=False)
    )


async def unclaim(session: AsyncSession, need_id: int, at: datetime) -> None:
    await session.execute(
        update(Need)
        .where(Need.id == need_id, Need.queued_at == at)
        .values(queued_at=None)
        .execution_options(synchronize_session=False)
    )


async def postable(session: AsyncSession, *, at: datetime, lease: float, limit: int) -> list[int]:
    query = select(Need.id).where(_postable(at, lease)).order_by(Need.id).limit(limit)
    return list((await session.execute(query)).scalars())


async def add(
    session: AsyncSession, need_id: int, chat_id: int, message_id: int, language: str
) -> None:
    session.add(
        ModerationCard(need_id=need_id, chat_id=chat_id, message_id=message_id, language=language)
    )
    await session.flush()


async def of_need(session: AsyncSession, need_id: int) -> list[ModerationCard]:
    query = select(ModerationCard).where(ModerationCard.need_id == need_id)
    return list((await session.execute(query.order_by(ModerationCard.id))).scalars())


async def newly_overdue(session: AsyncSession, at: datetime, *, limit: int) -> list[int]:
    """Needs that became overdue and still have a card that does not say so."""
    query = (
        select(Need.id)
        .join(ModerationCard, ModerationCard.need_id == Need.id)
        .where(
            Need.status.in_(OPEN_STATUSES),
            Need.deadline_at < at,
            ModerationCard.shows_overdue.is_(False),
        )
        .group_by(Need.id)
        .order_by(Need.id)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def mark_overdue_shown(session: AsyncSession, need_id: int, shown: bool) -> None:
    await session.execute(
        update(ModerationCard).where(ModerationCard.need_id == need_id).values(shows_overdue=shown)
    )
