"""moderation: departments, reply templates, the cards posted to moderators; a need's
department and when it was posted

Revision ID: mod_0001
Revises: hear_0001
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UtcDateTime

revision: str = "mod_0001"
down_revision: str | None = "hear_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("created_at", UtcDateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_departments")),
    )
    op.create_table(
        "reply_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column("created_at", UtcDateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reply_templates")),
    )
    op.create_table(
        "moderation_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("shows_overdue", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"],
            name=op.f("fk_moderation_cards_need_id_needs"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_cards")),
        sa.UniqueConstraint(
            "chat_id", "message_id", name=op.f("uq_moderation_cards_chat_id_message_id")
        ),
    )
    op.create_index(op.f("ix_moderation_cards_need_id"), "moderation_cards", ["need_id"])
    with op.batch_alter_table("needs") as batch:
        batch.add_column(sa.Column("department_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("queued_at", UtcDateTime(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_needs_department_id_departments"), "departments",
            ["department_id"], ["id"], ondelete="SET NULL",
        )
    # Needs filed before moderation existed are not posted to the moderators all at once.
    op.execute("UPDATE needs SET queued_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table("needs") as batch:
        batch.drop_constraint(op.f("fk_needs_department_id_departments"), type_="foreignkey")
        batch.drop_column("queued_at")
        batch.drop_column("department_id")
    op.drop_index(op.f("ix_moderation_cards_need_id"), table_name="moderation_cards")
    op.drop_table("moderation_cards")
    op.drop_table("reply_templates")
    op.drop_table("departments")
