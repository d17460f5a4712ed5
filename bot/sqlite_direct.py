"""A function run on a pooled SQLite connection without SQLAlchemy's transaction handling:
on the event loop's thread when the database lets it through at once, else in one trip to
aiosqlite's thread.

Through a session, a write of one row on SQLite is three statements (``BEGIN IMMEDIATE``, the
statement, ``COMMIT``) and SQLAlchemy's unit of work around them: about 0.3 ms of CPU. The FSM
storage (``bot.fsm_database``) writes a resident's place and draft on nearly every update, so
it runs its statements here instead, in a function that begins, writes and commits.
:func:`rows` runs one Core statement alone the same way (a read, or a write's ``RETURNING``:
the resident's first read, the day's count, the moderators' list, the duplicate look-up),
and :func:`alone` chooses it for a session that holds no transaction (else the session).

The function is first run right here (:func:`bot.sqlite_trips.call`), the connection being
at SQLite's busy timeout 0: a statement of a few rows in WAL mode with ``synchronous=NORMAL``
takes microseconds and waits for no disk flush (checkpoints are made aside, ``bot.sqlite_wal``).
If the database is locked by another process (a ``kenes`` command, a backup), it fails at
once, is rolled back, and is run again on aiosqlite's thread with the busy timeout raised
there, where waiting blocks nobody: the event loop never waits for a lock.

The connection is used only while the adapter's own mutex is free, so aiosqlite's thread is
idle meanwhile (SQLAlchemy's adapter opens the connection with ``check_same_thread=False``).
When it sits idle in the pool (``FairAsyncPool.idle_record``), the function is run on it
as it is, not checked out: it runs to its end without yielding to the event loop, so nobody
can take the connection meanwhile, and it leaves no transaction open. A checkout and its
return cost ~25 us of CPU, two greenlets and the pool's events, at every FSM write; the
dispatch benchmark's CPU per update fell by about a tenth (issue 19). Otherwise (a session
holds it, none is open yet, or it must wait for a lock or a checkpoint on aiosqlite's thread)
it is checked out of the pool as any other, so the pool's one-writer order holds.
Errors come back as SQLAlchemy's (``DBAPIError.instance``), so ``bot.failures`` recognises an
unreachable database as before.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from sqlalchemy import Select
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert, UpdateBase
from sqlalchemy.util import greenlet_spawn

from bot import sqlite_trips
from bot.fair_pool import FairAsyncPool

T = TypeVar("T")
AnyStatement = Select[*tuple[Any, ...]] | ReturningInsert[*tuple[Any, ...]] | UpdateBase


def supported(engine: AsyncEngine) -> bool:
    """Whether ``engine`` is SQLite through aiosqlite (the only driver this knows)."""
    return engine.dialect.name == "sqlite" and engine.dialect.driver == "aiosqlite"


async def run(engine: AsyncEngine, function: Callable[..., T], *args: Any) -> T:
    """``function(sqlite3_connection, *args)`` on a connection from the pool: here if the
    database lets it through at once, else on the connection's thread (see above). It must
    leave no transaction open when it fails, so that it may be run again."""
    pool = engine.sync_engine.pool
    record = pool.idle_record() if isinstance(pool, FairAsyncPool) else None
    here, locked = True, False
    try:
        if record is not None:  # nobody can take it while this runs: not checked out
            adapter = record.dbapi_connection
            try:
                attempt = sqlite_trips.run_if_free(adapter, function, *args)
            finally:
                if sqlite_trips.in_transaction(adapter):  # not rolled back: not reusable
                    record.invalidate(soft=True)  # the next checkout replaces it
            if attempt.done:
                return attempt.result  # type: ignore[return-value]
            here, locked = attempt.here, attempt.locked
        pooled = await greenlet_spawn(engine.sync_engine.raw_connection)  # no Connection
        try:
            return await sqlite_trips.call(
                pooled.dbapi_connection, function, *args, here=here, locked=locked
            )
        finally:
            await greenlet_spawn(pooled.close)  # back to the pool (its reset may need a trip)
    except sqlite3.Error as error:
        raise DBAPIError.instance(
            getattr(function, "__name__", "sqlite"), None, error, sqlite3.Error
        ) from error


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


def read_all(connection: sqlite3.Connection, sql: str, parameters: Sequence[Any]) -> list[Any]:
    """Every row of a query (autocommit: one statement reads a consistent snapshot)."""
    return connection.execute(sql, parameters).fetchall()


class _Compiled:
    """A statement as SQLAlchemy compiles it for a dialect, with its types' converters."""

    def __init__(self, statement: AnyStatement, dialect: Dialect) -> None:
        if (
            isinstance(statement, UpdateBase)
            and getattr(statement.table, "name", "") == "residents"
        ):
            raise ValueError("residents are written through a session (bot.resident_cache)")
        compiled = statement.compile(dialect=dialect)
        if compiled.positiontup is None or compiled.escaped_bind_names:
            raise ValueError(f"not a plain positional statement: {compiled}")
        if compiled.post_compile_params or compiled.literal_execute_params:
            raise ValueError(f"a list parameter (IN) is not supported: {compiled}")
        if compiled.insert_prefetch or compiled.update_prefetch:  # made at execution
            raise ValueError(f"give every column with a Python default its value: {compiled}")
        self.compiled = compiled
        self.sql = str(compiled)
        self.names = list(compiled.positiontup)
        # The converters SQLAlchemy's own execution uses: the dialect's types' (SQLite's
        # DATETIME writes "2026-01-01 10:00:00.000000", a generic DateTime left that to sqlite3)
        self.binds: dict[str, Callable[[Any], Any]] = dict(compiled._bind_processors)  # type: ignore[arg-type]
        self.results = [
            column.type._cached_result_processor(dialect, None)
            for column in statement.exported_columns
        ]

    def parameters(self, values: Mapping[str, Any] | None) -> list[Any]:
        given = self.compiled.construct_params(dict(values or {}))
        converted = []
        for name in self.names:
            convert = self.binds.get(name)
            converted.append(convert(given[name]) if convert else given[name])
        return converted

    def row(self, raw: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(
            convert(value) if convert else value
            for convert, value in zip(self.results, raw, strict=True)
        )


@functools.lru_cache(maxsize=256)
def _compiled(statement: AnyStatement, dialect: Dialect) -> _Compiled:
    return _Compiled(statement, dialect)


async def rows(
    engine: AsyncEngine, statement: AnyStatement, values: Mapping[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """The rows of one Core statement (a ``SELECT``, or a write's ``RETURNING``) run alone
    by :func:`run`, outside any session, in SQLite's own transaction of one statement:
    parameters bound and columns converted by their types as SQLAlchemy's execution does, the
    statement compiled once per engine. Not for ``IN`` with a list parameter, nor for writes
    to ``residents`` (the resident cache sees only a session's). As with :func:`run`, the
    caller must not hold the pool's connection (a transaction of its own left open)."""
    compiled = _compiled(statement, engine.dialect)
    found = await run(engine, read_all, compiled.sql, compiled.parameters(values))
    return [compiled.row(row) for row in found]


def direct_engine(session: AsyncSession) -> AsyncEngine | None:
    """The engine :func:`rows` may use for ``session``: SQLite through aiosqlite, and only
    while the session has no transaction open (which would hold the pool's connection)."""
    engine = session.bind
    if isinstance(engine, AsyncEngine) and supported(engine) and not session.in_transaction():
        return engine
    return None


async def alone(
    session: AsyncSession, statement: AnyStatement, values: Mapping[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """The rows of one statement that needs no transaction around it: on SQLite by
    :func:`rows` (about a tenth of a session's transaction in CPU), else in a transaction of
    ``session`` (the one already open, or one of its own)."""
    engine = direct_engine(session)
    if engine is not None:
        return await rows(engine, statement, values)
    if session.in_transaction():
        return [tuple(row) for row in await session.execute(statement, values)]
    async with session.begin():
        return [tuple(row) for row in await session.execute(statement, values)]


class Statements(Protocol):
    """Core statements run in one transaction (:func:`transaction`)."""

    dialect: str

    def rows(
        self, statement: AnyStatement, values: Mapping[str, Any] | None = None
    ) -> list[tuple[Any, ...]]: ...


class _OnConnection:
    def __init__(self, connection: sqlite3.Connection, dialect: Dialect) -> None:
        self.connection, self._dialect, self.dialect = connection, dialect, dialect.name

    def rows(
        self, statement: AnyStatement, values: Mapping[str, Any] | None = None
    ) -> list[tuple[Any, ...]]:
        compiled = _compiled(statement, self._dialect)
        found = self.connection.execute(compiled.sql, compiled.parameters(values)).fetchall()
        return [compiled.row(row) for row in found]


class _InSession:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name

    def rows(
        self, statement: AnyStatement, values: Mapping[str, Any] | None = None
    ) -> list[tuple[Any, ...]]:
        result = self.session.execute(statement, dict(values or {}))
        return [tuple(row) for row in result] if statement.exported_columns else []


def statements_of(session: Session) -> Statements:
    """:class:`Statements` run in ``session`` (sync, in its transaction: ``run_sync``)."""
    return _InSession(session)


def _in_transaction(
    connection: sqlite3.Connection, dialect: Dialect, function: Callable[[Statements], T]
) -> T:
    connection.execute("BEGIN IMMEDIATE")
    try:
        result = function(_OnConnection(connection, dialect))
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return result


async def transaction(session: AsyncSession, function: Callable[[Statements], T]) -> T:
    """``function(statements)`` in one transaction, its statements Core ones: on SQLite by
    :func:`run` (``BEGIN IMMEDIATE`` ... ``COMMIT``, no session: the need's filing cost
    ~1.2 ms of CPU through the session), else in a transaction of ``session``, in one
    greenlet (``run_sync``). ``function`` must be quick and touch nothing but the database
    (it may be run again: see :func:`run`); the rules of :func:`rows` hold for its
    statements. A constraint broken raises SQLAlchemy's ``IntegrityError`` either way."""
    engine = direct_engine(session)
    if engine is not None:
        return await run(engine, _in_transaction, engine.dialect, function)

    def in_session(sync_session: Session) -> T:
        with sync_session.begin():
            return function(statements_of(sync_session))

    return await session.run_sync(in_session)
