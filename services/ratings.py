"""What happens when a resident rates a city service in a district."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.repositories import ratings, residents
from services import erasure

RATING_PERIOD = timedelta(days=30)
MAX_COMMENT = 1000


@dataclass(frozen=True)
class Rated:
    average: float
    count: int
    replaced: datetime | None  # when the rating this one replaces was given


async def rate(
    session: AsyncSession,
    resident_id: int,
    service: str,
    district: str,
    score: int,
    comment: str | None = None,
) -> Rated:
    """One rating per resident, service and district per 30 days: a newer one replaces the
    older (the resident is told when)."""
    if not 1 <= score <= 5:
        raise ValueError("a score is from 1 to 5")
    if comment is not None and len(comment) > MAX_COMMENT:
        raise ValueError("the comment is too long")
    async with session.begin():
        await residents.lock(session, resident_id)
        now = utcnow()
        earlier = await ratings.latest(
            session, resident_id, service, district, since=now - RATING_PERIOD
        )
        if earlier is None:  # given before this account erased its data: replaced the same
            earlier = await erasure.rating_before_erasure(
                session, resident_id, service, district, since=now - RATING_PERIOD
            )
            if earlier is not None:
                earlier.resident_id = resident_id
        replaced = earlier.created_at if earlier else None
        if earlier is None:
            await ratings.add(
                session,
                resident_id=resident_id,
                service=service,
                district=district,
                score=score,
                comment=comment,
                created_at=now,
            )
        else:
            earlier.score, earlier.comment, earlier.created_at = score, comment, now
            earlier.hidden = False
            await session.flush()
        average, count = await ratings.average(session, service, district)
    return Rated(average, count, replaced)
