"""Broadcasts as features and moderators see them: create one with all its recipients in
one transaction, follow its progress, cancel it. Sending is the runner's work
(``bot/broadcast``); a feature creates the broadcast, then ``broadcaster.start(id)``."""

from __future__ import annotations

from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.broadcast import Broadcast, BroadcastState, Progress
from models.notice import BROADCAST_KIND as NOTICE_KIND
from models.repositories import broadcasts as repo
from services import audit
from services.staff import Actor

announceable = repo.announceable


async def create(
    session: AsyncSession,
    *,
    kind: str,
    subject_id: int | None,
    audience: Select[int],
    actor: Actor | None = None,
    progress_chat_id: int | None = None,
    progress_language: str | None = None,
) -> Broadcast:
    """A broadcast of ``kind`` about ``subject_id`` to every resident id ``audience`` selects
    (e.g. ``announceable().where(...)``), each once. Progress goes to ``progress_chat_id``."""
    async with session.begin():
        return await add(
            session,
            kind=kind,
            subject_id=subject_id,
            audience=audience,
            actor=actor,
            progress_chat_id=progress_chat_id,
            progress_language=progress_language,
        )


async def add(
    session: AsyncSession,
    *,
    kind: str,
    subject_id: int | None,
    audience: Select[int],
    actor: Actor | None = None,
    progress_chat_id: int | None = None,
    progress_language: str | None = None,
) -> Broadcast:
    """:func:`create` inside the caller's transaction, so that a feature's own change (a
    hearing cancelled, a reminder recorded) and its broadcast commit together."""
    broadcast = Broadcast(
        kind=kind,
        subject_id=subject_id,
        created_by=actor.telegram_id if actor else None,
        progress_chat_id=progress_chat_id,
        progress_language=progress_language,
    )
    session.add(broadcast)
    await session.flush()
    broadcast.total = await repo.add_deliveries(session, broadcast.id, audience)
    if broadcast.total == 0:
        broadcast.state = BroadcastState.DONE
        broadcast.finished_at = utcnow()
    if actor is not None:
        await audit.record(
            session,
            actor_id=actor.telegram_id,
            actor_role=actor.role,
            action="broadcast.create",
            object_type="broadcast",
            object_id=broadcast.id,
            after={"kind": kind, "subject_id": subject_id, "total": broadcast.total},
        )
    return broadcast


async def cancel(session: AsyncSession, broadcast_id: int, actor: Actor) -> bool:
    """Stop a running broadcast; what was not sent stays unsent. ``False`` if not running."""
    async with session.begin():
        result = await session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.state == BroadcastState.RUNNING)
            .values(state=BroadcastState.CANCELLED, finished_at=utcnow())
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return False
        await audit.record(
            session,
            actor_id=actor.telegram_id,
            actor_role=actor.role,
            action="broadcast.cancel",
            object_type="broadcast",
            object_id=broadcast_id,
            before={"state": BroadcastState.RUNNING.value},
            after={"state": BroadcastState.CANCELLED.value},
        )
        return True


async def get(session: AsyncSession, broadcast_id: int) -> Broadcast | None:
    async with session.begin():
        return await session.get(Broadcast, broadcast_id)


async def progress(session: AsyncSession, broadcast_id: int) -> Progress | None:
    async with session.begin():
        broadcast = await session.get(Broadcast, broadcast_id, populate_existing=True)
        return None if broadcast is None else await repo.progress(session, broadcast)


async def recent(session: AsyncSession, limit: int = 5) -> list[tuple[Broadcast, Progress]]:
    """The latest broadcasts staff started (not the notices to one need's residents)."""
    async with session.begin():
        result = await session.execute(
            select(Broadcast)
            .where(Broadcast.kind != NOTICE_KIND)
            .order_by(Broadcast.id.desc())
            .limit(limit)
        )
        return [(b, await repo.progress(session, b)) for b in result.scalars()]


async def followers(session: AsyncSession, broadcast_id: int) -> list[int]:
    """The running broadcasts that waited for this one."""
    async with session.begin():
        result = await session.execute(
            select(Broadcast.id).where(
                Broadcast.follows_id == broadcast_id, Broadcast.state == BroadcastState.RUNNING
            )
        )
        return list(result.scalars())


async def set_progress_message(session: AsyncSession, broadcast_id: int, message_id: int) -> None:
    async with session.begin():
        await session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id)
            .values(progress_message_id=message_id)
        )


async def finish(session: AsyncSession, broadcast_id: int) -> Progress | None:
    """Close the broadcast when nothing is pending any more, and store its totals."""
    async with session.begin():
        broadcast = await session.get(Broadcast, broadcast_id, populate_existing=True)
        if broadcast is None:
            return None
        result = await repo.progress(session, broadcast)
        if result.pending == 0 and broadcast.state == BroadcastState.RUNNING:
            broadcast.state = BroadcastState.DONE
            broadcast.finished_at = utcnow()
            await session.execute(  # what waited for this one may go now
                update(Broadcast)
                .where(
                    Broadcast.follows_id == broadcast_id, Broadcast.state == BroadcastState.HELD
                )
                .values(state=BroadcastState.RUNNING)
            )
        broadcast.sent, broadcast.failed, broadcast.blocked = (
            result.sent,
            result.failed,
            result.blocked,
        )
        broadcast.runner = None
        broadcast.lease_until = None
        return Progress(result.total, result.sent, result.failed, result.blocked, broadcast.state)
