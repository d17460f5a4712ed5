"""Civic polls: a question with 2–10 options in kk and ru, who gets it, when it is open,
and the residents' answers (one per resident and poll, changeable until it closes)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.latin import for_reader, written_in
from models.base import Base, utcnow

MAX_QUESTION = 300
MAX_OPTION = 100
MIN_OPTIONS = 2
MAX_OPTIONS = 10


class Audience(StrEnum):
    ALL = "all"  # every resident who allowed announcements
    DISTRICT = "district"  # ... whose district (``services.poll_answers``) is audience_code
    TOPIC = "topic"  # ... who reported or supported a need of category audience_code


class Visibility(StrEnum):
    ANSWERED = "answered"  # a resident sees the results right after answering
    CLOSED = "closed"  # only once the poll has closed


class PulseItem(StrEnum):
    """The two questions of the SDG 16.7.2 pulse (``docs/sdg-16-7-2.md``)."""

    SAY = "say"  # ... allows people like you to have a say in what the government does
    INFLUENCE = "influence"  # ... allows people like you to have an influence on politics


class Poll(Base):
    """Published by a moderator (or by the pulse job); opened at ``opens_at`` by a broadcast
    (``broadcast_id``), closed from ``closes_at`` on; the results go to those who answered
    (``results_broadcast_id``). Times are shown in ``timezone``."""

    __tablename__ = "polls"
    __table_args__ = (
        UniqueConstraint("pulse_quarter", "pulse_item"),
        Index("ix_polls_closes_at", "closes_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_kk: Mapped[str] = mapped_column(Text)
    question_ru: Mapped[str] = mapped_column(Text)
    multiple: Mapped[bool] = mapped_column(default=False)
    audience: Mapped[str] = mapped_column(String(16), default=Audience.ALL)
    audience_code: Mapped[str | None] = mapped_column(String(32))
    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.ANSWERED)
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[int | None] = mapped_column(BigInteger)  # a staff member's Telegram id
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_language: Mapped[str | None] = mapped_column(String(8))
    broadcast_id: Mapped[int | None] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="SET NULL")
    )
    results_broadcast_id: Mapped[int | None] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="SET NULL")
    )
    # A poll attached to a public hearing; hearings are another feature, wired later.
    hearing_id: Mapped[int | None] = mapped_column(Integer)
    pulse_quarter: Mapped[str | None] = mapped_column(String(7))  # "2026Q4"
    pulse_item: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def question(self, language: str) -> str:
        return for_reader(
            self.question_kk if written_in(language) == "kk" else self.question_ru, language
        )


class PollOption(Base):
    __tablename__ = "poll_options"
    __table_args__ = (UniqueConstraint("poll_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # 0-based, in the order written
    text_kk: Mapped[str] = mapped_column(String(MAX_OPTION))
    text_ru: Mapped[str] = mapped_column(String(MAX_OPTION))

    def text(self, language: str) -> str:
        return for_reader(self.text_kk if written_in(language) == "kk" else self.text_ru, language)


class PollAnswer(Base):
    """A resident's answer to a poll: one per resident (the unique constraint), replaced when
    they change it. ``district`` is theirs at the moment they answered. Erasing the resident
    keeps the answer, anonymised."""

    __tablename__ = "poll_answers"
    __table_args__ = (
        UniqueConstraint("poll_id", "resident_id"),
        Index("ix_poll_answers_poll_district", "poll_id", "district"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    resident_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL"), index=True
    )
    district: Mapped[str | None] = mapped_column(String(32))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_at: Mapped[datetime | None]


class PollChoice(Base):
    """One option of an answer (one for single choice, one or more for multiple choice)."""

    __tablename__ = "poll_choices"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("poll_answers.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
