"""needs with a voice message per cell: need_stats.with_voice

Revision ID: akimat_voice_0001
Revises: akimat_0002
Create Date: 2026-12-03

Rows exported before this revision read 0 (voice messages did not exist before it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "akimat_voice_0001"
down_revision: str | None = "akimat_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("need_stats") as batch:
        batch.add_column(sa.Column("with_voice", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("need_stats") as batch:
        batch.drop_column("with_voice")
