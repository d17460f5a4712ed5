"""Claims on webhook updates (see ``bot.dedupe``). Conditional statements only: two instances
claiming the same update at once cannot both win."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.dialects import upsert_insert
from models.processed_update import ProcessedUpdate


async def insert_claim(session: AsyncSession, update_id: int, expires_at: datetime) -> bool:
    """Claim a never-seen update; ``False`` when a row for it exists."""
    insert = upsert_insert(session.get_bind().dialect.name)
    statement = (
        insert(ProcessedUpdate)
        .values(update_id=update_id, done=False, expires_at=expires_at)
        .on_conflict_do_nothing(index_elements=[ProcessedUpdate.update_id])
    )
    result = await session.execute(statement)
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def take_expired_claim(
    session: AsyncSession, update_id: int, now: datetime, expires_at: datetime
) -> bool:
    """Take over a claim whose holder stopped without finishing (its lease ran out)."""
    result = await session.execute(
        update(ProcessedUpdate)
        .where(
            ProcessedUpdate.update_id == update_id,
            ProcessedUpdate.done.is_(False),
            ProcessedUpdate.expires_at < now,
        )
        .values(expires_at=expires_at)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def is_done(session: AsyncSession, update_id: int) -> bool:
    done = await session.scalar(
        select(ProcessedUpdate.done).where(ProcessedUpdate.update_id == update_id)
    )
    return bool(done)


async def mark_done(session: AsyncSession, update_id: int, keep_until: datetime) -> None:
    await session.execute(
        update(ProcessedUpdate)
        .where(ProcessedUpdate.update_id == update_id)
        .values(done=True, expires_at=keep_until)
    )


async def remove_claim(session: AsyncSession, update_id: int) -> None:
    await session.execute(
        delete(ProcessedUpdate).where(
            ProcessedUpdate.update_id == update_id, ProcessedUpdate.done.is_(False)
        )
    )


async def remove_expired(session: AsyncSession, now: datetime) -> int:
    result = await session.execute(
        delete(ProcessedUpdate).where(
            ProcessedUpdate.done.is_(True), ProcessedUpdate.expires_at < now
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
