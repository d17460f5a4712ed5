"""Residents kept in memory (SQLite, one process): a known resident costs no query, and every
way this process writes the table is seen on the very next load."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, text, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.database import create_engine, create_sessionmaker
from bot.resident_cache import ResidentCache
from models.resident import Resident
from services import erasure, residents

TZ = ZoneInfo("Asia/Almaty")

TELEGRAM_ID = 9_100_000_001


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlite_url)
    yield engine
    await engine.dispose()


def count_reads(engine: AsyncEngine) -> list[str]:
    reads: list[str] = []

    def on_statement(_connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("SELECT") and "FROM residents" in statement:
            reads.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", on_statement)
    return reads


async def load(
    cache: ResidentCache, sessionmaker: async_sessionmaker[AsyncSession]
) -> Resident | None:
    async with sessionmaker() as session, session.begin():
        return await cache.load(session, TELEGRAM_ID)


async def test_a_known_resident_is_loaded_without_a_query(engine: AsyncEngine) -> None:
    sessionmaker = create_sessionmaker(engine)
    cache = ResidentCache(engine)
    async with sessionmaker() as session:
        await residents.choose_language(session, TELEGRAM_ID, "kk")
    reads = count_reads(engine)

    first = await load(cache, sessionmaker)
    second = await load(cache, sessionmaker)

    assert len(reads) == 1
    assert first is not None and second is not None
    assert (second.id, second.language, second.is_blocked) == (first.id, "kk", False)


async def test_every_write_to_residents_is_seen_on_the_next_load(engine: AsyncEngine) -> None:
    sessionmaker = create_sessionmaker(engine)
    cache = ResidentCache(engine)
    async with sessionmaker() as session:
        await residents.choose_language(session, TELEGRAM_ID, "kk")
    await load(cache, sessionmaker)

    async with sessionmaker() as session:  # the ORM: a changed attribute
        await residents.choose_language(session, TELEGRAM_ID, "ru")
    changed = await load(cache, sessionmaker)
    assert changed is not None and changed.language == "ru"

    async with sessionmaker() as session, session.begin():  # a bulk update
        await session.execute(
            update(Resident)
            .where(Resident.telegram_id == TELEGRAM_ID)
            .values(blocked_at=text("CURRENT_TIMESTAMP"), blocked_reason="spam")
        )
    blocked = await load(cache, sessionmaker)
    assert blocked is not None and blocked.is_blocked and blocked.blocked_reason == "spam"

    async with sessionmaker() as session, session.begin():  # plain SQL
        await session.execute(text("UPDATE residents SET blocked_at = NULL"))
    unblocked = await load(cache, sessionmaker)
    assert unblocked is not None and not unblocked.is_blocked

    async with sessionmaker() as session:
        await erasure.erase(session, TELEGRAM_ID, tz=TZ)
    assert await load(cache, sessionmaker) is None
