"""A connection pool that serves waiting checkouts in the order they came.

SQLAlchemy's asyncio pool keeps its idle connections in an ``asyncio.Queue``. A connection
returned while tasks wait wakes the first of them, but stays in the queue until that task
runs; a task that asks meanwhile takes it without waiting, and the woken one queues again at
the back. Kenes' statements mostly run without yielding (``bot.sqlite_trips``), so a handler
often returns the connection and takes it again in one go (a session, then the FSM's write):
on SQLite's one connection, a resident's update waited behind thousands of others until the
pool's 30 s timeout and failed (seen in the dispatch benchmark with 1,600 residents, 16 at a
time). The same unfairness is SQLAlchemy's issue #7679 for its threaded pool.

Here a returned connection goes straight to the first task still waiting, so a later request
cannot overtake it; with nobody waiting it is kept for the next. A waiter that gives up (its
timeout, a cancellation) just as a connection was handed to it passes that one on.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import Any, TypeVar, cast

from sqlalchemy.pool import AsyncAdaptedQueuePool, ConnectionPoolEntry
from sqlalchemy.util import queue as sqla_queue
from sqlalchemy.util.concurrency import await_

T = TypeVar("T")


class FairQueue(sqla_queue.QueueCommon[T]):
    """The pool's idle connections and the checkouts waiting for one, first come first
    served (see above). ``use_lifo`` picks which idle connection goes out when several are
    free, as in SQLAlchemy's queue."""

    def __init__(self, maxsize: int = 0, use_lifo: bool = False) -> None:
        self.maxsize = maxsize
        self.use_lifo = use_lifo
        self._items: deque[T] = deque()
        self._waiters: deque[asyncio.Future[T]] = deque()

    def empty(self) -> bool:
        return not self._items

    def full(self) -> bool:
        return 0 < self.maxsize <= len(self._items)

    def qsize(self) -> int:
        return len(self._items)

    def put_nowait(self, item: T) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():  # one that gave up is skipped
                waiter.set_result(item)
                return
        if self.full():
            raise sqla_queue.Full()
        self._items.append(item)

    def put(self, item: T, block: bool = True, timeout: float | None = None) -> None:
        self.put_nowait(item)  # never waits: the pool returns at most what it gave out

    def get_nowait(self) -> T:
        if not self._items:
            raise sqla_queue.Empty()
        return self._items.pop() if self.use_lifo else self._items.popleft()

    def get(self, block: bool = True, timeout: float | None = None) -> T:
        if self._items or not block:
            return self.get_nowait()  # items are kept only while nobody waits
        return await_(self._wait(timeout))

    async def _wait(self, timeout: float | None) -> T:
        waiter: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            async with asyncio.timeout(timeout):
                return await waiter
        except BaseException as error:
            if waiter.done() and not waiter.cancelled():
                self.put_nowait(waiter.result())  # handed over as we gave up: to the next
            else:
                waiter.cancel()
                if waiter in self._waiters:  # not skipped by a put already
                    self._waiters.remove(waiter)
            if isinstance(error, TimeoutError):
                raise sqla_queue.Empty() from error
            raise


class FairAsyncPool(AsyncAdaptedQueuePool):
    """SQLAlchemy's asyncio queue pool with :class:`FairQueue` for its connections."""

    _queue_class: Any = FairQueue

    def idle_record(self) -> ConnectionPoolEntry | None:
        """The pool's entry for the connection that the next checkout would get, while it
        sits idle in the pool; ``None`` when none does, or the next checkout would renew or
        test it first (invalidated, older than ``recycle``, or ``pre_ping`` set). Not checked
        out: for work that ends before the event loop runs anything else
        (``bot.sqlite_direct``), which may :meth:`~ConnectionPoolEntry.invalidate` it
        (``soft``: the next checkout replaces it)."""
        queue = cast(FairQueue[Any], self._pool)
        items = queue._items
        if not items or self._pre_ping:
            return None
        record = items[-1] if queue.use_lifo else items[0]
        if (
            record.dbapi_connection is None
            or self._invalidate_time > record.starttime
            or record._soft_invalidate_time > record.starttime
            or (self._recycle > -1 and time.time() - record.starttime > self._recycle)
        ):
            return None
        return cast(ConnectionPoolEntry, record)
