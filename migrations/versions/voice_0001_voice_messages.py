"""voice messages: a need's description and a hearing question may be a voice message

Revision ID: voice_0001
Revises: mod_0002
Create Date: 2026-12-03

Only Telegram's references are kept (the audio stays in Telegram) and its duration. Erasure
forgets the references; the duration stays, so the export's ``with_voice`` of a past period
does not change when its author is forgotten.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "voice_0001"
down_revision: str | None = "mod_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("needs", "hearing_questions")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("voice_file_id", sa.String(length=255), nullable=True))
            batch.add_column(
                sa.Column("voice_file_unique_id", sa.String(length=64), nullable=True)
            )
            batch.add_column(sa.Column("voice_duration", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("voice_duration")
            batch.drop_column("voice_file_unique_id")
            batch.drop_column("voice_file_id")
