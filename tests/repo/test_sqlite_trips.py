"""Where SQLAlchemy's statements run on SQLite (bot/sqlite_trips.py): on the event loop's
thread when the database is free, with what SQLAlchemy reads from a cursor (rows, row count,
last row id, errors) unchanged; on aiosqlite's thread, without holding up the loop, when
another process holds the lock, when a statement is slow, and for checkpoints."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import failures, sqlite_trips, sqlite_wal
from bot.database import create_engine


class Traced:
    """An engine whose SQLite connections note each statement they run, and whether they ran
    it on the event loop's thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine: AsyncEngine = create_engine(f"sqlite+aiosqlite:///{path}")
        self.seen: list[tuple[bool, str]] = []
        self.adapters: list[Any] = []
        loop_thread = threading.get_ident()

        def note(statement: str) -> None:
            if not statement.startswith("--"):  # not a trigger's inner statement
                self.seen.append((threading.get_ident() == loop_thread, statement))

        @event.listens_for(self.engine.sync_engine, "connect")
        def _trace(dbapi_connection: Any, _record: Any) -> None:
            self.adapters.append(dbapi_connection)
            dbapi_connection._connection._conn.set_trace_callback(note)

    def other_process(self) -> sqlite3.Connection:
        return sqlite3.connect(str(self.path), isolation_level=None)


@pytest.fixture
async def traced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(sqlite_trips, "_slow", set())  # what other tests found slow
    traced = Traced(tmp_path / "trips.db")
    async with traced.engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)"))
    for adapter in traced.adapters:  # the DDL's checkpoint, aside: over before the test
        running = getattr(adapter._connection, "kenes_wal", None)
        if running is not None and running.running is not None:
            await running.running
    traced.seen.clear()
    yield traced
    await traced.engine.dispose()


async def _turning(seconds: float) -> int:
    """How many times the loop turned in ``seconds``."""
    ticks, started = 0, time.monotonic()
    while time.monotonic() - started < seconds:
        await asyncio.sleep(0.01)
        ticks += 1
    return ticks


async def test_statements_run_on_the_loops_thread_and_read_as_before(traced: Traced) -> None:
    engine = traced.engine
    async with engine.begin() as connection:
        result = await connection.execute(text("INSERT INTO t (v) VALUES ('a')"))
        assert result.lastrowid == 1 and result.rowcount == 1
    assert traced.seen == [
        (True, "BEGIN IMMEDIATE"),
        (True, "INSERT INTO t (v) VALUES ('a')"),
        (True, "COMMIT"),
    ]
    async with engine.begin() as connection:
        many = await connection.execute(
            text("INSERT INTO t (v) VALUES (:v)"), [{"v": "b"}, {"v": "c"}]
        )
        assert many.rowcount == 2
        rows = (await connection.execute(text("SELECT k, v FROM t ORDER BY k"))).all()
        assert [tuple(row) for row in rows] == [(1, "a"), (2, "b"), (3, "c")]
        described = await connection.execute(text("SELECT v AS value FROM t WHERE k = 2"))
        assert list(described.keys()) == ["value"] and described.scalar_one() == "b"
    with pytest.raises(IntegrityError):
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t (k, v) VALUES (1, 'again')"))
    assert all(on_loop for on_loop, _ in traced.seen)


async def test_a_statement_waits_for_another_process_lock_off_the_event_loop(
    traced: Traced,
) -> None:
    other = traced.other_process()
    try:
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock

        async def write() -> None:
            async with traced.engine.begin() as connection:
                await connection.execute(text("INSERT INTO t (v) VALUES ('waited')"))

        writing = asyncio.create_task(write())
        assert await _turning(0.3) >= 15 and not writing.done()
        other.execute("COMMIT")
        await asyncio.wait_for(writing, 5)
    finally:
        other.close()
    assert traced.seen == [
        (True, "BEGIN IMMEDIATE"),  # locked: failed at once, nothing done
        (False, f"PRAGMA busy_timeout = {sqlite_trips.BUSY_TIMEOUT_MS}"),
        (False, "BEGIN IMMEDIATE"),  # waited on aiosqlite's thread
        (False, "PRAGMA busy_timeout = 0"),
        (True, "INSERT INTO t (v) VALUES ('waited')"),
        (True, "COMMIT"),
    ]
    async with traced.engine.connect() as connection:
        assert (await connection.execute(text("SELECT v FROM t"))).scalars().all() == ["waited"]
        assert (await connection.execute(text("PRAGMA busy_timeout"))).scalar() == 0


