"""privacy: the pseudonymous memory of erased accounts, pseudonymous refusals in the audit
log (counted past a few per hour), and refusals that may be deleted after their retention

Revision ID: privacy_0001
Revises: desk_0002
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UtcDateTime

revision: str = "privacy_0001"
down_revision: str | None = "desk_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REFUSE = "audit_log is append-only"
REFUSED = "access.refused"


def _sqlite_no_delete(when: str) -> str:
    return (
        f"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log {when}"
        f"BEGIN SELECT RAISE(ABORT, '{_REFUSE}'); END"
    )


def _postgres_function(body: str) -> str:
    return (
        "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN {body}RAISE EXCEPTION '{_REFUSE}'; END $$"
    )


def upgrade() -> None:
    op.create_table(
        "erased_accounts",
        sa.Column("pseudonym", sa.String(64), nullable=False),
        sa.Column("blocked", sa.Boolean(), nullable=False),
        sa.Column("blocked_reason", sa.String(32), nullable=True),
        sa.Column("needs_day", sa.String(10), nullable=True),
        sa.Column("needs_today", sa.Integer(), nullable=False),
        sa.Column("ratings", sa.JSON(), nullable=False),
        sa.Column("supported", sa.JSON(), nullable=False),
        sa.Column("authored", sa.JSON(), nullable=False),
        sa.Column("erased_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("pseudonym", name=op.f("pk_erased_accounts")),
    )
    op.create_index(op.f("ix_erased_accounts_erased_at"), "erased_accounts", ["erased_at"])
    op.create_table(
        "refusal_counts",
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("hour", UtcDateTime(), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("actor", "hour", name=op.f("pk_refusal_counts")),
    )
    # A plain ADD COLUMN (no batch copy): SQLite keeps the append-only triggers.
    op.add_column("audit_log", sa.Column("actor_pseudonym", sa.String(64), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            _postgres_function(
                f"IF TG_OP = 'DELETE' AND OLD.action = '{REFUSED}' THEN RETURN OLD; END IF; "
            )
        )
    else:
        op.execute("DROP TRIGGER audit_log_no_delete")
        op.execute(_sqlite_no_delete(f"WHEN OLD.action <> '{REFUSED}' "))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_postgres_function(""))
    else:
        op.execute("DROP TRIGGER audit_log_no_delete")
        op.execute(_sqlite_no_delete(""))
    op.drop_column("audit_log", "actor_pseudonym")
    op.drop_table("refusal_counts")
    op.drop_index(op.f("ix_erased_accounts_erased_at"), table_name="erased_accounts")
    op.drop_table("erased_accounts")
