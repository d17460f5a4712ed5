"""Several instances share a resident's conversation state: what one instance stores, another
reads (Redis, or PostgreSQL for the database storage), and with Redis an update of a resident
waits while another instance handles one of the same resident's (per-user isolation), while
other residents are not held up."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, StorageKey

from bot.database import create_engine, create_sessionmaker
from bot.settings import Settings
from bot.storage import create_storage
from tests.conftest import make_settings

BOT_ID = 7000000001


def key(user_id: int) -> StorageKey:
    return StorageKey(bot_id=BOT_ID, chat_id=user_id, user_id=user_id)


@pytest.fixture(
    params=[
        pytest.param("redis", marks=pytest.mark.redis),
        pytest.param("database", marks=pytest.mark.postgres),
    ]
)
def settings(request: pytest.FixtureRequest) -> Settings:
    if request.param == "redis":
        return make_settings(
            redis_url=request.getfixturevalue("redis_url"),
            redis_prefix=request.getfixturevalue("redis_prefix"),
        )
    return make_settings(database_url=request.getfixturevalue("migrated_postgres_url"))


@pytest.fixture
async def instances(
    settings: Settings,
) -> AsyncIterator[list[tuple[BaseStorage, BaseEventIsolation]]]:
    """Storage and isolation of two instances, built as each process builds its own."""
    engines = [create_engine(settings.database_url) for _ in range(2)]
    built = [create_storage(settings, create_sessionmaker(engine)) for engine in engines]
    yield built
    for storage, isolation in built:
        await isolation.close()
        await storage.close()
    for engine in engines:
        await engine.dispose()


async def test_state_stored_by_one_instance_is_read_by_another(
    instances: list[tuple[BaseStorage, BaseEventIsolation]],
) -> None:
    (first, _), (second, _) = instances

    await first.set_state(key(8001), "NeedFlow:address")
    await first.set_data(key(8001), {"category": "roads", "photos": ["AgAD1"]})

    assert await second.get_state(key(8001)) == "NeedFlow:address"
    assert await second.get_data(key(8001)) == {"category": "roads", "photos": ["AgAD1"]}
    assert await second.get_state(key(8002)) is None


@pytest.mark.redis
async def test_one_residents_updates_wait_for_each_other_across_instances(
    redis_url: str, redis_prefix: str, sqlite_url: str
) -> None:
    settings = make_settings(redis_url=redis_url, redis_prefix=redis_prefix)
    engine = create_engine(sqlite_url)
    built = [create_storage(settings, create_sessionmaker(engine)) for _ in range(2)]
    (_, first), (_, second) = built
    order: list[str] = []

    async def handle(isolation: BaseEventIsolation, user_id: int, name: str) -> None:
        async with isolation.lock(key(user_id)):
            order.append(name)

    async with first.lock(key(8003)):
        same_resident = asyncio.create_task(handle(second, 8003, "same resident"))
        await asyncio.wait_for(handle(second, 8004, "other resident"), 10)
        await asyncio.sleep(0.3)  # time for a broken lock to let "same resident" in
        order.append("first instance done")
    await asyncio.wait_for(same_resident, 10)
    for storage, isolation in built:
        await isolation.close()
        await storage.close()
    await engine.dispose()

    assert order == ["other resident", "first instance done", "same resident"]
