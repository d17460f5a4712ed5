"""The outbox of notices to residents. A service that changes a need (a status, an answer,
a department) or a resident (blocked, unblocked) calls ``queue_*`` inside its own
transaction: the notice and its recipients are written with the change, or not at all. The
broadcaster sends them (kind ``notice``: rate limits, retries, resumable after a crash); the
update that made the change returns without waiting for Telegram.

Whoever commits the transaction starts the sending: :func:`queued` hands over the broadcasts
written on a session (the dispatcher's session middleware does it after each update); a
broadcast nobody started is resumed by the broadcaster's job anyway.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.broadcast import Broadcast, BroadcastState, Delivery
from models.need import Need, NeedSupporter
from models.notice import BROADCAST_KIND, Notice, NoticeKind
from models.resident import Resident
from services import broadcasts
from services.status_rules import StatusChange

SESSION_KEY = "kenes.notices"


def _author_and_supporters(need: Need, *, author: bool = True) -> Select[Any]:
    """The author (whom an answer must reach: tried even when they may have blocked Kenes,
    so the moderator learns it) and the supporters who can be told, with notifications on."""
    supporters = select(NeedSupporter.resident_id).where(NeedSupporter.need_id == need.id)
    others = and_(Resident.id.in_(supporters), Resident.bot_blocked_at.is_(None))
    who = or_(Resident.id == need.resident_id, others) if author else others
    if not author and need.resident_id is not None:
        who = and_(who, Resident.id != need.resident_id)
    return select(Resident.id).where(who, Resident.notifications.is_(True))


def _one(resident_id: int | None) -> Select[Any]:
    return select(Resident.id).where(Resident.id == resident_id)


async def queue_notice(
    session: AsyncSession,
    *,
    kind: NoticeKind,
    audience: Select[Any],
    payload: Mapping[str, Any],
    need_id: int | None = None,
    author_id: int | None = None,
    follows: Broadcast | None = None,
) -> Broadcast:
    """Write a notice and one pending delivery per resident of ``audience``, in the caller's
    transaction. ``follows``: reach each resident only after that broadcast is done."""
    if not session.in_transaction():
        raise RuntimeError("queue_notice runs inside the caller's transaction")
    notice = Notice(kind=kind.value, need_id=need_id, author_id=author_id, payload=dict(payload))
    session.add(notice)
    await session.flush()
    broadcast = await broadcasts.add(
        session, kind=BROADCAST_KIND, subject_id=notice.id, audience=audience
    )
    if follows is not None:
        broadcast.follows_id = follows.id
        if follows.state == BroadcastState.RUNNING and broadcast.state == BroadcastState.RUNNING:
            broadcast.state = BroadcastState.HELD
    await session.flush()
    if broadcast.state == BroadcastState.RUNNING:
        session.info.setdefault(SESSION_KEY, []).append(broadcast.id)
    return broadcast


def queued(session: AsyncSession) -> list[int]:
    """The notice broadcasts written on ``session`` since the last call: start them once
    their transaction committed (one that rolled back is simply not found)."""
    ids: list[int] = session.info.pop(SESSION_KEY, [])
    return ids


async def queue_status(
    session: AsyncSession,
    change: StatusChange,
    *,
    comments: Mapping[str, str] | None = None,
    photo: str | None = None,
    author: bool = True,
) -> Broadcast | None:
    """The status notice to the author and every supporter (``author=False``: only the
    supporters, when the author made the change); a resolution's photo follows it."""
    need = await session.get(Need, change.need_id)
    if need is None:
        return None
    payload = {
        "need_id": change.need_id,
        "number": change.number,
        "category": change.category,
        "from": change.from_status,
        "to": change.to_status,
        "comment": change.comment,
        "comments": dict(comments) if comments else None,
        "duplicate_of": change.duplicate_of,
        "deadline_at": change.deadline_at.isoformat(),
        "at": change.at.isoformat(),
    }
    audience = _author_and_supporters(need, author=author)
    status = await queue_notice(
        session,
        kind=NoticeKind.STATUS,
        audience=audience,
        payload=payload,
        need_id=need.id,
        author_id=need.resident_id,
    )
    if photo is not None:
        await queue_notice(
            session,
            kind=NoticeKind.PHOTO,
            audience=audience,
            payload={"number": change.number, "photo": photo},
            need_id=need.id,
            author_id=need.resident_id,
            follows=status,
        )
    return status


async def queue_reply(session: AsyncSession, need: Need, texts: Mapping[str, str]) -> Broadcast:
    """The akimat's answer to the author: ``texts`` per language."""
    return await queue_notice(
        session,
        kind=NoticeKind.REPLY,
        audience=_author_and_supporters(need).where(Resident.id == need.resident_id),
        payload={"number": need.number, "category": need.category, "texts": dict(texts)},
        need_id=need.id,
        author_id=need.resident_id,
    )


async def queue_route(
    session: AsyncSession, need: Need, department_names: Mapping[str, str]
) -> Broadcast:
    return await queue_notice(
        session,
        kind=NoticeKind.ROUTE,
        audience=_author_and_supporters(need).where(Resident.id == need.resident_id),
        payload={
            "number": need.number,
            "category": need.category,
            "names": dict(department_names),
        },
        need_id=need.id,
        author_id=need.resident_id,
    )


async def queue_blocking(
    session: AsyncSession, resident_id: int, *, blocked: bool, reason: str | None
) -> Broadcast:
    return await queue_notice(
        session,
        kind=NoticeKind.BLOCK if blocked else NoticeKind.UNBLOCK,
        audience=_one(resident_id),
        payload={"reason": reason},
        author_id=resident_id,
    )


async def get(session: AsyncSession, notice_id: int | None) -> Notice | None:
    async with session.begin():
        return await session.get(Notice, notice_id or 0)


async def author_delivery(session: AsyncSession, need_id: int) -> str | None:
    """What became of the latest notice about the need to its author: ``pending``,
    ``sent``, ``blocked`` (they blocked Kenes), ``failed``; ``None``: no such notice."""
    query = (
        select(Delivery.state)
        .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
        .join(Notice, and_(Broadcast.kind == BROADCAST_KIND, Broadcast.subject_id == Notice.id))
        .where(
            Notice.need_id == need_id,
            Notice.kind != NoticeKind.PHOTO.value,
            Delivery.resident_id == Notice.author_id,
        )
        .order_by(Notice.id.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()
