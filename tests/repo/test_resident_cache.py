"""Residents kept in memory (SQLite, one process): a known resident costs no query, and every
way this process writes the table is seen on the very next load."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiogram.types import Update, User
from sqlalchemy import event, text, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from bot.database import create_engine, create_sessionmaker
from bot.middlewares import ResidentLoader
from bot.resident_cache import ResidentCache, SharedResidentCache
from models.repositories import residents as residents_repo
from models.resident import Resident
from services import erasure, residents

TZ = ZoneInfo("Asia/Almaty")

TELEGRAM_ID = 9_100_000_001


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlite_url)
    yield engine
    await engine.dispose()


async def count_reads(engine: AsyncEngine) -> list[str]:
    """Reads of residents from now on: on SQLite as sqlite3 runs them (the cache reads
    without SQLAlchemy, ``bot.sqlite_direct``), elsewhere as SQLAlchemy sends them."""
    reads: list[str] = []

    def seen(statement: str) -> None:
        if statement.lstrip().startswith("SELECT") and "FROM residents" in statement:
            reads.append(statement)

    if engine.dialect.name == "sqlite":  # the pool's one connection, kept for the test
        async with engine.connect() as connection:
            raw = await connection.get_raw_connection()
            raw.driver_connection._connection.set_trace_callback(seen)  # type: ignore[union-attr]
    else:
        event.listen(
            engine.sync_engine, "before_cursor_execute", lambda _c, _u, sql, *_a: seen(sql)
        )
    return reads


async def load(cache: ResidentCache) -> Resident | None:
    """The resident as an update's ``ResidentLoader`` reads them."""
    return await cache.fetch(TELEGRAM_ID)


async def test_a_known_resident_is_loaded_without_a_query(engine: AsyncEngine) -> None:
    sessionmaker = create_sessionmaker(engine)
    cache = ResidentCache(engine)
    async with sessionmaker() as session:
        await residents.choose_language(session, TELEGRAM_ID, "kk")
    reads = await count_reads(engine)

    first = await load(cache)
    second = await load(cache)

    assert len(reads) == 1
    assert first is not None and second is not None
    assert (second.id, second.language, second.is_blocked) == (first.id, "kk", False)


async def test_every_write_to_residents_is_seen_on_the_next_load(engine: AsyncEngine) -> None:
    sessionmaker = create_sessionmaker(engine)
    cache = ResidentCache(engine)
    async with sessionmaker() as session:
        await residents.choose_language(session, TELEGRAM_ID, "kk")
    await load(cache)

    async with sessionmaker() as session:  # the ORM: a changed attribute
        await residents.choose_language(session, TELEGRAM_ID, "ru")
    changed = await load(cache)
    assert changed is not None and changed.language == "ru"

    async with sessionmaker() as session, session.begin():  # a bulk update
        await session.execute(
            update(Resident)
            .where(Resident.telegram_id == TELEGRAM_ID)
            .values(blocked_at=text("CURRENT_TIMESTAMP"), blocked_reason="spam")
        )
    blocked = await load(cache)
    assert blocked is not None and blocked.is_blocked and blocked.blocked_reason == "spam"

    async with sessionmaker() as session, session.begin():  # plain SQL
        await session.execute(text("UPDATE residents SET blocked_at = NULL"))
    unblocked = await load(cache)
    assert unblocked is not None and not unblocked.is_blocked

    async with sessionmaker() as session:
        await erasure.erase(session, TELEGRAM_ID, tz=TZ)
    assert await load(cache) is None


async def test_a_kept_resident_costs_no_transaction_and_joins_the_handlers(
    engine: AsyncEngine,
) -> None:
    sessionmaker = create_sessionmaker(engine)
    cache = ResidentCache(engine)
    async with sessionmaker() as session:
        await residents.choose_language(session, TELEGRAM_ID, "kk")
    await load(cache)
    begun: list[SessionTransaction] = []

    def on_begin(_session: Session, transaction: SessionTransaction) -> None:
        if transaction.parent is None:  # not a flush's subtransaction
            begun.append(transaction)

    async def handler(_event: Any, data: dict[str, Any]) -> None:
        resident: Resident = data["resident"]
        session: AsyncSession = data["session"]
        assert begun == []  # the loader opened none
        resident.language = "ru"  # a handler changes the resident...
        async with session.begin():  # ...and the next transaction writes it
            assert await residents_repo.by_telegram_id(session, TELEGRAM_ID) is resident

    user = User(id=TELEGRAM_ID, is_bot=False, first_name="Aru")
    async with sessionmaker() as session:
        event.listen(session.sync_session, "after_transaction_create", on_begin)
        await ResidentLoader(cache)(
            handler, Update(update_id=1), {"event_from_user": user, "session": session}
        )
    assert len(begun) == 1
    stored = await load(cache)
    assert stored is not None and stored.language == "ru"


# Several instances on PostgreSQL: rows kept a few seconds, while Redis tells of writes.


async def shared_caches(
    url: str, redis_url: str, prefix: str
) -> tuple[list[AsyncEngine], list[SharedResidentCache]]:
    from redis.asyncio import Redis

    engines = [create_engine(url), create_engine(url)]  # two instances
    caches = [SharedResidentCache(e, Redis.from_url(redis_url), prefix) for e in engines]
    for cache in caches:
        await cache.start()
    for _ in range(200):
        if all(cache.listening for cache in caches):
            break
        await asyncio.sleep(0.01)
    assert all(cache.listening for cache in caches)
    return engines, caches


