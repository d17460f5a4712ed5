from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class ProcessedUpdate(Base):
    """A webhook update claimed by an instance: being handled until ``expires_at`` (a lease),
    or ``done`` and kept until ``expires_at`` so that Telegram's retries are recognised."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    done: Mapped[bool] = mapped_column(default=False)
    expires_at: Mapped[datetime] = mapped_column(index=True)
