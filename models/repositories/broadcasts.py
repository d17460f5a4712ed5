from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, insert, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.broadcast import (
    Broadcast,
    BroadcastState,
    Delivery,
    DeliveryState,
    Progress,
    Recipient,
)
from models.resident import Resident


def announceable() -> Select[int]:
    """Residents who may get announcements: consented, notifications on, not blocking us."""
    return select(Resident.id).where(
        Resident.consent_at.is_not(None),
        Resident.notifications.is_(True),
        Resident.bot_blocked_at.is_(None),
    )


async def add_deliveries(session: AsyncSession, broadcast_id: int, audience: Select[int]) -> int:
    """One pending delivery per distinct resident id of ``audience``; how many."""
    ids = audience.distinct().subquery()
    rows = select(
        literal(broadcast_id), ids.c[0], literal(DeliveryState.PENDING.value), literal(0)
    )
    await session.execute(
        insert(Delivery).from_select(["broadcast_id", "resident_id", "state", "attempts"], rows)
    )
    result = await session.execute(
        select(func.count()).where(Delivery.broadcast_id == broadcast_id)
    )
    return int(result.scalar_one())


async def progress(session: AsyncSession, broadcast: Broadcast) -> Progress:
    result = await session.execute(
        select(Delivery.state, func.count())
        .where(Delivery.broadcast_id == broadcast.id)
        .group_by(Delivery.state)
    )
    counts = {str(state): int(count) for state, count in result.all()}
    return Progress(
        total=broadcast.total,
        sent=counts.get(DeliveryState.SENT, 0),
        failed=counts.get(DeliveryState.FAILED, 0),
        blocked=counts.get(DeliveryState.BLOCKED, 0),
        state=broadcast.state,
    )


async def due(
    session: AsyncSession, broadcast_id: int, *, after_id: int, limit: int, now: datetime
) -> list[Recipient]:
    """Pending deliveries whose time has come, in id order after ``after_id``."""
    result = await session.execute(
        select(
            Delivery.id, Resident.id, Resident.telegram_id, Resident.language, Delivery.attempts
        )
        .join(Resident, Resident.id == Delivery.resident_id)
        .where(
            Delivery.broadcast_id == broadcast_id,
            Delivery.state == DeliveryState.PENDING,
            Delivery.id > after_id,
            or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= now),
        )
        .order_by(Delivery.id)
        .limit(limit)
    )
    return [Recipient(*row) for row in result.all()]


async def next_retry(session: AsyncSession, broadcast_id: int) -> tuple[int, datetime | None]:
    """How many deliveries are still pending, and the earliest time one is due."""
    result = await session.execute(
        select(func.count(), func.min(Delivery.next_attempt_at)).where(
            Delivery.broadcast_id == broadcast_id, Delivery.state == DeliveryState.PENDING
        )
    )
    count, earliest = result.one()
    return int(count), earliest


async def settle(
    session: AsyncSession, delivery_id: int, state: DeliveryState, **values: object
) -> bool:
    """Move a pending delivery to ``state``; ``False`` when it was no longer pending."""
    result = await session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.state == DeliveryState.PENDING)
        .values(state=state.value, **values)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def postpone(
    session: AsyncSession, delivery_id: int, *, attempts: int, error: str, at: datetime
) -> None:
    await session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.state == DeliveryState.PENDING)
        .values(attempts=attempts, last_error=error, next_attempt_at=at)
    )


async def lease(
    session: AsyncSession, broadcast_id: int, runner: str, *, now: datetime, until: datetime
) -> bool:
    """Take (or keep) the broadcast for ``runner`` unless another live runner holds it."""
    result = await session.execute(
        update(Broadcast)
        .where(
            Broadcast.id == broadcast_id,
            Broadcast.state == BroadcastState.RUNNING,
            or_(
                Broadcast.runner.is_(None),
                Broadcast.runner == runner,
                Broadcast.lease_until < now,
            ),
        )
        .values(runner=runner, lease_until=until)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def unleased(session: AsyncSession, now: datetime) -> list[int]:
    result = await session.execute(
        select(Broadcast.id)
        .where(
            Broadcast.state == BroadcastState.RUNNING,
            or_(Broadcast.runner.is_(None), Broadcast.lease_until < now),
        )
        .order_by(Broadcast.id)
    )
    return list(result.scalars())
