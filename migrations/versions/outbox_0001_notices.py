"""the outbox of notices to residents, held broadcasts, and when a claimed need was posted

Revision ID: outbox_0001
Revises: public_0001
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UtcDateTime

revision: str = "outbox_0001"
down_revision: str | None = "public_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_notices_need_id_needs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["residents.id"],
            name=op.f("fk_notices_author_id_residents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
    )
    op.create_index(op.f("ix_notices_need_id"), "notices", ["need_id"])
    with op.batch_alter_table("broadcasts") as batch:
        batch.add_column(sa.Column("follows_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_broadcasts_follows_id_broadcasts"),
            "broadcasts",
            ["follows_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("needs") as batch:
        batch.add_column(sa.Column("posted_at", UtcDateTime(), nullable=True))
    # Needs claimed before this revision that have a card were posted; the others (withheld
    # while their author was blocked, or lost in a crash) are to be posted.
    op.execute(
        "UPDATE needs SET posted_at = queued_at WHERE queued_at IS NOT NULL AND EXISTS "
        "(SELECT 1 FROM moderation_cards WHERE moderation_cards.need_id = needs.id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("needs") as batch:
        batch.drop_column("posted_at")
    with op.batch_alter_table("broadcasts") as batch:
        batch.drop_constraint(op.f("fk_broadcasts_follows_id_broadcasts"), type_="foreignkey")
        batch.drop_column("follows_id")
    op.drop_index(op.f("ix_notices_need_id"), table_name="notices")
    op.drop_table("notices")
