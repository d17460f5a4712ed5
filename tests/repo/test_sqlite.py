"""SQLite as Kenes configures it: WAL, foreign keys, and writers that queue instead of failing."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from bot import migrate
from bot.database import create_engine, create_sessionmaker
from services import residents


async def test_wal_and_foreign_keys_are_on(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    try:
        async with engine.connect() as connection:
            journal = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
            foreign_keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar()
    finally:
        await engine.dispose()
    assert (journal, foreign_keys) == ("wal", 1)


async def test_concurrent_writers_all_succeed(empty_sqlite_url: str) -> None:
    await migrate.upgrade(empty_sqlite_url)
    engine = create_engine(empty_sqlite_url)
    sessionmaker = create_sessionmaker(engine)

    async def write(telegram_id: int) -> None:
        async with sessionmaker() as session:
            await residents.choose_language(session, telegram_id, "kk")
            await residents.choose_language(session, telegram_id, "ru")
            await residents.give_consent(session, telegram_id)

    try:
        await asyncio.gather(*(write(10_000 + n) for n in range(40)))
        async with engine.connect() as connection:
            count = (
                await connection.execute(
                    text(
                        "SELECT count(*) FROM residents"
                        " WHERE language = 'ru' AND consent_at IS NOT NULL"
                    )
                )
            ).scalar()
    finally:
        await engine.dispose()
    assert count == 40
