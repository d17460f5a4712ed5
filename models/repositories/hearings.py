"""Queries of public hearings: audiences for broadcasts, pages of hearings, seats."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.hearing import (
    Hearing,
    HearingQuestion,
    HearingRsvp,
    HearingStatus,
    HearingSubscription,
    Scope,
)
from models.repositories.broadcasts import announceable
from models.resident import Resident


def _covered(hearing: Hearing) -> Select[int]:
    """Ids of residents whose active subscriptions cover ``hearing``: the whole city, its
    topic, or its district (a city-wide hearing concerns every district)."""
    covers = [
        HearingSubscription.scope == Scope.CITY,
        (HearingSubscription.scope == Scope.TOPIC) & (HearingSubscription.code == hearing.topic),
    ]
    if hearing.district is None:
        covers.append(HearingSubscription.scope == Scope.DISTRICT)
    else:
        covers.append(
            (HearingSubscription.scope == Scope.DISTRICT)
            & (HearingSubscription.code == hearing.district)
        )
    return select(HearingSubscription.resident_id).where(
        HearingSubscription.active.is_(True), or_(*covers)
    )


def _rsvps(hearing_id: int) -> Select[int | None]:
    return select(HearingRsvp.resident_id).where(HearingRsvp.hearing_id == hearing_id)


def subscribers(hearing: Hearing) -> Select[int]:
    return announceable().where(Resident.id.in_(_covered(hearing)))


def registered(hearing_id: int) -> Select[int]:
    return announceable().where(Resident.id.in_(_rsvps(hearing_id)))


def registered_or_subscribed(hearing: Hearing) -> Select[int]:
    return announceable().where(
        or_(Resident.id.in_(_covered(hearing)), Resident.id.in_(_rsvps(hearing.id)))
    )


def registered_or_asked(hearing_id: int) -> Select[int]:
    asked = select(HearingQuestion.resident_id).where(
        HearingQuestion.hearing_id == hearing_id, HearingQuestion.resident_id.is_not(None)
    )
    return announceable().where(or_(Resident.id.in_(_rsvps(hearing_id)), Resident.id.in_(asked)))


def _upcoming(now: datetime) -> Select[Hearing]:
    return select(Hearing).where(
        Hearing.status == HearingStatus.PUBLISHED, Hearing.starts_at > now
    )


async def upcoming_page(
    session: AsyncSession, *, now: datetime, offset: int, limit: int
) -> tuple[list[Hearing], int]:
    """Published hearings yet to start, soonest first, and how many there are."""
    query = _upcoming(now)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(
        query.order_by(Hearing.starts_at, Hearing.id).offset(offset).limit(limit)
    )
    return list(rows), int(total or 0)


async def recent_page(
    session: AsyncSession, *, since: datetime, offset: int, limit: int
) -> tuple[list[Hearing], int]:
    """For staff: published hearings from ``since`` on (to come, and those just held)."""
    query = select(Hearing).where(
        Hearing.status == HearingStatus.PUBLISHED, Hearing.starts_at > since
    )
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(
        query.order_by(Hearing.starts_at, Hearing.id).offset(offset).limit(limit)
    )
    return list(rows), int(total or 0)


async def take_seat(session: AsyncSession, hearing_id: int, now: datetime) -> bool:
    """One seat more, if the hearing is open and has one free: a single conditional UPDATE,
    so two residents racing for the last seat cannot both get it."""
    result = await session.execute(
        update(Hearing)
        .where(
            Hearing.id == hearing_id,
            Hearing.status == HearingStatus.PUBLISHED,
            Hearing.starts_at > now,
            or_(Hearing.seats.is_(None), Hearing.seats_taken < Hearing.seats),
        )
        .values(seats_taken=Hearing.seats_taken + 1)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def free_seat(session: AsyncSession, hearing_id: int) -> None:
    await session.execute(
        update(Hearing)
        .where(Hearing.id == hearing_id, Hearing.seats_taken > 0)
        .values(seats_taken=Hearing.seats_taken - 1)
    )


async def is_registered(session: AsyncSession, hearing_id: int, resident_id: int) -> bool:
    found = await session.scalar(
        select(HearingRsvp.id).where(
            HearingRsvp.hearing_id == hearing_id, HearingRsvp.resident_id == resident_id
        )
    )
    return found is not None
