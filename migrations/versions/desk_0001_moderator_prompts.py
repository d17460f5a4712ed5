"""moderator_prompts: the question awaiting a staff member's answer in a chat, until it
expires (issue 15 part 2)

Revision ID: desk_0001
Revises: voice_0001
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UtcDateTime

revision: str = "desk_0001"
down_revision: str | None = "voice_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "moderator_prompts",
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("need_number", sa.String(length=32), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", "user_id", name=op.f("pk_moderator_prompts")),
    )
    op.create_index(op.f("ix_moderator_prompts_expires_at"), "moderator_prompts", ["expires_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_moderator_prompts_expires_at"), table_name="moderator_prompts")
    op.drop_table("moderator_prompts")
