"""hearings held, poll results and the SDG 16.7.2 pulse

Revision ID: akimat_0002
Revises: akimat_0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UtcDateTime

revision: str = "akimat_0002"
down_revision: str | None = "akimat_0001"
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


def _zero(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), server_default="0", nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("hearing_stats") as batch:
        batch.add_column(_zero("hearings_held"))
    with op.batch_alter_table("export_batch") as batch:
        batch.add_column(_zero("poll_rows"))
        batch.add_column(_zero("pulse_rows"))
    op.create_table(
        "poll_stats",
        *_period_key(),
        sa.Column("poll_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("option", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("district", sa.String(length=32), nullable=False),
        sa.Column("hearing_id", sa.Integer(), nullable=True),
        sa.Column("pulse_quarter", sa.String(length=7), nullable=True),
        sa.Column("question_kk", sa.Text(), nullable=False),
        sa.Column("question_ru", sa.Text(), nullable=False),
        sa.Column("option_kk", sa.String(length=100), nullable=False),
        sa.Column("option_ru", sa.String(length=100), nullable=False),
        sa.Column("multiple", sa.Boolean(), nullable=False),
        sa.Column("opens_at", UtcDateTime(), nullable=False),
        sa.Column("closes_at", UtcDateTime(), nullable=False),
        *_counts("respondents", "votes"),
        sa.PrimaryKeyConstraint(
            "period", "granularity", "poll_id", "option", "district", name=op.f("pk_poll_stats")
        ),
    )
    op.create_table(
        "pulse_stats",
        *_period_key(),
        sa.Column("quarter", sa.String(length=7), nullable=False),
        sa.Column("item", sa.String(length=16), nullable=False),
        sa.Column("district", sa.String(length=32), nullable=False),
        *_counts(
            "respondents", "not_at_all", "very_little", "some", "a_lot", "a_great_deal",
            "positive",
        ),
        sa.Column("share", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint(
            "period", "granularity", "quarter", "item", "district", name=op.f("pk_pulse_stats")
        ),
    )


def downgrade() -> None:
    op.drop_table("pulse_stats")
    op.drop_table("poll_stats")
    with op.batch_alter_table("export_batch") as batch:
        batch.drop_column("pulse_rows")
        batch.drop_column("poll_rows")
    with op.batch_alter_table("hearing_stats") as batch:
        batch.drop_column("hearings_held")
