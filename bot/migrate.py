"""Apply Alembic migrations over Kenes' own async engine.

On PostgreSQL the upgrade holds an advisory lock, so two instances starting together do not
both migrate: the second waits, then finds nothing left to do.
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


def alembic_config() -> Config:
    config = Config(str(PROJECT_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_DIR / "migrations"))
    return config


def revisions() -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def _run(url: str, action: str, target: str) -> None:
    config = alembic_config()

    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        getattr(command, action)(config, target)

    engine = create_engine(url, foreign_keys=False, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                # Held until this transaction ends: a second instance waits here.
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
            await connection.run_sync(run)
            await connection.commit()
    finally:
        await engine.dispose()


async def upgrade(url: str, target: str = "head") -> None:
    await _run(url, "upgrade", target)


async def downgrade(url: str, target: str) -> None:
    await _run(url, "downgrade", target)


async def current_revision(url: str) -> str | None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_current)
    finally:
        await engine.dispose()
