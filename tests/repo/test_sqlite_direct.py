"""The FSM storage's writes on SQLite (``bot.sqlite_direct``): stored at once on the event
loop's thread when the database is free; when another process holds its lock, the loop is not
held up: the write waits on aiosqlite's thread and is stored when the lock is released."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from typing import Any

from aiogram.fsm.storage.base import StorageKey
from sqlalchemy.engine import make_url

from bot.database import create_engine, create_sessionmaker
from bot.fsm_database import DatabaseStorage

KEY = StorageKey(bot_id=1, chat_id=5, user_id=5)


async def test_a_write_waits_for_another_process_lock_off_the_event_loop(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    storage = DatabaseStorage(create_sessionmaker(engine), cache=True)
    assert storage._direct is not None
    await storage.set_state(KEY, "Form:one")  # free: stored at once
    other = sqlite3.connect(str(make_url(sqlite_url).database), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        write = asyncio.create_task(storage.set_state(KEY, "Form:two"))
        ticks, started = 0, time.monotonic()
        while time.monotonic() - started < 0.3:  # the loop keeps turning meanwhile
            await asyncio.sleep(0.01)
            ticks += 1
        assert ticks >= 15 and not write.done()
        other.execute("COMMIT")
        await asyncio.wait_for(write, 5)
    finally:
        other.close()
    again = DatabaseStorage(create_sessionmaker(engine), cache=True)  # as after a restart
    assert await again.get_state(KEY) == "Form:two"
    connection = await engine.connect()
    raw = await connection.get_raw_connection()
    adapter: Any = raw.dbapi_connection
    timeout = adapter._connection._conn.execute("PRAGMA busy_timeout").fetchone()
    assert timeout[0] == 0  # lowered again after the wait on aiosqlite's thread
    await connection.close()
    await engine.dispose()
