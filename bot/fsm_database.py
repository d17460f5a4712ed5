"""An FSM storage in Kenes' own database: each conversation's state and draft in the
``fsm_states`` table, so a restart or a crash loses neither. A write that changes nothing is
not made.

With ``cache`` (SQLite: one process owns the file):

- reads are answered from memory after the first one; the memory changes only after the
  database did, so a restart still finds everything. aiogram asks for the state several times
  per update, and each read would otherwise be a transaction;
- the writes made while an update is handled are gathered and stored together, in one
  transaction, when the update is done (:meth:`DatabaseStorage.updates` around the handler,
  inside the resident's lock, so their next update reads them): a step of a flow that sets
  both the state and the draft costs one write, not two. Reads in that update see its writes.
  Outside an update (jobs, tests) every write is stored at once.
- reads that miss the memory and the writes are each one function that begins, runs and
  commits, on the event loop's thread when the database is free (``bot.sqlite_direct``), not
  a session.

Without it (PostgreSQL, where several instances may share the table) every write is stored at
once, before the handler's next call to Telegram: an instance that receives the resident's
answer to a question reads the state that asked it.
"""

from __future__ import annotations

import functools
import json
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import Insert, Table, delete, select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import sqlite_direct
from models.base import utcnow
from models.dialects import upsert_insert
from models.fsm import FsmRecord

# (state, data as JSON text): what a handler is given is always a copy of its own, so changing
# it in place changes nothing stored, and comparing two texts tells whether a write changes
# anything. JSON is also what the data becomes in the table.
Record = tuple[str | None, str]
EMPTY = "{}"
TABLE = cast(Table, FsmRecord.__table__)


@functools.cache
def _upsert(dialect: str) -> Insert:
    """One upsert statement per dialect, built once (building it anew costs more than
    running it)."""
    statement = upsert_insert(dialect)(TABLE)
    return statement.on_conflict_do_update(  # type: ignore[no-any-return]
        index_elements=[TABLE.c.key],
        set_={name: statement.excluded[name] for name in ("state", "data", "updated_at")},
    )


