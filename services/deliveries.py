"""The runner's side of a broadcast: who holds it (a lease, so that two instances never
send the same broadcast), what is due, and the fate of each delivery, each recorded in its
own short transaction right after Telegram answered."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.broadcast import Broadcast, BroadcastState, DeliveryState, Recipient
from models.repositories import broadcasts as repo
from models.resident import Resident

MAX_ERROR = 255
MAX_RETRY_DELAY = 3600.0
# Features that keep per-resident wishes (hearing subscriptions...) drop them when the
# resident blocks the bot: called with the resident's id inside the marking transaction.
BlockedHook = Callable[[AsyncSession, int], Awaitable[None]]
BLOCKED_HOOKS: list[BlockedHook] = []


def on_blocked(hook: BlockedHook) -> BlockedHook:
    """Register ``hook`` (once) to run when a delivery finds its resident blocked the bot."""
    if hook not in BLOCKED_HOOKS:
        BLOCKED_HOOKS.append(hook)
    return hook


async def claim(session: AsyncSession, broadcast_id: int, runner: str, lease: float) -> bool:
    """Take or renew the broadcast for ``lease`` seconds; ``False`` if another runner has it
    or it is not running any more."""
    now = utcnow()
    async with session.begin():
        until = now + timedelta(seconds=lease)
        return await repo.lease(session, broadcast_id, runner, now=now, until=until)


async def release(session: AsyncSession, broadcast_id: int, runner: str) -> None:
    async with session.begin():
        await session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.runner == runner)
            .values(runner=None, lease_until=None)
        )


async def resumable(session: AsyncSession) -> list[int]:
    """Running broadcasts that no live runner holds (after a restart or a crash)."""
    async with session.begin():
        return await repo.unleased(session, utcnow())


async def due(
    session: AsyncSession, broadcast_id: int, *, after_id: int, limit: int
) -> list[Recipient]:
    async with session.begin():
        return await repo.due(session, broadcast_id, after_id=after_id, limit=limit, now=utcnow())


async def still_running(session: AsyncSession, broadcast_id: int) -> bool:
    async with session.begin():
        broadcast = await session.get(Broadcast, broadcast_id, populate_existing=True)
        return broadcast is not None and broadcast.state == BroadcastState.RUNNING


async def next_retry(session: AsyncSession, broadcast_id: int) -> tuple[int, datetime | None]:
    async with session.begin():
        return await repo.next_retry(session, broadcast_id)


async def mark_sent(session: AsyncSession, recipient: Recipient, error: str = "") -> None:
    async with session.begin():
        await _close(session, recipient, DeliveryState.SENT, sent_at=utcnow())


async def mark_blocked(session: AsyncSession, recipient: Recipient, error: str) -> None:
    """403: the resident blocked the bot (or never started it); remember it on them."""
    async with session.begin():
        if not await _close(
            session, recipient, DeliveryState.BLOCKED, last_error=error[:MAX_ERROR]
        ):
            return
        await session.execute(
            update(Resident)
            .where(Resident.id == recipient.resident_id, Resident.bot_blocked_at.is_(None))
            .values(bot_blocked_at=utcnow())
        )
        for hook in BLOCKED_HOOKS:
            await hook(session, recipient.resident_id)


async def mark_failed(session: AsyncSession, recipient: Recipient, error: str) -> None:
    async with session.begin():
        await _close(session, recipient, DeliveryState.FAILED, last_error=error[:MAX_ERROR])


async def _close(
    session: AsyncSession, recipient: Recipient, state: DeliveryState, **values: object
) -> bool:
    """``False`` when the delivery was settled already (nothing changes then)."""
    attempts = recipient.attempts + 1
    return await repo.settle(session, recipient.delivery_id, state, attempts=attempts, **values)


async def retry_later(
    session: AsyncSession, recipient: Recipient, error: str, *, max_attempts: int, delay: float
) -> bool:
    """Try again after ``delay`` doubled per attempt; ``False`` (and failed) when the
    attempts ran out."""
    attempts = recipient.attempts + 1
    if attempts >= max_attempts:
        await mark_failed(session, recipient, error)
        return False
    wait = min(MAX_RETRY_DELAY, delay * 2 ** (attempts - 1))
    async with session.begin():
        await repo.postpone(
            session,
            recipient.delivery_id,
            attempts=attempts,
            error=error[:MAX_ERROR],
            at=utcnow() + timedelta(seconds=wait),
        )
    return True
