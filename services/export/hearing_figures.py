"""Public hearings per period × district, in SQL: one fact row per thing that happened in
the period (a hearing held, an announcement delivered, a registration, a question, a
question answered by the hearing's outcome), with the resident it concerns, folded like the
needs and ratings and added up in one GROUP BY. ``docs/akimat-export.md`` defines each
column."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, literal, literal_column, null, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from models.akimat import CITY
from models.broadcast import Broadcast, Delivery, DeliveryState
from models.hearing import Hearing, HearingQuestion, HearingRsvp, HearingStatus
from services.export.sql import Row, grouped, period_columns
from services.periods import Period

HEARING_COUNTS = (
    "hearings_held",
    "subscribers_notified",
    "registrations",
    "questions_asked",
    "questions_answered",
)
ANNOUNCEMENT = "hearing"  # the broadcast kind of a new hearing (services.hearings.publish)


def _fact(counted: str, resident: Any) -> list[Any]:
    """The district of the hearing (``city`` for a city-wide one), the resident, and a 1 in
    the column ``counted`` (0 in the others)."""
    return [
        func.coalesce(Hearing.district, literal(CITY)).label("district"),
        resident.label("resident_id"),
        *[literal_column("1" if name == counted else "0").label(name) for name in HEARING_COUNTS],
    ]


def _between(column: Any, start: datetime, end: datetime) -> Any:
    return and_(column >= start, column < end)


def hearing_facts(start: datetime, end: datetime) -> Any:
    visible = HearingQuestion.hidden.is_(False)
    parts: list[Select[Any]] = [
        select(*_fact("hearings_held", null())).where(
            Hearing.status == HearingStatus.PUBLISHED, _between(Hearing.starts_at, start, end)
        ),
        select(*_fact("subscribers_notified", Delivery.resident_id))
        .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
        .join(Hearing, Hearing.id == Broadcast.subject_id)
        .where(
            Broadcast.kind == ANNOUNCEMENT,
            Delivery.state == DeliveryState.SENT,
            _between(Delivery.sent_at, start, end),
        ),
        select(*_fact("registrations", HearingRsvp.resident_id))
        .join(Hearing, Hearing.id == HearingRsvp.hearing_id)
        .where(_between(HearingRsvp.created_at, start, end)),
        select(*_fact("questions_asked", HearingQuestion.resident_id))
        .join(Hearing, Hearing.id == HearingQuestion.hearing_id)
        .where(visible, _between(HearingQuestion.created_at, start, end)),
        select(*_fact("questions_answered", HearingQuestion.resident_id))
        .join(Hearing, Hearing.id == HearingQuestion.hearing_id)
        .where(visible, _between(Hearing.outcome_at, start, end)),
    ]
    return union_all(*parts).cte("hearing_facts")


async def hearing_rows(
    session: AsyncSession, period: Period, bounds: tuple[datetime, datetime], min_cell: int
) -> list[Row]:
    """Per district: hearings held in the period, announcements delivered, registrations and
    questions made in it, and questions answered by an outcome published in it."""
    facts = hearing_facts(*bounds)
    rows = await grouped(session, facts, ("district",), HEARING_COUNTS, (), min_cell)
    return [period_columns(period) | row for row in rows]
