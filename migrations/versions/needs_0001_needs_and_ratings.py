"""needs (with photos, history, supporters) and ratings of city services

Revision ID: needs_0001
Revises: prod_0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UtcDateTime

revision: str = "needs_0001"
down_revision: str | None = "prod_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("draft_key", sa.String(length=32), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("district", sa.String(length=32), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("deadline_at", UtcDateTime(), nullable=False),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("resolution_score", sa.Integer(), nullable=True),
        sa.Column("created_at", UtcDateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["resident_id"], ["residents.id"],
            name=op.f("fk_needs_resident_id_residents"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"], ["needs.id"],
            name=op.f("fk_needs_duplicate_of_id_needs"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs")),
        sa.UniqueConstraint("number", name=op.f("uq_needs_number")),
        sa.UniqueConstraint("draft_key", name=op.f("uq_needs_draft_key")),
    )
    op.create_index("ix_needs_created_at", "needs", ["created_at"])
    op.create_index("ix_needs_category_district", "needs", ["category", "district"])
    op.create_index(op.f("ix_needs_resident_id"), "needs", ["resident_id"])
    op.create_index(op.f("ix_needs_status"), "needs", ["status"])
    op.create_table(
        "need_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"],
            name=op.f("fk_need_photos_need_id_needs"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need_photos")),
    )
    op.create_index(op.f("ix_need_photos_need_id"), "need_photos", ["need_id"])
    op.create_table(
        "need_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("from_status", sa.String(length=24), nullable=True),
        sa.Column("to_status", sa.String(length=24), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"],
            name=op.f("fk_need_events_need_id_needs"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need_events")),
    )
    op.create_index(op.f("ix_need_events_need_id"), "need_events", ["need_id"])
    op.create_table(
        "need_supporters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"],
            name=op.f("fk_need_supporters_need_id_needs"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"], ["residents.id"],
            name=op.f("fk_need_supporters_resident_id_residents"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need_supporters")),
        sa.UniqueConstraint(
            "need_id", "resident_id", name=op.f("uq_need_supporters_need_id_resident_id")
        ),
    )
    op.create_index(op.f("ix_need_supporters_need_id"), "need_supporters", ["need_id"])
    op.create_index(op.f("ix_need_supporters_resident_id"), "need_supporters", ["resident_id"])
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=True),
        sa.Column("service", sa.String(length=32), nullable=False),
        sa.Column("district", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("hidden", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["resident_id"], ["residents.id"],
            name=op.f("fk_ratings_resident_id_residents"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ratings")),
    )
    op.create_index(op.f("ix_ratings_created_at"), "ratings", ["created_at"])
    op.create_index(op.f("ix_ratings_resident_id"), "ratings", ["resident_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_ratings_resident_id"), table_name="ratings")
    op.drop_index(op.f("ix_ratings_created_at"), table_name="ratings")
    op.drop_table("ratings")
    op.drop_index(op.f("ix_need_supporters_resident_id"), table_name="need_supporters")
    op.drop_index(op.f("ix_need_supporters_need_id"), table_name="need_supporters")
    op.drop_table("need_supporters")
    op.drop_index(op.f("ix_need_events_need_id"), table_name="need_events")
    op.drop_table("need_events")
    op.drop_index(op.f("ix_need_photos_need_id"), table_name="need_photos")
    op.drop_table("need_photos")
    op.drop_index(op.f("ix_needs_status"), table_name="needs")
    op.drop_index(op.f("ix_needs_resident_id"), table_name="needs")
    op.drop_index("ix_needs_category_district", table_name="needs")
    op.drop_index("ix_needs_created_at", table_name="needs")
    op.drop_table("needs")
