"""Fixtures shared by every layer: settings on a throwaway SQLite file, and real PostgreSQL
and Redis when ``KENES_TEST_POSTGRES_URL`` / ``KENES_TEST_REDIS_URL`` are set."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from bot import migrate
from bot.database import create_engine
from bot.settings import Settings

POSTGRES_URL = os.environ.get("KENES_TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("KENES_TEST_REDIS_URL")
T = TypeVar("T")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests first (a stable sort: the order is otherwise the files'): with xdist, a
    long test started last would keep one worker busy after the others have finished."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def pseudonym_key() -> None:
    """Services that pseudonymise need a key; Kenes (``bot.app.build``) loads its own."""
    from services import pseudonym

    pseudonym.use_key(b"test-pseudonym-key")


def make_settings(**overrides: Any) -> Settings:
    """Settings for a test: no .env, nothing from the developer's environment but these.
    The quarterly pulse is off unless a test turns it on: it would send its questions to
    the residents of every test whose dates fall in a pulse window."""
    values: dict[str, Any] = {
        "default_language": "kk",
        "city": "almaty",
        "pulse_enabled": False,
        "console_port": 0,  # the console on any free port: tests run side by side
    } | overrides
    return Settings(_env_file=None, **values)


def run_outside_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to completion on a fresh event loop in a thread of its own, so that
    a synchronous (session) fixture may be set up while a test's loop is running."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated to head once per run; tests start from a copy. Made on a
    thread of its own: the first test to ask may already be running an event loop."""
    path = tmp_path_factory.mktemp("template") / "kenes.db"
    run_outside_loop(migrate.upgrade(f"sqlite+aiosqlite:///{path}"))
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


async def create_postgres_database(base: str, *, template: str | None = None) -> str:
    """A new PostgreSQL database on the server at ``base``: empty, or a copy of the database
    ``template`` (which nobody may be connected to). Its URL."""
    name = f"kenes_test_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    admin = create_engine(base, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    finally:
        await admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(base: str, url: str) -> None:
    """Drop the database at ``url``, from a connection to the server's database ``base``."""
    admin = create_engine(base, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            name = make_url(url).database
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


@contextlib.asynccontextmanager
async def fresh_postgres_database(base: str, *, template: str | None = None) -> AsyncIterator[str]:
    """A new PostgreSQL database on the server at ``base``, dropped afterwards: empty, or a
    copy of the database ``template``."""
    url = await create_postgres_database(base, template=template)
    try:
        yield url
    finally:
        await drop_postgres_database(base, url)


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A PostgreSQL database migrated to head once per run (per xdist worker); tests that
    want a migrated database get a copy of it (CREATE DATABASE ... TEMPLATE). Made outside
    the tests' event loops: the first test to ask may already be running one."""
    base = _require(POSTGRES_URL, "KENES_TEST_POSTGRES_URL")

    async def create() -> str:
        url = await create_postgres_database(base)
        await migrate.upgrade(url)
        return url

    url = run_outside_loop(create())
    try:
        yield str(make_url(url).database)
    finally:
        run_outside_loop(drop_postgres_database(base, url))


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """An empty PostgreSQL database of this test's own."""
    async with fresh_postgres_database(_require(POSTGRES_URL, "KENES_TEST_POSTGRES_URL")) as url:
        yield url


@pytest.fixture
async def migrated_postgres_url(postgres_template: str) -> AsyncIterator[str]:
    """A PostgreSQL database of this test's own, already migrated to head."""
    base = _require(POSTGRES_URL, "KENES_TEST_POSTGRES_URL")
    async with fresh_postgres_database(base, template=postgres_template) as url:
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


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def migrated_database_url(
    request: pytest.FixtureRequest, sqlite_url: str
) -> AsyncIterator[str]:
    """A database of each kind already migrated to head (copied from a template)."""
    if request.param == "sqlite":
        yield sqlite_url
        return
    template = request.getfixturevalue("postgres_template")
    base = _require(POSTGRES_URL, "KENES_TEST_POSTGRES_URL")
    async with fresh_postgres_database(base, template=template) as url:
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
