"""The audit history of one need, page by page, for ``/audit N``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from models.audit import AuditEntry
from models.need import Need
from services import audit, paging

PAGE_SIZE = 5  # five entries of the longest kind fit one message


@dataclass(frozen=True)
class AuditPage:
    need: Need
    entries: list[AuditEntry]
    page: int
    pages: int
    total: int


async def page(session: AsyncSession, need_id: int, number: int) -> AuditPage | None:
    async with session.begin():
        need = await session.get(Need, need_id)
        if need is None:
            return None
        total = await audit.count_of(session, "need", need_id)
        number, pages = paging.clamp(total, PAGE_SIZE, number)
        entries = await audit.entries_of(
            session, "need", need_id, offset=number * PAGE_SIZE, limit=PAGE_SIZE
        )
    return AuditPage(need, entries, number, pages, total)
