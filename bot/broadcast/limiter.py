"""Rate limits for sending: a budget for the whole bot and a gap between two messages in one
chat, and a pause for everyone when Telegram answers 429.

Both limiters hand out *reservations* (the generic cell rate algorithm): a message gets the
bot's next free moment (after any pause), and that moment moves ``1 / rate`` seconds on.
Waiters never stampede, and no second ever holds more than ``rate`` messages (plus the one
in flight). A chat that must still wait for its own gap takes no slot of the bot: it is told
how long to wait and asks again, so one busy chat never holds up the others.
The in-process limiter serves one instance; :mod:`bot.broadcast.redis_limiter` keeps the same
state in Redis for several.
"""

from __future__ import annotations

import asyncio
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable

Clock = Callable[[], float]


class RateLimiter(ABC):
    sleep: Callable[[float], Awaitable[None]] = staticmethod(asyncio.sleep)

    @abstractmethod
    async def reserve(self, chat_id: int) -> tuple[float, bool]:
        """Seconds to wait, and whether a slot was reserved for then (``False``: the chat's
        own gap is not over; ask again after the wait)."""

    @abstractmethod
    async def pause(self, seconds: float) -> None:
        """Nobody sends for ``seconds`` (Telegram said 429 with ``retry_after``)."""

    @abstractmethod
    async def paused_for(self) -> float:
        """Seconds left of the current pause, 0 when there is none."""

    async def acquire(self, chat_id: int) -> None:
        """Wait until a message may go to ``chat_id`` now."""
        while True:
            wait, reserved = await self.reserve(chat_id)
            if wait > 0:
                await self.sleep(wait)
            # A 429 may have paused everyone while this reservation was waiting.
            if reserved and (wait <= 0 or await self.paused_for() <= 0):
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

    async def reserve(self, chat_id: int) -> tuple[float, bool]:
        now = self.clock()
        start = max(now, self.next_free, self.paused_until)
        chat_free = self.chats.get(chat_id, 0.0)
        if chat_free > start:
            return chat_free - now, False
        self.next_free = start + self.interval
        if self.chat_interval:
            self.chats[chat_id] = start + self.chat_interval
            if len(self.chats) > 10_000:
                self.chats = {chat: at for chat, at in self.chats.items() if at > now}
        return start - now, True

    async def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, self.clock() + seconds)

    async def paused_for(self) -> float:
        return max(0.0, self.paused_until - self.clock())
