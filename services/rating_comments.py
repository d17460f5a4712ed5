"""Rating comments as moderators review them: newest first, hidden ones included (marked)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.rating import Rating
from services import paging

PAGE_SIZE = 5


@dataclass(frozen=True)
class CommentsPage:
    ratings: list[Rating]
    page: int
    pages: int
    total: int


async def page(session: AsyncSession, number: int) -> CommentsPage:
    with_comment = Rating.comment.is_not(None)
    async with session.begin():
        total = int(
            (await session.execute(select(func.count(Rating.id)).where(with_comment))).scalar_one()
        )
        number, pages = paging.clamp(total, PAGE_SIZE, number)
        found = await session.execute(
            select(Rating)
            .where(with_comment)
            .order_by(Rating.created_at.desc(), Rating.id.desc())
            .offset(number * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
        return CommentsPage(list(found.scalars()), number, pages, total)
