"""The period's aggregates, computed in SQL (GROUP BY, never a loop over rows).

Needs: one row per need that counts in the period (submitted in it, a status change in it,
or open at its end), placed in its cell (district × category), small cells folded; then one
GROUP BY. Every figure is taken as of the period's end from the needs' history
(``need_events``), so exporting a period again later gives the same rows. Ratings: one row
per rating given in the period (district × service). ``docs/akimat-export.md`` defines each
column.
Hearings (:mod:`~services.export.hearing_figures`), polls and the pulse
(:mod:`~services.export.polls`) are computed beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, exists, func, literal, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from models.need import OPEN_STATUSES, Need, NeedEvent, NeedStatus
from models.rating import Rating
from services.export.hearing_figures import hearing_rows
from services.export.polls import poll_rows, pulse_rows
from services.export.sql import Row, flag, grouped, hours_between, period_columns, round2
from services.periods import Period

S = NeedStatus
EVENT_COUNTS = tuple(
    s.value
    for s in (S.ACCEPTED, S.REJECTED, S.RESOLVED, S.DUPLICATE, S.NOT_OUR_COMPETENCE, S.REOPENED)
)
NEED_COUNTS = ("submitted", *EVENT_COUNTS, "open_at_end", "overdue_at_end", "with_voice")
NEED_MEDIANS = ("median_hours_to_first_answer", "median_hours_to_resolution")
RATING_COUNTS = ("ratings", "score_1", "score_2", "score_3", "score_4", "score_5", "comments")
STAFF_ACTOR = "staff:%"


@dataclass(frozen=True)
class Aggregates:
    period: Period
    needs: list[Row]
    ratings: list[Row]
    hearings: list[Row]
    polls: list[Row]
    pulse: list[Row]


def _need_facts(start: datetime, end: datetime, dialect: str) -> Any:
    event = NeedEvent
    in_period = and_(event.at >= start, event.at < end)
    changes = (
        select(
            event.need_id,
            *[func.max(flag(event.to_status == status)).label(status) for status in EVENT_COUNTS],
            func.max(case((event.to_status == S.RESOLVED, event.at))).label("resolved_at"),
            func.min(case((event.actor.like(STAFF_ACTOR), event.at))).label("staff_at"),
        )
        .where(in_period)
        .group_by(event.need_id)
        .cte("changes")
    )
    # The status a need had at the end: what its first later change moved it from. Only the
    # needs submitted before the end are ranked: most later changes belong to later needs.
    ranked = (
        select(
            event.need_id,
            event.from_status,
            func.row_number()
            .over(partition_by=event.need_id, order_by=(event.at, event.id))
            .label("rank"),
        )
        .join(Need, Need.id == event.need_id)
        .where(event.at >= end, Need.created_at < end)
        .subquery()
    )
    later = select(ranked.c.need_id, ranked.c.from_status).where(ranked.c.rank == 1).cte("later")
    status_at_end = case(
        (later.c.need_id.is_(None), Need.status),
        else_=func.coalesce(later.c.from_status, literal(S.NEW.value)),
    )
    is_open = status_at_end.in_([status.value for status in OPEN_STATUSES])
    earlier = aliased(NeedEvent)
    answered_before = exists().where(
        earlier.need_id == Need.id, earlier.actor.like(STAFF_ACTOR), earlier.at < start
    )
    first_answer = and_(changes.c.staff_at.is_not(None), ~answered_before)
    return (
        select(
            Need.district,
            Need.category,
            Need.resident_id,
            flag(Need.created_at >= start).label("submitted"),
            *[func.coalesce(changes.c[status], 0).label(status) for status in EVENT_COUNTS],
            flag(is_open).label("open_at_end"),
            flag(and_(is_open, Need.deadline_at < end)).label("overdue_at_end"),
            # the duration, not the file's id: erasure forgets the id, the count stays
            flag(and_(Need.created_at >= start, Need.voice_duration.is_not(None))).label(
                "with_voice"
            ),
            case(
                (first_answer, hours_between(changes.c.staff_at, Need.created_at, dialect))
            ).label(NEED_MEDIANS[0]),
            case(
                (
                    changes.c.resolved_at.is_not(None),
                    hours_between(changes.c.resolved_at, Need.created_at, dialect),
                )
            ).label(NEED_MEDIANS[1]),
        )
        .outerjoin(changes, changes.c.need_id == Need.id)
        .outerjoin(later, later.c.need_id == Need.id)
        .where(
            Need.created_at < end,
            or_(Need.created_at >= start, changes.c.need_id.is_not(None), is_open),
        )
        .cte("need_facts")
    )


async def need_rows(
    session: AsyncSession, period: Period, bounds: tuple[datetime, datetime], min_cell: int
) -> list[Row]:
    facts = _need_facts(*bounds, session.get_bind().dialect.name)
    rows = await grouped(
        session, facts, ("district", "category"), NEED_COUNTS, NEED_MEDIANS, min_cell
    )
    return [period_columns(period) | row for row in rows]


async def rating_rows(
    session: AsyncSession, period: Period, bounds: tuple[datetime, datetime], min_cell: int
) -> list[Row]:
    start, end = bounds
    commented = and_(
        Rating.comment.is_not(None), func.trim(Rating.comment) != "", Rating.hidden.is_(False)
    )
    facts = (
        select(
            Rating.district,
            Rating.service,
            Rating.resident_id,
            literal(1).label("ratings"),
            Rating.score.label("score_sum"),
            *[flag(Rating.score == score).label(f"score_{score}") for score in range(1, 6)],
            flag(commented).label("comments"),
        )
        .where(Rating.created_at >= start, Rating.created_at < end)
        .cte("rating_facts")
    )
    sums = (*RATING_COUNTS, "score_sum")
    rows = await grouped(session, facts, ("district", "service"), sums, (), min_cell)
    result = []
    for row in rows:
        total = row.pop("score_sum")
        row["mean_score"] = round2(total / row["ratings"])
        result.append(period_columns(period) | row)
    return result


async def collect(
    session: AsyncSession, period: Period, bounds: tuple[datetime, datetime], min_cell: int
) -> Aggregates:
    """Every aggregate of ``period``. Needs, ratings and hearings are read in one transaction:
    one consistent snapshot (REPEATABLE READ on PostgreSQL; SQLite's transactions are
    serialised anyway). Polls and the pulse come from the polls feature, in its own
    transactions: a poll that closed in a period that has ended takes no more answers."""
    async with session.begin():
        if session.get_bind().dialect.name == "postgresql":
            await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            # Queries run once per period: compiling them (JIT) costs more than it saves.
            await session.execute(text("SET LOCAL jit = off"))
        needs = await need_rows(session, period, bounds, min_cell)
        ratings = await rating_rows(session, period, bounds, min_cell)
        hearings = await hearing_rows(session, period, bounds, min_cell)
    polls = await poll_rows(session, period, bounds, min_cell)
    pulse = await pulse_rows(session, period, polls, min_cell)
    return Aggregates(period, needs, ratings, hearings, polls, pulse)
