"""Rate limits for sending: a budget for the whole bot and a gap between two messages in one
chat, and a pause for everyone when Telegram answers 429.

Both limiters hand out *reservations* (the generic cell rate algorithm): each message gets
the next free moment ``start = max(now, next free moment of the bot, of its chat, end of a
pause)`` and the bot's next free moment moves ``1 / rate`` seconds past it. Waiters never
stampede, and no second ever holds more than ``rate`` messages (plus the one in flight).
The in-process limiter serves one instance; :mod:`bot.broadcast.redis_limiter` keeps the same
state in Redis for several.
"""

from __future__ import annotations

import asyncio
import time
from abc import ABC, abstractmethod
from collections.abc import Callable

Clock = Callable[[], float]


class RateLimiter(ABC):
    @abstractmethod
    async def reserve(self, chat_id: int) -> float:
        """Reserve the next moment a message may go to ``chat_id``; seconds until then."""

    @abstractmethod
    async def pause(self, seconds: float) -> None:
        """Nobody sends for ``seconds`` (Telegram said 429 with ``retry_after``)."""

    @abstractmethod
    async def paused_for(self) -> float:
        """Seconds left of the current pause, 0 when there is none."""

    async def acquire(self, chat_id: int) -> None:
        """Wait until a message may go to ``chat_id`` now."""
        while True:
            wait = await self.reserve(chat_id)
            if wait <= 0:
                return
            await asyncio.sleep(wait)
            # A 429 may have paused everyone while this reservation was waiting.
            if await self.paused_for() <= 0:
                return

    async def close(self) -> None:
        return None


class LocalRateLimiter(RateLimiter):
    """The budget of one process."""

    def __init__(
        self, rate: float, *, chat_interval: float = 1.0, clock: Clock = time.monotonic
    ) -> None:
        self.interval = 1.0 / rate
        self.chat_interval = chat_interval
        self.clock = clock
        self.next_free = 0.0
        self.paused_until = 0.0
        self.chats: dict[int, float] = {}

    async def reserve(self, chat_id: int) -> float:
        now = self.clock()
        start = max(now, self.next_free, self.paused_until, self.chats.get(chat_id, 0.0))
        self.next_free = start + self.interval
        if self.chat_interval:
            self.chats[chat_id] = start + self.chat_interval
            if len(self.chats) > 10_000:
                self.chats = {chat: at for chat, at in self.chats.items() if at > now}
        return start - now

    async def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, self.clock() + seconds)

    async def paused_for(self) -> float:
        return max(0.0, self.paused_until - self.clock())
