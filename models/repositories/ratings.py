from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.rating import Rating


async def latest(
    session: AsyncSession, resident_id: int, service: str, district: str, *, since: datetime
) -> Rating | None:
    query = (
        select(Rating)
        .where(
            Rating.resident_id == resident_id,
            Rating.service == service,
            Rating.district == district,
            Rating.created_at >= since,
        )
        .order_by(Rating.id.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def add(session: AsyncSession, **fields: object) -> Rating:
    rating = Rating(**fields)
    session.add(rating)
    await session.flush()
    return rating


async def average(session: AsyncSession, service: str, district: str) -> tuple[float, int]:
    query = select(func.avg(Rating.score), func.count(Rating.id)).where(
        Rating.service == service, Rating.district == district
    )
    mean, count = (await session.execute(query)).one()
    return float(mean or 0), int(count)
