"""The PostgreSQL pool without a ping at every checkout (issue 19): a connection idle long
enough is checked first and replaced when the server dropped it; one dropped while it was
just in use fails that one use, and the pool then replaces its connections."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import database
from bot.database import create_engine
from bot.failures import is_storage_unavailable
from tests.repo.test_leader import terminate_backend


async def backend(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())


@pytest.mark.postgres
async def test_an_idle_connection_the_server_dropped_is_replaced_before_use(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "IDLE_PING_SECONDS", 0.0)  # every checkout is "idle"
    engine = create_engine(postgres_url, pool_size=1)
    try:
        first = await backend(engine)
        assert await backend(engine) == first  # the pool keeps it
        await terminate_backend(postgres_url, first)
        second = await backend(engine)  # checked, found dead, replaced: no error
        assert second != first
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_a_connection_dropped_right_after_use_fails_once_then_the_pool_recovers(
    postgres_url: str,
) -> None:
    engine = create_engine(postgres_url, pool_size=1)
    try:
        first = await backend(engine)
        await terminate_backend(postgres_url, first)
        with pytest.raises(DBAPIError) as failure:  # not idle: used without a ping
            await backend(engine)
        assert is_storage_unavailable(failure.value)  # "try again in a minute"
        assert await backend(engine) != first
    finally:
        await engine.dispose()
