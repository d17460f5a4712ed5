"""The rate limiter in Redis: several instances share one budget for the bot, one gap per
chat and one pause. Each reservation is one Lua script, atomic, timed by Redis' own clock
(``TIME``), so the instances' clocks do not matter. Times are microseconds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.broadcast.limiter import RateLimiter

if TYPE_CHECKING:  # imported where used: a bot without Redis never loads it
    from redis.asyncio import Redis

_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local chat = tonumber(redis.call('GET', KEYS[2]) or '0')
local pause = tonumber(redis.call('GET', KEYS[3]) or '0')
local start = math.max(now, free, pause)
if chat > start then
  return {chat - now, 0}
end
local interval = tonumber(ARGV[1])
local chat_interval = tonumber(ARGV[2])
redis.call('SET', KEYS[1], string.format('%d', start + interval),
           'PX', math.floor((start + interval - now) / 1000) + 60000)
if chat_interval > 0 then
  redis.call('SET', KEYS[2], string.format('%d', start + chat_interval),
             'PX', math.floor((start + chat_interval - now) / 1000) + 1)
end
return {start - now, 1}
"""

_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local target = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if target > current then
  redis.call('SET', KEYS[1], string.format('%d', target),
             'PX', math.floor(tonumber(ARGV[1]) / 1000) + 1000)
end
return 0
"""

_PAUSED_FOR = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local pause = tonumber(redis.call('GET', KEYS[1]) or '0')
return math.max(0, pause - now)
"""

MICRO = 1_000_000


class RedisRateLimiter(RateLimiter):
    def __init__(
        self, redis: Redis, *, rate: float, chat_interval: float = 1.0, prefix: str
    ) -> None:
        self.redis = redis
        self.interval = round(MICRO / rate)
        self.chat_interval = round(MICRO * chat_interval)
        self.prefix = prefix
        self._reserve = redis.register_script(_RESERVE)
        self._pause = redis.register_script(_PAUSE)
        self._paused_for = redis.register_script(_PAUSED_FOR)

    @classmethod
    def from_url(
        cls, url: str, *, rate: float, chat_interval: float = 1.0, prefix: str
    ) -> RedisRateLimiter:
        from redis.asyncio import Redis

        return cls(Redis.from_url(url), rate=rate, chat_interval=chat_interval, prefix=prefix)

    def _key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    async def reserve(self, chat_id: int) -> tuple[float, bool]:
        keys = [self._key("free"), self._key(f"chat:{chat_id}"), self._key("pause")]
        wait, reserved = await self._reserve(keys=keys, args=[self.interval, self.chat_interval])
        return int(wait) / MICRO, bool(int(reserved))

    async def pause(self, seconds: float) -> None:
        await self._pause(keys=[self._key("pause")], args=[round(seconds * MICRO)])

    async def paused_for(self) -> float:
        return int(await self._paused_for(keys=[self._key("pause")])) / MICRO

    async def close(self) -> None:
        await self.redis.aclose()
