"""The SDG 16.7.2 pulse in the moderators' digest: the city's indicator of the latest quarter
whose pulse had closed by the end of the period (final figures, not an open pulse's running
count), beside the quarter before it (``docs/sdg-16-7-2.md``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from models.poll import PulseItem
from models.repositories import digests
from services import pulse_results
from services.pulse import ITEMS, previous_quarter
from services.pulse_results import Indicator


@dataclass(frozen=True)
class PulseFigure:
    item: PulseItem
    now: Indicator  # the city's
    before: Indicator | None  # the previous quarter's; None: no pulse then

    @property
    def change(self) -> float | None:
        """In percentage points, to one decimal; ``None`` with nothing to compare."""
        if self.before is None or self.now.share is None or self.before.share is None:
            return None
        return round((self.now.share - self.before.share) * 100, 1)


@dataclass(frozen=True)
class DigestPulse:
    quarter: str  # "2025Q4"
    previous: str  # the quarter compared with, whether it had a pulse or not
    figures: tuple[PulseFigure, ...]  # in the order of ``services.pulse.ITEMS``


async def latest_pulse(session: AsyncSession, end: datetime) -> DigestPulse | None:
    """The pulse as of ``end``; ``None`` when no pulse had closed with answers by then."""
    async with session.begin():
        quarter = await digests.latest_pulse_quarter(session, end)
    if quarter is None:
        return None
    previous = previous_quarter(quarter)
    found = await pulse_results.reports(session, min_cell=0, quarters=[quarter, previous])
    by_quarter = {report.quarter: report for report in found}
    if quarter not in by_quarter:  # one of its two questions is missing
        return None
    current, before = by_quarter[quarter], by_quarter.get(previous)
    figures = tuple(
        PulseFigure(
            item,
            current.items[item].city,
            before.items[item].city if before is not None else None,
        )
        for item in ITEMS
    )
    return DigestPulse(quarter, previous, figures)
