"""The console's queue and sign-in against real databases (SQLite, and PostgreSQL when
KENES_TEST_POSTGRES_URL is set): the search in words (FTS5 / a GIN index), numbers, filters,
counts per status, sorting, paging; one-time links; sessions ending."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import ConsoleSession, Need, NeedStatus
from models.audit import AuditEntry
from models.base import utcnow
from models.repositories import needs as repo
from services import console_access, console_queue, pseudonym, staff, statuses
from services.console_access import Refusal, SignedIn, Visitor
from services.console_queue import QueueQuery
from services.staff import Actor, Role
from tests.repo.test_needs_repository import add_resident, draft, file

TZ = ZoneInfo("Asia/Almaty")
KEY = b"k" * 32
ADMIN, MODERATOR, RESIDENT = 900, 5001, 1001


async def _found(sessions: async_sessionmaker[AsyncSession], **view: object) -> list[str]:
    async with sessions() as session:
        result = await console_queue.search(session, QueueQuery(**view), tz=TZ)  # type: ignore[arg-type]
    return [row.number for row in result.rows]


async def test_the_queue_searches_filters_sorts_and_counts(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    resident = await add_resident(sessionmaker, RESIDENT)
    other = await add_resident(sessionmaker, RESIDENT + 1)
    pothole = await file(sessionmaker, resident, draft(description="Большая ЯМА на дороге"))
    lamp = await file(
        sessionmaker,
        resident,
        draft(
            description="Көше шамы жанбайды", address="мкр. Самал-2, 5", category="street_lighting"
        ),
    )
    waste = await file(
        sessionmaker, resident, draft(description="Қоқыс шығарылмайды", district="medeu")
    )
    async with sessionmaker() as session:
        await statuses.change_status(session, lamp.id, NeedStatus.ACCEPTED, actor="staff:1")
        async with session.begin():
            await repo.add_supporter(session, waste.id, other)
            await session.execute(
                update(Need)
                .where(Need.id == waste.id)
                .values(deadline_at=utcnow() - timedelta(days=1))
            )

    assert await _found(sessionmaker) == [waste.number, lamp.number, pothole.number]
    assert await _found(sessionmaker, q="яма") == [pothole.number]  # any case, Cyrillic
    assert await _found(sessionmaker, q="дорог ЯМ") == [pothole.number]  # beginnings of words
    assert await _found(sessionmaker, q="жанбай") == [lamp.number]  # Kazakh letters
    assert await _found(sessionmaker, q="Самал") == [lamp.number]  # the address
    assert await _found(sessionmaker, q="яма шам") == []  # every word must be there
    assert await _found(sessionmaker, q='"ЯМА"*') == [pothole.number]  # only words count
    assert await _found(sessionmaker, q='"; -- *') == [waste.number, lamp.number, pothole.number]
    assert await _found(sessionmaker, q=lamp.number.lower()) == [lamp.number]
    assert await _found(sessionmaker, q=str(waste.id)) == [waste.number]
    assert await _found(sessionmaker, status="open") == [waste.number, lamp.number, pothole.number]
    assert await _found(sessionmaker, status="accepted") == [lamp.number]
    assert await _found(sessionmaker, overdue=True) == [waste.number]
    assert await _found(sessionmaker, district="medeu") == [waste.number]
    assert await _found(sessionmaker, category="street_lighting") == [lamp.number]
    assert await _found(sessionmaker, sort="age") == [pothole.number, lamp.number, waste.number]
    assert (await _found(sessionmaker, sort="-supporters"))[0] == waste.number
    assert await _found(sessionmaker, sort="deadline") == [
        waste.number,
        pothole.number,
        lamp.number,
    ]
    async with sessionmaker() as session:
        result = await console_queue.search(
            session, QueueQuery(status="new", page=7), tz=TZ, page_size=1
        )
    assert result.counts == {"new": 2, "accepted": 1}  # the other filters only
    assert (result.total, result.page, result.pages) == (2, 1, 2)  # a page past the end: the last
    assert [row.number for row in result.rows] == [pothole.number]
    assert result.rows[0].supporters == 0


def test_the_view_goes_to_the_url_and_back() -> None:
    view = QueueQuery(
        status="open", district="medeu", overdue=True, q="яма", sort="deadline", page=2
    )
    assert QueueQuery.from_params(view.params()) == view
    assert QueueQuery().params() == {}
    assert (
        QueueQuery.from_params({"status": "nonsense", "sort": "x", "page": "-1"}) == QueueQuery()
    )


async def test_a_link_signs_in_once_in_time_and_only_staff(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        await staff.add_moderator(session, Actor(ADMIN, Role.ADMIN), MODERATOR, admin_ids=[ADMIN])

    async def link(telegram_id: int, **kwargs: object) -> str:
        async with sessionmaker() as session:
            return await console_access.issue_link(session, KEY, telegram_id, **kwargs)  # type: ignore[arg-type]

    async def use(token: str, key: bytes = KEY) -> SignedIn | Refusal:
        async with sessionmaker() as session:
            return await console_access.sign_in(
                session, key, token, admin_ids=[ADMIN], default_language="kk"
            )

    token = await link(MODERATOR, name="Айгерім")
    signed = await use(token)
    assert isinstance(signed, SignedIn)
    assert (signed.visitor.telegram_id, signed.visitor.role, signed.visitor.name) == (
        MODERATOR, Role.MODERATOR, "Айгерім",
    )  # fmt: skip
    assert await use(token) is Refusal.USED
    assert await use(await link(MODERATOR, at=utcnow() - timedelta(minutes=11))) is Refusal.EXPIRED
    assert await use(await link(RESIDENT)) is Refusal.NOT_STAFF
    async with sessionmaker() as session, session.begin():
        refused = await session.scalar(
            select(AuditEntry).where(
                AuditEntry.action == "access.refused", AuditEntry.actor_role.is_(None)
            )
        )
    assert refused is not None  # a resident is logged under a pseudonym, never their id
    assert (refused.actor_id, refused.actor_pseudonym) == (None, pseudonym.of(RESIDENT))
    assert await use(await link(MODERATOR), key=b"another key") is Refusal.INVALID
    assert await use(token.replace(str(MODERATOR), str(ADMIN), 1)) is Refusal.INVALID

    async def visitor(at: object = None) -> object:
        async with sessionmaker() as session:
            return await console_access.visitor(
                session,
                signed.secret,
                admin_ids=[ADMIN],
                idle=timedelta(minutes=480),
                at=at,  # type: ignore[arg-type]
            )

    assert await visitor() is not None
    assert await visitor(utcnow() + timedelta(minutes=481)) is None  # idle too long: ended
    assert await visitor() is None  # and it stays ended
    admin = await use(await link(ADMIN))
    assert isinstance(admin, SignedIn) and admin.visitor.role is Role.ADMIN


@pytest.mark.redis
async def test_sessions_in_redis_expire_switch_language_and_end(
    sessionmaker: async_sessionmaker[AsyncSession], redis_url: str, redis_prefix: str
) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(redis_url)
    store = console_access.RedisSessions(redis, redis_prefix)
    async with sessionmaker() as session:
        await staff.add_moderator(session, Actor(ADMIN, Role.ADMIN), MODERATOR, admin_ids=[ADMIN])
        token = await console_access.issue_link(session, KEY, MODERATOR, name="Айгерім")
    idle = timedelta(minutes=30)
    try:
        async with sessionmaker() as session:
            signed = await console_access.sign_in(
                session,
                KEY,
                token,
                admin_ids=[ADMIN],
                default_language="ru",
                store=store,
                idle=idle,
            )
        assert isinstance(signed, SignedIn)
        key = f"{redis_prefix}:console:{signed.visitor.session_key}"
        assert 0 < await redis.ttl(key) <= 30 * 60
        async with sessionmaker() as session, session.begin():
            assert await session.scalar(select(func.count()).select_from(ConsoleSession)) == 0

        async def visitor() -> Visitor | None:
            async with sessionmaker() as session:
                return await console_access.visitor(
                    session, signed.secret, admin_ids=[ADMIN], idle=idle, store=store
                )

        assert await visitor() == signed.visitor
        async with sessionmaker() as session:
            await console_access.set_language(
                session, signed.visitor.session_key, "kk", store=store
            )
        found = await visitor()
        assert found is not None and found.language == "kk"
        async with sessionmaker() as session:
            await staff.remove_moderator(session, Actor(ADMIN, Role.ADMIN), MODERATOR)
        assert await visitor() is None
        assert await redis.exists(key) == 0  # the session ended, not only refused once
    finally:
        await redis.aclose()


async def test_old_links_and_sessions_are_pruned(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        await staff.add_moderator(session, Actor(ADMIN, Role.ADMIN), MODERATOR, admin_ids=[ADMIN])
        old = await console_access.issue_link(
            session, KEY, MODERATOR, at=utcnow() - timedelta(days=2)
        )
        fresh = await console_access.issue_link(session, KEY, MODERATOR)
        signed = await console_access.sign_in(
            session, KEY, fresh, admin_ids=[ADMIN], default_language="kk"
        )
    assert isinstance(signed, SignedIn)
    idle = timedelta(minutes=480)
    async with sessionmaker() as session:
        assert await console_access.prune(session, idle=idle) == 1  # the old link only
        assert await console_access.prune(session, idle=idle, at=utcnow() + timedelta(days=2)) == 2
    async with sessionmaker() as session:
        assert await console_access.sign_in(
            session, KEY, old, admin_ids=[ADMIN], default_language="kk"
        ) is Refusal.INVALID  # fmt: skip
