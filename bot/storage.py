"""FSM storage choice, and an FSM storage in Kenes' own database.

The database storage is the default: a resident's place in a flow and their draft survive a
restart or a crash. With ``KENES_REDIS_URL`` the state lives in Redis instead, shared by
every instance, with per-user event isolation across instances.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseEventIsolation,
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.database import is_sqlite
from bot.settings import Settings
from models.base import utcnow
from models.fsm import FsmRecord


class DatabaseStorage(BaseStorage):
    """State and draft per conversation in the ``fsm_states`` table.

    With ``cache`` (SQLite: one process owns the file) reads are answered from memory after the
    first one and every write goes to the database before the cache changes, so a restart
    still finds everything; aiogram asks for the state several times per update, and each
    read would otherwise be a transaction.
    """

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        key_builder: KeyBuilder | None = None,
        *,
        cache: bool = False,
        cache_size: int = 20_000,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)
        self._cache: OrderedDict[str, tuple[str | None, dict[str, Any]]] | None = (
            OrderedDict() if cache else None
        )
        self._cache_size = cache_size

    def _remember(self, record_key: str, state: str | None, data: dict[str, Any]) -> None:
        if self._cache is None:
            return
        self._cache[record_key] = (state, data)
        self._cache.move_to_end(record_key)
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    async def _current(self, record_key: str) -> tuple[str | None, dict[str, Any]]:
        if self._cache is not None and record_key in self._cache:
            return self._cache[record_key]
        async with self.sessionmaker() as session, session.begin():
            record = await session.get(FsmRecord, record_key)
        current = (record.state, dict(record.data)) if record else (None, {})
        self._remember(record_key, *current)
        return current

    async def _save(self, key: StorageKey, **values: Any) -> None:
        record_key = self.key_builder.build(key)
        state, data = await self._current(record_key)
        state = values.get("state", state)
        data = values.get("data", data)
        async with self.sessionmaker() as session, session.begin():
            if state is None and not data:
                await session.execute(delete(FsmRecord).where(FsmRecord.key == record_key))
            else:
                dialect = session.get_bind().dialect.name
                insert = pg_insert if dialect == "postgresql" else sqlite_insert
                row = {"key": record_key, "state": state, "data": data, "updated_at": utcnow()}
                statement = insert(FsmRecord).values(**row)
                await session.execute(
                    statement.on_conflict_do_update(
                        index_elements=[FsmRecord.key],
                        set_={
                            name: statement.excluded[name]
                            for name in ("state", "data", "updated_at")
                        },
                    )
                )
        self._remember(record_key, state, dict(data))

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await self._save(key, state=state.state if isinstance(state, State) else state)

    async def get_state(self, key: StorageKey) -> str | None:
        state, _ = await self._current(self.key_builder.build(key))
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._save(key, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        _, data = await self._current(self.key_builder.build(key))
        return dict(data)

    async def close(self) -> None:
        return None


def create_storage(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> tuple[BaseStorage, BaseEventIsolation]:
    """FSM storage and event isolation for the configured deployment."""
    kind = settings.storage_kind
    if kind == "redis":
        from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage

        if not settings.redis_url:
            raise ValueError("KENES_FSM_STORAGE=redis needs KENES_REDIS_URL")
        storage = RedisStorage.from_url(
            settings.redis_url,
            key_builder=DefaultKeyBuilder(
                prefix=f"{settings.redis_prefix}:fsm", with_destiny=True
            ),
        )
        return storage, RedisEventIsolation(redis=storage.redis)
    if kind == "memory":
        return MemoryStorage(), SimpleEventIsolation()
    single_process = is_sqlite(settings.database_url)  # no other instance writes the file
    return DatabaseStorage(sessionmaker, cache=single_process), SimpleEventIsolation()
