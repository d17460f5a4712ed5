"""A function run on a pooled SQLite connection without SQLAlchemy's transaction handling:
on the event loop's thread when the database lets it through at once, else in one trip to
aiosqlite's thread.

Through a session, a write of one row on SQLite is three statements (``BEGIN IMMEDIATE``, the
statement, ``COMMIT``) and SQLAlchemy's unit of work around them: about 0.3 ms of CPU. The FSM
storage (``bot.fsm_database``) writes a resident's place and draft on nearly every update, so
it runs its statements here instead, in a function that begins, writes and commits.

The function is first run right here (:func:`bot.sqlite_trips.call`), the connection being
at SQLite's busy timeout 0: a statement of a few rows in WAL mode with ``synchronous=NORMAL``
takes microseconds and waits for no disk flush (checkpoints are made aside, ``bot.sqlite_wal``).
If the database is locked by another process (a ``kenes`` command, a backup), it fails at
once, is rolled back, and is run again on aiosqlite's thread with the busy timeout raised
there, where waiting blocks nobody: the event loop never waits for a lock.

The connection is checked out of the engine's pool as any other and used only while the
adapter's own mutex is free, so aiosqlite's thread is idle meanwhile and the pool's one-writer
order holds (SQLAlchemy's adapter opens the connection with ``check_same_thread=False``).
Errors come back as SQLAlchemy's (``DBAPIError.instance``), so ``bot.failures`` recognises an
unreachable database as before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import greenlet_spawn

from bot import sqlite_trips

T = TypeVar("T")


def supported(engine: AsyncEngine) -> bool:
    """Whether ``engine`` is SQLite through aiosqlite (the only driver this knows)."""
    return engine.dialect.name == "sqlite" and engine.dialect.driver == "aiosqlite"


async def run(engine: AsyncEngine, function: Callable[..., T], *args: Any) -> T:
    """``function(sqlite3_connection, *args)`` on a connection from the pool: here if the
    database lets it through at once, else on the connection's thread (see above). It must
    leave no transaction open when it fails, so that it may be run again."""
    pooled = await greenlet_spawn(engine.sync_engine.raw_connection)  # no Connection around
    try:
        try:
            return await sqlite_trips.call(pooled.dbapi_connection, function, *args)
        except sqlite3.Error as error:
            raise DBAPIError.instance(
                getattr(function, "__name__", "sqlite"), None, error, sqlite3.Error
            ) from error
    finally:
        await greenlet_spawn(pooled.close)  # back to the pool (its reset may need a trip)


def write(
    connection: sqlite3.Connection, statements: Iterable[tuple[str, Sequence[Sequence[Any]]]]
) -> None:
    """Each ``(sql, rows)`` run for its rows, in one transaction (``BEGIN IMMEDIATE``, as
    ``bot.database`` begins every transaction on SQLite)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        for sql, rows in statements:
            if rows:
                connection.executemany(sql, rows)
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def read_one(connection: sqlite3.Connection, sql: str, parameters: Sequence[Any]) -> Any:
    """The first row of a query (autocommit: one statement reads a consistent snapshot)."""
    return connection.execute(sql, parameters).fetchone()
