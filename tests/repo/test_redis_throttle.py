"""Flood control in Redis: two instances' throttles share one bucket per person, so a
second instance does not give anyone a second burst (skipped without
KENES_TEST_REDIS_URL)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from bot.middlewares.throttling import RedisBuckets
from bot.middlewares.throttling import Verdict as V

pytestmark = pytest.mark.redis


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


@pytest.fixture
async def prefix(redis: Redis) -> AsyncIterator[str]:
    prefix = f"kenes-test:{uuid.uuid4().hex}"
    yield prefix
    keys = [key async for key in redis.scan_iter(match=f"{prefix}:*")]
    if keys:
        await redis.delete(*keys)


async def test_two_instances_share_one_burst_per_person(
    redis: Redis, redis_url: str, prefix: str
) -> None:
    other = Redis.from_url(redis_url)  # the second instance has a connection of its own
    a = RedisBuckets(redis, burst=3, rate=0.0001, prefix=prefix)
    b = RedisBuckets(other, burst=3, rate=0.0001, prefix=prefix)
    try:
        verdicts = [await bucket.take(7) for bucket in (a, b, a, b, a)]
        assert await b.take(8) == V.ALLOW  # another person has a bucket of their own
    finally:
        await other.aclose()

    assert verdicts == [V.ALLOW, V.ALLOW, V.ALLOW, V.WARN, V.DROP]  # warned once, by either


async def test_the_shared_bucket_refills_at_the_rate(redis: Redis, prefix: str) -> None:
    a = RedisBuckets(redis, burst=2, rate=20.0, prefix=prefix)
    b = RedisBuckets(redis, burst=2, rate=20.0, prefix=prefix)
    assert [await a.take(9), await b.take(9), await a.take(9)] == [V.ALLOW, V.ALLOW, V.WARN]

    await asyncio.sleep(0.12)  # two tokens' worth at 20 a second

    assert [await b.take(9), await a.take(9)] == [V.ALLOW, V.ALLOW]


async def test_an_unreachable_redis_lets_events_pass() -> None:
    gone = Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    try:
        assert await RedisBuckets(gone, burst=1, rate=0.0001, prefix="x").take(1) == V.ALLOW
    finally:
        await gone.aclose()