async def test_a_lock_held_past_the_busy_timeout_is_sqlalchemys_unavailable_error(
    traced: Traced, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_trips, "BUSY_TIMEOUT_MS", 100)
    other = traced.other_process()
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(OperationalError) as raised:
            async with traced.engine.begin() as connection:
                await connection.execute(text("INSERT INTO t (v) VALUES ('never')"))
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert "database is locked" in str(raised.value)
    assert failures.is_storage_unavailable(raised.value)


async def test_a_slow_read_is_interrupted_and_runs_on_the_thread_from_then_on(
    traced: Traced,
) -> None:
    async with traced.engine.begin() as connection:
        await connection.execute(
            text("INSERT INTO t (v) VALUES (:v)"), [{"v": str(n)} for n in range(1_000)]
        )
    slow = "SELECT count(*) FROM t AS a, t AS b WHERE a.v < b.v"  # ~500,000 pairs
    traced.seen.clear()
    async with traced.engine.begin() as connection:
        await connection.execute(text("INSERT INTO t (v) VALUES ('in the transaction')"))
        started = time.thread_time()
        assert (await connection.execute(text(slow))).scalar() == 1_000 * 999 // 2 + 1_000
        assert time.thread_time() - started < 0.05  # the loop's thread gave up on it early
        assert (await connection.execute(text(slow))).scalar() == 1_000 * 999 // 2 + 1_000
    assert traced.seen == [
        (True, "BEGIN IMMEDIATE"),
        (True, "INSERT INTO t (v) VALUES ('in the transaction')"),
        (True, slow),  # interrupted past the budget: the transaction goes on
        (False, slow),
        (False, slow),  # known slow: straight to the thread
        (True, "COMMIT"),
    ]
    async with traced.engine.connect() as connection:
        count = await connection.execute(text("SELECT count(*) FROM t"))
        assert count.scalar() == 1_001


async def test_a_slow_write_runs_on_the_thread_from_then_on(traced: Traced) -> None:
    async with traced.engine.begin() as connection:
        await connection.execute(
            text("INSERT INTO t (v) VALUES (:v)"), [{"v": str(n)} for n in range(30_000)]
        )
    slow = "UPDATE t SET v = v || '!' || v WHERE k <= :n"
    traced.seen.clear()
    for n in (30_000, 1):
        async with traced.engine.begin() as connection:
            await connection.execute(text(slow), {"n": n})
    ran = [on_loop for on_loop, statement in traced.seen if statement.startswith("UPDATE")]
    assert ran == [True, False]  # 30,000 rows took longer than the budget


async def test_checkpoints_are_made_aside_nobody_waits_for_them(
    traced: Traced, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_wal, "CHECKPOINT_CHANGES", 3)
    async with traced.engine.begin() as connection:
        await connection.execute(text("SELECT 1"))  # any checkpoint due from the DDL
    [adapter] = traced.adapters
    wal = adapter._connection.kenes_wal
    if wal.running is not None:
        await wal.running  # the DDL's
    traced.seen.clear()
    for value in "abc":
        async with traced.engine.begin() as connection:
            await connection.execute(text(f"INSERT INTO t (v) VALUES ('{value}')"))
    assert [seen for seen in traced.seen if "INSERT" not in seen[1]] == [
        (True, "BEGIN IMMEDIATE"),
        (True, "COMMIT"),
    ] * 3  # the third changed row made one due: not on the update's connection
    running = wal.running
    assert running is not None
    await running  # on a connection of its own, in a worker thread
    other = traced.other_process()
    try:
        busy, frames, copied = other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    finally:
        other.close()
    assert (busy, frames) == (0, copied)
    async with traced.engine.connect() as connection:
        assert (await connection.execute(text("PRAGMA wal_autocheckpoint"))).scalar() == 0


