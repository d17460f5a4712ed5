"""The outbox of notices against real databases: a moderator's change and its notice commit
together or not at all; a resolution's photo waits until its status notice is done; two
questions sent at once with one left are counted one after the other."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Broadcast, BroadcastState, Delivery, DeliveryState, NeedStatus, Notice
from services import attendance, broadcasts, erasure, moderation, needs, notices, residents
from services.attendance import Asked
from services.statuses import StatusConflict
from tests.repo.test_desk_repository import ADMIN, TZ, file
from tests.repo.test_hearings import add_hearing

Maker = async_sessionmaker[AsyncSession]


async def accept(sessionmaker: Maker, need_id: int, *, photo: str | None = None) -> None:
    async with sessionmaker() as session:
        to = NeedStatus.RESOLVED if photo else NeedStatus.ACCEPTED
        await moderation.set_status(
            session, ADMIN, need_id, to, seen=NeedStatus.NEW, admin_ids=[900], photo=photo,
            comment="Жөнделді" if photo else None,
        )  # fmt: skip


async def outbox(sessionmaker: Maker) -> list[tuple[str, str, int]]:
    """(notice kind, broadcast state, deliveries) of every notice, oldest first."""
    async with sessionmaker() as session, session.begin():
        rows = await session.execute(
            select(Notice.kind, Broadcast.state, func.count(Delivery.id))
            .join(Broadcast, (Broadcast.kind == "notice") & (Broadcast.subject_id == Notice.id))
            .outerjoin(Delivery, Delivery.broadcast_id == Broadcast.id)
            .group_by(Notice.id, Notice.kind, Broadcast.state)
            .order_by(Notice.id)
        )
        return [(str(kind), str(state), int(count)) for kind, state, count in rows.all()]


async def test_a_change_and_its_notice_commit_together_or_not_at_all(sessionmaker: Maker) -> None:
    need = await file(sessionmaker, 11)
    async with sessionmaker() as session:
        supporter = await residents.choose_language(session, 12, "ru")
        await needs.support(session, supporter.id, need.id)

    await accept(sessionmaker, need.id)
    with pytest.raises(StatusConflict):  # a second moderator who saw it "new" too
        await accept(sessionmaker, need.id)

    assert await outbox(sessionmaker) == [("status", "running", 2)]  # author and supporter
    async with sessionmaker() as session:
        assert notices.queued(session) == []  # nothing left to start on a fresh session


async def test_a_resolutions_photo_waits_until_its_status_notice_is_done(
    sessionmaker: Maker,
) -> None:
    need = await file(sessionmaker, 21)

    await accept(sessionmaker, need.id, photo="PHOTO-1")

    assert await outbox(sessionmaker) == [("status", "running", 1), ("photo", "held", 1)]
    async with sessionmaker() as session, session.begin():
        status_id = await session.scalar(select(func.min(Broadcast.id)))
        await session.execute(update(Delivery).values(state=DeliveryState.SENT))
    async with sessionmaker() as session:
        await broadcasts.finish(session, int(status_id or 0))
        assert len(await broadcasts.followers(session, int(status_id or 0))) == 1
    assert [state for _k, state, _n in await outbox(sessionmaker)] == [
        BroadcastState.DONE,
        BroadcastState.RUNNING,
    ]


async def test_questions_sent_at_once_with_one_left_pass_one(sessionmaker: Maker) -> None:
    hearing = await add_hearing(sessionmaker, seats=None)
    async with sessionmaker() as session:
        resident = await residents.choose_language(session, 31, "kk")

    async def ask(text: str) -> Asked:
        async with sessionmaker() as session:
            return await attendance.ask(session, hearing.id, resident.id, text, "kk", limit=1)

    results = await asyncio.gather(*(ask(f"Сұрақ {n}?") for n in range(6)))

    assert sorted(results) == [*[Asked.LIMIT] * 5, Asked.PASSED]


async def test_erasure_takes_the_notices_about_and_to_the_resident(sessionmaker: Maker) -> None:
    need = await file(sessionmaker, 41)
    other = await file(sessionmaker, 42)
    await accept(sessionmaker, need.id)
    await accept(sessionmaker, other.id)

    async with sessionmaker() as session:
        await erasure.erase(session, 41, tz=TZ)

    async with sessionmaker() as session, session.begin():
        left = (await session.execute(select(Notice.need_id))).scalars().all()
    assert left == [other.id]
