"""Which instance runs the scheduled jobs: the leader.

On PostgreSQL the leader is whoever holds a session-level advisory lock
(``pg_try_advisory_lock``) on a connection of its own, outside the pool. Every instance
campaigns: it tries to take the lock every ``retry`` seconds; the leader checks its connection
on the same rhythm and steps down the moment the check fails or takes longer than ``retry``.

When the leader dies, PostgreSQL frees the lock as soon as it notices the session is gone:
at once for a crashed or killed process (its socket is closed by the OS), and within the TCP
keepalive set on the lock connection (``10 + 5 × 3 = 25`` s) for a machine or network that
vanished. Another instance takes over at its next attempt, so within ``retry`` seconds (5 by
default) of the lock being freed: ≤ 5 s after a crash, ≤ 30 s after a network loss. A
leader cut off from the database steps down after at most ``2 × retry`` = 10 s, before
PostgreSQL frees its lock, so two leaders never overlap in time. Jobs are idempotent all the
same. The lock needs a direct connection (or a pooler in session mode).

On SQLite there is one process by definition, and it is the leader (:class:`SoleLeader`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.engine import make_url

if TYPE_CHECKING:  # imported where used: a bot without Redis never loads it
    import asyncpg

logger = logging.getLogger(__name__)

LEADER_LOCK_KEY = 0x4B454E4553_01  # "KENES" + 1 (the migration lock is "KENES")
# PostgreSQL notices a vanished leader within 10 + 5 × 3 s and frees its lock.
_KEEPALIVE = {
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "3",
}

Listener = Callable[[bool], None]


class Leader(Protocol):
    @property
    def is_leader(self) -> bool: ...
    def watch(self, listener: Listener) -> None: ...
    async def start(self) -> None: ...
    async def stop(self) -> None: ...


class _Listeners:
    def __init__(self) -> None:
        self._leading = False
        self._listeners: list[Listener] = []

    @property
    def is_leader(self) -> bool:
        return self._leading

    def watch(self, listener: Listener) -> None:
        """Call ``listener(True)`` when this instance becomes leader, ``(False)`` when not."""
        self._listeners.append(listener)
        if self._leading:
            listener(True)

    def _set(self, leading: bool) -> None:
        if leading == self._leading:
            return
        self._leading = leading
        logger.info("this instance %s the leader", "is now" if leading else "is no longer")
        for listener in self._listeners:
            listener(leading)


class SoleLeader(_Listeners):
    """One process, one leader: SQLite, or a deployment that runs a single instance."""

    async def start(self) -> None:
        self._set(True)

    async def stop(self) -> None:
        self._set(False)


class AdvisoryLockLeader(_Listeners):
    def __init__(self, database_url: str, *, retry: float = 5.0, key: int = LEADER_LOCK_KEY):
        super().__init__()
        url = make_url(database_url).set(drivername="postgresql")
        self.dsn = url.render_as_string(hide_password=False)
        self.retry = retry
        self.key = key
        self.backend_pid: int | None = None  # the lock connection's server process
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self._campaign(), name="leader-campaign")

    async def stop(self) -> None:
        self._stopping.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _pause(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), self.retry)

    async def _campaign(self) -> None:
        import asyncpg

        while not self._stopping.is_set():
            connection: asyncpg.Connection | None = None
            try:
                connection = await asyncpg.connect(
                    self.dsn,
                    timeout=self.retry,
                    command_timeout=self.retry,
                    server_settings=_KEEPALIVE,
                )
                self.backend_pid = connection.get_server_pid()
                await self._hold(connection)
            except Exception as error:  # the campaign goes on, whatever broke this attempt
                logger.warning("leader election: %s", type(error).__name__)
            finally:
                self._set(False)
                if connection is not None:
                    connection.terminate()  # frees the lock, without waiting on the network
                self.backend_pid = None
            await self._pause()

    async def _hold(self, connection: asyncpg.Connection) -> None:
        while not self._stopping.is_set():
            if self.is_leader:
                await asyncio.wait_for(connection.fetchval("SELECT 1"), self.retry)
            elif await asyncio.wait_for(
                connection.fetchval("SELECT pg_try_advisory_lock($1)", self.key), self.retry
            ):
                self._set(True)
            await self._pause()


def create_leader(database_url: str, *, retry: float) -> Leader:
    if make_url(database_url).get_backend_name() == "postgresql":
        return AdvisoryLockLeader(database_url, retry=retry)
    return SoleLeader()
