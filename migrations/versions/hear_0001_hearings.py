"""public hearings: hearings, subscriptions, registrations, questions, reminders sent

Revision ID: hear_0001
Revises: polls_0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UtcDateTime

revision: str = "hear_0001"
down_revision: str | None = "polls_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hearings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title_kk", sa.String(length=255), nullable=False),
        sa.Column("title_ru", sa.String(length=255), nullable=False),
        sa.Column("description_kk", sa.Text(), nullable=False),
        sa.Column("description_ru", sa.Text(), nullable=False),
        sa.Column("starts_at", UtcDateTime(), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("district", sa.String(length=32), nullable=True),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=True),
        sa.Column("seats_taken", sa.Integer(), nullable=False),
        sa.Column("questions_until", UtcDateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("outcome_kk", sa.Text(), nullable=True),
        sa.Column("outcome_ru", sa.Text(), nullable=True),
        sa.Column("outcome_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hearings")),
    )
    op.create_index("ix_hearings_status_starts_at", "hearings", ["status", "starts_at"])
    op.create_table(
        "hearing_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_hearing_subscriptions_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hearing_subscriptions")),
        sa.UniqueConstraint(
            "resident_id",
            "scope",
            "code",
            name=op.f("uq_hearing_subscriptions_resident_id_scope_code"),
        ),
    )
    op.create_table(
        "hearing_rsvps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hearing_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["hearing_id"],
            ["hearings.id"],
            name=op.f("fk_hearing_rsvps_hearing_id_hearings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_hearing_rsvps_resident_id_residents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hearing_rsvps")),
        sa.UniqueConstraint(
            "hearing_id", "resident_id", name=op.f("uq_hearing_rsvps_hearing_id_resident_id")
        ),
    )
    op.create_index(op.f("ix_hearing_rsvps_resident_id"), "hearing_rsvps", ["resident_id"])
    op.create_table(
        "hearing_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hearing_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("hidden_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["hearing_id"],
            ["hearings.id"],
            name=op.f("fk_hearing_questions_hearing_id_hearings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_hearing_questions_resident_id_residents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hearing_questions")),
    )
    op.create_index(
        op.f("ix_hearing_questions_hearing_id"), "hearing_questions", ["hearing_id"]
    )
    op.create_index(
        op.f("ix_hearing_questions_resident_id"), "hearing_questions", ["resident_id"]
    )
    op.create_table(
        "hearing_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hearing_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("starts_at", UtcDateTime(), nullable=False),
        sa.Column("broadcast_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["hearing_id"],
            ["hearings.id"],
            name=op.f("fk_hearing_reminders_hearing_id_hearings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hearing_reminders")),
        sa.UniqueConstraint(
            "hearing_id",
            "minutes",
            "starts_at",
            name=op.f("uq_hearing_reminders_hearing_id_minutes_starts_at"),
        ),
    )


def downgrade() -> None:
    op.drop_table("hearing_reminders")
    op.drop_index(op.f("ix_hearing_questions_resident_id"), table_name="hearing_questions")
    op.drop_index(op.f("ix_hearing_questions_hearing_id"), table_name="hearing_questions")
    op.drop_table("hearing_questions")
    op.drop_index(op.f("ix_hearing_rsvps_resident_id"), table_name="hearing_rsvps")
    op.drop_table("hearing_rsvps")
    op.drop_table("hearing_subscriptions")
    op.drop_index("ix_hearings_status_starts_at", table_name="hearings")
    op.drop_table("hearings")
