"""Residents' answers to polls, and the district a resident chose for polls by district."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.poll import PollAnswer, PollChoice
from models.repositories.polls import resident_district
from models.resident import Resident


async def choices_of(session: AsyncSession, poll_id: int, resident_id: int) -> frozenset[int]:
    """The option positions the resident chose (empty: not answered yet)."""
    result = await session.execute(
        select(PollChoice.position)
        .join(PollAnswer, PollAnswer.id == PollChoice.answer_id)
        .where(PollAnswer.poll_id == poll_id, PollAnswer.resident_id == resident_id)
    )
    return frozenset(result.scalars())


async def answered(session: AsyncSession, resident_id: int, poll_ids: Iterable[int]) -> set[int]:
    result = await session.execute(
        select(PollAnswer.poll_id).where(
            PollAnswer.resident_id == resident_id, PollAnswer.poll_id.in_(list(poll_ids))
        )
    )
    return set(result.scalars())


async def district_of(session: AsyncSession, resident_id: int) -> tuple[str | None, bool]:
    """The resident's district, and whether they chose it (``False``: from their latest
    need, or none)."""
    result = await session.execute(
        select(resident_district(), Resident.district).where(Resident.id == resident_id)
    )
    row = result.one_or_none()
    if row is None:
        return None, False
    return row[0], row[1] is not None


async def set_district(session: AsyncSession, resident_id: int, code: str) -> None:
    await session.execute(update(Resident).where(Resident.id == resident_id).values(district=code))


async def save(
    session: AsyncSession,
    poll_id: int,
    resident_id: int,
    positions: frozenset[int],
    *,
    district: str | None,
    now: datetime,
) -> bool:
    """Record the answer, replacing an earlier one; ``True`` when there was one."""
    existing = (
        await session.execute(
            select(PollAnswer.id).where(
                PollAnswer.poll_id == poll_id, PollAnswer.resident_id == resident_id
            )
        )
    ).scalar_one_or_none()
    if existing is None:
        answer = PollAnswer(
            poll_id=poll_id, resident_id=resident_id, district=district, answered_at=now
        )
        session.add(answer)
        await session.flush()  # a second answer at the same moment fails here (unique)
        answer_id = answer.id
    else:
        answer_id = existing
        await session.execute(
            update(PollAnswer)
            .where(PollAnswer.id == answer_id)
            .values(district=district, changed_at=now)
        )
        await session.execute(delete(PollChoice).where(PollChoice.answer_id == answer_id))
    await session.execute(
        insert(PollChoice),
        [{"answer_id": answer_id, "position": position} for position in sorted(positions)],
    )
    return existing is not None
