from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, true
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class StaffMember(Base):
    """A moderator appointed by an administrator. Administrators themselves come from
    ``KENES_ADMIN_IDS``; a removed moderator keeps the row (``active`` false, ``removed_at``)."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    role: Mapped[str] = mapped_column(String(16), default="moderator")
    name: Mapped[str | None] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    added_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None]
