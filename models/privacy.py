"""What Kenes keeps for privacy's sake: the pseudonymous memory of erased accounts (only what
abuse control needs) and the count of refused actions per actor and hour."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime, utcnow


class ErasedAccount(Base):
    """An erased resident, known only by the keyed pseudonym of their Telegram id
    (``services.pseudonym``). Dropped ``KENES_ERASURE_MEMORY_DAYS`` after ``erased_at``."""

    __tablename__ = "erased_accounts"

    pseudonym: Mapped[str] = mapped_column(String(64), primary_key=True)
    blocked: Mapped[bool] = mapped_column(default=False)
    blocked_reason: Mapped[str | None] = mapped_column(String(32))  # a code, not the text
    needs_day: Mapped[str | None] = mapped_column(String(10))  # the local date, ISO
    needs_today: Mapped[int] = mapped_column(Integer, default=0)
    lookups_day: Mapped[str | None] = mapped_column(String(10))  # duplicate look-ups, the day
    lookups_today: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # "service|district" -> [rating id, ISO time]: the rating the next one replaces
    ratings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    supported: Mapped[list[int]] = mapped_column(JSON, default=list)  # need ids
    authored: Mapped[list[int]] = mapped_column(JSON, default=list)  # open needs they filed
    erased_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


class RefusalCount(Base):
    """How many actions one actor was refused in one hour; only the first few of them are
    written to the audit log (``KENES_REFUSALS_AUDITED_PER_HOUR``)."""

    __tablename__ = "refusal_counts"

    actor: Mapped[str] = mapped_column(String(64), primary_key=True)  # pseudonym or staff:<id>
    hour: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True)
    refused: Mapped[int] = mapped_column(Integer, default=0)
