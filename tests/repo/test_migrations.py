"""The stairway: every revision upgrades, downgrades and upgrades again, on SQLite and on
PostgreSQL, and the migrated schema matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from bot import migrate
from bot.database import create_engine
from models import Base
from models.need import kept_out_of_autogenerate


def _included(name: str | None, type_: str, parents: object) -> bool:
    return not kept_out_of_autogenerate(name)  # the console's search (console_0002)


async def test_stairway(database_url: str) -> None:
    revisions = migrate.revisions()
    assert revisions, "no migrations found"
    previous = "base"
    for revision in revisions:
        await migrate.upgrade(database_url, revision)
        assert await migrate.current_revision(database_url) == revision
        await migrate.downgrade(database_url, previous)
        assert await migrate.current_revision(database_url) == (
            None if previous == "base" else previous
        )
        await migrate.upgrade(database_url, revision)
        previous = revision
    assert await migrate.current_revision(database_url) == revisions[-1]


async def test_migrated_schema_matches_the_models(database_url: str) -> None:
    await migrate.upgrade(database_url)
    engine = create_engine(database_url, poolclass=NullPool)

    def differences(connection: Connection) -> list[object]:
        opts = {"compare_type": True, "include_name": _included}
        context = MigrationContext.configure(connection, opts=opts)
        return list(compare_metadata(context, Base.metadata))

    try:
        async with engine.connect() as connection:
            diff = await connection.run_sync(differences)
    finally:
        await engine.dispose()
    assert diff == []


async def test_upgrade_twice_is_harmless(database_url: str) -> None:
    await migrate.upgrade(database_url)
    await migrate.upgrade(database_url)

    assert await migrate.current_revision(database_url) == migrate.revisions()[-1]
