"""What the console reports: the dashboard for a date range, the hearings and polls, the
exports to the akimat's database, and the audit log.

The dashboard counts the needs received in the range (by their filing date, in the city's
time zone), per district and category: received; accepted (accepted at some point); resolved
(resolved now); overdue (open now, past the answer deadline). The medians are over the same
needs: hours from filing to the first action of staff, and to the first resolution.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.audit import AuditEntry
from models.base import utcnow
from models.export import ExportPeriod
from models.hearing import Hearing, HearingQuestion, HearingRsvp
from models.need import OPEN_STATUSES, Need, NeedEvent, NeedStatus
from models.poll import Poll, PollAnswer
from models.rating import Rating

FIGURES = ("received", "accepted", "resolved", "overdue")
AUDIT_PAGE = 100
LIST_LIMIT = 100


@dataclass(frozen=True)
class Cell:
    district: str
    category: str
    received: int
    accepted: int
    resolved: int
    overdue: int


@dataclass(frozen=True)
class Dashboard:
    since: date
    until: date
    cells: list[Cell]
    totals: Cell
    first_answer_hours: float | None
    resolution_hours: float | None
    ratings: list[tuple[str, int, float]]  # service, how many, average score
    per_day: list[tuple[date, int]]  # needs received each day


def bounds(since: date, until: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    after = until + timedelta(days=1)
    return datetime.combine(since, time(), tz), datetime.combine(after, time(), tz)


def _days(since: date, until: date) -> list[date]:
    return [since + timedelta(days=i) for i in range((until - since).days + 1)]


def _median_hours(pairs: list[tuple[datetime, datetime]]) -> float | None:
    hours = [(later - earlier).total_seconds() / 3600 for earlier, later in pairs]
    return round(statistics.median(hours), 1) if hours else None


async def dashboard(
    session: AsyncSession, since: date, until: date, *, tz: ZoneInfo, at: datetime | None = None
) -> Dashboard:
    at = at or utcnow()
    start, end = bounds(since, until, tz)
    received = [Need.created_at >= start, Need.created_at < end]
    accepted = exists().where(
        NeedEvent.need_id == Need.id, NeedEvent.to_status == NeedStatus.ACCEPTED
    )
    open_values = [status.value for status in OPEN_STATUSES]
    overdue = Need.status.in_(open_values) & (Need.deadline_at < at)
    async with session.begin():
        rows = await session.execute(
            select(
                Need.district,
                Need.category,
                func.count(),
                func.sum(case((accepted, 1), else_=0)),
                func.sum(case((Need.status == NeedStatus.RESOLVED, 1), else_=0)),
                func.sum(case((overdue, 1), else_=0)),
            )
            .where(*received)
            .group_by(Need.district, Need.category)
            .order_by(Need.district, Need.category)
        )
        cells = [
            Cell(d, c, int(n), int(a or 0), int(r or 0), int(o or 0)) for d, c, n, a, r, o in rows
        ]
        first_staff = (
            select(func.min(NeedEvent.at))
            .where(NeedEvent.need_id == Need.id, NeedEvent.actor.like("staff:%"))
            .scalar_subquery()
        )
        first_resolved = (
            select(func.min(NeedEvent.at))
            .where(NeedEvent.need_id == Need.id, NeedEvent.to_status == NeedStatus.RESOLVED)
            .scalar_subquery()
        )
        times = (
            await session.execute(
                select(Need.created_at, first_staff, first_resolved).where(*received)
            )
        ).all()
        ratings = await session.execute(
            select(Rating.service, func.count(), func.avg(Rating.score))
            .where(Rating.created_at >= start, Rating.created_at < end)
            .group_by(Rating.service)
            .order_by(Rating.service)
        )
        days = await session.execute(select(Need.created_at).where(*received))
    per_day: dict[date, int] = {}
    for (moment,) in days:
        day = moment.astimezone(tz).date()
        per_day[day] = per_day.get(day, 0) + 1
    totals = Cell(
        "",
        "",
        *(sum(getattr(cell, name) for cell in cells) for name in FIGURES),
    )
    return Dashboard(
        since,
        until,
        cells,
        totals,
        _median_hours([(filed, first) for filed, first, _ in times if first is not None]),
        _median_hours([(filed, done) for filed, _, done in times if done is not None]),
        [(service, int(count), round(float(average), 2)) for service, count, average in ratings],
        [(day, per_day.get(day, 0)) for day in _days(since, until)],
    )


@dataclass(frozen=True)
class HearingLine:
    hearing: Hearing
    registrations: int
    questions: int


@dataclass(frozen=True)
class PollLine:
    poll: Poll
    answers: int


async def hearings_and_polls(session: AsyncSession) -> tuple[list[HearingLine], list[PollLine]]:
    registrations = (
        select(func.count()).where(HearingRsvp.hearing_id == Hearing.id).scalar_subquery()
    )
    questions = (
        select(func.count()).where(HearingQuestion.hearing_id == Hearing.id).scalar_subquery()
    )
    answers = select(func.count()).where(PollAnswer.poll_id == Poll.id).scalar_subquery()
    async with session.begin():
        hearings = await session.execute(
            select(Hearing, registrations, questions)
            .order_by(Hearing.starts_at.desc())
            .limit(LIST_LIMIT)
        )
        polls = await session.execute(
            select(Poll, answers).order_by(Poll.opens_at.desc()).limit(LIST_LIMIT)
        )
        return (
            [HearingLine(h, int(r), int(q)) for h, r, q in hearings],
            [PollLine(p, int(a)) for p, a in polls],
        )


async def hearing_questions(session: AsyncSession, hearing_id: int) -> list[HearingQuestion]:
    async with session.begin():
        found = await session.scalars(
            select(HearingQuestion)
            .where(HearingQuestion.hearing_id == hearing_id)
            .order_by(HearingQuestion.id)
        )
        return list(found)


async def exports(session: AsyncSession, kind: str) -> list[ExportPeriod]:
    """The periods of ``kind`` (``akimat`` or ``digest``), the latest first."""
    async with session.begin():
        found = await session.scalars(
            select(ExportPeriod)
            .where(ExportPeriod.kind == kind)
            .order_by(ExportPeriod.period.desc(), ExportPeriod.granularity)
            .limit(LIST_LIMIT)
        )
        return list(found)


async def export_period(session: AsyncSession, period_id: int) -> ExportPeriod | None:
    async with session.begin():
        return await session.get(ExportPeriod, period_id)


@dataclass(frozen=True)
class AuditQuery:
    actor: int | None = None
    action: str = ""
    since: date | None = None
    until: date | None = None
    page: int = 0

    @classmethod
    def from_params(cls, params: Any) -> AuditQuery:
        def day(name: str) -> date | None:
            try:
                return date.fromisoformat(params.get(name, ""))
            except ValueError:
                return None

        actor = params.get("actor", "").strip()
        page = params.get("page", "")
        return cls(
            actor=int(actor) if actor.isdigit() and len(actor) < 16 else None,
            action=params.get("action", "").strip()[:64],
            since=day("since"),
            until=day("until"),
            page=int(page) if page.isdigit() and len(page) < 7 else 0,
        )


async def audit_log(
    session: AsyncSession, query: AuditQuery, *, tz: ZoneInfo
) -> tuple[list[AuditEntry], bool]:
    """A page of the log, the latest first, and whether there is a next page."""
    where = []
    if query.actor is not None:
        where.append(AuditEntry.actor_id == query.actor)
    if query.action:
        where.append(AuditEntry.action.startswith(query.action, autoescape=True))
    if query.since is not None:
        where.append(AuditEntry.at >= datetime.combine(query.since, time(), tz))
    if query.until is not None:
        where.append(AuditEntry.at < datetime.combine(query.until + timedelta(days=1), time(), tz))
    async with session.begin():
        found = list(
            await session.scalars(
                select(AuditEntry)
                .where(*where)
                .order_by(AuditEntry.id.desc())
                .offset(query.page * AUDIT_PAGE)
                .limit(AUDIT_PAGE + 1)
            )
        )
    return found[:AUDIT_PAGE], len(found) > AUDIT_PAGE
