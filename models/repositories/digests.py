"""Queries for the moderators' digest. Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

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
