"""Flood control per person: a token bucket of ``burst`` events refilled at ``rate`` per
second. Over the limit, the person is asked once, politely, to slow down; further events
are dropped until the bucket refills.

The buckets live in this process (:class:`LocalBuckets`, an ordered dict) or, with
``KENES_REDIS_URL``, in Redis (:class:`RedisBuckets`), so that several instances share one
bucket per person instead of each giving them a burst of their own."""

from __future__ import annotations

import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from enum import IntEnum
from typing import TYPE_CHECKING, Any, Protocol

from aiogram import BaseMiddleware
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message, TelegramObject, User
from aiogram.utils.i18n import gettext as _

if TYPE_CHECKING:
    from redis.asyncio import Redis

logger = logging.getLogger(__name__)


class Verdict(IntEnum):
    ALLOW = 0
    WARN = 1  # over the limit: ask them once to slow down
    DROP = 2  # over the limit, asked already


class Buckets(Protocol):
    async def take(self, user_id: int) -> Verdict: ...


class LocalBuckets:
    """In-process buckets, the least recently used forgotten past ``size``."""

    def __init__(self, *, burst: int, rate: float, size: int = 100_000) -> None:
        self.burst, self.rate, self.size = burst, rate, size
        self._buckets: OrderedDict[int, tuple[float, float, bool]] = OrderedDict()

    async def take(self, user_id: int) -> Verdict:
        now = time.monotonic()
        tokens, at, warned = self._buckets.pop(user_id, (float(self.burst), now, False))
        tokens = min(float(self.burst), tokens + (now - at) * self.rate)
        if tokens >= 1:
            verdict, tokens, warned = Verdict.ALLOW, tokens - 1, False
        else:
            verdict, warned = (Verdict.DROP if warned else Verdict.WARN), True
        self._buckets[user_id] = (tokens, now, warned)
        if len(self._buckets) > self.size:
            self._buckets.popitem(last=False)
        return verdict


# One round trip, atomic: refill by Redis' own clock (the instances' clocks may differ),
# take a token or note the warning; the key expires once the bucket would be full again.
TAKE = """
local burst, rate = tonumber(ARGV[1]), tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local saved = redis.call('HMGET', KEYS[1], 't', 'at', 'w')
local tokens = tonumber(saved[1]) or burst
local at = tonumber(saved[2]) or now
local warned = saved[3] == '1'
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local verdict = 0
if tokens >= 1 then
  tokens = tokens - 1
  warned = false
elseif warned then
  verdict = 2
else
  verdict = 1
  warned = true
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', tostring(now), 'w', warned and '1' or '0')
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 60)
return verdict
"""


class RedisBuckets:
    """Buckets shared by every instance on one Redis. If Redis cannot be reached, events
    pass (flood control is not worth refusing residents over)."""

    def __init__(self, redis: Redis, *, burst: int, rate: float, prefix: str) -> None:
        self.redis, self.burst, self.rate = redis, burst, rate
        self.prefix = f"{prefix}:flood"
        self._take = redis.register_script(TAKE)

    async def take(self, user_id: int) -> Verdict:
        from redis.exceptions import RedisError

        try:
            verdict = await self._take(
                keys=[f"{self.prefix}:{user_id}"], args=[self.burst, self.rate]
            )
        except RedisError as error:
            logger.warning("flood control: Redis unavailable, letting the event pass: %s", error)
            return Verdict.ALLOW
        return Verdict(int(verdict))


class Throttle(BaseMiddleware):
    def __init__(self, buckets: Buckets) -> None:
        self.buckets = buckets

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or user.is_bot:
            return await handler(event, data)
        verdict = await self.buckets.take(user.id)
        if verdict == Verdict.ALLOW:
            return await handler(event, data)
        text = None
        if verdict == Verdict.WARN:
            text = _("You are sending messages too fast. Please wait a few seconds.")
        if isinstance(event, CallbackQuery):  # answered every time, so no button spins
            with contextlib.suppress(TelegramBadRequest):
                await event.answer(text)
        elif isinstance(event, Message) and text is not None:
            await event.answer(text)
        return None
