"""Where an SQLite statement runs: right here on the event loop's thread when the database
lets it through at once, else in one trip to aiosqlite's thread.

SQLAlchemy's aiosqlite adapter sends every statement to the connection's own thread, in three
or four trips (make a cursor, run, fetch, close; ``BEGIN IMMEDIATE`` alone is three). Each
trip is a queue put that wakes the thread, a future set from there that wakes the loop, the GIL
passed back and forth, and a greenlet switch to await it: more CPU than the statement itself,
which on a WAL database with ``synchronous=NORMAL`` takes microseconds and waits for no disk.

So every statement the adapter is given (:class:`LoopFirstCursor`; ``COMMIT`` and
``ROLLBACK`` through :class:`LoopFirstConnection`) is run at once, in the caller's greenlet,
when nothing else is using the connection, and only otherwise goes to the thread, in one trip
(statement, rows, description, row count, last row id, cursor closed). What keeps the event
loop from waiting:

- **Locks.** The connection lives at SQLite's busy timeout 0: if another process (a ``kenes``
  command, a backup) holds the lock, the statement fails at once with nothing done, and is run
  again on the thread, which raises the timeout to :data:`BUSY_TIMEOUT_MS` for that trip and
  waits there. A batch (``executemany``) runs here only inside a transaction (which holds the
  write lock since ``BEGIN IMMEDIATE``), so a lock cannot stop it halfway.
- **Slow statements.** A ``SELECT`` gets :data:`LOOP_BUDGET` seconds of this thread's CPU time
  here (not wall time, which a loaded machine stretches; a read waiting on a cold disk is not
  caught): SQLite's progress handler interrupts it past that (a read-only statement
  interrupted leaves the transaction as it was) and it is run on the thread. A write cannot
  be interrupted that way (SQLite would roll back the whole transaction), so it is timed.
  Either way a statement found slow goes to the thread from then on. Statements of other kinds
  (``WITH``: the exports; ``PRAGMA``, DDL, ``VACUUM``...) always go there.
- **Checkpoints.** The connection's automatic checkpoint is off: one made at a ``COMMIT``
  would have that update wait for it. They are made aside instead (``bot.sqlite_wal``).

Thread safety: the sqlite3 connection (opened by aiosqlite with ``check_same_thread=False``) is
used here only while the adapter's execute mutex is free, and a trip holds that mutex until the
thread is done with it, also when the awaiting task is cancelled (the statement runs on; the
mutex is released when it is over and the cancellation then goes on). The pool gives the
connection to one session at a time. Errors are sqlite3's, raised through the adapter as
before, so SQLAlchemy wraps them in its own exceptions (``bot.failures`` recognises an
unreachable database).

The pool's rollback when a connection comes back is another trip after nearly every
transaction, though it is over (committed) by then: ``bot.database`` turns it off for SQLite
and rolls back only a connection that :func:`in_transaction` says is in one.

Installed on each new connection by :func:`bot.database.create_engine` (the adapter's class
is swapped for a subclass that only changes methods; both have empty ``__slots__``).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import re
import sqlite3
import time
from collections.abc import Callable
from typing import Any, Generic, NamedTuple, TypeVar

from greenlet import getcurrent  # type: ignore[import-untyped]
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
)
from sqlalchemy.util import greenlet_spawn
from sqlalchemy.util.concurrency import await_

from bot import sqlite_wal

T = TypeVar("T")

BUSY_TIMEOUT_MS = 15_000  # how long a statement on aiosqlite's thread waits for a lock
LOOP_BUDGET = 0.002  # seconds of CPU a statement may take on the loop's thread
_PROGRESS_OPS = 2_000  # SQLite instructions between two looks at the clock

_THREAD, _READ, _WRITE = 0, 1, 2  # where a statement runs
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN", "COMMIT", "END", "ROLLBACK")
_KINDS = {"SELECT": _READ, **dict.fromkeys((*_WRITES, "SAVEPOINT", "RELEASE"), _WRITE)}
_kinds: dict[str, int] = {}  # statement text -> where its kind runs (by its first word)
# a write cannot be interrupted (see above): one that copies a query's rows never runs here
_INSERT_SELECT = re.compile(r"\s*INSERT\s+INTO\s+[\w\".]+\s*(?:\([^)]*\)\s*)?SELECT\b", re.I)
_slow: set[str] = set()  # statements that took longer than the budget here: on the thread
_KEPT = 5_000  # statement texts remembered (both forgotten past that)


def _kind(operation: str) -> int:
    kind = _kinds.get(operation)
    if kind is None:
        first = operation.lstrip()[:10].split(None, 1)
        kind = _KINDS.get(first[0].upper(), _THREAD) if first else _THREAD
        if kind == _WRITE and _INSERT_SELECT.match(operation):
            kind = _THREAD  # as many rows as it selects: a broadcast's deliveries, say
        if len(_kinds) >= _KEPT:
            _kinds.clear()
            _slow.clear()
        _kinds[operation] = kind
    return kind


def _slow_here(operation: str) -> None:
    if len(_slow) >= _KEPT:
        _slow.clear()
    _slow.add(operation)


def _primary(error: sqlite3.Error) -> int:
    return (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF  # without the extended part


def _busy(error: sqlite3.Error) -> bool:
    """Whether another connection's lock stopped it (with nothing done)."""
    return _primary(error) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


