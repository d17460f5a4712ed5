"""Hearings on SQLite and PostgreSQL: seats are never overbooked however many residents
register at the same moment, a withdrawal frees a seat, the audiences of announcements,
cancellations and outcomes, and a reminder recorded once however often its job runs."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Delivery, Hearing, HearingRsvp, HearingSubscription, Resident, utcnow
from models.hearing import Scope
from services import attendance, erasure, hearings, reminders
from services.attendance import Rsvp
from services.hearings import HearingFields
from services.staff import Actor, Role

TZ = ZoneInfo("Asia/Almaty")

Maker = async_sessionmaker[AsyncSession]
ADMIN = Actor(900, Role.ADMIN)


async def add_residents(sessionmaker: Maker, count: int, start: int = 1000) -> list[int]:
    rows = [
        {"telegram_id": start + i, "language": "kk" if i % 2 else "ru", "consent_at": utcnow()}
        for i in range(count)
    ]
    async with sessionmaker() as session, session.begin():
        return list(
            (await session.execute(insert(Resident).returning(Resident.id), rows)).scalars()
        )


async def add_hearing(
    sessionmaker: Maker, *, seats: int | None, district: str | None = "almaly"
) -> Hearing:
    fields = HearingFields(
        title_kk="Тыңдау", title_ru="Слушание", description_kk="Сипаттама мәтіні",
        description_ru="Текст описания", starts_at=utcnow() + timedelta(days=3),
        address="Абай, 90", link=None, district=district, topic="roads", seats=seats,
        questions_until=None,
    )  # fmt: skip
    async with sessionmaker() as session:
        return (await hearings.publish(session, fields, ADMIN, None)).hearing


async def test_concurrent_registrations_never_overbook(sessionmaker: Maker) -> None:
    residents = await add_residents(sessionmaker, 20)
    hearing = await add_hearing(sessionmaker, seats=5)

    async def register(resident_id: int) -> Rsvp:
        async with sessionmaker() as session:
            return await attendance.register(session, hearing.id, resident_id)

    outcomes = await asyncio.gather(*(register(r) for r in residents))

    assert sorted(outcomes) == sorted([Rsvp.REGISTERED] * 5 + [Rsvp.FULL] * 15)
    async with sessionmaker() as session, session.begin():
        count = await session.scalar(select(func.count()).select_from(HearingRsvp))
        taken = await session.scalar(select(Hearing.seats_taken))
    assert (count, taken) == (5, 5)


async def test_a_double_press_registers_once_and_a_withdrawal_frees_the_seat(
    sessionmaker: Maker,
) -> None:
    [first, second] = await add_residents(sessionmaker, 2)
    hearing = await add_hearing(sessionmaker, seats=1)

    async def register(resident_id: int) -> Rsvp:
        async with sessionmaker() as session:
            return await attendance.register(session, hearing.id, resident_id)

    assert sorted(await asyncio.gather(register(first), register(first))) == sorted(
        [Rsvp.REGISTERED, Rsvp.ALREADY]
    )
    assert await register(second) == Rsvp.FULL
    async with sessionmaker() as session:
        assert await attendance.withdraw(session, hearing.id, first) == Rsvp.WITHDRAWN
        assert await attendance.withdraw(session, hearing.id, first) == Rsvp.NOT_REGISTERED
    assert await register(second) == Rsvp.REGISTERED


async def test_audiences_of_announcement_cancellation_and_outcome(sessionmaker: Maker) -> None:
    city, almaly, medeu, roads, attendee, asker = await add_residents(sessionmaker, 6)
    async with sessionmaker() as session, session.begin():
        await session.execute(
            insert(HearingSubscription),
            [
                {"resident_id": city, "scope": "city", "code": ""},
                {"resident_id": almaly, "scope": "district", "code": "almaly"},
                {"resident_id": medeu, "scope": "district", "code": "medeu"},
                {"resident_id": roads, "scope": "topic", "code": "roads"},
            ],
        )
    hearing = await add_hearing(sessionmaker, seats=None)
    citywide = await add_hearing(sessionmaker, seats=None, district=None)
    async with sessionmaker() as session:
        await attendance.register(session, hearing.id, attendee)
        asked = await attendance.ask(session, hearing.id, asker, "Қашан?", "kk", limit=3)
        assert asked == attendance.Asked.PASSED
        cancelled = await hearings.cancel(session, hearing.id, ADMIN, None)
        outcome = await hearings.publish_outcome(
            session, citywide.id, {"kk": "Қорытынды", "ru": "Итоги"}, ADMIN, None
        )

    async def audience(broadcast_id: int | None) -> set[int]:
        async with sessionmaker() as session, session.begin():
            rows = await session.scalars(
                select(Delivery.resident_id).where(Delivery.broadcast_id == broadcast_id)
            )
            return set(rows)

    assert await audience(1) == {city, almaly, roads}  # announcing the Almaly hearing
    assert await audience(2) == {city, almaly, medeu, roads}  # a city-wide one
    assert await audience(cancelled.broadcast_id) == {city, almaly, roads, attendee}
    assert outcome.broadcast_id is None  # nobody registered for the city-wide one or asked


async def test_a_reminder_is_recorded_once(sessionmaker: Maker) -> None:
    [resident] = await add_residents(sessionmaker, 1)
    hearing = await add_hearing(sessionmaker, seats=None)
    async with sessionmaker() as session:
        await attendance.register(session, hearing.id, resident)

    async def send() -> int | None:
        async with sessionmaker() as session:
            return await reminders.send(session, hearing.id, 60, hearing.starts_at)

    results = await asyncio.gather(send(), send(), send())
    assert sorted(results, key=lambda r: r is None)[1:] == [None, None]
    assert results.count(None) == 2


async def test_an_erased_resident_frees_the_seat_of_a_coming_hearing(
    sessionmaker: Maker,
) -> None:
    [resident] = await add_residents(sessionmaker, 1)
    hearing = await add_hearing(sessionmaker, seats=3)
    async with sessionmaker() as session:
        await attendance.register(session, hearing.id, resident)
        await attendance.toggle(session, resident, Scope.CITY, "")
        assert await erasure.erase(session, 1000, tz=TZ) is not None

    async with sessionmaker() as session, session.begin():
        rsvps = (await session.execute(select(HearingRsvp.resident_id))).scalars().all()
        subscriptions = await session.scalar(select(func.count()).select_from(HearingSubscription))
        taken = await session.scalar(select(Hearing.seats_taken))
    assert (rsvps, subscriptions, taken) == ([], 0, 0)
