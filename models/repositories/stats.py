"""Aggregates for /stats, computed in SQL (GROUP BY), never in Python loops."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from models.need import Need
from models.rating import Rating


async def needs_by(
    session: AsyncSession,
    column: InstrumentedAttribute[str],
    *,
    since: datetime,
    district: str | None = None,
) -> list[tuple[str, int]]:
    query = select(column, func.count(Need.id)).where(Need.created_at >= since)
    if district is not None:
        query = query.where(Need.district == district)
    query = query.group_by(column).order_by(func.count(Need.id).desc(), column)
    return [(code, count) for code, count in (await session.execute(query)).all()]


async def ratings_by_service(
    session: AsyncSession, *, since: datetime, district: str | None = None
) -> list[tuple[str, float, int]]:
    query = select(Rating.service, func.avg(Rating.score), func.count(Rating.id)).where(
        Rating.created_at >= since
    )
    if district is not None:
        query = query.where(Rating.district == district)
    query = query.group_by(Rating.service).order_by(Rating.service)
    return [
        (service, float(mean), count) for service, mean, count in (await session.execute(query))
    ]
