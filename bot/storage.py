"""FSM storage choice (the database storage itself: ``bot.fsm_database``).

The database storage is the default: a resident's place in a flow and their draft survive a
restart or a crash. With ``KENES_REDIS_URL`` the state lives in Redis instead, shared by
every instance, with per-user event isolation across instances.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.database import is_sqlite
from bot.fsm_database import DatabaseStorage
from bot.settings import Settings

__all__ = ["DatabaseStorage", "append_to_draft", "create_storage"]


def create_storage(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> tuple[BaseStorage, BaseEventIsolation]:
    """FSM storage and event isolation for the configured deployment."""
    kind = settings.storage_kind
    if kind == "redis":
        from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage

        if not settings.redis_url:
            raise ValueError("KENES_FSM_STORAGE=redis needs KENES_REDIS_URL")
        idle = timedelta(days=settings.abandoned_flow_days)  # abandoned flows expire
        storage = RedisStorage.from_url(
            settings.redis_url,
            state_ttl=idle,
            data_ttl=idle,
            key_builder=DefaultKeyBuilder(
                prefix=f"{settings.redis_prefix}:fsm", with_destiny=True
            ),
        )
        return storage, RedisEventIsolation(redis=storage.redis)
    if kind == "memory":
        return MemoryStorage(), SimpleEventIsolation()
    single_process = is_sqlite(settings.database_url)  # no other instance writes the file
    return DatabaseStorage(sessionmaker, cache=single_process), SimpleEventIsolation()


async def append_to_draft(
    state: FSMContext, name: str, value: Any, *, limit: int
) -> tuple[list[Any], bool]:
    """Add ``value`` to the draft's list ``name`` unless it holds ``limit`` already: the list,
    and whether it was added. Atomic in the database storage, where two instances may handle
    the photos of one album at once; elsewhere the resident's events are isolated (in this
    process, or across instances by Redis' lock)."""
    if isinstance(state.storage, DatabaseStorage):
        return await state.storage.append(state.key, name, value, limit=limit)
    items = list((await state.get_data()).get(name, []))
    if len(items) >= limit:
        return items, False
    await state.update_data({name: [*items, value]})
    return [*items, value], True
