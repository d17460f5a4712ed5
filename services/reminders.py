"""Reminders of hearings to those registered: which are due, and sending one at most once
per hearing, offset and start time (a moved hearing is reminded of again)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.hearing import Hearing, HearingReminder, HearingStatus
from models.repositories import hearings as repo
from services import broadcasts


@dataclass(frozen=True)
class Upcoming:
    hearing_id: int
    starts_at: datetime
    sent: frozenset[int]  # offsets (minutes) already reminded of for this start time


async def upcoming(session: AsyncSession, hearing_id: int | None = None) -> list[Upcoming]:
    """Published hearings yet to start (or just one), with the reminders already sent."""
    async with session.begin():
        query = select(Hearing.id, Hearing.starts_at).where(
            Hearing.status == HearingStatus.PUBLISHED, Hearing.starts_at > utcnow()
        )
        if hearing_id is not None:
            query = query.where(Hearing.id == hearing_id)
        hearings = (await session.execute(query)).all()
        done = select(
            HearingReminder.hearing_id, HearingReminder.minutes, HearingReminder.starts_at
        )
        ids = [row[0] for row in hearings]
        sent = (await session.execute(done.where(HearingReminder.hearing_id.in_(ids)))).all()
    return [
        Upcoming(
            hearing_id,
            starts_at,
            frozenset(m for h, m, at in sent if h == hearing_id and at == starts_at),
        )
        for hearing_id, starts_at in hearings
    ]


async def send(
    session: AsyncSession, hearing_id: int, minutes: int, starts_at: datetime
) -> int | None:
    """Record the reminder and create its broadcast in one transaction; the broadcast's id,
    or ``None`` when there is nothing to send: sent already, the hearing moved, was
    cancelled or has begun, or nobody is registered."""
    try:
        async with session.begin():
            hearing = await session.get(Hearing, hearing_id, populate_existing=True)
            if (
                hearing is None
                or hearing.status != HearingStatus.PUBLISHED
                or hearing.starts_at != starts_at
                or hearing.starts_at <= utcnow()
            ):
                return None
            reminder = HearingReminder(hearing_id=hearing_id, minutes=minutes, starts_at=starts_at)
            session.add(reminder)
            await session.flush()  # a second run stops here (the unique key)
            broadcast = await broadcasts.add(
                session,
                kind="hearing_reminder",
                subject_id=hearing_id,
                audience=repo.registered(hearing_id),
            )
            reminder.broadcast_id = broadcast.id
            return broadcast.id if broadcast.total else None
    except IntegrityError:
        return None
