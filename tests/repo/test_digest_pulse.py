"""Which pulse a digest shows, on SQLite and PostgreSQL: the latest quarter whose pulse had
closed with answers by the end of the period, beside the quarter before it; the pulses are
those of ``tests/e2e/digest_pulse.py`` (2025Q3, 2025Q4, 2026Q1, each open 15-29 of the
quarter's first month), the figures worked out by hand."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.digest_pulse import latest_pulse
from tests.e2e import digest_pulse as pulse
from tests.export_kit import local

Figures = tuple[str, str, list[tuple[int, int, tuple[int, int] | None, float | None]]]


async def shown(sessionmaker: async_sessionmaker[AsyncSession], end: datetime) -> Figures | None:
    """(quarter, previous, [(respondents, positive, (before's), change) per question])."""
    async with sessionmaker() as session:
        found = await latest_pulse(session, end)
    if found is None:
        return None
    return (
        found.quarter,
        found.previous,
        [
            (
                f.now.respondents,
                f.now.positive,
                (f.before.respondents, f.before.positive) if f.before else None,
                f.change,
            )
            for f in found.figures
        ],
    )


async def test_the_latest_closed_quarter_and_the_one_before(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    assert await shown(sessionmaker, local(2025, 11, 27)) is None  # no pulse at all
    await pulse.seed(sessionmaker, list(pulse.PULSES))

    # Say / influence answers: 2025Q3 2,0,1,3 / 4; 2025Q4 2,3,0,4,1,2 / 0,2,1; 2026Q1 0 / 0.
    assert await shown(sessionmaker, local(2025, 7, 29, 9)) is None  # closes at 10:00
    assert await shown(sessionmaker, local(2025, 7, 29, 10)) == (
        "2025Q3", "2025Q2", [(4, 2, None, None), (1, 1, None, None)]
    )  # fmt: skip
    # 4/6 - 2/4 = +16.7 p.p.; 1/3 - 1/1 = -66.7 p.p.
    assert await shown(sessionmaker, local(2025, 11, 27)) == (
        "2025Q4", "2025Q3", [(6, 4, (4, 2), 16.7), (3, 1, (1, 1), -66.7)]
    )  # fmt: skip
    # 0/1 - 4/6 = -66.7 p.p.; 0/1 - 1/3 = -33.3 p.p.
    assert await shown(sessionmaker, local(2026, 2, 1)) == (
        "2026Q1", "2025Q4", [(1, 0, (6, 4), -66.7), (1, 0, (3, 1), -33.3)]
    )  # fmt: skip
