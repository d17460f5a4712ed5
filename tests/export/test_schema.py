"""The export schema in the akimat's database: its own Alembic environment and version table,
every revision up, down and up again, and the migrated tables match ``models.akimat``."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from bot import migrate
from bot.database import create_engine
from models.akimat import VERSION_TABLE, AkimatBase


async def test_stairway_of_the_export_schema(database_url: str) -> None:
    revisions = migrate.revisions(migrate.akimat_config())
    assert revisions[0] == "akimat_0001"
    previous = "base"
    for revision in revisions:
        await migrate.upgrade_akimat(database_url, revision)
        assert await migrate.current_revision(database_url, VERSION_TABLE) == revision
        await migrate.downgrade_akimat(database_url, previous)
        await migrate.upgrade_akimat(database_url, revision)
        previous = revision
    await migrate.upgrade_akimat(database_url)  # twice is harmless
    assert await migrate.current_revision(database_url, VERSION_TABLE) == revisions[-1]


async def test_the_export_schema_matches_the_models_and_keeps_to_its_tables(
    database_url: str,
) -> None:
    await migrate.upgrade_akimat(database_url)
    engine = create_engine(database_url, poolclass=NullPool)

    def differences(connection: Connection) -> tuple[list[object], list[str]]:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "version_table": VERSION_TABLE}
        )
        return list(compare_metadata(context, AkimatBase.metadata)), sorted(
            inspect(connection).get_table_names()
        )

    try:
        async with engine.connect() as connection:
            diff, tables = await connection.run_sync(differences)
    finally:
        await engine.dispose()
    assert diff == []
    assert tables == [
        "export_batch",
        "hearing_stats",
        "kenes_export_version",
        "need_stats",
        "poll_stats",
        "pulse_stats",
        "rating_stats",
    ]
