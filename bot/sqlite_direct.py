"""A function run on a pooled SQLite connection's own thread, in one trip, outside
SQLAlchemy's transaction handling.

Through a session, a write of one row on SQLite is three trips to aiosqlite's thread
(``BEGIN IMMEDIATE``, the statement, ``COMMIT``) and SQLAlchemy's unit of work around them:
about 0.4 ms of CPU. The FSM storage (``bot.fsm_database``) writes a resident's place and draft
on nearly every update, so it runs its statements here instead, in a function that begins,
writes and commits on the thread (about 0.12 ms). The connection is checked out of the engine's
pool as any other, so the pool's one-writer order holds; errors come back as SQLAlchemy's
(``DBAPIError.instance``), so ``bot.failures`` recognises an unreachable database as before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

T = TypeVar("T")


def supported(engine: AsyncEngine) -> bool:
    """Whether ``engine`` is SQLite through aiosqlite (the only driver this knows)."""
    return engine.dialect.name == "sqlite" and engine.dialect.driver == "aiosqlite"


async def run(engine: AsyncEngine, function: Callable[..., T], *args: Any) -> T:
    """``function(sqlite3_connection, *args)`` on the thread of a connection from the pool."""
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        adapter: Any = raw.dbapi_connection  # SQLAlchemy's aiosqlite adapter
        async with adapter._execute_mutex:  # as the adapter's own cursors do
            try:
                result: T = await adapter._connection._execute(
                    function, adapter._connection._conn, *args
                )
            except sqlite3.Error as error:
                raise DBAPIError.instance(
                    getattr(function, "__name__", "sqlite"), None, error, sqlite3.Error
                ) from error
            return result


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
