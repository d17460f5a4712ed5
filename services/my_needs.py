"""What a resident sees of needs: their own list, page by page, and one need with its history."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from models.need import Need, NeedEvent
from models.repositories import needs
from services.statuses import can_reopen

PAGE_SIZE = 5


@dataclass(frozen=True)
class Page:
    needs: list[Need]
    page: int
    pages: int
    total: int


@dataclass(frozen=True)
class Overview:
    need: Need
    photos: int
    supporters: int
    history: list[NeedEvent]
    can_reopen: bool


async def page(session: AsyncSession, resident_id: int, number: int) -> Page:
    """Page ``number`` (from 0, clamped to the pages there are) of the resident's needs."""
    async with session.begin():
        total = await needs.count_of_resident(session, resident_id)
        pages = max(1, math.ceil(total / PAGE_SIZE))
        number = min(max(number, 0), pages - 1)
        found = await needs.of_resident(
            session, resident_id, offset=number * PAGE_SIZE, limit=PAGE_SIZE
        )
    return Page(found, number, pages, total)


async def overview(
    session: AsyncSession, need_id: int, *, resident_id: int | None = None
) -> Overview | None:
    """One need with its history; with ``resident_id``, only if that resident filed it."""
    async with session.begin():
        need = await needs.by_id(session, need_id)
        if need is None or (resident_id is not None and need.resident_id != resident_id):
            return None
        return Overview(
            need,
            len(await needs.photos(session, need_id)),
            await needs.supporters_count(session, need_id),
            await needs.events(session, need_id),
            await can_reopen(session, need),
        )
