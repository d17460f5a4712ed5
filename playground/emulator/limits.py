"""Flood limits and injected faults.

Telegram allows a bot about 30 messages per second overall, about one per second in a chat
(short bursts pass) and 20 per minute in a group; past that it answers 429 with
``retry_after``. Tests tighten or loosen these, and inject 429s, 5xx and slow answers.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from playground.emulator.errors import BotApiError, TooManyRequests

Clock = Callable[[], float]


class TokenBucket:
    def __init__(self, rate: float, burst: float, clock: Clock = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.tokens = burst
        self.stamp = clock()

    def wait_time(self) -> float:
        """Take one token and return 0, or return how long until one is free."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


@dataclass
class Limits:
    per_bot: float | None = 30.0  # messages per second, whole bot
    per_chat: float | None = None  # messages per second in one private chat
    chat_burst: float = 3.0
    per_group_minute: float | None = None  # messages per minute in one group


class RateLimiter:
    def __init__(self, limits: Limits, clock: Clock = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self.bot_bucket = (
            TokenBucket(limits.per_bot, max(1.0, limits.per_bot), clock)
            if limits.per_bot
            else None
        )
        self.chat_buckets: dict[int, TokenBucket] = {}
        self.refused = 0

    def _chat_bucket(self, chat_id: int, private: bool) -> TokenBucket | None:
        if chat_id not in self.chat_buckets:
            if private and self.limits.per_chat:
                bucket = TokenBucket(self.limits.per_chat, self.limits.chat_burst, self.clock)
            elif not private and self.limits.per_group_minute:
                rate = self.limits.per_group_minute / 60
                bucket = TokenBucket(rate, self.limits.per_group_minute, self.clock)
            else:
                return None
            self.chat_buckets[chat_id] = bucket
        return self.chat_buckets[chat_id]

    def check(self, chat_id: int, private: bool) -> None:
        """Raise 429 when sending to ``chat_id`` now would exceed a limit."""
        for bucket in (self.bot_bucket, self._chat_bucket(chat_id, private)):
            if bucket is None:
                continue
            wait = bucket.wait_time()
            if wait > 0:
                self.refused += 1
                raise TooManyRequests(max(1, math.ceil(wait)))


@dataclass
class Fault:
    method: str | None  # None: any method
    status: int = 0  # 0: no error, only a delay
    retry_after: int = 1
    delay: float = 0.0
    count: int = 1  # how many requests it hits; -1 for all
    chat_id: int | None = None
    description: str | None = None

    def error(self) -> BotApiError | None:
        if self.status == 0:
            return None
        if self.status == 429:
            return TooManyRequests(self.retry_after)
        default = {
            400: "Bad Request: injected",
            403: "Forbidden: bot was blocked by the user",
            500: "Internal Server Error",
            502: "Bad Gateway",
        }.get(self.status, "Injected error")
        return BotApiError(self.status, self.description or default)


class Faults:
    def __init__(self) -> None:
        self.pending: list[Fault] = []
        self.hits = 0

    def add(self, fault: Fault) -> Fault:
        self.pending.append(fault)
        return fault

    def clear(self) -> None:
        self.pending.clear()

    def take(self, method: str, chat_id: int | None) -> Fault | None:
        for fault in self.pending:
            if fault.method not in (None, method):
                continue
            if fault.chat_id is not None and fault.chat_id != chat_id:
                continue
            if fault.count > 0:
                fault.count -= 1
                if fault.count == 0:
                    self.pending.remove(fault)
            self.hits += 1
            return fault
        return None