class _Direct:
    """The table's statements for :mod:`bot.sqlite_direct`: the upsert as SQLAlchemy
    compiles it, the timestamp as its column type binds it; the draft's JSON text is what the
    JSON column would store (``json.dumps``)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        dialect: Dialect = engine.dialect
        compiled = _upsert(dialect.name).compile(dialect=dialect)
        if list(compiled.positiontup or ()) != ["key", "state", "data", "updated_at"]:
            raise RuntimeError(f"unexpected upsert: {compiled}")
        self.upsert = str(compiled)
        self.delete = 'DELETE FROM fsm_states WHERE "key" = ?'
        self.select = 'SELECT state, data FROM fsm_states WHERE "key" = ?'
        bind: Any = TABLE.c.updated_at.type.bind_processor(dialect)
        self.moment: Any = bind or (lambda value: value)

    async def read(self, record_key: str) -> Record:
        row = await sqlite_direct.run(
            self.engine, sqlite_direct.read_one, self.select, (record_key,)
        )
        if row is None:
            return (None, EMPTY)
        return (row[0], json.dumps(json.loads(row[1])))

    async def write(self, records: Mapping[str, Record]) -> None:
        now = self.moment(utcnow())
        rows = [
            (record_key, state, data, now)
            for record_key, (state, data) in records.items()
            if state is not None or data != EMPTY
        ]
        gone = [
            (record_key,)
            for record_key, (state, data) in records.items()
            if state is None and data == EMPTY
        ]
        await sqlite_direct.run(
            self.engine, sqlite_direct.write, [(self.upsert, rows), (self.delete, gone)]
        )


@dataclass
class _Update:
    """What one update read and wrote, until it is done."""

    storage: DatabaseStorage
    seen: dict[str, Record] = field(default_factory=dict)
    written: dict[str, Record] = field(default_factory=dict)
    open: bool = True


_current_update: ContextVar[_Update | None] = ContextVar("kenes_fsm_update", default=None)


class DatabaseStorage(BaseStorage):
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
        self._cache: OrderedDict[str, Record] | None = OrderedDict() if cache else None
        self._cache_size = cache_size
        engine = sessionmaker.kw.get("bind")
        self._direct = (
            _Direct(engine)
            if cache and isinstance(engine, AsyncEngine) and sqlite_direct.supported(engine)
            else None
        )

    @asynccontextmanager
    async def updates(self) -> AsyncIterator[None]:
        """Gather the writes made inside, and store them together on the way out (also when
        the handler failed: what it had written is kept). Only with the cache: see above."""
        if self._cache is None:
            yield
            return
        update = _Update(self)
        token = _current_update.set(update)
        try:
            yield
        finally:
            update.open = False
            _current_update.reset(token)
            if update.written:
                await self._store(update.written)

    def _update(self) -> _Update | None:
        update = _current_update.get()
        if update is None or not update.open or update.storage is not self:
            return None  # outside an update, or a task that outlived its update
        return update

    def _remember(self, record_key: str, record: Record) -> None:
        if self._cache is None:
            return
        self._cache[record_key] = record
        self._cache.move_to_end(record_key)
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    async def _current(self, record_key: str) -> Record:
        update = self._update()
        if update is not None:
            if record_key in update.written:
                return update.written[record_key]
            if record_key in update.seen:
                return update.seen[record_key]
        if self._cache is not None and record_key in self._cache:
            return self._cache[record_key]
        current: Record
        if self._direct is not None:
            current = await self._direct.read(record_key)
        else:
            async with self.sessionmaker() as session, session.begin():
                row = await session.get(FsmRecord, record_key)
            current = (row.state, json.dumps(row.data)) if row else (None, EMPTY)
        self._remember(record_key, current)
        if update is not None:
            update.seen[record_key] = current
        return current

    async def _save(self, key: StorageKey, **values: Any) -> None:
        record_key = self.key_builder.build(key)
        current = await self._current(record_key)
        record: Record = (
            values["state"] if "state" in values else current[0],
            json.dumps(values["data"]) if "data" in values else current[1],
        )
        if record == current:
            return  # nothing changes
        update = self._update()
        if update is not None:
            update.written[record_key] = record
        else:
            await self._store({record_key: record})

    async def _store(self, records: Mapping[str, Record]) -> None:
        """Write ``records`` in one transaction; the cache follows once it is committed."""
        if self._direct is not None:
            await self._direct.write(records)
            for record_key, record in records.items():
                self._remember(record_key, record)
            return
        now = utcnow()
        rows = [
            {"key": record_key, "state": state, "data": json.loads(data), "updated_at": now}
            for record_key, (state, data) in records.items()
            if state is not None or data != EMPTY
        ]
        gone = [key for key, (state, data) in records.items() if state is None and data == EMPTY]
        async with self.sessionmaker() as session, session.begin():
            if rows:
                await session.execute(_upsert(session.get_bind().dialect.name), rows)
            if gone:
                await session.execute(delete(TABLE).where(TABLE.c.key.in_(gone)))
        for record_key, record in records.items():
            self._remember(record_key, record)

    async def append(
        self, key: StorageKey, name: str, value: Any, *, limit: int
    ) -> tuple[list[Any], bool]:
        """Add ``value`` to the list ``name`` of the draft unless it holds ``limit`` already:
        the list, and whether it was added. Without the cache (several instances may handle
        one resident's updates at once: the photos of an album arrive together) it is one
        transaction that locks the row (``SELECT ... FOR UPDATE``), so no append is lost."""
        if self._cache is not None:  # one process: the resident's events are isolated
            data = await self.get_data(key)
            items = list(data.get(name, []))
            if len(items) >= limit:
                return items, False
            await self.set_data(key, {**data, name: [*items, value]})
            return [*items, value], True
        record_key = self.key_builder.build(key)
        async with self.sessionmaker() as session, session.begin():
            row = await session.scalar(
                select(FsmRecord).where(FsmRecord.key == record_key).with_for_update()
            )
            data = dict(row.data) if row is not None else {}
            items = list(data.get(name, []))
            if len(items) >= limit:
                return items, False
            data[name] = [*items, value]
            if row is None:
                session.add(FsmRecord(key=record_key, state=None, data=data, updated_at=utcnow()))
            else:
                row.data, row.updated_at = data, utcnow()
        return data[name], True

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await self._save(key, state=state.state if isinstance(state, State) else state)

    async def get_state(self, key: StorageKey) -> str | None:
        state, _ = await self._current(self.key_builder.build(key))
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._save(key, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        _, data = await self._current(self.key_builder.build(key))
        result: dict[str, Any] = json.loads(data)
        return result

    async def forget_idle(self, before: datetime) -> int:
        """Drop the place and draft of every conversation untouched since ``before``: flows
        abandoned long ago (the retention job, ``scheduler.retention``)."""
        async with self.sessionmaker() as session, session.begin():
            keys = list(
                (
                    await session.execute(select(TABLE.c.key).where(TABLE.c.updated_at < before))
                ).scalars()
            )
            if keys:
                await session.execute(delete(TABLE).where(TABLE.c.key.in_(keys)))
        for record_key in keys:
            if self._cache is not None:
                self._cache.pop(record_key, None)
        return len(keys)

    async def close(self) -> None:
        return None
