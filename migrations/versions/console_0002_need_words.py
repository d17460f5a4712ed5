"""the console's search in the words of needs: SQLite FTS5, a PostgreSQL GIN index

Revision ID: console_0002
Revises: console_0001
Create Date: 2026-12-03

On SQLite an external-content FTS5 table (``needs_words``) kept by triggers; on PostgreSQL
a GIN index on the 'simple' text search vector of the description and the address. Neither
is in the models (``models.need.WORDS_OBJECTS`` keeps them out of autogenerate).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "console_0002"
down_revision: str | None = "console_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WORDS = "needs_words(rowid, description, address)"
SQLITE_UP = [
    "CREATE VIRTUAL TABLE needs_words USING fts5(description, address, content='needs', "
    "content_rowid='id', tokenize='unicode61')",
    "INSERT INTO needs_words(needs_words) VALUES ('rebuild')",
    "CREATE TRIGGER needs_words_insert AFTER INSERT ON needs BEGIN "
    f"INSERT INTO {WORDS} VALUES (new.id, new.description, new.address); END",
    "CREATE TRIGGER needs_words_delete AFTER DELETE ON needs BEGIN "
    "INSERT INTO needs_words(needs_words, rowid, description, address) "
    "VALUES ('delete', old.id, old.description, old.address); END",
    "CREATE TRIGGER needs_words_update AFTER UPDATE OF description, address ON needs BEGIN "
    "INSERT INTO needs_words(needs_words, rowid, description, address) "
    "VALUES ('delete', old.id, old.description, old.address); "
    f"INSERT INTO {WORDS} VALUES (new.id, new.description, new.address); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS needs_words_update",
    "DROP TRIGGER IF EXISTS needs_words_delete",
    "DROP TRIGGER IF EXISTS needs_words_insert",
    "DROP TABLE IF EXISTS needs_words",
]
POSTGRESQL_UP = [
    "CREATE INDEX ix_needs_words ON needs USING gin (to_tsvector('simple', "
    "coalesce(description, '') || ' ' || coalesce(address, '')))"
]
POSTGRESQL_DOWN = ["DROP INDEX IF EXISTS ix_needs_words"]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _run(SQLITE_UP if sqlite else POSTGRESQL_UP)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _run(SQLITE_DOWN if sqlite else POSTGRESQL_DOWN)
