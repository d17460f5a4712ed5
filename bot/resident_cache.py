"""The residents' rows in memory: for the one process that owns a SQLite database
(:class:`ResidentCache`), and, for a few seconds, on PostgreSQL with Redis
(:class:`SharedResidentCache`).

Every update starts by loading its sender's row (language, consent, blocked); from memory that
costs no transaction. It is only ever used where no other process writes the database (SQLite:
one process by design, as for the FSM cache); with PostgreSQL every update reads the row, so
several instances never disagree about a resident.

Nothing is served stale: every statement this process sends that writes ``residents``
(``INSERT``, ``UPDATE``, ``DELETE``, from the ORM, bulk updates or plain SQL) empties the
memory, and so does the end of the transaction that sent it; a row read while such a
transaction is open, or read before one ended, is not kept. A resident blocked by a moderator
is therefore blocked on their very next update.

Several instances on PostgreSQL (:class:`SharedResidentCache`): each keeps the rows it read for
``ttl`` seconds at most, and only while it listens to the other instances on a Redis channel.
An instance whose transaction wrote ``residents`` publishes on that channel when the
transaction is over (committed or not), as it empties its own memory; every instance empties
its memory when it hears it. The message is sent as the handler goes on to its reply (a task
started when the transaction ends) and heard within milliseconds, while the resident's next
update needs that reply to reach them and a tap: whichever instance takes it has been told, so
a language chosen, consent given, a block by a moderator are seen there as here. While an
instance does not listen (Redis unreachable, reconnecting) it keeps nothing and reads every
row, as without a cache. Left to the TTL: a write by a process that is
not a running instance (a ``kenes`` command with its own engine), and a message lost while
Redis itself is failing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import re
import time
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, event, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session, SessionTransaction, make_transient_to_detached

from bot import sqlite_direct
from models.resident import Resident

if TYPE_CHECKING:
    from redis.asyncio import Redis

logger = logging.getLogger(__name__)

_WRITES = re.compile(
    r"\s*(?:UPDATE|INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|DELETE\s+FROM)\s+\"?residents\b",
    re.IGNORECASE,
)
_WROTE = "kenes_wrote_residents"  # in the connection's pool record while its transaction is open
_COLUMNS = [attribute.key for attribute in Resident.__mapper__.column_attrs]
_NEW_RESIDENT = Resident.__mapper__.class_manager.new_instance
_ROW = select(  # the columns in _COLUMNS' order
    *(attribute.columns[0] for attribute in Resident.__mapper__.column_attrs)
).where(Resident.telegram_id == bindparam("telegram_id"))
_ATTACH = "kenes_attach_resident"  # session info: a kept resident to attach at the next begin


class ResidentCache:
    ttl = math.inf  # seconds a row is kept

    def __init__(self, engine: AsyncEngine, size: int = 20_000) -> None:
        self.size = size  # a row takes ~400 bytes: 8 MB at most
        self.engine = engine
        # SQLite through aiosqlite: a row not kept is read without a session (fetch)
        self.direct = engine if sqlite_direct.supported(engine) else None
        self._rows: OrderedDict[int, tuple[float, tuple[Any, ...]]] = OrderedDict()
        self._generation = 0  # changes whenever what is in the table may have changed
        self._writing = 0  # connections in a transaction that wrote residents
        event.listen(engine.sync_engine, "before_cursor_execute", self._on_statement)
        event.listen(engine.sync_engine, "checkin", self._on_checkin)  # also after dispose()

    def _forget(self) -> None:
        self._generation += 1
        self._rows.clear()

    def _on_statement(self, connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if _WRITES.match(statement):
            self._forget()
            if not connection.info.get(_WROTE):
                connection.info[_WROTE] = True
                self._writing += 1

    def _on_checkin(self, _dbapi_connection: Any, record: Any) -> None:
        if record.info.pop(_WROTE, False):  # its transaction is over: committed or not
            self._writing -= 1
            self._forget()
            self._wrote()

    def _wrote(self) -> None:
        """A transaction of this process that wrote residents is over."""

    def _keeping(self) -> bool:
        """Whether rows read now may be kept."""
        return True

    def kept(self, telegram_id: int) -> Resident | None:
        """The resident as last read, detached (:func:`attach_when_begun` puts it in a
        session); ``None`` when not kept."""
        kept = self._rows.get(telegram_id)
        if kept is None:
            return None
        if kept[0] <= time.monotonic():
            del self._rows[telegram_id]
            return None
        self._rows.move_to_end(telegram_id)
        return _made(kept[1])

    async def fetch(self, telegram_id: int) -> Resident | None:
        """The resident as :meth:`kept` gives it, and when not kept, read without a session
        and kept (:meth:`_keep`); ``None`` for a stranger. On SQLite (:attr:`direct`)
        the read takes no transaction (``bot.sqlite_direct``: a tenth of a session's CPU);
        elsewhere it is one statement in autocommit: on PostgreSQL one round trip where a
        transaction takes three (``BEGIN``, the read, ``COMMIT``), and the same snapshot."""
        known = self.kept(telegram_id)
        if known is not None:
            return known
        generation, read_at = self._generation, time.monotonic()
        values = {"telegram_id": telegram_id}
        if self.direct is not None:
            rows = await sqlite_direct.rows(self.direct, _ROW, values)
            row = rows[0] if rows else None
        else:
            async with self.engine.connect() as connection:
                await connection.execution_options(isolation_level="AUTOCOMMIT")
                row = (await connection.execute(_ROW, values)).first()
        if row is None:
            return None
        kept = tuple(row)
        self._keep(telegram_id, generation, read_at, kept)
        return _made(kept)

    def _keep(
        self, telegram_id: int, generation: int, read_at: float, row: tuple[Any, ...]
    ) -> None:
        """Keep a row read at ``read_at``, unless what is in the table may have changed
        since then (or is changing: a transaction that wrote residents is open)."""
        if generation == self._generation and not self._writing and self._keeping():
            self._rows[telegram_id] = (read_at + self.ttl, row)
            if len(self._rows) > self.size:
                self._rows.popitem(last=False)


def _made(row: tuple[Any, ...]) -> Resident:
    """A resident made as the ORM makes a loaded row's object (no constructor, no attribute
    events: those cost ~0.1 ms an update), then marked a row of the table, unchanged."""
    known: Resident = _NEW_RESIDENT()
    known.__dict__.update(zip(_COLUMNS, row, strict=True))
    make_transient_to_detached(known)
    return known


def attach_when_begun(session: AsyncSession, resident: Resident) -> None:
    """Put a kept ``resident`` (:meth:`ResidentCache.kept`) into ``session`` when its next
    transaction begins, as if it had been read there: a change a handler makes to it is
    written by that transaction. Until then it is detached, its attributes all loaded;
    the many updates that open no transaction pay for none (a session begins none by
    itself: ``bot.database``)."""
    session.sync_session.info[_ATTACH] = resident


@event.listens_for(Session, "after_transaction_create")
def _attach(session: Session, transaction: SessionTransaction) -> None:
    resident = session.info.pop(_ATTACH, None)
    if resident is not None:
        session.add(resident)  # the transaction is the session's already


class SharedResidentCache(ResidentCache):
    """Rows kept for ``ttl`` seconds while listening on Redis for the other instances' writes
    (see above). :meth:`start` and :meth:`stop` with the dispatcher."""

    def __init__(
        self,
        engine: AsyncEngine,
        redis: Redis,
        prefix: str,
        *,
        ttl: float = 15.0,
        size: int = 20_000,
        retry: float = 1.0,
    ) -> None:
        super().__init__(engine, size)
        self.redis, self.ttl, self.retry = redis, ttl, retry
        self.channel = f"{prefix}:residents-written"
        self.listening = False
        self._listener: asyncio.Task[None] | None = None
        self._publishing: set[asyncio.Task[None]] = set()

    def _keeping(self) -> bool:
        return self.listening

    def _wrote(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # outside the event loop (disposing the engine at exit)
            return
        task = loop.create_task(self._publish())
        self._publishing.add(task)
        task.add_done_callback(self._publishing.discard)

    async def _publish(self) -> None:
        from redis.exceptions import RedisError

        try:
            await self.redis.publish(self.channel, b"1")
        except RedisError as error:  # the others stop keeping rows when Redis fails them too
            logger.warning("residents written, but the other instances not told: %s", error)

    async def start(self) -> None:
        if self._listener is None:
            self._listener = asyncio.create_task(self._listen())

    async def stop(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener
        if self._publishing:
            await asyncio.gather(*self._publishing, return_exceptions=True)

    async def _listen(self) -> None:
        while True:
            pubsub = self.redis.pubsub()
            try:
                await pubsub.subscribe(self.channel)
                while True:  # until the subscription is confirmed, keep nothing
                    message = await pubsub.get_message(timeout=self.retry)
                    if message is not None and message["type"] == "subscribe":
                        break
                self._forget()
                self.listening = True
                idle = 0.0
                while True:
                    message = await pubsub.get_message(
                        ignore_subscribe_messages=True, timeout=self.retry
                    )
                    if message is not None:
                        self._forget()
                        idle = 0.0
                        continue
                    idle += self.retry
                    if idle >= self.ttl / 3:  # a dead connection is found out in time
                        await pubsub.ping()
                        idle = 0.0
            except asyncio.CancelledError:
                raise
            except Exception as error:  # Redis down or gone: keep nothing until back
                logger.warning("not hearing other instances' resident writes: %s", error)
            finally:
                self.listening = False
                self._forget()
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
            await asyncio.sleep(self.retry)