async def _nothing() -> None:
    return None


def _await_if_required() -> None:
    """``AsyncConnection.execute`` (not a session) raises ``AwaitRequired`` when its greenlet
    awaited nothing, as a statement run here does: there, and only there (the flag of its
    ``greenlet_spawn``, read once per greenlet), one trivial await is made (~5 µs; the check
    ~1.5 µs). Anything unexpected: the await is made."""
    current = getcurrent()
    if not getattr(current, "__sqlalchemy_greenlet_provider__", False):
        return  # not in a greenlet (a pool reset at garbage collection): nothing to satisfy
    seen = current.__dict__
    if "kenes_awaited" in seen:
        return
    seen["kenes_awaited"] = True
    parent = current.parent
    frame = parent.gr_frame if parent is not None else None
    if (
        frame is None
        or frame.f_code is not _SPAWN_CODE
        or frame.f_locals.get("_require_await", True)
    ):
        await_(_nothing())


_SPAWN_CODE = greenlet_spawn.__code__


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
        """Closed already."""


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


def _run_here(
    connection: sqlite3.Connection, operation: str, parameters: Any, many: bool, kind: int
) -> tuple[_Outcome, list[Any] | None]:
    """:func:`_run` on this thread, a read interrupted past the budget; a statement that took
    longer goes to the thread from then on. The time is this thread's CPU time: the
    statement's own work, not the time another process or thread had the core meanwhile."""
    started = time.thread_time()
    if kind == _READ:
        deadline = started + LOOP_BUDGET
        connection.set_progress_handler(lambda: time.thread_time() > deadline, _PROGRESS_OPS)
        try:
            return _run(connection, operation, parameters, many)
        except sqlite3.Error as error:
            if _primary(error) == sqlite3.SQLITE_INTERRUPT:
                _slow_here(operation)
            raise
        finally:
            connection.set_progress_handler(None, 0)
    try:
        return _run(connection, operation, parameters, many)
    finally:
        if time.thread_time() - started > LOOP_BUDGET:
            _slow_here(operation)


def _waiting(
    connection: sqlite3.Connection, locked: bool, function: Callable[..., T], *args: Any
) -> T:
    """``function(connection, *args)`` on aiosqlite's thread: at once unless the database was
    found ``locked`` already, and (again) with the busy timeout raised meanwhile if another
    connection's lock stops it with nothing changed."""
    if not locked:
        changes = connection.total_changes
        try:
            return function(connection, *args)
        except sqlite3.Error as error:
            if not _busy(error) or connection.total_changes != changes:
                raise
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    try:
        return function(connection, *args)
    finally:
        connection.execute("PRAGMA busy_timeout = 0")


def _finish(connection: sqlite3.Connection, commit: bool | None, checkpoint: bool) -> None:
    """End the transaction (``None``: it is over already), then checkpoint if asked."""
    if commit:
        connection.commit()
    elif commit is not None:
        connection.rollback()
    if checkpoint:
        sqlite_wal.checkpoint(connection)