async def test_without_a_file_of_its_own_the_checkpoint_is_made_on_the_thread(
    traced: Traced, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_wal, "CHECKPOINT_CHANGES", 1)
    async with traced.engine.begin() as connection:
        await connection.execute(text("SELECT 1"))
    [adapter] = traced.adapters
    wal = adapter._connection.kenes_wal
    if wal.running is not None:
        await wal.running  # the DDL's, aside: done before this one's is due
    wal.file = ""  # as PRAGMA database_list says of a database in memory
    traced.seen.clear()
    async with traced.engine.begin() as connection:
        await connection.execute(text("INSERT INTO t (v) VALUES ('a')"))
    assert traced.seen == [
        (True, "BEGIN IMMEDIATE"),
        (True, "INSERT INTO t (v) VALUES ('a')"),
        (False, "COMMIT"),  # committed and checkpointed there, as SQLite's own would
        (False, "PRAGMA wal_checkpoint(PASSIVE)"),
    ]


async def test_a_cancelled_statement_keeps_the_connection_until_the_thread_is_done(
    traced: Traced,
) -> None:
    other = traced.other_process()
    try:
        other.execute("BEGIN IMMEDIATE")

        async def write() -> None:
            async with traced.engine.begin() as connection:
                await connection.execute(text("INSERT INTO t (v) VALUES ('cancelled')"))

        writing = asyncio.create_task(write())
        await _turning(0.1)  # BEGIN IMMEDIATE waits on aiosqlite's thread
        (adapter,) = traced.adapters
        writing.cancel()
        await _turning(0.1)
        assert adapter._execute_mutex.locked() and not writing.done()
        other.execute("COMMIT")
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(writing, 5)
        assert not adapter._execute_mutex.locked()
    finally:
        other.close()
    async with traced.engine.begin() as connection:  # the pool has a working connection
        await connection.execute(text("INSERT INTO t (v) VALUES ('next')"))
        values = (await connection.execute(text("SELECT v FROM t"))).scalars().all()
    assert values == ["next"]


async def test_a_connection_left_in_a_transaction_is_rolled_back_on_return(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'reset.db'}")
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (v TEXT)"))

        def behind_sqlalchemys_back(connection: Connection) -> None:
            cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            cursor.execute("BEGIN IMMEDIATE")
            cursor.execute("INSERT INTO t VALUES ('uncommitted')")
            cursor.close()

        async with engine.connect() as connection:  # SQLAlchemy began nothing here, so
            await connection.run_sync(behind_sqlalchemys_back)  # the pool's reset rolls back
        async with engine.begin() as connection:  # would wait on the write lock otherwise
            await connection.execute(text("INSERT INTO t VALUES ('next')"))
            values = (await connection.execute(text("SELECT v FROM t"))).scalars().all()
        assert values == ["next"]
    finally:
        await engine.dispose()


async def test_a_write_that_copies_a_querys_rows_runs_on_the_thread(traced: Traced) -> None:
    """It cannot be interrupted, and may copy as many rows as the query finds (a broadcast's
    deliveries, one per resident): it never runs on the loop's thread, even the first time."""
    copy = "INSERT INTO t (v) SELECT v || '!' FROM t"
    async with traced.engine.begin() as connection:
        await connection.execute(text("INSERT INTO t (v) VALUES ('a')"))
        await connection.execute(text(copy))
    assert (False, copy) in traced.seen
    assert (True, "INSERT INTO t (v) VALUES ('a')") in traced.seen
