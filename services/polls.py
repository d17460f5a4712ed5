"""A poll's life: published by a moderator (or the pulse), opened at its time by a broadcast
to its audience, closed at its time (or early, by a moderator), and then its results sent to
those who answered. Opening and sending the results each happen once: the poll's row is
locked and its broadcast linked in the same transaction that creates the broadcast."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.poll import Poll, PollAnswer, PollOption, Visibility
from models.repositories import polls as repo
from models.repositories.broadcasts import announceable
from models.resident import Resident
from services import audit, broadcasts
from services.staff import Actor

KIND = "poll"  # the invitation, with the answer buttons
RESULTS_KIND = "poll_results"  # the final results, to those who answered


@dataclass(frozen=True)
class PollView:
    poll: Poll
    options: tuple[PollOption, ...]

    @property
    def id(self) -> int:
        return self.poll.id

    def is_open(self, now: datetime) -> bool:
        return self.poll.broadcast_id is not None and now < self.poll.closes_at

    def is_closed(self, now: datetime) -> bool:
        return now >= self.poll.closes_at

    def results_visible(self, answered: bool, now: datetime) -> bool:
        """A resident sees the results once it has closed, or once they answered when the
        poll shows them right after answering."""
        return self.is_closed(now) or (answered and self.poll.visibility == Visibility.ANSWERED)


@dataclass(frozen=True)
class NewPoll:
    question_kk: str
    question_ru: str
    options_kk: tuple[str, ...]
    options_ru: tuple[str, ...]
    multiple: bool
    audience: str
    audience_code: str | None
    visibility: str
    opens_at: datetime
    closes_at: datetime
    timezone: str
    pulse_quarter: str | None = None
    pulse_item: str | None = None
    hearing_id: int | None = None  # the public hearing the poll asks about


async def add(
    session: AsyncSession,
    new: NewPoll,
    *,
    created_by: int | None,
    progress_chat_id: int | None,
    progress_language: str | None,
) -> Poll:
    """Insert the poll and its options inside the caller's transaction."""
    poll = Poll(
        question_kk=new.question_kk,
        question_ru=new.question_ru,
        multiple=new.multiple,
        audience=new.audience,
        audience_code=new.audience_code,
        visibility=new.visibility,
        opens_at=new.opens_at,
        closes_at=new.closes_at,
        timezone=new.timezone,
        created_by=created_by,
        progress_chat_id=progress_chat_id,
        progress_language=progress_language,
        pulse_quarter=new.pulse_quarter,
        pulse_item=new.pulse_item,
        hearing_id=new.hearing_id,
    )
    session.add(poll)
    await session.flush()
    session.add_all(
        PollOption(poll_id=poll.id, position=position, text_kk=kk, text_ru=ru)
        for position, (kk, ru) in enumerate(zip(new.options_kk, new.options_ru, strict=True))
    )
    await session.flush()
    return poll


async def publish(session: AsyncSession, new: NewPoll, actor: Actor, *, language: str) -> Poll:
    """A moderator's poll: it opens at ``new.opens_at`` (the scheduler's work); the progress
    of its broadcast goes to the moderator's chat, in ``language``."""
    async with session.begin():
        poll = await add(
            session,
            new,
            created_by=actor.telegram_id,
            progress_chat_id=actor.telegram_id,
            progress_language=language,
        )
        await audit.record(
            session,
            actor_id=actor.telegram_id,
            actor_role=actor.role,
            action="poll.publish",
            object_type="poll",
            object_id=poll.id,
            after={
                "question_ru": new.question_ru,
                "options": len(new.options_ru),
                "multiple": new.multiple,
                "audience": new.audience,
                "audience_code": new.audience_code,
                "visibility": new.visibility,
                "opens_at": new.opens_at.isoformat(),
                "closes_at": new.closes_at.isoformat(),
                "hearing_id": new.hearing_id,
            },
        )
        return poll


