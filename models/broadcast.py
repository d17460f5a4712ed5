from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class BroadcastState(StrEnum):
    RUNNING = "running"  # deliveries are pending; a runner sends them (or will, on resume)
    DONE = "done"  # nothing is pending any more
    CANCELLED = "cancelled"  # stopped on purpose; pending deliveries stay unsent
    HELD = "held"  # waits until the broadcast it follows is done (then running)


class DeliveryState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # a permanent error, or retries ran out (last_error says which)
    BLOCKED = "blocked"  # 403: the resident blocked the bot or never started it


class Broadcast(Base):
    """One message of one ``kind`` (a hearing announcement, a poll invitation...) to many
    residents. ``runner``/``lease_until`` say which process is sending it right now."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int | None]
    state: Mapped[str] = mapped_column(String(16), default=BroadcastState.RUNNING)
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    total: Mapped[int] = mapped_column(default=0)
    sent: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    blocked: Mapped[int] = mapped_column(default=0)
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None]
    progress_language: Mapped[str | None] = mapped_column(String(8))
    runner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    # A broadcast that must reach each resident after another one (a resolution's photo
    # after its status notice) is held until that one is done.
    follows_id: Mapped[int | None] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class Delivery(Base):
    """One recipient of one broadcast. Marked right after Telegram accepted the message, so
    a restarted runner sends only what is still ``pending``."""

    __tablename__ = "broadcast_deliveries"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "resident_id"),
        Index("ix_broadcast_deliveries_queue", "broadcast_id", "state", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    # Personal (who was told what): erasing the resident erases their deliveries.
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(16), default=DeliveryState.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(255))
    next_attempt_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]


@dataclass(frozen=True)
class Recipient:
    """A pending delivery with what sending it needs: whom, in which language."""

    delivery_id: int
    resident_id: int
    telegram_id: int
    language: str
    attempts: int


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    failed: int
    blocked: int
    state: str

    @property
    def pending(self) -> int:
        return self.total - self.sent - self.failed - self.blocked
