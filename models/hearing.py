"""Public hearings: the hearing (texts in kk and ru), who subscribed to announcements, who
registered, the questions residents asked, and the reminders already sent."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from bot.latin import for_reader, written_in
from models.base import Base, TimestampMixin, utcnow


class HearingStatus(StrEnum):
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class Scope(StrEnum):
    """What a subscription to announcements covers."""

    CITY = "city"  # every hearing
    DISTRICT = "district"  # hearings in one district (and city-wide ones)
    TOPIC = "topic"  # hearings on one topic (a need category)


class Hearing(TimestampMixin, Base):
    """``id`` stays a plain integer key: polls may be attached to a hearing by it."""

    __tablename__ = "hearings"
    __table_args__ = (Index("ix_hearings_status_starts_at", "status", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title_kk: Mapped[str] = mapped_column(String(255))
    title_ru: Mapped[str] = mapped_column(String(255))
    description_kk: Mapped[str] = mapped_column(Text)
    description_ru: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime]
    address: Mapped[str | None] = mapped_column(String(300))
    link: Mapped[str | None] = mapped_column(String(500))
    district: Mapped[str | None] = mapped_column(String(32))  # None: the whole city
    topic: Mapped[str] = mapped_column(String(32))
    seats: Mapped[int | None]  # None: no limit
    seats_taken: Mapped[int] = mapped_column(default=0)
    questions_until: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default=HearingStatus.PUBLISHED)
    version: Mapped[int] = mapped_column(default=1)  # +1 on each edit (the .ics SEQUENCE)
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    outcome_kk: Mapped[str | None] = mapped_column(Text)
    outcome_ru: Mapped[str | None] = mapped_column(Text)
    outcome_at: Mapped[datetime | None]

    def text(self, field: str, language: str) -> str:
        """``title``, ``description`` or ``outcome`` in ``language``."""
        text = getattr(self, f"{field}_{written_in(language)}") or ""
        return for_reader(str(text), language)


class HearingSubscription(Base):
    """A resident's wish to hear of new hearings. ``active`` turns false when they
    unsubscribe or block the bot (personal: erased with the resident)."""

    __tablename__ = "hearing_subscriptions"
    __table_args__ = (UniqueConstraint("resident_id", "scope", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(32), default="")  # "" for the whole city
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HearingRsvp(Base):
    """“I will attend”. The hearing's ``seats_taken`` counts these rows, so a resident who
    erases their data leaves the registration (and the seat) behind, anonymised."""

    __tablename__ = "hearing_rsvps"
    __table_args__ = (UniqueConstraint("hearing_id", "resident_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id", ondelete="CASCADE"))
    resident_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HearingQuestion(Base):
    """A resident's question; moderators may hide it (content moderation)."""

    __tablename__ = "hearing_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(
        ForeignKey("hearings.id", ondelete="CASCADE"), index=True
    )
    resident_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)  # "" when the question is a voice message only
    language: Mapped[str] = mapped_column(String(8))
    hidden: Mapped[bool] = mapped_column(default=False)
    voice_file_id: Mapped[str | None] = mapped_column(String(255))  # as on ``Need``
    voice_file_unique_id: Mapped[str | None] = mapped_column(String(64))
    voice_duration: Mapped[int | None] = mapped_column(Integer)
    hidden_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HearingReminder(Base):
    """A reminder sent (as a broadcast) for a hearing at ``starts_at``, ``minutes`` before:
    the unique key makes a job that runs again, or on a second instance, send nothing."""

    __tablename__ = "hearing_reminders"
    __table_args__ = (UniqueConstraint("hearing_id", "minutes", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id", ondelete="CASCADE"))
    minutes: Mapped[int]
    starts_at: Mapped[datetime]
    broadcast_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
