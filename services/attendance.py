"""Public hearings as residents take part: “I will attend” (within the seats), questions,
and subscriptions to announcements."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.hearing import (
    Hearing,
    HearingQuestion,
    HearingRsvp,
    HearingStatus,
    HearingSubscription,
    Scope,
)
from models.poll import Poll
from models.repositories import hearings as repo
from models.repositories import polls as polls_repo
from models.resident import Resident
from services import deliveries
from services.voice import Voice

MAX_QUESTION = 1000


class Asked(StrEnum):
    PASSED = "passed"  # to the moderators
    CLOSED = "closed"  # the hearing takes no questions any more
    LIMIT = "limit"  # the resident asked as many as one may


class Rsvp(StrEnum):
    REGISTERED = "registered"
    ALREADY = "already"
    FULL = "full"
    CLOSED = "closed"  # cancelled, started already, or no such hearing
    NOT_REGISTERED = "not_registered"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Card:
    """A hearing as one resident sees it."""

    hearing: Hearing
    registered: bool
    polls: tuple[Poll, ...] = ()  # the open polls about it that were sent to the resident

    @property
    def is_open(self) -> bool:
        return self.hearing.status == HearingStatus.PUBLISHED and self.hearing.starts_at > utcnow()

    @property
    def takes_questions(self) -> bool:
        until = self.hearing.questions_until or self.hearing.starts_at
        return self.is_open and utcnow() < until


async def card(session: AsyncSession, hearing_id: int, resident_id: int) -> Card | None:
    async with session.begin():
        hearing = await session.get(Hearing, hearing_id, populate_existing=True)
        if hearing is None:
            return None
        registered = await repo.is_registered(session, hearing_id, resident_id)
        polls = await polls_repo.for_hearing(session, hearing_id, resident_id, now=utcnow())
        return Card(hearing, registered, tuple(polls))


async def register(session: AsyncSession, hearing_id: int, resident_id: int) -> Rsvp:
    try:
        async with session.begin():
            if await repo.is_registered(session, hearing_id, resident_id):
                return Rsvp.ALREADY
            if not await repo.take_seat(session, hearing_id, utcnow()):
                # A double press on PostgreSQL: the other press held the row, and took the
                # last seat for this very resident.
                if await repo.is_registered(session, hearing_id, resident_id):
                    return Rsvp.ALREADY
                hearing = await session.get(Hearing, hearing_id, populate_existing=True)
                open_ = (
                    hearing is not None
                    and hearing.status == HearingStatus.PUBLISHED
                    and hearing.starts_at > utcnow()
                )
                return Rsvp.FULL if open_ else Rsvp.CLOSED
            session.add(HearingRsvp(hearing_id=hearing_id, resident_id=resident_id))
            await session.flush()
            return Rsvp.REGISTERED
    except IntegrityError:  # a double press: the other one registered (and took the seat)
        return Rsvp.ALREADY


async def withdraw(session: AsyncSession, hearing_id: int, resident_id: int) -> Rsvp:
    async with session.begin():
        result = await session.execute(
            delete(HearingRsvp).where(
                HearingRsvp.hearing_id == hearing_id, HearingRsvp.resident_id == resident_id
            )
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return Rsvp.NOT_REGISTERED
        await repo.free_seat(session, hearing_id)
        return Rsvp.WITHDRAWN


async def questions_asked(session: AsyncSession, hearing_id: int, resident_id: int) -> int:
    """How many questions the resident asked about the hearing (hidden ones count too)."""
    async with session.begin():
        return await _asked(session, hearing_id, resident_id)


async def _asked(session: AsyncSession, hearing_id: int, resident_id: int) -> int:
    count = await session.scalar(
        select(func.count()).where(
            HearingQuestion.hearing_id == hearing_id, HearingQuestion.resident_id == resident_id
        )
    )
    return int(count or 0)


async def ask(
    session: AsyncSession,
    hearing_id: int,
    resident_id: int,
    text: str,
    language: str,
    *,
    limit: int,
    voice: Voice | None = None,
) -> Asked:
    """Store a question (typed, or a voice message with ``text`` its caption or "") for
    moderation, unless the hearing takes none any more or the resident asked ``limit``
    already. The resident's row is locked first (PostgreSQL), so
    two questions sent at once to two instances are counted one after the other."""
    async with session.begin():
        await session.execute(
            select(Resident.id).where(Resident.id == resident_id).with_for_update()
        )
        found = await session.get(Hearing, hearing_id, populate_existing=True)
        if found is None or not Card(found, registered=False).takes_questions:
            return Asked.CLOSED
        if await _asked(session, hearing_id, resident_id) >= limit:
            return Asked.LIMIT
        session.add(
            HearingQuestion(
                hearing_id=hearing_id,
                resident_id=resident_id,
                text=text,
                language=language,
                voice_file_id=voice.file_id if voice else None,
                voice_file_unique_id=voice.file_unique_id if voice else None,
                voice_duration=voice.duration if voice else None,
            )
        )
        return Asked.PASSED


async def subscriptions(session: AsyncSession, resident_id: int) -> set[tuple[str, str]]:
    """The resident's active subscriptions as (scope, code) pairs."""
    async with session.begin():
        rows = await session.execute(
            select(HearingSubscription.scope, HearingSubscription.code).where(
                HearingSubscription.resident_id == resident_id,
                HearingSubscription.active.is_(True),
            )
        )
        return {(str(scope), str(code)) for scope, code in rows.all()}


async def toggle(session: AsyncSession, resident_id: int, scope: Scope, code: str) -> bool:
    """Subscribe or unsubscribe; ``True`` when subscribed now."""
    async with session.begin():
        found = await session.scalar(
            select(HearingSubscription).where(
                HearingSubscription.resident_id == resident_id,
                HearingSubscription.scope == scope,
                HearingSubscription.code == code,
            )
        )
        if found is None:
            session.add(HearingSubscription(resident_id=resident_id, scope=scope, code=code))
            return True
        found.active = not found.active
        return found.active


async def unsubscribe_all(session: AsyncSession, resident_id: int) -> None:
    async with session.begin():
        await _deactivate(session, resident_id)


@deliveries.on_blocked
async def _deactivate(session: AsyncSession, resident_id: int) -> None:
    """Also run when a broadcast finds the resident blocked the bot."""
    await session.execute(
        update(HearingSubscription)
        .where(HearingSubscription.resident_id == resident_id)
        .values(active=False)
    )