@pytest.mark.postgres
@pytest.mark.redis
async def test_an_instance_sees_another_instances_write_on_the_next_load(
    migrated_postgres_url: str, redis_url: str
) -> None:
    """A resident's language changed on instance b is what instance a loads next, though a
    had their row in memory: b tells a when its transaction is over."""
    engines, (a, b) = await shared_caches(
        migrated_postgres_url, redis_url, f"test-{uuid.uuid4().hex[:8]}"
    )
    there = create_sessionmaker(engines[1])  # instance b's; a reads through its cache
    try:
        async with there() as session:
            await residents.choose_language(session, TELEGRAM_ID, "kk")
        await asyncio.gather(*b._publishing)
        await asyncio.sleep(0.2)  # a has heard of that write, not yet of the next
        reads = await count_reads(engines[0])
        first = await load(a)
        again = await load(a)
        assert first is not None and again is not None and again.language == "kk"
        assert len(reads) == 1  # the second load from memory

        async with there() as session:  # instance b: the resident chose Russian
            await residents.choose_language(session, TELEGRAM_ID, "ru")
        await asyncio.gather(*b._publishing)  # sent before b's handler goes on to Telegram
        changed = None
        for _ in range(100):  # a hears it within milliseconds
            changed = await load(a)
            if changed is not None and changed.language == "ru":
                break
            await asyncio.sleep(0.01)
        assert changed is not None and changed.language == "ru"
        fetched = await a.fetch(TELEGRAM_ID)  # the loader's read: kept, or in autocommit
        assert fetched is not None and fetched.language == "ru"

        async with there() as session:  # and the way the loader reads is told too
            await residents.choose_language(session, TELEGRAM_ID, "kk")
        await asyncio.gather(*b._publishing)
        for _ in range(100):
            fetched = await a.fetch(TELEGRAM_ID)
            if fetched is not None and fetched.language == "kk":
                break
            await asyncio.sleep(0.01)
        assert fetched is not None and fetched.language == "kk"
    finally:
        for cache in (a, b):
            await cache.stop()
            await cache.redis.aclose()
        for engine in engines:
            await engine.dispose()


@pytest.mark.postgres
async def test_a_resident_not_kept_is_read_in_one_round_trip_on_postgresql(
    migrated_postgres_url: str,
) -> None:
    """The loader's read of a row not in memory is one statement in autocommit: no ``BEGIN``
    and ``COMMIT`` around it (three round trips to the server, at every vote of a burst),
    and the row joins the handler's transaction as a kept one does."""
    engine = create_engine(migrated_postgres_url)
    sent: list[str] = []

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.driver_connection.add_query_logger(lambda q: sent.append(q.query))

    sessionmaker = create_sessionmaker(engine)
    cache = ResidentCache(engine)
    try:
        async with sessionmaker() as session:
            await residents.choose_language(session, TELEGRAM_ID, "kk")
        seen: list[Resident] = []

        async def handler(_event: Any, data: dict[str, Any]) -> None:
            seen.append(data["resident"])
            await asyncio.sleep(0.01)  # asyncpg calls its query loggers soon, not at once
            assert sent == []  # no BEGIN, no COMMIT (asyncpg logs those, not statements)
            assert len(reads) == 1  # and the one read
            data["resident"].language = "ru"
            async with data["session"].begin():  # the handler's transaction writes it
                pass

        user = User(id=TELEGRAM_ID, is_bot=False, first_name="Aru")
        sent.clear()
        reads = await count_reads(engine)
        async with sessionmaker() as session:
            await ResidentLoader(cache)(
                handler, Update(update_id=1), {"event_from_user": user, "session": session}
            )
        assert seen and seen[0].language == "ru"
        async with sessionmaker() as session, session.begin():
            stored = await residents_repo.by_telegram_id(session, TELEGRAM_ID)
            assert stored is not None and stored.language == "ru"
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_an_instance_that_does_not_hear_the_others_keeps_nothing(
    migrated_postgres_url: str,
) -> None:
    from redis.asyncio import Redis

    engine = create_engine(migrated_postgres_url)
    cache = SharedResidentCache(
        engine, Redis.from_url("redis://127.0.0.1:1"), "nowhere", retry=0.05
    )
    await cache.start()
    sessionmaker = create_sessionmaker(engine)
    try:
        async with sessionmaker() as session:
            await residents.choose_language(session, TELEGRAM_ID, "kk")
        reads = await count_reads(engine)
        await asyncio.sleep(0.2)  # it tries to listen, and fails
        for _ in range(3):
            resident = await load(cache)
            assert resident is not None and resident.language == "kk"
        assert not cache.listening and len(reads) == 3  # every load read the row
    finally:
        await cache.stop()
        await cache.redis.aclose()
        await engine.dispose()


async def test_a_kept_row_is_read_again_after_its_time(engine: AsyncEngine) -> None:
    sessionmaker = create_sessionmaker(engine)
    cache = ResidentCache(engine)
    cache.ttl = 0.05
    async with sessionmaker() as session:
        await residents.choose_language(session, TELEGRAM_ID, "kk")
    reads = await count_reads(engine)
    await load(cache)
    await load(cache)
    await asyncio.sleep(0.06)
    await load(cache)
    assert len(reads) == 2
