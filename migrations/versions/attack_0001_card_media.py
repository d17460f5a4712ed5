"""card_media: the author's photos and voice messages posted with a card, so that erasure
deletes them from the moderators' chats too (issue 14 part 2)

Revision ID: attack_0001
Revises: outbox_0001
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "attack_0001"
down_revision: str | None = "outbox_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "card_media",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_card_media_need_id_needs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_media")),
    )
    op.create_index(op.f("ix_card_media_need_id"), "card_media", ["need_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_card_media_need_id"), table_name="card_media")
    op.drop_table("card_media")
