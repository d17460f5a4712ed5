"""Every migration goes up, down and up again, and head matches the models exactly."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from bot import migrate
from bot.database import create_engine
from models import Base


async def test_every_revision_goes_up_down_and_up_again(database_url: str) -> None:
    for revision in migrate.revisions():
        await migrate.upgrade(database_url, revision)
        await migrate.downgrade(database_url, "-1")
        await migrate.upgrade(database_url, revision)
    assert await migrate.current_revision(database_url) == migrate.revisions()[-1]


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


@pytest.mark.parametrize("step", ["head"])
async def test_head_matches_the_models(database_url: str, step: str) -> None:
    await migrate.upgrade(database_url, step)
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(_differences)
    finally:
        await engine.dispose()
    assert differences == []
