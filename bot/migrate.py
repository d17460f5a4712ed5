"""Apply Alembic migrations over Kenes' own async engine.

On PostgreSQL the upgrade holds an advisory lock, so two instances starting together do not
both migrate: the second waits, then finds nothing left to do. The akimat's database has an
environment of its own (``migrations_akimat/``: the export schema, its own version table),
applied the same way by :func:`upgrade_akimat`.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from bot.database import create_engine

PROJECT_DIR = Path(__file__).resolve().parent.parent
MIGRATION_LOCK_KEY = 0x4B454E4553  # "KENES"
AKIMAT_LOCK_KEY = 0x4B454E4553_AE  # "KENES" + akimat export


def alembic_config(directory: str = "migrations") -> Config:
    config = Config(str(PROJECT_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_DIR / directory))
    return config


def akimat_config() -> Config:
    return alembic_config("migrations_akimat")


def revisions(config: Config | None = None) -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(config or alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _current(connection: Connection, version_table: str = "alembic_version") -> str | None:
    context = MigrationContext.configure(connection, opts={"version_table": version_table})
    return context.get_current_revision()


async def _run(
    url: str,
    action: str,
    target: str,
    config: Config | None = None,
    lock_key: int = MIGRATION_LOCK_KEY,
) -> None:
    config = config or alembic_config()

    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        getattr(command, action)(config, target)

    engine = create_engine(url, foreign_keys=False, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                # Held until this transaction ends: a second instance waits here.
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key}
                )
            await connection.run_sync(run)
            await connection.commit()
    finally:
        await engine.dispose()


async def upgrade(url: str, target: str = "head") -> None:
    await _run(url, "upgrade", target)


async def downgrade(url: str, target: str) -> None:
    await _run(url, "downgrade", target)


async def current_revision(url: str, version_table: str = "alembic_version") -> str | None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_current, version_table)
    finally:
        await engine.dispose()


async def upgrade_akimat(url: str, target: str = "head") -> None:
    """Create or migrate the export schema in the akimat's database."""
    await _run(url, "upgrade", target, akimat_config(), AKIMAT_LOCK_KEY)


async def downgrade_akimat(url: str, target: str) -> None:
    await _run(url, "downgrade", target, akimat_config(), AKIMAT_LOCK_KEY)