async def _on_thread(
    driver: Any, function: Callable[..., T], *args: Any, locked: bool = False
) -> T:
    """One trip: ``function(sqlite3_connection, *args)`` on aiosqlite's thread, waiting for
    a lock there (:func:`_waiting`). The caller holds the execute mutex; if it is cancelled,
    the mutex stays held until the thread is done with the connection."""
    if not driver._running or not driver._connection:
        raise ValueError("Connection closed")  # as aiosqlite says it (bot.failures)
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()
    driver._tx.put_nowait(
        (done, functools.partial(_waiting, driver._connection, locked, function, *args))
    )
    try:
        return await asyncio.shield(done)
    except asyncio.CancelledError:
        while not done.done():
            try:
                await asyncio.shield(done)
            except asyncio.CancelledError:
                continue
            except Exception:
                break
        if not done.cancelled():
            done.exception()  # retrieved: nobody awaits it any more
        raise


async def _end_on_thread(
    adapter: Any, commit: bool | None, checkpoint: bool, locked: bool
) -> None:
    """End the transaction on aiosqlite's thread (``None``: it is over already), then
    checkpoint there if asked."""
    async with adapter._execute_mutex:
        await _on_thread(adapter._connection, _finish, commit, checkpoint, locked=locked)
    if checkpoint:
        sqlite_wal.of(adapter._connection).made(adapter._connection._conn)


def _here(
    connection: sqlite3.Connection, function: Callable[..., T], args: tuple[Any, ...]
) -> tuple[bool, bool, T | None]:
    """``function(connection, *args)`` right here within :data:`LOOP_BUDGET` of CPU (past it
    SQLite interrupts it, as a read through a cursor): ``(done, locked, result)``; not done
    when interrupted or locked (``function`` then left nothing behind: it is run again on
    aiosqlite's thread). Other errors are raised."""
    deadline = time.thread_time() + LOOP_BUDGET  # as for a read (_run_here)
    connection.set_progress_handler(lambda: time.thread_time() > deadline, _PROGRESS_OPS)
    try:
        try:
            return True, False, function(connection, *args)
        finally:
            connection.set_progress_handler(None, 0)
    except sqlite3.Error as error:
        if _primary(error) != sqlite3.SQLITE_INTERRUPT and not _busy(error):
            raise
        return False, _busy(error), None


async def call(
    adapter: Any, function: Callable[..., T], *args: Any, here: bool = True, locked: bool = False
) -> T:
    """``function(sqlite3_connection, *args)`` on an adapter's connection: here when it is
    free and the database lets it through at once within :data:`LOOP_BUDGET` of CPU, else on
    aiosqlite's thread. ``function`` must leave no transaction open when it fails: it is then
    run again there. ``here=False``: straight to the thread, the busy timeout raised at once
    if ``locked`` (:func:`run_if_free` tried it here already)."""
    driver = adapter._connection
    connection = driver._connection
    if here and connection is not None and not adapter._execute_mutex.locked():
        done, locked, result = _here(connection, function, args)
        if done:
            wal = sqlite_wal.of(driver)
            if (
                not connection.in_transaction
                and wal.due(connection)
                and not wal.checkpoint_aside(connection)
            ):
                await _end_on_thread(adapter, None, True, False)  # no file: on the thread
            return result  # type: ignore[return-value]
    async with adapter._execute_mutex:
        return await _on_thread(driver, function, *args, locked=locked)


class Attempt(NamedTuple, Generic[T]):
    """What :func:`run_if_free` did: ``done`` with ``result``, or not, and then whether
    :func:`call` may still try it ``here`` (it was not run) and whether it was ``locked``."""

    done: bool
    result: T | None = None
    here: bool = True
    locked: bool = False


