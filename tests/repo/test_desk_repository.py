"""The moderators' queue against real databases (SQLite, and PostgreSQL when configured):
filters and order, the overdue count digests use, the claim that posts a need once per
round (new, then again when reopened), and the concurrent status change of two moderators."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Need, NeedStatus
from models.base import utcnow
from services import cards, moderation, queue, residents, statuses
from services.moderation import Staffer
from services.needs import Filed, NewNeed, submit
from services.queue import QueueFilter
from services.staff import Actor, Role
from services.statuses import StatusConflict

TZ = ZoneInfo("Asia/Almaty")
ADMIN = Staffer(Actor(900, Role.ADMIN), "Admin")


async def file(
    sessionmaker: async_sessionmaker[AsyncSession],
    telegram_id: int,
    *,
    category: str = "roads",
    district: str = "almaly",
) -> Need:
    async with sessionmaker() as session:
        resident = await residents.choose_language(session, telegram_id, "kk")
        draft = NewNeed(uuid.uuid4().hex, category, district, "Жолда шұңқыр бар", "Абай, 10")
        result = await submit(session, resident, draft, deadline_days=15, limit=50, tz=TZ)
    assert isinstance(result, Filed)
    return result.need


async def make_overdue(sessionmaker: async_sessionmaker[AsyncSession], need_id: int) -> None:
    async with sessionmaker() as session, session.begin():
        await session.execute(
            update(Need)
            .where(Need.id == need_id)
            .values(deadline_at=utcnow() - timedelta(hours=1))
        )


async def test_filters_order_and_the_overdue_count(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    roads = await file(sessionmaker, 1)
    snow = await file(sessionmaker, 2, category="snow", district="medeu")
    late = await file(sessionmaker, 3)
    closed = await file(sessionmaker, 4)
    await make_overdue(sessionmaker, late.id)
    await make_overdue(sessionmaker, closed.id)
    async with sessionmaker() as session:
        await statuses.change_status(
            session, closed.id, NeedStatus.REJECTED, actor="t", comment="x"
        )
        await statuses.change_status(session, snow.id, NeedStatus.ACCEPTED, actor="t")

    async def numbers(rules: QueueFilter) -> list[int]:
        async with sessionmaker() as session:
            return [n.id for n in (await queue.page(session, rules, 0)).needs]

    assert await numbers(QueueFilter()) == [late.id, roads.id, snow.id]  # most urgent first
    assert await numbers(QueueFilter(status="accepted")) == [snow.id]
    assert await numbers(QueueFilter(category="roads")) == [late.id, roads.id]
    assert await numbers(QueueFilter(district="medeu")) == [snow.id]
    assert await numbers(QueueFilter(overdue=True)) == [late.id]  # the closed one does not count
    async with sessionmaker() as session:
        assert await queue.overdue_count(session, utcnow()) == 1
        assert await queue.overdue_count(session, utcnow() + timedelta(days=60)) == 3
        assert await queue.overdue_count(session, utcnow() - timedelta(days=1)) == 0


async def test_a_need_is_claimed_once_and_again_when_reopened(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    need = await file(sessionmaker, 5)

    async def claim() -> cards.Claim | None:
        async with sessionmaker() as session:
            return await cards.claim(session, need.id)

    results = await asyncio.gather(claim(), claim(), claim())
    assert len([r for r in results if r is not None]) == 1
    async with sessionmaker() as session:
        assert await cards.postable(session) == []
        await statuses.change_status(session, need.id, NeedStatus.RESOLVED, actor="t")
        await statuses.change_status(
            session, need.id, NeedStatus.REOPENED, actor="resident", comment="Шешілмеді"
        )
        assert await cards.postable(session) == [need.id]
    assert await claim() is not None
    assert await claim() is None


async def test_two_moderators_change_one_need_at_once(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    need = await file(sessionmaker, 6)

    async def act(to: NeedStatus) -> object:
        async with sessionmaker() as session:
            try:
                return await moderation.set_status(
                    session, ADMIN, need.id, to, seen=NeedStatus.NEW, admin_ids=[900],
                    comment="x" if to == NeedStatus.REJECTED else None,
                )  # fmt: skip
            except StatusConflict as conflict:
                return conflict

    results = await asyncio.gather(act(NeedStatus.ACCEPTED), act(NeedStatus.REJECTED))

    assert len([r for r in results if isinstance(r, StatusConflict)]) == 1
    async with sessionmaker() as session:
        data = await cards.load(session, need.id)
    assert data is not None and data.last is not None
    public = {"public_summary": None} if data.need.status == NeedStatus.ACCEPTED else {}
    assert data.last.after == {"status": data.need.status, "by": "Admin"} | public
