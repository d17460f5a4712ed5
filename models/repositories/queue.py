"""The moderators' queue: open needs, filtered, most urgent first. Never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.need import OPEN_STATUSES, Need

Row = TypeVar("Row", bound=Any)


@dataclass(frozen=True)
class QueueFilter:
    status: str | None = None  # one of the open statuses; None: all of them
    category: str | None = None
    district: str | None = None
    overdue: bool = False


def _where(query: Select[Row], rules: QueueFilter, at: datetime) -> Select[Row]:
    query = query.where(Need.status.in_([rules.status] if rules.status else OPEN_STATUSES))
    if rules.category:
        query = query.where(Need.category == rules.category)
    if rules.district:
        query = query.where(Need.district == rules.district)
    if rules.overdue:
        query = query.where(Need.deadline_at < at)
    return query


async def count(session: AsyncSession, rules: QueueFilter, at: datetime) -> int:
    query = _where(select(func.count(Need.id)), rules, at)
    return int((await session.execute(query)).scalar_one())


async def page(
    session: AsyncSession, rules: QueueFilter, at: datetime, *, offset: int, limit: int
) -> list[Need]:
    query = _where(select(Need), rules, at).order_by(Need.deadline_at, Need.id)
    return list((await session.execute(query.offset(offset).limit(limit))).scalars())


async def overdue_count(session: AsyncSession, at: datetime) -> int:
    """Open needs whose answer deadline had passed at ``at``."""
    return await count(session, QueueFilter(overdue=True), at)
