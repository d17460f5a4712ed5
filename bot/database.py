"""Engines and sessions for Kenes' own database (SQLite by default, PostgreSQL in production).

Sessions never begin a transaction by themselves (``autobegin=False``): services open one with
``async with session.begin():`` and it commits or rolls back there, so no transaction is ever
held across a call to Telegram. On SQLite every transaction starts with ``BEGIN IMMEDIATE``
(one writer at a time, readers never blocked thanks to WAL), so two concurrent writers queue
instead of failing with "database is locked".
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot import sqlite_trips
from bot.fair_pool import FairAsyncPool

SQLITE_BUSY_TIMEOUT_MS = sqlite_trips.BUSY_TIMEOUT_MS  # waited on aiosqlite's thread only
IDLE_PING_SECONDS = 10.0  # a PostgreSQL connection idle this long is checked before use
RECYCLE_SECONDS = 1800  # and one this old is replaced
_RETURNED = "kenes_returned_at"  # connection record info: when it went back to the pool


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _prepare_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(engine: AsyncEngine, *, foreign_keys: bool) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        sqlite_trips.install(dbapi_connection)  # statements on the loop's thread when free
        # Take transaction control away from the driver; "begin" below issues it.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Migrations run with foreign keys off: SQLite's batch ALTER recreates tables, and
        # dropping a referenced table with them on would cascade deletes into its children.
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        # The connection fails at once on another process' lock, so that no statement waits
        # for it on the loop's thread: it is then run again on aiosqlite's thread, which
        # waits up to SQLITE_BUSY_TIMEOUT_MS; checkpoints are made there too (sqlite_trips).
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()

    @event.listens_for(engine.sync_engine, "reset")
    def _on_reset(dbapi_connection: Any, _record: Any, state: Any) -> None:
        # In place of the pool's rollback on return (pool_reset_on_return=None below):
        # only a connection still in a transaction needs one (bot.sqlite_trips).
        if state.asyncio_safe and sqlite_trips.in_transaction(dbapi_connection):
            dbapi_connection.rollback()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Straight to the driver's cursor: through ``exec_driver_sql`` (a result, its
        # metadata, the events) the statement cost about 60 µs of CPU, a quarter of a
        # one-statement transaction's.
        # A failure is wrapped as SQLAlchemy wraps a statement's (``failures`` reads those).
        dialect = connection.dialect
        cursor = connection.connection.dbapi_connection.cursor()
        try:
            cursor.execute("BEGIN IMMEDIATE")
        except dialect.loaded_dbapi.Error as error:
            lost = dialect.is_disconnect(error, connection.connection, cursor)
            wrapped = DBAPIError.instance(
                "BEGIN IMMEDIATE",
                (),
                error,
                dialect.loaded_dbapi.Error,
                connection_invalidated=lost,
                dialect=dialect,
            )
            if lost:  # as SQLAlchemy does for a statement: the pool drops the connection
                connection.invalidate(wrapped)
            raise wrapped from error
        finally:
            cursor.close()


def create_engine(
    url: str, *, echo: bool = False, foreign_keys: bool = True, **kwargs: Any
) -> AsyncEngine:
    if is_sqlite(url):
        _prepare_sqlite_file(url)
        if "poolclass" not in kwargs:
            kwargs.update(poolclass=FairAsyncPool)  # first come, first served
            kwargs.setdefault("pool_size", 1)
            kwargs.setdefault("max_overflow", 0)
        kwargs.setdefault("pool_reset_on_return", None)  # see _on_reset
        engine = create_async_engine(url, echo=echo, **kwargs)
        _configure_sqlite(engine, foreign_keys=foreign_keys)
        return engine
    if "poolclass" not in kwargs:  # NullPool (migrations, tests) takes no pool size
        kwargs.update(poolclass=FairAsyncPool)
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("pool_recycle", RECYCLE_SECONDS)
    engine = create_async_engine(url, echo=echo, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        _ping_idle_connections(engine, IDLE_PING_SECONDS)
    return engine


def _ping_idle_connections(engine: AsyncEngine, idle: float) -> None:
    """Check a pooled connection before use only when it has been idle ``idle`` seconds or
    more: one that served an update a moment ago is as good as a ping would show (a
    pessimistic ``pool_pre_ping`` costs three round trips on asyncpg at every checkout: 6 %
    of an instance's CPU in a poll's burst, issue 19). A connection dropped while in use
    fails that update (the resident is asked to try again, ``bot.failures``) and SQLAlchemy
    then replaces every older connection of the pool (its "optimistic" disconnect handling);
    ``pool_recycle`` renews connections before the server or a proxy times them out."""
    dialect = engine.sync_engine.dialect

    @event.listens_for(engine.sync_engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info[_RETURNED] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get(_RETURNED)
        if returned is None or time.monotonic() - returned < idle:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The pool discards this connection and checks out another (or a new one).
            raise DisconnectionError("idle connection lost") from error


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autobegin=False)
