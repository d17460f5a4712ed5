"""Open data back to residents: what was reported and how services were rated lately."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.need import Need
from models.repositories import needs, stats

PERIOD = timedelta(days=30)


@dataclass(frozen=True)
class Figures:
    district: str | None  # None: the whole city
    total: int
    by_category: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    ratings: list[tuple[str, float, int]]  # service, average score, number of ratings


async def figures(session: AsyncSession, district: str | None = None) -> Figures:
    since = utcnow() - PERIOD
    async with session.begin():
        by_category = await stats.needs_by(session, Need.category, since=since, district=district)
        by_status = await stats.needs_by(session, Need.status, since=since, district=district)
        ratings = await stats.ratings_by_service(session, since=since, district=district)
    return Figures(
        district, sum(count for _, count in by_category), by_category, by_status, ratings
    )


async def home_district(session: AsyncSession, resident_id: int) -> str | None:
    """The district of the resident's latest need."""
    async with session.begin():
        return await needs.latest_district(session, resident_id)
