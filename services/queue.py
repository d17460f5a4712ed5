"""The moderators' queue: open needs page by page with filters, and overdue needs.

``overdue_count(session, at)`` is what digests and exports count as overdue: open needs
whose answer deadline (working days, ``services.deadlines``) had passed at ``at``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.need import OPEN_STATUSES, Need
from models.repositories import queue
from models.repositories.queue import QueueFilter
from services import paging

PAGE_SIZE = 8

__all__ = ["PAGE_SIZE", "QueueFilter", "QueuePage", "is_overdue", "overdue_count", "page"]


@dataclass(frozen=True)
class QueuePage:
    needs: list[Need]
    page: int
    pages: int
    total: int
    at: datetime


def is_overdue(need: Need, at: datetime) -> bool:
    return need.status in OPEN_STATUSES and need.deadline_at < at


async def page(
    session: AsyncSession, rules: QueueFilter, number: int, *, at: datetime | None = None
) -> QueuePage:
    """Page ``number`` (from 0, clamped) of the open needs that match ``rules``."""
    at = at or utcnow()
    async with session.begin():
        total = await queue.count(session, rules, at)
        number, pages = paging.clamp(total, PAGE_SIZE, number)
        found = await queue.page(session, rules, at, offset=number * PAGE_SIZE, limit=PAGE_SIZE)
    return QueuePage(found, number, pages, total, at)


async def overdue_count(session: AsyncSession, at: datetime) -> int:
    """Open needs past their answer deadline at ``at`` (opens its own transaction; inside
    one, use ``models.repositories.queue.overdue_count``)."""
    async with session.begin():
        return await queue.overdue_count(session, at)
