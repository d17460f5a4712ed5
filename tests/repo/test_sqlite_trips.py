"""One trip to aiosqlite's thread per statement (bot/sqlite_trips.py), with what SQLAlchemy
reads from a cursor (rows, row count, last row id, errors) unchanged, and no rollback trip
for a connection whose transaction is over."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bot.database import create_engine


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return calls


async def test_a_statement_is_one_trip_and_reads_as_before(
    tmp_path: Path, trips: list[str]
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'trips.db'}")
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)"))
        trips.clear()
        async with engine.begin() as connection:  # BEGIN, INSERT, COMMIT: three trips
            result = await connection.execute(text("INSERT INTO t (v) VALUES ('a')"))
            assert result.lastrowid == 1 and result.rowcount == 1
        assert len(trips) == 3, trips
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
    finally:
        await engine.dispose()


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
