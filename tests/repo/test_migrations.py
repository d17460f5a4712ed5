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


def test_heads_read_from_the_files_agree_with_alembic() -> None:
    assert migrate.script_heads() == {migrate.revisions()[-1]}
    akimat = migrate.revisions(migrate.akimat_config())
    assert migrate.script_heads("migrations_akimat") == {akimat[-1]}


async def test_ensure_head_migrates_a_new_database_in_a_child_then_only_reads(
    database_url: str,
) -> None:
    assert await migrate.stored_heads(database_url) == set()
    assert await migrate.ensure_head(database_url) is True  # in a child process
    assert await migrate.current_revision(database_url) == migrate.revisions()[-1]
    assert await migrate.ensure_head(database_url) is False
    await migrate.downgrade(database_url, migrate.revisions()[-2])
    assert await migrate.ensure_head(database_url) is True
    assert await migrate.stored_heads(database_url) == migrate.script_heads()
