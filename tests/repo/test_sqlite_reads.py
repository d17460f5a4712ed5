"""Reads on SQLite without a session (``bot.sqlite_direct.rows``): the same rows, converted
by the same column types, as SQLAlchemy's own execution of the statement gives; and inside a
session's open transaction the session's own connection is used (the pool has one)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Date, Table, bindparam, event, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import sqlite_direct, sqlite_trips
from bot.database import create_engine, create_sessionmaker
from bot.fair_pool import FairAsyncPool
from bot.resident_cache import _ROW, ResidentCache
from models.base import utcnow
from models.fsm import FsmRecord
from models.need import NeedEvent
from models.repositories.staff import _ACTIVE_WITH_LANGUAGES
from models.resident import Resident
from models.staff import StaffMember
from services import needs, residents

TZ = ZoneInfo("Asia/Almaty")


async def test_rows_read_directly_are_those_the_session_reads(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    sessionmaker = create_sessionmaker(engine)
    try:
        async with sessionmaker() as session:
            await residents.choose_language(session, 501, "kk")
            await residents.give_consent(session, 501)  # a date and time column set
            await residents.choose_language(session, 502, "ru")
            async with session.begin():
                session.add(StaffMember(telegram_id=502, added_by=1, name="M"))
        statements = [
            (_ROW, {"telegram_id": 501}),
            (_ACTIVE_WITH_LANGUAGES, None),
            (
                select(Resident.id).where(Resident.consent_at > bindparam("at")),
                {"at": datetime(2000, 1, 1, tzinfo=UTC)},
            ),
        ]
        for statement, values in statements:
            async with sessionmaker() as session, session.begin():
                expected = [tuple(row) for row in await session.execute(statement, values)]
            assert expected, statement
            assert await sqlite_direct.rows(engine, statement, values) == expected
        [(consent_at, *_)] = [
            row[list(Resident.__table__.c.keys()).index("consent_at") :]
            for row in await sqlite_direct.rows(engine, _ROW, {"telegram_id": 501})
        ]
        assert consent_at.tzinfo is not None  # converted as the column type converts it
    finally:
        await engine.dispose()


async def test_a_list_parameter_is_refused(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    try:
        statement = select(Resident.id).where(
            Resident.telegram_id.in_(bindparam("ids", expanding=True))
        )
        with pytest.raises(ValueError, match="IN"):
            await sqlite_direct.rows(engine, statement, {"ids": [1, 2]})
    finally:
        await engine.dispose()


async def test_a_read_inside_an_open_transaction_uses_the_session(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url, pool_timeout=2)  # the pool's one connection
    sessionmaker = create_sessionmaker(engine)
    try:
        async with sessionmaker() as session:
            resident = await residents.choose_language(session, 503, "kk")
            async with session.begin():
                await session.execute(select(Resident.id))  # holds the connection
                assert sqlite_direct.direct_engine(session) is None
                left = await needs.needs_left_today(session, resident, limit=5, tz=TZ)
            assert left == 5
            assert sqlite_direct.direct_engine(session) is engine  # no transaction: direct
    finally:
        await engine.dispose()


async def test_a_row_read_while_residents_are_being_written_is_not_kept(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    sessionmaker = create_sessionmaker(engine)
    cache = ResidentCache(engine)
    try:
        async with sessionmaker() as session:
            await residents.choose_language(session, 504, "kk")
        fetched = await cache.fetch(504)
        assert fetched is not None and fetched.language == "kk"
        assert cache.kept(504) is not None  # read without a session, kept
        async with sessionmaker() as session:
            await residents.choose_language(session, 504, "ru")  # a write empties the memory
        assert cache.kept(504) is None
        again = await cache.fetch(504)
        assert again is not None and again.language == "ru"
    finally:
        await engine.dispose()


async def test_statements_that_would_lose_what_sqlalchemy_adds_are_refused(
    sqlite_url: str,
) -> None:
    engine = create_engine(sqlite_url)
    try:
        events = cast(Table, NeedEvent.__table__)
        no_time = insert(events).values(
            {name: bindparam(name) for name in ("need_id", "actor", "to_status")}
        )  # "at" has a Python default, made at execution by SQLAlchemy
        with pytest.raises(ValueError, match="Python default"):
            await sqlite_direct.rows(
                engine, no_time, {"need_id": 1, "actor": "x", "to_status": "new"}
            )
        language = update(Resident).values(language="ru")  # the resident cache must see it
        with pytest.raises(ValueError, match="residents"):
            await sqlite_direct.rows(engine, language)
    finally:
        await engine.dispose()


async def test_a_transaction_that_fails_leaves_nothing(migrated_database_url: str) -> None:
    engine = create_engine(migrated_database_url)
    sessionmaker = create_sessionmaker(engine)
    table = cast(Table, FsmRecord.__table__)
    statement = insert(table).values(
        {name: bindparam(name) for name in ("key", "state", "data", "updated_at")}
    )
    row = {"key": "k", "state": "S:one", "data": {"a": 1}, "updated_at": utcnow()}
    count = select(func.count()).select_from(table)

    def add_then_fail(db: sqlite_direct.Statements) -> None:
        db.rows(statement, row)
        raise RuntimeError("a later step failed")

    try:
        async with sessionmaker() as session:
            with pytest.raises(RuntimeError):
                await sqlite_direct.transaction(session, add_then_fail)
            assert await sqlite_direct.alone(session, count) == [(0,)]
            await sqlite_direct.transaction(session, lambda db: db.rows(statement, row))
            assert await sqlite_direct.alone(session, count) == [(1,)]
    finally:
        await engine.dispose()


async def test_values_are_written_and_read_as_the_session_writes_and_reads_them(
    sqlite_url: str,
) -> None:
    engine = create_engine(sqlite_url)
    sessionmaker = create_sessionmaker(engine)
    table = cast(Table, FsmRecord.__table__)
    on_the_second = datetime(2026, 1, 2, 10, 0, 0, tzinfo=UTC)  # microsecond 0
    statement = insert(table).values(
        {name: bindparam(name) for name in ("key", "state", "data", "updated_at")}
    )
    try:
        async with sessionmaker() as session:
            values = {"key": "k", "state": None, "data": {"a": [1]}, "updated_at": on_the_second}
            await sqlite_direct.transaction(session, lambda db: db.rows(statement, values))
            async with session.begin():  # compared as the text SQLAlchemy writes
                same = select(table.c.key).where(table.c.updated_at == on_the_second)
                assert (await session.execute(same)).all() == [("k",)]
        a_day = select(
            bindparam("day", type_=Date()), bindparam("at", type_=table.c.updated_at.type)
        )
        typed: dict[str, Any] = {"day": date(2026, 1, 2), "at": on_the_second}
        async with sessionmaker() as session, session.begin():
            expected = [tuple(row) for row in await session.execute(a_day, typed)]
        assert await sqlite_direct.rows(engine, a_day, typed) == expected
        assert expected == [(date(2026, 1, 2), on_the_second)]
    finally:
        await engine.dispose()


async def test_a_statement_past_the_loops_budget_is_run_again_on_the_thread(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_engine(sqlite_url)
    sessionmaker = create_sessionmaker(engine)
    table = cast(Table, FsmRecord.__table__)
    statement = insert(table).values(
        {name: bindparam(name) for name in ("key", "state", "data", "updated_at")}
    )
    count = select(func.count()).select_from(table)
    trips = 0
    on_thread = sqlite_trips._on_thread

    async def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal trips
        trips += 1
        return await on_thread(*args, **kwargs)

    try:
        async with sessionmaker() as session:
            await sqlite_direct.alone(session, count)  # the connection made first
            monkeypatch.setattr(sqlite_trips, "_on_thread", counted)
            monkeypatch.setattr(sqlite_trips, "LOOP_BUDGET", -1.0)  # every statement is slow
            monkeypatch.setattr(sqlite_trips, "_PROGRESS_OPS", 1)
            row = {"key": "k", "state": "S:one", "data": {}, "updated_at": utcnow()}
            await sqlite_direct.transaction(session, lambda db: db.rows(statement, row))
            assert await sqlite_direct.alone(session, count) == [(1,)]  # written once
            assert trips == 2  # both interrupted here, both run on aiosqlite's thread
    finally:
        await engine.dispose()


FSM = cast(Table, FsmRecord.__table__)
FSM_COUNT = select(func.count()).select_from(FSM)
FSM_INSERT = insert(FSM).values(
    {name: bindparam(name) for name in ("key", "state", "data", "updated_at")}
)


def _fsm_row() -> dict[str, Any]:
    return {"key": "k", "state": "S:one", "data": {}, "updated_at": utcnow()}


Idle = tuple[AsyncEngine, "async_sessionmaker[AsyncSession]"]


@pytest.fixture
async def idle(sqlite_url: str) -> AsyncIterator[Idle]:
    """An SQLite engine and its sessions, the pool's one connection made and idle."""
    engine = create_engine(sqlite_url)
    assert await sqlite_direct.rows(engine, FSM_COUNT) == [(0,)]
    try:
        yield engine, create_sessionmaker(engine)
    finally:
        await engine.dispose()


