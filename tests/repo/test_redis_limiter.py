"""Two instances' limiters on one Redis share one budget, one gap per chat and one pause
(skipped without KENES_TEST_REDIS_URL). Keys live under a prefix of their own per test."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable

import pytest

from bot.broadcast.broadcaster import create_limiter
from bot.broadcast.limiter import LocalRateLimiter
from bot.broadcast.redis_limiter import RedisRateLimiter
from tests.conftest import make_settings

pytestmark = pytest.mark.redis
Factory = Callable[..., RedisRateLimiter]


@pytest.fixture
async def limiters(redis_url: str) -> AsyncIterator[Factory]:
    made: list[RedisRateLimiter] = []
    base = f"kenes-test:{uuid.uuid4().hex}"

    def make(
        *, rate: float, chat_interval: float = 0.0, prefix: str = "shared"
    ) -> RedisRateLimiter:
        limiter = RedisRateLimiter.from_url(
            redis_url, rate=rate, chat_interval=chat_interval, prefix=f"{base}:{prefix}"
        )
        made.append(limiter)
        return limiter

    yield make
    keys = [key async for key in made[0].redis.scan_iter(match=f"{base}:*")] if made else []
    if keys:
        await made[0].redis.delete(*keys)
    for limiter in made:
        await limiter.close()


async def test_two_instances_share_one_budget(limiters: Factory) -> None:
    first, second = limiters(rate=0.001), limiters(rate=0.001)  # one message per 1000 s
    elsewhere = limiters(rate=0.001, prefix="another bot")

    assert await first.reserve(1) == (0.0, True)
    wait, reserved = await second.reserve(2)
    assert reserved and 999 < wait <= 1000  # the first instance used the budget
    assert await elsewhere.reserve(3) == (0.0, True)


async def test_two_instances_together_keep_to_the_rate(limiters: Factory) -> None:
    first, second = limiters(rate=40), limiters(rate=40)
    started = time.monotonic()

    await asyncio.gather(
        *(limiter.acquire(chat) for chat in range(20) for limiter in (first, second))
    )

    # 40 messages at 40 a second between them: the last may go no earlier than 39/40 s.
    assert time.monotonic() - started >= 39 / 40


async def test_a_pause_and_a_chat_gap_hold_for_both_instances(limiters: Factory) -> None:
    first, second = limiters(rate=1000, chat_interval=1.0), limiters(rate=1000, chat_interval=1.0)

    assert (await first.reserve(7))[1]
    wait, reserved = await second.reserve(7)
    assert not reserved and 0.9 < wait <= 1.0
    assert (await second.reserve(8))[1]

    await second.pause(5)
    assert 4 < await first.paused_for() <= 5
    wait, reserved = await first.reserve(9)
    assert reserved and 4 < wait <= 5


async def test_the_redis_limiter_is_chosen_when_redis_is_configured(redis_url: str) -> None:
    shared = create_limiter(make_settings(redis_url=redis_url, broadcast_rate=20))
    alone = create_limiter(make_settings())
    try:
        assert isinstance(shared, RedisRateLimiter) and shared.interval == 50_000
        assert isinstance(alone, LocalRateLimiter) and alone.interval == pytest.approx(1 / 30)
    finally:
        await shared.close()
