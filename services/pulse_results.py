"""The SDG 16.7.2 indicator from the pulse's answers, per quarter, for the city and per
district (the small-cell rule of :mod:`services.poll_results`): for each of the two
questions, the share of respondents who answered "Some", "A lot" or "A great deal" among
all who answered it (``docs/sdg-16-7-2.md`` says why these three)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.poll import Poll, PulseItem
from models.repositories import poll_results as repo
from services.poll_results import Group, tally
from services.pulse import ITEMS, POSITIVE, SCALE_SIZE, previous_quarter


@dataclass(frozen=True)
class Indicator:
    district: str  # a district code, or CITY, OTHER, UNKNOWN (services.poll_results)
    respondents: int
    counts: tuple[int, ...]  # per answer, "Not at all" first

    @property
    def positive(self) -> int:
        return sum(self.counts[position] for position in POSITIVE)

    @property
    def share(self) -> float | None:
        return self.positive / self.respondents if self.respondents else None


@dataclass(frozen=True)
class ItemReport:
    city: Indicator
    districts: tuple[Indicator, ...]
    hidden: bool


@dataclass(frozen=True)
class QuarterReport:
    quarter: str
    items: dict[PulseItem, ItemReport]


def _indicator(group: Group) -> Indicator:
    return Indicator(group.district, group.respondents, group.votes)


async def _quarters(session: AsyncSession, quarters: list[str] | None) -> dict[str, list[Poll]]:
    query = select(Poll).where(Poll.pulse_quarter.is_not(None), Poll.broadcast_id.is_not(None))
    if quarters is not None:
        query = query.where(Poll.pulse_quarter.in_(quarters))
    grouped: dict[str, list[Poll]] = {}
    for poll in (await session.execute(query.order_by(Poll.pulse_quarter))).scalars():
        grouped.setdefault(poll.pulse_quarter or "", []).append(poll)
    return grouped


async def reports(
    session: AsyncSession, *, min_cell: int, quarters: list[str] | None = None
) -> list[QuarterReport]:
    """The indicator of every quarter with an opened pulse (or of ``quarters``), oldest
    first."""
    async with session.begin():
        grouped = await _quarters(session, quarters)
        ids = [poll.id for polls in grouped.values() for poll in polls]
        respondents = await repo.respondents(session, ids)
        votes = await repo.votes(session, ids)
    result = []
    for quarter, quarter_polls in grouped.items():
        items = {}
        for poll in quarter_polls:
            tallied = tally(poll.id, SCALE_SIZE, respondents, votes, min_cell)
            items[PulseItem(poll.pulse_item or "")] = ItemReport(
                _indicator(tallied.total),
                tuple(_indicator(group) for group in tallied.districts),
                tallied.hidden,
            )
        if all(item in items for item in ITEMS):
            result.append(QuarterReport(quarter, items))
    return result


async def latest(
    session: AsyncSession, *, min_cell: int
) -> tuple[QuarterReport, QuarterReport | None] | None:
    """The latest quarter's indicator and the one before it (``None`` if it had no pulse)."""
    every = await reports(session, min_cell=min_cell)
    if not every:
        return None
    current = every[-1]
    before = [report for report in every if report.quarter == previous_quarter(current.quarter)]
    return current, (before[0] if before else None)


@dataclass(frozen=True)
class PulseAggregate:
    """One row of the export: a quarter's question in the city or a district."""

    quarter: str  # "2026Q4"
    item: str  # "say" (inclusive) or "influence" (responsive)
    district: str
    respondents: int
    counts: tuple[int, ...]  # Not at all, Very little, Some, A lot, A great deal
    positive: int  # Some + A lot + A great deal
    share: float | None  # positive / respondents: the indicator


async def pulse_aggregates(session: AsyncSession, *, min_cell: int) -> list[PulseAggregate]:
    rows: list[PulseAggregate] = []
    for report in await reports(session, min_cell=min_cell):
        for item, item_report in report.items.items():
            rows.extend(
                PulseAggregate(
                    report.quarter,
                    item.value,
                    indicator.district,
                    indicator.respondents,
                    indicator.counts,
                    indicator.positive,
                    indicator.share,
                )
                for indicator in (item_report.city, *item_report.districts)
            )
    return rows
