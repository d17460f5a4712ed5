"""Fixtures shared by every layer: settings on a throwaway SQLite file, and real PostgreSQL
and Redis when ``KENES_TEST_POSTGRES_URL`` / ``KENES_TEST_REDIS_URL`` are set."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from bot import migrate
from bot.database import create_engine
from bot.settings import Settings

POSTGRES_URL = os.environ.get("KENES_TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("KENES_TEST_REDIS_URL")


def make_settings(**overrides: Any) -> Settings:
    """Settings for a test: no .env, nothing from the developer's environment but these.
    The quarterly pulse is off unless a test turns it on: it would send its questions to
    the residents of every test whose dates fall in a pulse window."""
    values: dict[str, Any] = {
        "default_language": "kk",
        "city": "almaty",
        "pulse_enabled": False,
    } | overrides
    return Settings(_env_file=None, **values)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated to head once per run; tests start from a copy."""
    import asyncio

    path = tmp_path_factory.mktemp("template") / "kenes.db"
    asyncio.run(migrate.upgrade(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, migrated_template: Path) -> str:
    target = tmp_path / "kenes.db"
    shutil.copyfile(migrated_template, target)
    return f"sqlite+aiosqlite:///{target}"


@pytest.fixture
def empty_sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"


def _require(url: str | None, variable: str) -> str:
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{variable} is not set on CI")
    pytest.skip(f"{variable} is not set: no real server to test against")


@contextlib.asynccontextmanager
async def fresh_postgres_database(base: str) -> AsyncIterator[str]:
    """A new, empty PostgreSQL database on the server at ``base``, dropped afterwards."""
    name = f"kenes_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    async with fresh_postgres_database(_require(POSTGRES_URL, "KENES_TEST_POSTGRES_URL")) as url:
        yield url


@pytest.fixture
def redis_url() -> str:
    return _require(REDIS_URL, "KENES_TEST_REDIS_URL")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def database_url(
    request: pytest.FixtureRequest, empty_sqlite_url: str
) -> AsyncIterator[str]:
    """An empty database of each kind (PostgreSQL only when configured)."""
    if request.param == "sqlite":
        yield empty_sqlite_url
        return
    async with fresh_postgres_database(_require(POSTGRES_URL, "KENES_TEST_POSTGRES_URL")) as url:
        yield url


def free_port() -> int:
    """A TCP port nobody listens on right now, for a server that must know its URL first."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def redis_prefix(redis_url: str) -> AsyncIterator[str]:
    """A key prefix of this test's own in the shared Redis; its keys are deleted afterwards
    (never FLUSHDB: other tests and helpers share the server)."""
    from redis.asyncio import Redis

    prefix = f"kenes-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    redis = Redis.from_url(redis_url)
    try:
        keys = [key async for key in redis.scan_iter(match=f"{prefix}:*")]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()
