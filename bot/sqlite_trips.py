"""One trip to aiosqlite's thread per SQL statement instead of three or four.

SQLAlchemy's aiosqlite adapter makes a cursor (a trip to the connection's thread), runs the
statement (a trip), fetches the rows (a trip) and closes the cursor (a trip); ``BEGIN
IMMEDIATE`` alone is three. Each trip is a queue put, a wake-up of the thread, a future set
from there and a wake-up of the event loop, and under load a wait for the GIL. Here the
statement, its rows, its description, row count and last row id are taken in one function
run on that thread, and the cursor is closed there too.

The pool's rollback when a connection comes back is another trip after nearly every
transaction, though it is over (committed) by then: ``bot.database`` turns it off for SQLite
and rolls back only a connection that :func:`in_transaction` says is in one. In the dispatch
benchmark's need flow the two took an update from 18.7 trips to 6.4.

Installed on each new connection by :func:`bot.database.create_engine` (the adapter's class
is swapped for a subclass that only changes the cursor class; both have empty ``__slots__``).
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
)
from sqlalchemy.util.concurrency import await_


class _Outcome:
    """What the statement left on its (already closed) sqlite3 cursor."""

    __slots__ = ("arraysize", "description", "lastrowid", "rowcount")

    def __init__(
        self, description: Any = None, rowcount: int = -1, lastrowid: int | None = None
    ) -> None:
        self.description = description
        self.rowcount = rowcount
        self.lastrowid = lastrowid
        self.arraysize = 1

    def close(self) -> None:
        """Closed on the thread already."""


def _run(
    connection: sqlite3.Connection, operation: str, parameters: Any, many: bool
) -> tuple[_Outcome, list[Any] | None]:
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        else:
            cursor.execute(operation, () if parameters is None else parameters)
        rows = cursor.fetchall() if cursor.description else None
        return _Outcome(cursor.description, cursor.rowcount, cursor.lastrowid), rows
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()
    _awaitable_cursor_close = False  # nothing left open on the thread

    def __init__(self, adapt_connection: Any) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = _Outcome()  # type: ignore[assignment]
        self._soft_closed_memoized = {}  # type: ignore[assignment]
        self._rows = collections.deque()

    async def _trip(self, operation: Any, parameters: Any, many: bool) -> None:
        async with self._adapt_connection._execute_mutex:
            connection = self._connection
            outcome, rows = await connection._execute(
                _run, connection._conn, operation, parameters, many
            )
            self._cursor = outcome
            if rows is not None:
                self._rows = collections.deque(rows)

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        try:
            return await_(self._trip(operation, parameters, False))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        try:
            return await_(self._trip(operation, seq_of_parameters, True))
        except Exception as error:
            self._adapt_connection._handle_exception(error)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneTripCursor


def in_transaction(dbapi_connection: Any) -> bool:
    """Whether the SQLite connection under an adapter has a transaction open (read on this
    thread: a flag of the connection, no trip); True when it cannot tell."""
    try:
        return bool(dbapi_connection._connection._conn.in_transaction)
    except Exception:
        return True


def install(dbapi_connection: Any) -> None:
    """Make a new aiosqlite connection adapter use :class:`OneTripCursor`."""
    if type(dbapi_connection) is AsyncAdapt_aiosqlite_connection:
        dbapi_connection.__class__ = OneTripConnection