async def test_a_statement_on_an_idle_connection_takes_no_checkout(idle: Idle) -> None:
    # The pool's idle connection is used as it sits there: the statement runs without
    # yielding, so nobody can take the connection meanwhile (~25 us of CPU less per call).
    engine, sessionmaker = idle
    checkouts: list[tuple[Any, ...]] = []
    event.listen(engine.sync_engine, "checkout", lambda *args: checkouts.append(args))
    async with sessionmaker() as session:
        row = _fsm_row()
        await sqlite_direct.transaction(session, lambda db: db.rows(FSM_INSERT, row))
        assert await sqlite_direct.alone(session, FSM_COUNT) == [(1,)]
        assert len(checkouts) == 0
        async with session.begin():  # a session still checks it out
            await session.execute(FSM_COUNT)
        assert len(checkouts) == 1


async def test_a_statement_waits_for_the_connection_a_session_holds(idle: Idle) -> None:
    # A session in a transaction holds the pool's one connection: a statement run alone
    # meanwhile waits for it in the pool, and does not see what the session has not committed.
    _engine, sessionmaker = idle
    async with sessionmaker() as writer, sessionmaker() as reader:
        await writer.begin()
        await writer.execute(FSM_INSERT, _fsm_row())  # not committed yet
        read = asyncio.create_task(sqlite_direct.alone(reader, FSM_COUNT))
        await asyncio.sleep(0.05)
        assert not read.done()  # waiting for the connection, not reading on it
        await writer.rollback()
        assert await asyncio.wait_for(read, 5) == [(0,)]


