"""Claims on export periods in Kenes' own database (``export_periods``).

A run claims ``(kind, granularity, period)`` with one conditional UPDATE in one transaction:
it wins only if the period is pending, or failed and due again, or claimed by a run whose
claim has expired (that run crashed). So of several processes started at the same moment
exactly one works on a period, and a period whose run died is retried. ``force`` (a re-export
by hand) also takes a period that is done, but never one that a live run holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, case, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.dialects import upsert_insert
from models.export import ExportPeriod, ExportState
from services.periods import Period

T = ExportPeriod
St = ExportState


@dataclass(frozen=True)
class Claim:
    kind: str
    period: Period
    runner: str
    attempt: int


def _this(kind: str, period: Period) -> list[ColumnElement[bool]]:
    return [T.kind == kind, T.granularity == period.granularity.value, T.period == period.key]


async def claim(
    session: AsyncSession,
    kind: str,
    period: Period,
    *,
    runner: str,
    now: datetime,
    lifetime: timedelta,
    force: bool = False,
) -> Claim | None:
    """Take the period for this run, or ``None`` when it is done, not due yet, or held."""
    insert = upsert_insert(session.get_bind().dialect.name)
    takeable = [
        and_(
            T.state.in_([St.PENDING, St.FAILED]),
            or_(T.next_attempt_at.is_(None), T.next_attempt_at <= now),
        ),
        and_(T.state == St.RUNNING, T.claimed_at < now - lifetime),
    ]
    if force:
        takeable.append(T.state.in_([St.DONE, St.FAILED, St.PENDING]))
    async with session.begin():
        await session.execute(
            insert(T)
            .values(
                kind=kind,
                granularity=period.granularity.value,
                period=period.key,
                state=St.PENDING,
                attempts=0,
            )
            .on_conflict_do_nothing(index_elements=["kind", "granularity", "period"])
        )
        result = await session.execute(
            update(T)
            .where(*_this(kind, period), or_(*takeable))
            .values(
                state=St.RUNNING,
                claimed_by=runner,
                claimed_at=now,
                attempts=case((T.state == St.DONE, 1), else_=T.attempts + 1),
            )
            .execution_options(synchronize_session=False)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return None
        attempts = await session.scalar(select(T.attempts).where(*_this(kind, period)))
    return Claim(kind, period, runner, int(attempts or 1))


async def finish(session: AsyncSession, claim: Claim, *, now: datetime) -> bool:
    """Mark the claimed period done; ``True`` if moderators had been alerted about it (they
    should hear that it works again)."""
    async with session.begin():
        alerted = await session.scalar(
            select(T.alerted_at).where(*_this(claim.kind, claim.period))
        )
        await session.execute(
            update(T)
            .where(*_this(claim.kind, claim.period), T.claimed_by == claim.runner)
            .values(
                state=St.DONE, done_at=now, next_attempt_at=None, last_error=None, alerted_at=None
            )
            .execution_options(synchronize_session=False)
        )
    return alerted is not None


async def fail(
    session: AsyncSession, claim: Claim, *, now: datetime, retry_at: datetime, error: str
) -> None:
    async with session.begin():
        await session.execute(
            update(T)
            .where(*_this(claim.kind, claim.period), T.claimed_by == claim.runner)
            .values(state=St.FAILED, next_attempt_at=retry_at, last_error=error[:200])
            .execution_options(synchronize_session=False)
        )


async def to_alert(session: AsyncSession, kind: str, *, threshold: int) -> list[ExportPeriod]:
    """Periods that failed ``threshold`` times or more in a row and nobody was told yet."""
    async with session.begin():
        query = select(T).where(
            T.kind == kind,
            T.state == St.FAILED,
            T.attempts >= threshold,
            T.alerted_at.is_(None),
        )
        return list((await session.execute(query.order_by(T.id))).scalars())


async def mark_alerted(session: AsyncSession, ids: list[int], *, now: datetime) -> None:
    async with session.begin():
        await session.execute(
            update(T)
            .where(T.id.in_(ids))
            .values(alerted_at=now)
            .execution_options(synchronize_session=False)
        )


async def done_keys(
    session: AsyncSession, kind: str, granularity: str, keys: list[str]
) -> set[str]:
    async with session.begin():
        query = select(T.period).where(
            T.kind == kind, T.granularity == granularity, T.state == St.DONE, T.period.in_(keys)
        )
        return set((await session.execute(query)).scalars())