def run_if_free(adapter: Any, function: Callable[..., T], *args: Any) -> Attempt[T]:
    """``function(sqlite3_connection, *args)`` here and now, as :func:`call` runs it first, by
    a caller that has not checked the connection out of the pool (``bot.sqlite_direct``:
    an idle one, that nobody can take while this runs without yielding). Not done, with
    nothing done, when it cannot run here (the connection busy or closed, no file to
    checkpoint aside, which needs a trip to the thread, the database locked or the budget
    spent): the caller then checks it out and uses :func:`call`, told what was tried. A
    transaction ``function`` left open is rolled back; if that fails too the caller must
    not leave the connection to the next checkout as it is (:func:`in_transaction`)."""
    driver = adapter._connection
    connection = driver._connection if driver is not None else None
    if connection is None or not driver._running or adapter._execute_mutex.locked():
        return Attempt(False)
    wal = sqlite_wal.of(driver)
    if not wal.file_of(connection):
        return Attempt(False)
    try:
        done, locked, result = _here(connection, function, args)
    finally:
        if connection.in_transaction:  # its own rollback failed: once more
            with contextlib.suppress(sqlite3.Error):
                connection.rollback()
    if not done:
        return Attempt(False, here=False, locked=locked)  # tried here: not again
    if not connection.in_transaction and wal.due(connection):
        wal.checkpoint_aside(connection)
    return Attempt(True, result)


class LoopFirstCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()
    _awaitable_cursor_close = False  # nothing left open on the thread

    def __init__(self, adapt_connection: Any) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = _Outcome()  # type: ignore[assignment]
        self._soft_closed_memoized = {}  # type: ignore[assignment]
        self._rows = collections.deque()

    def _go(self, operation: Any, parameters: Any, many: bool) -> None:
        adapter = self._adapt_connection
        connection = self._connection._connection
        kind = _kind(operation)
        locked = False
        try:
            if (
                kind
                and operation not in _slow
                and connection is not None
                and not adapter._execute_mutex.locked()
                and (not many or connection.in_transaction)
            ):
                changes = connection.total_changes
                try:
                    outcome, rows = _run_here(connection, operation, parameters, many, kind)
                except sqlite3.Error as error:
                    again = _busy(error) or _primary(error) == sqlite3.SQLITE_INTERRUPT
                    if not again or connection.total_changes != changes:
                        raise  # only a statement that changed nothing is run again
                    locked = _busy(error)
                else:
                    self._cursor = outcome  # type: ignore[assignment]
                    if rows is not None:
                        self._rows = collections.deque(rows)
                    _await_if_required()
                    return
            await_(self._trip(operation, parameters, many, locked))
        except Exception as error:
            adapter._handle_exception(error)

    async def _trip(self, operation: Any, parameters: Any, many: bool, locked: bool) -> None:
        async with self._adapt_connection._execute_mutex:
            outcome, rows = await _on_thread(
                self._connection, _run, operation, parameters, many, locked=locked
            )
            if _kind(operation) == _THREAD:  # DDL, VACUUM...: pages rows do not show
                sqlite_wal.of(self._connection).heavy = True
            self._cursor = outcome  # type: ignore[assignment]
            if rows is not None:
                self._rows = collections.deque(rows)

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        self._go(operation, parameters, False)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        self._go(operation, seq_of_parameters, True)


class LoopFirstConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = LoopFirstCursor

    def _end(self, commit: bool) -> None:
        driver = self._connection
        connection = driver._connection
        if connection is None:
            return  # closed: nothing to end (as the adapter does)
        locked = False
        try:
            wal = sqlite_wal.of(driver)
            checkpoint = commit and wal.due(connection)
            if not self._execute_mutex.locked() and (not checkpoint or wal.file != ""):
                try:
                    _finish(connection, commit, False)
                except sqlite3.Error as error:
                    if not _busy(error):
                        raise
                    locked = True
                else:
                    if not checkpoint or wal.checkpoint_aside(connection):
                        _await_if_required()
                        return
                    await_(_end_on_thread(self, None, True, False))  # committed: checkpoint
                    return
            await_(_end_on_thread(self, commit, checkpoint, locked))
        except Exception as error:
            self._handle_exception(error)

    def commit(self) -> None:
        self._end(True)

    def rollback(self) -> None:
        self._end(False)


def in_transaction(dbapi_connection: Any) -> bool:
    """Whether the SQLite connection under an adapter has a transaction open (read on this
    thread: a flag of the connection, no trip); True when it cannot tell."""
    try:
        return bool(dbapi_connection._connection._conn.in_transaction)
    except Exception:
        return True


def install(dbapi_connection: Any) -> None:
    """Make a new aiosqlite connection adapter run its statements loop-first (above)."""
    if type(dbapi_connection) is AsyncAdapt_aiosqlite_connection:
        dbapi_connection.__class__ = LoopFirstConnection
