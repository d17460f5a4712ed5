"""Needs (problems residents report), their photos, their history and their supporters."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, TimestampMixin, utcnow


class NeedStatus(StrEnum):
    NEW = "new"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"
    NOT_OUR_COMPETENCE = "not_our_competence"
    REOPENED = "reopened"


# What stays of a resident's words once they erased their data (``services.erasure``);
# readers see it in their language (``bot.render.shown_text``).
REDACTED = "[erased at the author's request]"

OPEN_STATUSES = frozenset(
    {NeedStatus.NEW, NeedStatus.ACCEPTED, NeedStatus.IN_PROGRESS, NeedStatus.REOPENED}
)


# The console's search in the words of needs (migration console_0002): an FTS5 table on
# SQLite, a GIN index on PostgreSQL; not models, so autogenerate leaves them alone.
WORDS_OBJECTS = ("needs_words", "ix_needs_words")


def kept_out_of_autogenerate(name: str | None) -> bool:
    """The search objects above, and the tables SQLite's FTS5 makes for them."""
    return name is not None and name.startswith(WORDS_OBJECTS)


class Need(TimestampMixin, Base):
    __tablename__ = "needs"
    __table_args__ = (
        Index("ix_needs_created_at", "created_at"),
        Index("ix_needs_category_district", "category", "district"),
        Index("ix_needs_status_deadline_at", "status", "deadline_at"),  # overdue (console)
        Index("ix_needs_department_id", "department_id"),  # the console's filter
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    draft_key: Mapped[str] = mapped_column(String(32), unique=True)  # one need per draft
    resident_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL"), index=True
    )
    category: Mapped[str] = mapped_column(String(32))
    district: Mapped[str] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(String(300))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(24), default=NeedStatus.NEW, index=True)
    deadline_at: Mapped[datetime]
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("needs.id", ondelete="SET NULL")
    )
    resolution_score: Mapped[int | None] = mapped_column(Integer)
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    # Claimed for posting to the moderators (this round: new, reopened), and posted: a claim
    # not posted within KENES_CARD_CLAIM_LEASE seconds (the process died) is claimed again.
    queued_at: Mapped[datetime | None]
    posted_at: Mapped[datetime | None]
    # What the public may read about the need (open data, the duplicate offer): written or
    # picked from a template by the moderator who accepts it; never the resident's words.
    public_summary: Mapped[str | None] = mapped_column(Text)
    # A voice message instead of (or besides) the description: Telegram's references, and
    # its length in seconds. Erasure forgets the references; the duration stays (no one's).
    voice_file_id: Mapped[str | None] = mapped_column(String(255))
    voice_file_unique_id: Mapped[str | None] = mapped_column(String(64))
    voice_duration: Mapped[int | None] = mapped_column(Integer)


class NeedPhoto(Base):
    __tablename__ = "need_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    file_id: Mapped[str] = mapped_column(String(255))


class NeedEvent(Base):
    """One step of a need's history: who moved it from which status to which, and why."""

    __tablename__ = "need_events"
    __table_args__ = (Index("ix_need_events_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(64))  # "resident", "system", "staff:<id>"
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    comment: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class NeedSupporter(Base):
    """A "+1": another resident has the same problem. Erasing the resident keeps the count."""

    __tablename__ = "need_supporters"
    __table_args__ = (UniqueConstraint("need_id", "resident_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    resident_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DuplicateLookup(Base):
    """How many times a resident's drafts were compared with the open needs nearby on one
    local day: past ``KENES_MAX_DUPLICATE_LOOKUPS_PER_DAY`` no similar need is offered, so
    nobody can probe a street address by address."""

    __tablename__ = "duplicate_lookups"

    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(primary_key=True)
    lookups: Mapped[int] = mapped_column(Integer, default=0)
