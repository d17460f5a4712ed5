"""Moderating residents' questions to a hearing: staff read them and hide the ones that
break the rules (content moderation, recorded in the audit log)."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.hearing import HearingQuestion
from services import audit
from services.staff import Actor

PAGE_SIZE = 5


async def page(
    session: AsyncSession, hearing_id: int, number: int
) -> tuple[list[HearingQuestion], int, int]:
    """Visible questions, oldest first: one page, the page number (clamped) and the pages."""
    visible = (HearingQuestion.hearing_id == hearing_id, HearingQuestion.hidden.is_(False))
    async with session.begin():
        total = int(await session.scalar(select(func.count()).where(*visible)) or 0)
        pages = max(1, -(-total // PAGE_SIZE))
        number = min(max(number, 0), pages - 1)
        rows = await session.scalars(
            select(HearingQuestion)
            .where(*visible)
            .order_by(HearingQuestion.id)
            .offset(number * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
        return list(rows), number, pages


async def count(session: AsyncSession, hearing_id: int) -> int:
    """Visible questions of the hearing."""
    async with session.begin():
        total = await session.scalar(
            select(func.count()).where(
                HearingQuestion.hearing_id == hearing_id, HearingQuestion.hidden.is_(False)
            )
        )
        return int(total or 0)


async def hide(session: AsyncSession, question_id: int, actor: Actor) -> bool:
    """``False`` when it was hidden already (by another moderator) or does not exist."""
    async with session.begin():
        result = await session.execute(
            update(HearingQuestion)
            .where(HearingQuestion.id == question_id, HearingQuestion.hidden.is_(False))
            .values(hidden=True, hidden_by=actor.telegram_id)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return False
        await audit.record(
            session,
            actor_id=actor.telegram_id,
            actor_role=actor.role,
            action="question.hide",
            object_type="hearing_question",
            object_id=question_id,
            before={"hidden": False},
            after={"hidden": True},
        )
        return True
