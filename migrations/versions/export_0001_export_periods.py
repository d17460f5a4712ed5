"""export_periods (the once-per-period claims of exports and digests); need_events by time

Revision ID: export_0001
Revises: staff_0002
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UtcDateTime

revision: str = "export_0001"
down_revision: str | None = "staff_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "export_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("granularity", sa.String(length=8), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("claimed_at", UtcDateTime(), nullable=True),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=True),
        sa.Column("done_at", UtcDateTime(), nullable=True),
        sa.Column("alerted_at", UtcDateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_periods")),
        sa.UniqueConstraint(
            "kind", "granularity", "period", name=op.f("uq_export_periods_kind_granularity_period")
        ),
    )
    op.create_index("ix_need_events_at", "need_events", ["at"])


def downgrade() -> None:
    op.drop_index("ix_need_events_at", table_name="need_events")
    op.drop_table("export_periods")
