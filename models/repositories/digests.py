"""Queries for the moderators' digest. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.broadcast import Delivery, DeliveryState
from models.hearing import Hearing, HearingStatus
from models.poll import Poll, PollAnswer
from models.rating import Rating


async def rating_means(
    session: AsyncSession, start: datetime, end: datetime
) -> dict[str, tuple[float, int]]:
    """Per service: the mean score and the number of ratings given in ``[start, end)``."""
    query = (
        select(Rating.service, func.avg(Rating.score), func.count(Rating.id))
        .where(Rating.created_at >= start, Rating.created_at < end)
        .group_by(Rating.service)
    )
    return {row[0]: (float(row[1]), int(row[2])) for row in await session.execute(query)}


async def hearings_between(session: AsyncSession, start: datetime, end: datetime) -> list[Hearing]:
    """Published (not cancelled) hearings starting in ``[start, end)``, soonest first."""
    query = (
        select(Hearing)
        .where(
            Hearing.status == HearingStatus.PUBLISHED,
            Hearing.starts_at >= start,
            Hearing.starts_at < end,
        )
        .order_by(Hearing.starts_at, Hearing.id)
    )
    return list((await session.execute(query)).scalars())


async def polls_delivered(session: AsyncSession, poll_ids: Sequence[int]) -> dict[int, int]:
    """Per poll: the residents its invitation reached (deliveries of its broadcast that were
    sent; counted here, as the broadcast's own counters are settled only when it ends)."""
    query = (
        select(Poll.id, func.count(Delivery.id))
        .outerjoin(
            Delivery,
            (Delivery.broadcast_id == Poll.broadcast_id) & (Delivery.state == DeliveryState.SENT),
        )
        .where(Poll.id.in_(poll_ids))
        .group_by(Poll.id)
    )
    return {int(poll_id): int(sent) for poll_id, sent in await session.execute(query)}


async def latest_pulse_quarter(session: AsyncSession, end: datetime) -> str | None:
    """The latest quarter whose pulse was sent, had closed by ``end`` and was answered."""
    answered = select(PollAnswer.id).where(PollAnswer.poll_id == Poll.id).exists()
    query = select(func.max(Poll.pulse_quarter)).where(
        Poll.pulse_quarter.is_not(None),
        Poll.broadcast_id.is_not(None),
        Poll.closes_at <= end,
        answered,
    )
    return await session.scalar(query)