async def view(session: AsyncSession, poll_id: int) -> PollView | None:
    async with session.begin():
        return await view_in(session, poll_id)


async def view_in(session: AsyncSession, poll_id: int) -> PollView | None:
    poll = await session.get(Poll, poll_id, populate_existing=True)
    if poll is None:
        return None
    return PollView(poll, tuple(await repo.options(session, poll_id)))


async def audience_size(session: AsyncSession, kind: str, code: str | None) -> int:
    """How many residents the poll would go to if it opened now."""
    async with session.begin():
        ids = repo.audience(kind, code).subquery()
        result = await session.execute(select(func.count()).select_from(ids))
        return int(result.scalar_one())


async def _lock(session: AsyncSession, *conditions: ColumnElement[bool]) -> Poll | None:
    """The poll matching ``conditions``, its row locked until the transaction ends (on
    SQLite every write transaction holds the database anyway)."""
    result = await session.execute(select(Poll).where(*conditions).with_for_update())
    return result.scalar_one_or_none()


async def open_poll(session: AsyncSession, poll_id: int, now: datetime) -> int | None:
    """Create the poll's broadcast to its audience; its id, or ``None`` when the poll is not
    due, is closed already, or was opened by someone else."""
    async with session.begin():
        poll = await _lock(
            session,
            Poll.id == poll_id,
            Poll.broadcast_id.is_(None),
            Poll.opens_at <= now,
            Poll.closes_at > now,
        )
        if poll is None:
            return None
        broadcast = await broadcasts.add(
            session,
            kind=KIND,
            subject_id=poll.id,
            audience=repo.audience(poll.audience, poll.audience_code),
            progress_chat_id=poll.progress_chat_id,
            progress_language=poll.progress_language,
        )
        poll.broadcast_id = broadcast.id
        return broadcast.id


async def send_results(session: AsyncSession, poll_id: int, now: datetime) -> int | None:
    """After closing: the results to every resident who answered (and still allows
    announcements); the broadcast's id, or ``None`` when not due or done already."""
    async with session.begin():
        poll = await _lock(
            session,
            Poll.id == poll_id,
            Poll.broadcast_id.is_not(None),
            Poll.results_broadcast_id.is_(None),
            Poll.closes_at <= now,
        )
        if poll is None:
            return None
        respondents = select(PollAnswer.resident_id).where(PollAnswer.poll_id == poll.id)
        broadcast = await broadcasts.add(
            session,
            kind=RESULTS_KIND,
            subject_id=poll.id,
            audience=announceable().where(Resident.id.in_(respondents)),
        )
        poll.results_broadcast_id = broadcast.id
        return broadcast.id


async def close_now(session: AsyncSession, poll_id: int, actor: Actor) -> bool:
    """Close the poll at once (a scheduled one then never opens); ``False`` when it was
    closed already."""
    now = utcnow()
    async with session.begin():
        poll = await _lock(session, Poll.id == poll_id, Poll.closes_at > now)
        if poll is None:
            return False
        before = poll.closes_at
        await session.execute(update(Poll).where(Poll.id == poll_id).values(closes_at=now))
        await audit.record(
            session,
            actor_id=actor.telegram_id,
            actor_role=actor.role,
            action="poll.close",
            object_type="poll",
            object_id=poll_id,
            before={"closes_at": before.isoformat()},
            after={"closes_at": now.isoformat()},
        )
        return True


@dataclass(frozen=True)
class Due:
    to_open: list[int]
    to_close: list[int]
    upcoming: list[tuple[int, datetime, bool]]  # (poll id, moment, opening?)


async def due(session: AsyncSession, now: datetime) -> Due:
    async with session.begin():
        return Due(
            await repo.due_to_open(session, now),
            await repo.due_to_close(session, now),
            await repo.upcoming(session, now),
        )


async def recent(session: AsyncSession, limit: int = 10) -> list[Poll]:
    async with session.begin():
        return await repo.recent(session, limit)
