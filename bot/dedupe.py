"""Each webhook update is handled once, even when Telegram delivers it again.

Telegram re-sends an update whose delivery it thinks failed (a timeout, a 5xx, a dropped
connection), possibly to another instance. An instance *claims* the update_id before handling
it: the claim is a lease (``LEASE``) while it is being handled, then a ``done`` mark kept for
``RETENTION``. Another delivery of the same id finds:

- ``done``: answer 200 and do nothing (processed once);
- a live lease: ``BUSY``, answer 503 so Telegram tries again later; by then it is done, or
  the holder died and its lease ran out, and the update is handled after all (nothing lost);
- nothing: handle it.

Where claims live: in Redis when ``KENES_REDIS_URL`` is set (``SET NX EX``: one round trip,
atomic, expiry built in, to the store every instance already uses for FSM state and locks,
and no write to PostgreSQL for each update); otherwise in the ``processed_updates`` table
(``INSERT ... ON CONFLICT DO NOTHING`` and conditional updates: durable and shared by every
instance using the database, with done rows pruned by a leader job). Redis without
persistence forgets claims when it restarts; a retry arriving exactly then could be handled
twice, a smaller risk than losing updates or writing a row per update to PostgreSQL.
"""

from __future__ import annotations

import enum
from datetime import timedelta
from typing import TYPE_CHECKING, Protocol

from aiogram.fsm.storage.base import BaseStorage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.settings import Settings
from models.base import utcnow
from models.repositories import processed_updates

if TYPE_CHECKING:  # imported where used: a bot without Redis never loads it
    from redis.asyncio import Redis

LEASE = timedelta(seconds=120)  # longer than Telegram waits for a webhook answer (60 s)
RETENTION = timedelta(hours=24)


class Claim(enum.Enum):
    NEW = "new"
    DONE = "done"
    BUSY = "busy"


class UpdateClaims(Protocol):
    async def claim(self, update_id: int) -> Claim: ...
    async def finish(self, update_id: int) -> None: ...
    async def release(self, update_id: int) -> None: ...
    async def prune(self) -> int: ...


class RedisClaims:
    _DONE = b"done"

    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix

    def _key(self, update_id: int) -> str:
        return f"{self.prefix}:update:{update_id}"

    async def claim(self, update_id: int) -> Claim:
        key = self._key(update_id)
        if await self.redis.set(key, b"busy", nx=True, ex=LEASE):
            return Claim.NEW
        value = await self.redis.get(key)
        if value is None:  # the lease ran out just now: try once more
            return (
                Claim.NEW if await self.redis.set(key, b"busy", nx=True, ex=LEASE) else Claim.BUSY
            )
        return Claim.DONE if value == self._DONE else Claim.BUSY

    async def finish(self, update_id: int) -> None:
        await self.redis.set(self._key(update_id), self._DONE, ex=RETENTION)

    async def release(self, update_id: int) -> None:
        key = self._key(update_id)
        if await self.redis.get(key) != self._DONE:
            await self.redis.delete(key)

    async def prune(self) -> int:
        return 0  # keys expire by themselves


class DatabaseClaims:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    async def claim(self, update_id: int) -> Claim:
        now = utcnow()
        async with self.sessionmaker() as session, session.begin():
            if await processed_updates.insert_claim(session, update_id, now + LEASE):
                return Claim.NEW
            if await processed_updates.take_expired_claim(session, update_id, now, now + LEASE):
                return Claim.NEW
            done = await processed_updates.is_done(session, update_id)
        return Claim.DONE if done else Claim.BUSY

    async def finish(self, update_id: int) -> None:
        async with self.sessionmaker() as session, session.begin():
            await processed_updates.mark_done(session, update_id, utcnow() + RETENTION)

    async def release(self, update_id: int) -> None:
        async with self.sessionmaker() as session, session.begin():
            await processed_updates.remove_claim(session, update_id)

    async def prune(self) -> int:
        async with self.sessionmaker() as session, session.begin():
            return await processed_updates.remove_expired(session, utcnow())


def shared_redis(settings: Settings, storage: BaseStorage) -> Redis | None:
    """The Redis client of this instance: the FSM storage's, or a new one when the FSM state
    is kept elsewhere; ``None`` without ``KENES_REDIS_URL``."""
    if not settings.redis_url:
        return None
    from redis.asyncio import Redis

    redis = getattr(storage, "redis", None)
    return redis if isinstance(redis, Redis) else Redis.from_url(settings.redis_url)


def create_claims(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], redis: Redis | None
) -> UpdateClaims:
    if redis is not None:
        return RedisClaims(redis, settings.redis_prefix)
    return DatabaseClaims(sessionmaker)
