"""Alembic environment of the akimat's database (the export schema, ``models.akimat``).

A second environment beside ``migrations/``: its own revisions and its own version table
(``kenes_export_version``), so it never mixes with the akimat's other tables or with Kenes'
database. Kenes passes the connection (``bot.migrate.upgrade_akimat``).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from models.akimat import VERSION_TABLE, AkimatBase

config = context.config


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=AkimatBase.metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if context.is_offline_mode() or connection is None:
    raise SystemExit("The export schema is migrated by Kenes: use `kenes export --migrate`.")
_configure(connection)
