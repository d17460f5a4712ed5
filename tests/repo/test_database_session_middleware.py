"""The per-update session (``bot.middlewares.database.DatabaseSession``) is closed only when
a handler left a transaction open: then it is rolled back and its connection returned, on
each kind of database; a session whose transactions all ended is dropped without ``close``."""

from __future__ import annotations

from typing import Any

from aiogram.types import TelegramObject
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.middlewares.database import DatabaseSession
from models.repositories import residents
from models.resident import Resident

EVENT = TelegramObject()


async def _count(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with sessionmaker() as session, session.begin():
        return int((await session.execute(text("SELECT count(*) FROM residents"))).scalar_one())


async def test_a_transaction_left_open_is_rolled_back_and_its_connection_returned(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    seen: dict[str, AsyncSession] = {}

    async def careless(_event: Any, data: dict[str, Any]) -> str:
        session = seen["session"] = data["session"]
        await session.begin()  # never committed nor ended
        await residents.add(session, 9_100_001, "kk")
        return "done"

    assert await DatabaseSession(sessionmaker)(careless, EVENT, {}) == "done"
    assert not seen["session"].in_transaction()
    pool = sessionmaker.kw["bind"].sync_engine.pool
    assert pool.checkedout() == 0
    assert await _count(sessionmaker) == 0  # rolled back, and the database is free


async def test_a_session_whose_transactions_ended_is_left_as_it_is(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    seen: dict[str, Any] = {}

    async def tidy(_event: Any, data: dict[str, Any]) -> None:
        session = data["session"]
        async with session.begin():
            seen["resident"] = await residents.add(session, 9_100_002, "ru")

    await DatabaseSession(sessionmaker)(tidy, EVENT, {})
    pool = sessionmaker.kw["bind"].sync_engine.pool
    assert pool.checkedout() == 0
    assert await _count(sessionmaker) == 1
    resident: Resident = seen["resident"]
    assert resident.language == "ru"  # loaded attributes stay readable after the update
