"""Repository tests run against a real database of each kind, migrated to head (a copy of
the run's migrated template)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.database import create_engine, create_sessionmaker


@pytest.fixture
async def sessionmaker(
    migrated_database_url: str,
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(migrated_database_url)
    try:
        yield create_sessionmaker(engine)
    finally:
        await engine.dispose()
