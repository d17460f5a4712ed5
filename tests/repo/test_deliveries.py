"""Broadcasts and deliveries on SQLite and PostgreSQL: the audience is taken once per
resident, every delivery ends in exactly one state, retries back off and run out, blocked
residents are marked, and only one runner at a time holds a broadcast."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Select, delete, insert, select, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import AuditEntry, Broadcast, Delivery, Resident, utcnow
from models.broadcast import Recipient
from services import broadcasts, deliveries
from services.staff import Actor, Role

MODERATOR = Actor(5005, Role.MODERATOR)
Maker = async_sessionmaker[AsyncSession]


async def add_residents(sessionmaker: Maker, count: int, **values: object) -> list[int]:
    start = 1000 + 100 * len(values)
    rows = [
        {"telegram_id": start + i, "language": "kk", "consent_at": utcnow()} | values
        for i in range(count)
    ]
    async with sessionmaker() as session, session.begin():
        result = await session.execute(insert(Resident).returning(Resident.id), rows)
        return list(result.scalars())


async def new_broadcast(sessionmaker: Maker, audience: Select[int] | None = None) -> Broadcast:
    async with sessionmaker() as session:
        return await broadcasts.create(
            session,
            kind="test",
            subject_id=1,
            audience=audience if audience is not None else broadcasts.announceable(),
            actor=MODERATOR,
        )


async def due(sessionmaker: Maker, broadcast_id: int, after_id: int = 0) -> list[Recipient]:
    async with sessionmaker() as session:
        return await deliveries.due(session, broadcast_id, after_id=after_id, limit=100)


async def test_the_audience_is_each_announceable_resident_once(sessionmaker: Maker) -> None:
    wanted = await add_residents(sessionmaker, 3)
    await add_residents(sessionmaker, 1, consent_at=None)
    await add_residents(sessionmaker, 1, consent_at=utcnow(), notifications=False)
    await add_residents(
        sessionmaker, 1, consent_at=utcnow(), bot_blocked_at=utcnow(), language="ru"
    )
    twice = union_all(broadcasts.announceable(), broadcasts.announceable())
    audience = select(twice.subquery().c[0])

    broadcast = await new_broadcast(sessionmaker, audience)

    assert broadcast.total == 3
    assert [r.resident_id for r in await due(sessionmaker, broadcast.id)] == wanted
    async with sessionmaker() as session, session.begin():
        entry = (await session.execute(select(AuditEntry))).scalar_one()
    assert (entry.actor_id, entry.action, entry.after) == (
        5005,
        "broadcast.create",
        {"kind": "test", "subject_id": 1, "total": 3},
    )


async def test_an_empty_audience_is_done_at_once(sessionmaker: Maker) -> None:
    broadcast = await new_broadcast(sessionmaker)
    assert (broadcast.total, broadcast.state) == (0, "done")
    assert broadcast.finished_at is not None


async def test_each_delivery_is_settled_once(sessionmaker: Maker) -> None:
    await add_residents(sessionmaker, 4)
    broadcast = await new_broadcast(sessionmaker)
    first, second, third, fourth = await due(sessionmaker, broadcast.id)
    assert [r.delivery_id for r in await due(sessionmaker, broadcast.id, first.delivery_id)] == [
        second.delivery_id,
        third.delivery_id,
        fourth.delivery_id,
    ]

    async with sessionmaker() as session:
        await deliveries.mark_sent(session, first)
        await deliveries.mark_blocked(session, first, "late")  # too late: it was sent
        await deliveries.mark_blocked(session, second, "Forbidden: bot was blocked by the user")
        await deliveries.mark_failed(session, third, "TelegramBadRequest: chat not found")
        progress = await broadcasts.progress(session, broadcast.id)
        finished = await broadcasts.finish(session, broadcast.id)

    assert progress is not None and (progress.sent, progress.blocked, progress.failed) == (1, 1, 1)
    assert progress.pending == 1
    assert finished is not None and finished.state == "running"  # the fourth is pending
    async with sessionmaker() as session, session.begin():
        blocked_at = dict(
            (await session.execute(select(Resident.id, Resident.bot_blocked_at))).all()
        )
    assert [blocked_at[r.resident_id] is not None for r in (first, second, third)] == [
        False,
        True,
        False,
    ]

    async with sessionmaker() as session:
        await deliveries.mark_sent(session, fourth)
        finished = await broadcasts.finish(session, broadcast.id)
        stored = await broadcasts.get(session, broadcast.id)
    assert finished is not None and finished.state == "done"
    assert stored is not None
    assert (stored.sent, stored.blocked, stored.failed, stored.state) == (2, 1, 1, "done")


async def test_retries_back_off_then_run_out(sessionmaker: Maker) -> None:
    await add_residents(sessionmaker, 1)
    broadcast = await new_broadcast(sessionmaker)
    for attempt in (1, 2):
        [recipient] = await due(sessionmaker, broadcast.id)
        assert recipient.attempts == attempt - 1
        async with sessionmaker() as session:
            assert await deliveries.retry_later(
                session, recipient, "TelegramServerError: Bad Gateway", max_attempts=3, delay=60
            )
            pending, earliest = await deliveries.next_retry(session, broadcast.id)
        assert await due(sessionmaker, broadcast.id) == []  # not before its time
        assert pending == 1 and earliest is not None
        expected = utcnow() + timedelta(seconds=60 * 2 ** (attempt - 1))
        assert abs((earliest - expected).total_seconds()) < 30
        async with sessionmaker() as session, session.begin():
            await session.execute(
                update(Delivery).values(next_attempt_at=utcnow() - timedelta(seconds=1))
            )

    [recipient] = await due(sessionmaker, broadcast.id)
    async with sessionmaker() as session:
        assert not await deliveries.retry_later(
            session, recipient, "TelegramServerError: Bad Gateway", max_attempts=3, delay=60
        )
    async with sessionmaker() as session, session.begin():
        delivery = (await session.execute(select(Delivery))).scalar_one()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (
        "failed",
        3,
        "TelegramServerError: Bad Gateway",
    )


async def test_one_runner_at_a_time_and_takeover_after_the_lease(sessionmaker: Maker) -> None:
    await add_residents(sessionmaker, 1)
    broadcast = await new_broadcast(sessionmaker)
    async with sessionmaker() as session:
        assert await deliveries.resumable(session) == [broadcast.id]
        assert await deliveries.claim(session, broadcast.id, "a", lease=60)
        assert await deliveries.claim(session, broadcast.id, "a", lease=60)  # renewal
        assert not await deliveries.claim(session, broadcast.id, "b", lease=60)
        assert await deliveries.resumable(session) == []
        await deliveries.release(session, broadcast.id, "a")
        assert await deliveries.claim(session, broadcast.id, "b", lease=-1)  # b dies at once
        assert await deliveries.resumable(session) == [broadcast.id]
        assert await deliveries.claim(session, broadcast.id, "a", lease=60)

        assert await broadcasts.cancel(session, broadcast.id, MODERATOR)
        assert not await broadcasts.cancel(session, broadcast.id, MODERATOR)
        assert not await deliveries.claim(session, broadcast.id, "a", lease=60)
        assert not await deliveries.still_running(session, broadcast.id)


async def test_one_delivery_per_resident_and_broadcast(sessionmaker: Maker) -> None:
    [resident] = await add_residents(sessionmaker, 1)
    broadcast = await new_broadcast(sessionmaker)
    with pytest.raises(IntegrityError):
        async with sessionmaker() as session, session.begin():
            session.add(Delivery(broadcast_id=broadcast.id, resident_id=resident))


async def test_erasing_a_resident_erases_their_deliveries(sessionmaker: Maker) -> None:
    [resident, _] = await add_residents(sessionmaker, 2)
    broadcast = await new_broadcast(sessionmaker)
    async with sessionmaker() as session, session.begin():
        await session.execute(delete(Resident).where(Resident.id == resident))
    assert len(await due(sessionmaker, broadcast.id)) == 1
