"""What the moderators' daily and weekly digests say: new needs by category and district,
needs open and overdue at the end of the period, rating averages and their change from the
period before, the polls that closed in the period with their turnout, the hearings of the
week after it, and the SDG 16.7.2 pulse of the latest quarter (:mod:`services.digest_pulse`).
Figures come from the exporter's aggregates (unfolded: the staff see their own data), one
query for the rating means, one for the polls' reach and one for the hearings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.latin import for_reader, written_in
from models.akimat import CITY
from models.repositories import digests
from services.digest_pulse import DigestPulse, latest_pulse
from services.export.aggregates import Aggregates, collect
from services.export.sql import round2
from services.periods import Period


@dataclass(frozen=True)
class ServiceRating:
    service: str
    mean: float
    count: int
    change: float | None  # from the previous period; None: not rated then


UPCOMING = timedelta(days=7)  # the hearings listed: those of the week after the period


@dataclass(frozen=True)
class UpcomingHearing:
    starts_at: datetime
    title_kk: str
    title_ru: str
    district: str | None  # None: the whole city

    def title(self, language: str) -> str:
        return for_reader(
            self.title_kk if written_in(language) == "kk" else self.title_ru, language
        )


@dataclass(frozen=True)
class ClosedPoll:
    question_kk: str
    question_ru: str
    respondents: int
    delivered: int  # residents the invitation reached

    def question(self, language: str) -> str:
        return for_reader(
            self.question_kk if written_in(language) == "kk" else self.question_ru, language
        )


@dataclass(frozen=True)
class Digest:
    period: Period
    new_total: int
    by_category: list[tuple[str, int]]  # most first
    by_district: list[tuple[str, int]]
    open_at_end: int
    overdue_at_end: int
    ratings: list[ServiceRating]
    polls: list[ClosedPoll]
    hearings: list[UpcomingHearing]
    pulse: DigestPulse | None  # None: no pulse had closed with answers by the period's end
    figures: Aggregates  # for the spreadsheet


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(((code, n) for code, n in counter.items() if n), key=lambda i: (-i[1], i[0]))


async def upcoming_hearings(
    session: AsyncSession, period: Period, tz: ZoneInfo
) -> list[UpcomingHearing]:
    """The hearings of the week after the period (published, not cancelled), soonest first."""
    end = period.bounds(tz)[1]
    async with session.begin():
        found = await digests.hearings_between(session, end, end + UPCOMING)
    return [
        UpcomingHearing(hearing.starts_at, hearing.title_kk, hearing.title_ru, hearing.district)
        for hearing in found
    ]


async def closed_polls(session: AsyncSession, figures: Aggregates) -> list[ClosedPoll]:
    """The polls that closed in the period (the export's rows: the whole city's), in the
    order they closed, with the residents their invitation reached."""
    city = {row["poll_id"]: row for row in figures.polls if row["district"] == CITY}
    async with session.begin():
        delivered = await digests.polls_delivered(session, list(city))
    ordered = sorted(city.values(), key=lambda row: (row["closes_at"], row["poll_id"]))
    return [
        ClosedPoll(
            row["question_kk"], row["question_ru"], row["respondents"], delivered[row["poll_id"]]
        )
        for row in ordered
    ]


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
        await closed_polls(session, figures),
        await upcoming_hearings(session, period, tz),
        await latest_pulse(session, bounds[1]),
        figures,
    )
