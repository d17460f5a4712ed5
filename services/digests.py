"""What the moderators' daily and weekly digests say: new needs by category and district,
needs open and overdue at the end of the period, rating averages and their change from the
period before, upcoming hearings. Figures come from the exporter's aggregates (unfolded: the
staff see their own data) and one query for the rating means."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from models.repositories import digests
from services.export.aggregates import Aggregates, collect
from services.export.sql import round2
from services.periods import Period


@dataclass(frozen=True)
class ServiceRating:
    service: str
    mean: float
    count: int
    change: float | None  # from the previous period; None: not rated then


@dataclass(frozen=True)
class UpcomingHearing:
    day: date
    title: str


@dataclass(frozen=True)
class Digest:
    period: Period
    new_total: int
    by_category: list[tuple[str, int]]  # most first
    by_district: list[tuple[str, int]]
    open_at_end: int
    overdue_at_end: int
    ratings: list[ServiceRating]
    hearings: list[UpcomingHearing]
    figures: Aggregates  # for the spreadsheet


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(((code, n) for code, n in counter.items() if n), key=lambda i: (-i[1], i[0]))


async def upcoming_hearings(session: AsyncSession, period: Period) -> list[UpcomingHearing]:
    """HOOK for the hearings feature (being built separately): the hearings of the coming
    week. There are no hearings in Kenes yet, so there is nothing to list (and the digest
    leaves the section out rather than invent one)."""
    return []


async def build(session: AsyncSession, period: Period, tz: ZoneInfo) -> Digest:
    bounds = period.bounds(tz)
    figures = await collect(session, period, bounds, min_cell=0)
    previous = period.previous().bounds(tz)
    async with session.begin():
        now = await digests.rating_means(session, *bounds)
        before = await digests.rating_means(session, *previous)
    by_category: Counter[str] = Counter()
    by_district: Counter[str] = Counter()
    for row in figures.needs:
        by_category[row["category"]] += row["submitted"]
        by_district[row["district"]] += row["submitted"]
    ratings = [
        ServiceRating(
            service,
            round2(mean),
            count,
            round2(mean - before[service][0]) if service in before else None,
        )
        for service, (mean, count) in sorted(now.items())
    ]
    return Digest(
        period,
        sum(by_category.values()),
        _ranked(by_category),
        _ranked(by_district),
        sum(row["open_at_end"] for row in figures.needs),
        sum(row["overdue_at_end"] for row in figures.needs),
        ratings,
        await upcoming_hearings(session, period),
        figures,
    )
