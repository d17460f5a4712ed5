"""the export schema: need, rating and hearing aggregates, and the export batches

Revision ID: akimat_0001
Revises:
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UtcDateTime

revision: str = "akimat_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _period_key() -> list[sa.Column]:
    return [
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("granularity", sa.String(length=8), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
    ]


def _counts(*names: str) -> list[sa.Column]:
    return [sa.Column(name, sa.Integer(), nullable=False) for name in names]


def upgrade() -> None:
    op.create_table(
        "need_stats",
        *_period_key(),
        sa.Column("district", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        *_counts(
            "submitted", "accepted", "rejected", "resolved", "duplicate",
            "not_our_competence", "reopened", "open_at_end", "overdue_at_end",
        ),
        sa.Column("median_hours_to_first_answer", sa.Float(), nullable=True),
        sa.Column("median_hours_to_resolution", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint(
            "period", "granularity", "district", "category", name=op.f("pk_need_stats")
        ),
    )
    op.create_table(
        "rating_stats",
        *_period_key(),
        sa.Column("district", sa.String(length=32), nullable=False),
        sa.Column("service", sa.String(length=32), nullable=False),
        sa.Column("ratings", sa.Integer(), nullable=False),
        sa.Column("mean_score", sa.Float(), nullable=False),
        *_counts("score_1", "score_2", "score_3", "score_4", "score_5", "comments"),
        sa.PrimaryKeyConstraint(
            "period", "granularity", "district", "service", name=op.f("pk_rating_stats")
        ),
    )
    op.create_table(
        "hearing_stats",
        *_period_key(),
        sa.Column("district", sa.String(length=32), nullable=False),
        *_counts(
            "subscribers_notified", "registrations", "questions_asked", "questions_answered"
        ),
        sa.PrimaryKeyConstraint(
            "period", "granularity", "district", name=op.f("pk_hearing_stats")
        ),
    )
    op.create_table(
        "export_batch",
        *_period_key(),
        *_counts("need_rows", "rating_rows", "hearing_rows"),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("exported_at", UtcDateTime(), nullable=False),
        sa.Column("kenes_version", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("period", "granularity", name=op.f("pk_export_batch")),
    )


def downgrade() -> None:
    op.drop_table("export_batch")
    op.drop_table("hearing_stats")
    op.drop_table("rating_stats")
    op.drop_table("need_stats")
