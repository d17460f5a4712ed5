"""Alembic environment, async. Kenes passes its own connection (see ``bot.migrate``);
the ``alembic`` command line builds one from ``KENES_DATABASE_URL``."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from models import Base
from models.need import kept_out_of_autogenerate

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=lambda name, type_, parents: not kept_out_of_autogenerate(name),
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_from_settings() -> None:
    from bot.database import create_engine
    from bot.settings import load_settings

    engine = create_engine(
        config.get_main_option("sqlalchemy.url") or load_settings().database_url
    )
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_configure)
            await connection.commit()
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
    else:
        asyncio.run(_run_from_settings())


if context.is_offline_mode():
    raise SystemExit("Kenes migrations run online only: use `kenes db upgrade`.")
run_migrations_online()
