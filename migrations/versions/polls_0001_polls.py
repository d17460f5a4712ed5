"""civic polls (options, answers, choices) and the resident's chosen district

Revision ID: polls_0001
Revises: export_0001
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UtcDateTime

revision: str = "polls_0001"
down_revision: str | None = "export_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("residents") as batch:
        batch.add_column(sa.Column("district", sa.String(length=32), nullable=True))
    op.create_table(
        "polls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_kk", sa.Text(), nullable=False),
        sa.Column("question_ru", sa.Text(), nullable=False),
        sa.Column("multiple", sa.Boolean(), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("audience_code", sa.String(length=32), nullable=True),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("opens_at", UtcDateTime(), nullable=False),
        sa.Column("closes_at", UtcDateTime(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("progress_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("progress_language", sa.String(length=8), nullable=True),
        sa.Column("broadcast_id", sa.Integer(), nullable=True),
        sa.Column("results_broadcast_id", sa.Integer(), nullable=True),
        sa.Column("hearing_id", sa.Integer(), nullable=True),  # no foreign key (yet)
        sa.Column("pulse_quarter", sa.String(length=7), nullable=True),
        sa.Column("pulse_item", sa.String(length=16), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["broadcast_id"], ["broadcasts.id"],
            name=op.f("fk_polls_broadcast_id_broadcasts"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["results_broadcast_id"], ["broadcasts.id"],
            name=op.f("fk_polls_results_broadcast_id_broadcasts"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_polls")),
        sa.UniqueConstraint(
            "pulse_quarter", "pulse_item", name=op.f("uq_polls_pulse_quarter_pulse_item")
        ),
    )
    op.create_index("ix_polls_closes_at", "polls", ["closes_at"])
    op.create_table(
        "poll_options",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text_kk", sa.String(length=100), nullable=False),
        sa.Column("text_ru", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"],
            name=op.f("fk_poll_options_poll_id_polls"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_options")),
        sa.UniqueConstraint(
            "poll_id", "position", name=op.f("uq_poll_options_poll_id_position")
        ),
    )
    op.create_table(
        "poll_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=True),
        sa.Column("district", sa.String(length=32), nullable=True),
        sa.Column("answered_at", UtcDateTime(), nullable=False),
        sa.Column("changed_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"],
            name=op.f("fk_poll_answers_poll_id_polls"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"], ["residents.id"],
            name=op.f("fk_poll_answers_resident_id_residents"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_answers")),
        sa.UniqueConstraint(
            "poll_id", "resident_id", name=op.f("uq_poll_answers_poll_id_resident_id")
        ),
    )
    op.create_index("ix_poll_answers_poll_district", "poll_answers", ["poll_id", "district"])
    op.create_index(op.f("ix_poll_answers_resident_id"), "poll_answers", ["resident_id"])
    op.create_table(
        "poll_choices",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["poll_answers.id"],
            name=op.f("fk_poll_choices_answer_id_poll_answers"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("answer_id", "position", name=op.f("pk_poll_choices")),
    )


def downgrade() -> None:
    op.drop_table("poll_choices")
    op.drop_index(op.f("ix_poll_answers_resident_id"), table_name="poll_answers")
    op.drop_index("ix_poll_answers_poll_district", table_name="poll_answers")
    op.drop_table("poll_answers")
    op.drop_table("poll_options")
    op.drop_index("ix_polls_closes_at", table_name="polls")
    op.drop_table("polls")
    with op.batch_alter_table("residents") as batch:
        batch.drop_column("district")
