"""the akimat's console: sign-in links, sessions, internal notes on needs, queue indexes

Revision ID: console_0001
Revises: attack_0001
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UtcDateTime

revision: str = "console_0001"
down_revision: str | None = "attack_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "console_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("used_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_console_links")),
        sa.UniqueConstraint("nonce", name=op.f("uq_console_links_nonce")),
    )
    op.create_table(
        "console_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("seen_at", UtcDateTime(), nullable=False),
        sa.Column("ended_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_console_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_console_sessions_token_hash")),
    )
    op.create_index(
        op.f("ix_console_sessions_telegram_id"), "console_sessions", ["telegram_id"]
    )
    op.create_table(
        "need_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("author_name", sa.String(length=128), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_need_notes_need_id_needs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need_notes")),
    )
    op.create_index(op.f("ix_need_notes_need_id"), "need_notes", ["need_id"])
    # The console's queue: overdue needs by deadline, and the department filter.
    op.create_index("ix_needs_status_deadline_at", "needs", ["status", "deadline_at"])
    op.create_index("ix_needs_department_id", "needs", ["department_id"])


def downgrade() -> None:
    op.drop_index("ix_needs_department_id", table_name="needs")
    op.drop_index("ix_needs_status_deadline_at", table_name="needs")
    op.drop_index(op.f("ix_need_notes_need_id"), table_name="need_notes")
    op.drop_table("need_notes")
    op.drop_index(op.f("ix_console_sessions_telegram_id"), table_name="console_sessions")
    op.drop_table("console_sessions")
    op.drop_table("console_links")
