"""The export schema in the akimat's database: aggregates only, never a person.

A separate ``MetaData`` (and a separate Alembic environment, ``migrations_akimat/``, with its
own version table): these tables live in another database, which Kenes creates and migrates.
Every column is documented in ``docs/akimat-export.md``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import Boolean, Date, Float, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from models.base import NAMING_CONVENTION, UtcDateTime

OTHER = "_other"  # district and category (or service) of the folded small cells
CITY = "city"  # the district of a city-wide hearing, and of a poll's whole-city row
UNKNOWN = "_unknown"  # residents whose district Kenes does not know (polls)
VERSION_TABLE = "kenes_export_version"


class AkimatBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime()}


class _PeriodKey:
    """The period columns, first in every table (``sort_order``)."""

    period: Mapped[str] = mapped_column(String(10), primary_key=True, sort_order=-4)
    granularity: Mapped[str] = mapped_column(String(8), primary_key=True, sort_order=-3)
    period_start: Mapped[date] = mapped_column(Date, sort_order=-2)
    period_end: Mapped[date] = mapped_column(Date, sort_order=-1)


class NeedStats(_PeriodKey, AkimatBase):
    __tablename__ = "need_stats"

    district: Mapped[str] = mapped_column(String(32), primary_key=True)
    category: Mapped[str] = mapped_column(String(32), primary_key=True)
    submitted: Mapped[int] = mapped_column(Integer)
    accepted: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    resolved: Mapped[int] = mapped_column(Integer)
    duplicate: Mapped[int] = mapped_column(Integer)
    not_our_competence: Mapped[int] = mapped_column(Integer)
    reopened: Mapped[int] = mapped_column(Integer)
    open_at_end: Mapped[int] = mapped_column(Integer)
    overdue_at_end: Mapped[int] = mapped_column(Integer)
    with_voice: Mapped[int] = mapped_column(Integer, server_default="0")  # akimat_voice_0001
    median_hours_to_first_answer: Mapped[float | None] = mapped_column(Float)
    median_hours_to_resolution: Mapped[float | None] = mapped_column(Float)


class RatingStats(_PeriodKey, AkimatBase):
    __tablename__ = "rating_stats"

    district: Mapped[str] = mapped_column(String(32), primary_key=True)
    service: Mapped[str] = mapped_column(String(32), primary_key=True)
    ratings: Mapped[int] = mapped_column(Integer)
    mean_score: Mapped[float] = mapped_column(Float)
    score_1: Mapped[int] = mapped_column(Integer)
    score_2: Mapped[int] = mapped_column(Integer)
    score_3: Mapped[int] = mapped_column(Integer)
    score_4: Mapped[int] = mapped_column(Integer)
    score_5: Mapped[int] = mapped_column(Integer)
    comments: Mapped[int] = mapped_column(Integer)


class HearingStats(_PeriodKey, AkimatBase):
    __tablename__ = "hearing_stats"

    district: Mapped[str] = mapped_column(String(32), primary_key=True)
    hearings_held: Mapped[int] = mapped_column(Integer, server_default="0")
    subscribers_notified: Mapped[int] = mapped_column(Integer)
    registrations: Mapped[int] = mapped_column(Integer)
    questions_asked: Mapped[int] = mapped_column(Integer)
    questions_answered: Mapped[int] = mapped_column(Integer)


class PollStats(_PeriodKey, AkimatBase):
    """A poll that closed in the period: one row per option × district (``city`` for the
    whole city). Its question and options are the akimat's own published texts."""

    __tablename__ = "poll_stats"

    poll_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    option: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    district: Mapped[str] = mapped_column(String(32), primary_key=True)
    hearing_id: Mapped[int | None] = mapped_column(Integer)
    pulse_quarter: Mapped[str | None] = mapped_column(String(7))
    question_kk: Mapped[str] = mapped_column(Text)
    question_ru: Mapped[str] = mapped_column(Text)
    option_kk: Mapped[str] = mapped_column(String(100))
    option_ru: Mapped[str] = mapped_column(String(100))
    multiple: Mapped[bool] = mapped_column(Boolean)
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    respondents: Mapped[int] = mapped_column(Integer)
    votes: Mapped[int] = mapped_column(Integer)


class PulseStats(_PeriodKey, AkimatBase):
    """The SDG 16.7.2 pulse of a quarter, in the period in which it closed: one row per
    question × district (``city`` for the whole city)."""

    __tablename__ = "pulse_stats"

    quarter: Mapped[str] = mapped_column(String(7), primary_key=True)
    item: Mapped[str] = mapped_column(String(16), primary_key=True)
    district: Mapped[str] = mapped_column(String(32), primary_key=True)
    respondents: Mapped[int] = mapped_column(Integer)
    not_at_all: Mapped[int] = mapped_column(Integer)
    very_little: Mapped[int] = mapped_column(Integer)
    some: Mapped[int] = mapped_column(Integer)
    a_lot: Mapped[int] = mapped_column(Integer)
    a_great_deal: Mapped[int] = mapped_column(Integer)
    positive: Mapped[int] = mapped_column(Integer)
    share: Mapped[float | None] = mapped_column(Float)


class ExportBatch(_PeriodKey, AkimatBase):
    __tablename__ = "export_batch"

    need_rows: Mapped[int] = mapped_column(Integer)
    rating_rows: Mapped[int] = mapped_column(Integer)
    hearing_rows: Mapped[int] = mapped_column(Integer)
    poll_rows: Mapped[int] = mapped_column(Integer, server_default="0")
    pulse_rows: Mapped[int] = mapped_column(Integer, server_default="0")
    checksum: Mapped[str] = mapped_column(String(64))
    exported_at: Mapped[datetime]
    kenes_version: Mapped[str] = mapped_column(String(32))


STATS_TABLES = (NeedStats, RatingStats, HearingStats, PollStats, PulseStats)
