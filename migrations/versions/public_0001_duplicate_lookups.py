"""duplicate look-ups per resident and local day (issue 14 part 5), remembered for an erased
account too

Revision ID: public_0001
Revises: privacy_0001
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "public_0001"
down_revision: str | None = "privacy_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "duplicate_lookups",
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("lookups", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_duplicate_lookups_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("resident_id", "day", name=op.f("pk_duplicate_lookups")),
    )
    with op.batch_alter_table("erased_accounts") as batch:
        batch.add_column(sa.Column("lookups_day", sa.String(length=10), nullable=True))
        batch.add_column(
            sa.Column("lookups_today", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("erased_accounts") as batch:
        batch.drop_column("lookups_today")
        batch.drop_column("lookups_day")
    op.drop_table("duplicate_lookups")
