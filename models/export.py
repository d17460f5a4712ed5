"""The claims that make each export (and each digest) happen once per period."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class ExportKind(StrEnum):
    AKIMAT = "akimat"  # aggregates written to the akimat's database
    DIGEST = "digest"  # the moderators' digest


class ExportState(StrEnum):
    PENDING = "pending"  # due, never tried
    RUNNING = "running"  # claimed by ``claimed_by`` until ``claimed_at`` + the claim's life
    FAILED = "failed"  # the last attempt failed; tried again from ``next_attempt_at``
    DONE = "done"


class ExportPeriod(Base):
    """One period of one granularity for one kind of work. A run claims it (a conditional
    UPDATE in one transaction); a claim older than its lifetime is taken over, so a run
    that crashed is retried."""

    __tablename__ = "export_periods"
    __table_args__ = (UniqueConstraint("kind", "granularity", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    granularity: Mapped[str] = mapped_column(String(8))
    period: Mapped[str] = mapped_column(String(10))  # 2026-11-27, 2026-W48, 2026-11
    state: Mapped[str] = mapped_column(String(8), default=ExportState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
    alerted_at: Mapped[datetime | None]  # moderators were told it keeps failing
    last_error: Mapped[str | None] = mapped_column(String(200))  # an exception's class name
