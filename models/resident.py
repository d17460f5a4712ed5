from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, true
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, TimestampMixin


class Resident(TimestampMixin, Base):
    """A person who talks to Kenes. Only the language is stored before consent is given."""

    __tablename__ = "residents"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    language: Mapped[str] = mapped_column(String(8))
    consent_at: Mapped[datetime | None]
    blocked_at: Mapped[datetime | None]
    blocked_reason: Mapped[str | None] = mapped_column(String(500))
    bot_blocked_at: Mapped[datetime | None]
    notifications: Mapped[bool] = mapped_column(default=True, server_default=true())
    # The district the resident chose as theirs (polls by district); when they have not
    # chosen, the district of their latest need counts (``services.poll_answers``).
    district: Mapped[str | None] = mapped_column(String(32))

    @property
    def has_consented(self) -> bool:
        return self.consent_at is not None

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None
