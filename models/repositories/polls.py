"""Polls in the database: who gets one, who may answer it, and which are due to open or
close. Plain queries; the services own the transactions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import BindParameter, ColumnElement, Select, exists, func, or_, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from models.broadcast import Delivery
from models.need import Need, NeedSupporter
from models.poll import Audience, Poll, PollOption
from models.repositories.broadcasts import announceable
from models.resident import Resident


def resident_district() -> ColumnElement[str | None]:
    """A resident's district: the one they chose, else the district of their latest need."""
    latest_need = (
        select(Need.district)
        .where(Need.resident_id == Resident.id)
        .order_by(Need.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(Resident.district, latest_need)


def audience(kind: str, code: str | None) -> Select[int]:
    """Ids of the residents a poll goes to: those who allowed announcements, narrowed to a
    district or to a topic (they reported or supported a need of that category)."""
    query = announceable()
    if kind == Audience.DISTRICT:
        return query.where(resident_district() == code)
    if kind == Audience.TOPIC:
        authors = select(Need.resident_id).where(Need.category == code)
        supporters = (
            select(NeedSupporter.resident_id)
            .join(Need, Need.id == NeedSupporter.need_id)
            .where(Need.category == code)
        )
        return query.where(Resident.id.in_(union(authors, supporters).subquery().select()))
    return query


async def options(session: AsyncSession, poll_id: int) -> list[PollOption]:
    result = await session.execute(
        select(PollOption).where(PollOption.poll_id == poll_id).order_by(PollOption.position)
    )
    return list(result.scalars())


async def options_of(
    session: AsyncSession, poll_ids: Sequence[int]
) -> dict[int, list[PollOption]]:
    result = await session.execute(
        select(PollOption)
        .where(PollOption.poll_id.in_(poll_ids))
        .order_by(PollOption.poll_id, PollOption.position)
    )
    grouped: dict[int, list[PollOption]] = {poll_id: [] for poll_id in poll_ids}
    for option in result.scalars():
        grouped[option.poll_id].append(option)
    return grouped


def sent_to_resident(resident_id: int | BindParameter[int]) -> ColumnElement[bool]:
    """The poll's broadcast counts the resident among its recipients (in a query of polls)."""
    return exists().where(
        Delivery.broadcast_id == Poll.broadcast_id, Delivery.resident_id == resident_id
    )


_sent_to = sent_to_resident


async def was_sent(session: AsyncSession, poll: Poll, resident_id: int) -> bool:
    """Whether the poll's broadcast counts the resident among its recipients."""
    if poll.broadcast_id is None:
        return False
    result = await session.execute(select(_sent_to(resident_id).where(Poll.id == poll.id)))
    return bool(result.scalar())


async def for_hearing(
    session: AsyncSession, hearing_id: int, resident_id: int, *, now: datetime
) -> list[Poll]:
    """The polls about the hearing that are open at ``now`` and were sent to the resident,
    closing soonest first."""
    result = await session.execute(
        select(Poll)
        .where(
            Poll.hearing_id == hearing_id,
            Poll.broadcast_id.is_not(None),
            Poll.closes_at > now,
            _sent_to(resident_id),
        )
        .order_by(Poll.closes_at, Poll.id)
    )
    return list(result.scalars())


async def sent_to(
    session: AsyncSession, resident_id: int, *, open_at: datetime, closed_since: datetime
) -> list[Poll]:
    """The resident's polls open at ``open_at`` and those closed since ``closed_since``,
    the open ones first (closing soonest first), then the closed (latest first)."""
    result = await session.execute(
        select(Poll)
        .where(
            Poll.broadcast_id.is_not(None),
            Poll.closes_at > closed_since,
            _sent_to(resident_id),
        )
        .order_by(Poll.closes_at, Poll.id)
    )
    polls = list(result.scalars())
    opened = [poll for poll in polls if poll.closes_at > open_at]
    closed = [poll for poll in reversed(polls) if poll.closes_at <= open_at]
    return opened + closed


async def due_to_open(session: AsyncSession, now: datetime) -> list[int]:
    result = await session.execute(
        select(Poll.id)
        .where(Poll.broadcast_id.is_(None), Poll.opens_at <= now, Poll.closes_at > now)
        .order_by(Poll.opens_at, Poll.id)
    )
    return list(result.scalars())


async def due_to_close(session: AsyncSession, now: datetime) -> list[int]:
    result = await session.execute(
        select(Poll.id)
        .where(
            Poll.broadcast_id.is_not(None),
            Poll.results_broadcast_id.is_(None),
            Poll.closes_at <= now,
        )
        .order_by(Poll.closes_at, Poll.id)
    )
    return list(result.scalars())


async def upcoming(session: AsyncSession, now: datetime) -> list[tuple[int, datetime, bool]]:
    """(poll id, moment, opening?) of every opening and closing still ahead."""
    result = await session.execute(
        select(Poll.id, Poll.opens_at, Poll.closes_at, Poll.broadcast_id).where(
            Poll.results_broadcast_id.is_(None),
            Poll.closes_at > now,
            or_(Poll.broadcast_id.is_not(None), Poll.opens_at > now),
        )
    )
    moments = []
    for poll_id, opens_at, closes_at, broadcast_id in result.all():
        if broadcast_id is None:
            moments.append((poll_id, opens_at, True))
        moments.append((poll_id, closes_at, False))
    return moments


async def recent(session: AsyncSession, limit: int) -> list[Poll]:
    result = await session.execute(select(Poll).order_by(Poll.id.desc()).limit(limit))
    return list(result.scalars())
