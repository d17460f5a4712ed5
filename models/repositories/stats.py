"""Aggregates for /stats, computed in SQL (GROUP BY), never in Python loops: each figure with
the distinct residents behind it (the small-cell rule needs them; needs of erased residents
stand for nobody)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from models.need import Need
from models.rating import Rating

# A cell: (district or None for the whole city, a code or None for all of them)
Key = tuple[str | None, str | None]


@dataclass(frozen=True)
class Cell:
    count: int
    residents: int
    score_sum: int = 0  # ratings: the sum of their scores


async def _cells(
    session: AsyncSession, model: Any, since: datetime, *columns: InstrumentedAttribute[str]
) -> dict[tuple[str, ...], Cell]:
    query = select(
        *columns,
        func.count(model.id),
        func.count(distinct(model.resident_id)),
        func.sum(model.score) if model is Rating else func.count(model.id),
    ).where(model.created_at >= since)
    if columns:
        query = query.group_by(*columns)
    result = {}
    for row in await session.execute(query):
        *codes, count, residents, score_sum = row
        if count:
            result[tuple(codes)] = Cell(int(count), int(residents), int(score_sum or 0))
    return result


async def need_cells(
    session: AsyncSession, column: InstrumentedAttribute[str], *, since: datetime
) -> dict[Key, Cell]:
    """Needs filed since ``since`` per district × ``column``, per ``column`` city-wide, per
    district and in all."""
    cells: dict[Key, Cell] = {}
    pairs = await _cells(session, Need, since, Need.district, column)
    for (district, code), cell in pairs.items():
        cells[district, code] = cell
    for (code,), cell in (await _cells(session, Need, since, column)).items():
        cells[None, code] = cell
    for (district,), cell in (await _cells(session, Need, since, Need.district)).items():
        cells[district, None] = cell
    for _, cell in (await _cells(session, Need, since)).items():
        cells[None, None] = cell
    return cells


async def rating_cells(session: AsyncSession, *, since: datetime) -> dict[Key, Cell]:
    """Ratings given since ``since`` per district × service and per service city-wide."""
    cells: dict[Key, Cell] = {}
    pairs = await _cells(session, Rating, since, Rating.district, Rating.service)
    for (district, service), cell in pairs.items():
        cells[district, service] = cell
    for (service,), cell in (await _cells(session, Rating, since, Rating.service)).items():
        cells[None, service] = cell
    return cells