async def test_a_statement_after_the_connection_was_invalidated_opens_a_new_one(
    idle: Idle,
) -> None:
    engine, _sessionmaker = idle
    pool = cast(FairAsyncPool, engine.sync_engine.pool)
    async with engine.connect() as connection:
        await connection.invalidate()  # closed: the pool keeps an empty record
    assert pool.idle_record() is None
    assert await sqlite_direct.rows(engine, FSM_COUNT) == [(0,)]
    assert pool.idle_record() is not None


async def test_a_statement_the_lock_stopped_on_the_idle_connection_waits_on_the_thread(
    idle: Idle, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another process holds the write lock: the write tried on the idle connection stops at
    # once, and is not tried here again after the checkout (nor a second budget spent on the
    # loop): it waits for the lock on aiosqlite's thread, and is written once it is released.
    _engine, sessionmaker = idle
    tried_here: list[tuple[Any, ...]] = []  # the calls of sqlite_trips._here
    here = sqlite_trips._here

    def counted(*args: Any) -> Any:
        tried_here.append(args)
        return here(*args)

    monkeypatch.setattr(sqlite_trips, "_here", counted)
    other = sqlite3.connect(sqlite_url.split("///", 1)[1], isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        row = _fsm_row()
        async with sessionmaker() as session:
            write = asyncio.create_task(
                sqlite_direct.transaction(session, lambda db: db.rows(FSM_INSERT, row))
            )
            await asyncio.sleep(0.2)
            assert not write.done()  # waiting for the lock, on the thread
            other.execute("ROLLBACK")
            await asyncio.wait_for(write, 10)
            assert len(tried_here) == 1
            assert await sqlite_direct.alone(session, FSM_COUNT) == [(1,)]
    finally:
        other.close()


async def test_a_transaction_left_open_on_the_idle_connection_is_rolled_back(idle: Idle) -> None:
    engine, sessionmaker = idle

    def begins(connection: sqlite3.Connection) -> None:  # against the rule: left open
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("DELETE FROM fsm_states")

    async with sessionmaker() as session:
        await sqlite_direct.transaction(session, lambda db: db.rows(FSM_INSERT, _fsm_row()))
        await sqlite_direct.run(engine, begins)
        assert await sqlite_direct.alone(session, FSM_COUNT) == [(1,)]
        async with session.begin():  # the next session can begin its own
            assert (await session.execute(FSM_COUNT)).all() == [(1,)]


async def test_an_idle_connection_left_in_a_transaction_is_replaced(
    idle: Idle, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where even the rollback fails, the connection is not handed to the next checkout as it
    # is: its entry is invalidated, and the next statement goes through a new connection.
    engine, _sessionmaker = idle
    pool = cast(FairAsyncPool, engine.sync_engine.pool)
    connects: list[tuple[Any, ...]] = []
    event.listen(engine.sync_engine, "connect", lambda *args: connects.append(args))
    with monkeypatch.context() as patched:
        patched.setattr(sqlite_trips, "in_transaction", lambda _adapter: True)
        assert await sqlite_direct.rows(engine, FSM_COUNT) == [(0,)]
    assert pool.idle_record() is None  # to be replaced at its next checkout
    assert await sqlite_direct.rows(engine, FSM_COUNT) == [(0,)]
    assert len(connects) == 1
    assert pool.idle_record() is not None


async def test_a_pool_that_pings_at_checkout_leaves_no_idle_connection_unchecked(
    sqlite_url: str,
) -> None:
    engine = create_engine(sqlite_url, pool_pre_ping=True)
    try:
        assert await sqlite_direct.rows(engine, FSM_COUNT) == [(0,)]
        assert cast(FairAsyncPool, engine.sync_engine.pool).idle_record() is None
    finally:
        await engine.dispose()
