"""The stairway: every revision goes up, down and up again, on SQLite and on PostgreSQL;
and the migrated schema is exactly what the models describe."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from bot import migrate
from bot.database import create_engine
from models import Base


async def test_every_revision_goes_up_down_and_up_again(database_url: str) -> None:
    revisions = migrate.revisions()
    assert revisions[0] == "0001"
    previous = "base"
    for revision in revisions:
        await migrate.upgrade(database_url, revision)
        await migrate.downgrade(database_url, previous)
        await migrate.upgrade(database_url, revision)
        assert await migrate.current_revision(database_url) == revision
        previous = revision


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_migrated_schema_matches_the_models(database_url: str) -> None:
    await migrate.upgrade(database_url)
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(_differences)
    finally:
        await engine.dispose()
    assert differences == []
