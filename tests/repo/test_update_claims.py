"""Webhook update claims behave the same in every store: SQLite, PostgreSQL (the table) and
Redis (keys with expiry), and two instances claiming one update at once cannot both win."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from redis.asyncio import Redis
from sqlalchemy import update

from bot.database import create_engine, create_sessionmaker
from bot.dedupe import Claim, DatabaseClaims, RedisClaims, UpdateClaims
from models import ProcessedUpdate
from models.base import utcnow


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.postgres),
        pytest.param("redis", marks=pytest.mark.redis),
    ]
)
def store(request: pytest.FixtureRequest) -> tuple[str, str]:
    """(kind, url or key prefix) of the store under test."""
    if request.param == "sqlite":
        return "database", request.getfixturevalue("sqlite_url")
    if request.param == "postgresql":
        return "database", request.getfixturevalue("migrated_postgres_url")
    return request.getfixturevalue("redis_url"), request.getfixturevalue("redis_prefix")


@pytest.fixture
async def claims(store: tuple[str, str]) -> AsyncIterator[UpdateClaims]:
    kind, where = store
    if kind != "database":
        redis = Redis.from_url(kind)
        yield RedisClaims(redis, where)
        await redis.aclose()
        return
    engine = create_engine(where)
    yield DatabaseClaims(create_sessionmaker(engine))
    await engine.dispose()


async def test_a_new_update_is_claimed_then_done(claims: UpdateClaims) -> None:
    assert await claims.claim(1) is Claim.NEW
    assert await claims.claim(1) is Claim.BUSY
    await claims.finish(1)
    assert await claims.claim(1) is Claim.DONE
    assert await claims.claim(2) is Claim.NEW


async def test_a_released_claim_can_be_taken_again(claims: UpdateClaims) -> None:
    assert await claims.claim(5) is Claim.NEW
    await claims.release(5)
    assert await claims.claim(5) is Claim.NEW


async def test_concurrent_claims_have_one_winner(claims: UpdateClaims) -> None:
    results = await asyncio.gather(*(claims.claim(9) for _ in range(8)))
    assert sorted(result.value for result in results) == ["busy"] * 7 + ["new"]


async def test_an_expired_lease_is_taken_over_and_old_done_marks_are_pruned(
    migrated_database_url: str,
) -> None:
    engine = create_engine(migrated_database_url)
    sessionmaker = create_sessionmaker(engine)
    claims = DatabaseClaims(sessionmaker)
    try:
        assert await claims.claim(11) is Claim.NEW
        assert await claims.claim(12) is Claim.NEW
        await claims.finish(12)
        async with sessionmaker() as session, session.begin():  # both expire: holder died
            await session.execute(
                update(ProcessedUpdate).values(expires_at=utcnow() - timedelta(seconds=1))
            )

        assert await claims.claim(11) is Claim.NEW
        assert await claims.prune() == 1
        assert await claims.claim(12) is Claim.NEW
    finally:
        await engine.dispose()
