"""Apply Alembic migrations over Kenes' own async engine.

On PostgreSQL the upgrade holds an advisory lock, so two instances starting together do not
both migrate: the second waits, then finds nothing left to do. The akimat's database has an
environment of its own (``migrations_akimat/``: the export schema, its own version table),
applied the same way by :func:`upgrade_akimat`.

A running bot does not keep Alembic: :func:`ensure_head` (what ``kenes run`` calls) compares the
stored revision with the scripts' head read from the files, and only when they differ runs the
upgrade, in a child process. Alembic, Mako and the loaded scripts cost ~16 MB of resident
memory that stays after an in-process upgrade (unloading the modules gave back ~5 MB).
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from bot.database import create_engine

if TYPE_CHECKING:
    from alembic.config import Config

PROJECT_DIR = Path(__file__).resolve().parent.parent
MIGRATION_LOCK_KEY = 0x4B454E4553  # "KENES"
AKIMAT_LOCK_KEY = 0x4B454E4553_AE  # "KENES" + akimat export


def alembic_config(directory: str = "migrations") -> Config:
    from alembic.config import Config

    config = Config(str(PROJECT_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_DIR / directory))
    return config


def akimat_config() -> Config:
    return alembic_config("migrations_akimat")


def revisions(config: Config | None = None) -> list[str]:
    """Every revision, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(config or alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _current(connection: Connection, version_table: str = "alembic_version") -> str | None:
    from alembic.runtime.migration import MigrationContext

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
        from alembic import command

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


_REVISION = re.compile(r"^revision\b[^=]*=\s*[\"']([^\"']+)", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\b[^=]*=(.*)$", re.MULTILINE)


def script_heads(directory: str = "migrations") -> set[str]:
    """The head revision(s) of the scripts, read from their ``revision`` and ``down_revision``
    lines without importing Alembic or the scripts (``tests/repo/test_migrations.py`` checks
    it agrees with Alembic)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (PROJECT_DIR / directory / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            raise ValueError(f"{path.name}: no revision or down_revision line")
        revisions.add(revision.group(1))
        parents.update(re.findall(r"[\"']([^\"']+)[\"']", down.group(1)))
    return revisions - parents


async def stored_heads(url: str, version_table: str = "alembic_version") -> set[str]:
    """The revision(s) the database is at; empty for a new database."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text(f"SELECT version_num FROM {version_table}"))
            return {row[0] for row in rows}
    except SQLAlchemyError:  # no version table yet
        return set()
    finally:
        await engine.dispose()


# The child imports only what migrating needs: not the ``bot`` package's __init__ (aiogram).
_CHILD = """
import asyncio, os, sys, types
package = types.ModuleType("bot")
package.__path__ = [os.path.join(sys.argv[1], "bot")]
sys.modules["bot"] = package
sys.path.insert(0, sys.argv[1])
from bot import migrate
asyncio.run(migrate.upgrade(os.environ["KENES_MIGRATE_URL"]))
"""


async def ensure_head(url: str) -> bool:
    """Bring Kenes' database to the scripts' head; True if it was not there. When it is (every
    start but the first after a release), Alembic is not imported; when it is not, the
    upgrade runs in a child process (in this one for an in-memory SQLite database)."""
    if await stored_heads(url) == script_heads():
        return False
    database = make_url(url).database or ""
    if make_url(url).get_backend_name() == "sqlite" and (
        database in ("", ":memory:") or "mode=memory" in url
    ):
        await upgrade(url)
        return True
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _CHILD,
        str(PROJECT_DIR),
        env={**os.environ, "KENES_MIGRATE_URL": url},
    )
    if await child.wait() != 0:
        raise RuntimeError(f"migrating the database failed (exit status {child.returncode})")
    return True
