"""Honest statuses: the one place where a need changes status.

    new ─▶ accepted ─▶ in_progress ─▶ resolved ─▶ reopened (by the author, in 14 days)
     │         │            │
     └─────────┴────────────┴─▶ rejected (reason) | duplicate (of N)
                                | not_our_competence (where to go)

A change is a conditional ``UPDATE ... WHERE status = :expected``: of two concurrent changes
exactly one wins and the other gets :class:`StatusConflict` with the status it lost to. The
change is recorded in the need's history, and the caller gets back who must be told about it
(``bot.notifications`` tells them, each in their own language).

The rules (allowed changes, errors, :class:`StatusChange`) are in ``services.status_rules``
and are re-exported here.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.need import Need, NeedEvent, NeedStatus
from models.repositories import needs
from services import erasure, notices
from services.deadlines import answer_deadline
from services.status_rules import (
    ALLOWED,
    NEEDS_COMMENT,
    REOPEN_WINDOW,
    MissingDetail,
    NeedNotFound,
    Recipient,
    ReopenTooLate,
    S,
    StatusChange,
    StatusConflict,
    StatusError,
    TransitionNotAllowed,
)


async def change_status(
    session: AsyncSession,
    need_id: int,
    to: NeedStatus,
    *,
    actor: str,
    expected: NeedStatus | None = None,
    comment: str | None = None,
    duplicate_of: int | None = None,
) -> StatusChange:
    """Move a need to ``to`` (from ``expected``, or from whatever it is now), in one
    transaction; return what must be notified."""
    async with session.begin():
        return await change_in_transaction(
            session,
            need_id,
            to,
            actor=actor,
            expected=expected,
            comment=comment,
            duplicate_of=duplicate_of,
        )


async def change_in_transaction(
    session: AsyncSession,
    need_id: int,
    to: NeedStatus,
    *,
    actor: str,
    expected: NeedStatus | None = None,
    comment: str | None = None,
    duplicate_of: int | None = None,
) -> StatusChange:
    """:func:`change_status` inside the caller's transaction, for callers that record
    something else (an audit entry) in the same commit."""
    if not session.in_transaction():
        raise RuntimeError("change_in_transaction runs inside the caller's transaction")
    return await _change(
        session,
        need_id,
        to,
        actor=actor,
        expected=expected,
        comment=comment,
        duplicate_of=duplicate_of,
    )


async def _change(
    session: AsyncSession,
    need_id: int,
    to: NeedStatus,
    *,
    actor: str,
    expected: NeedStatus | None,
    comment: str | None,
    duplicate_of: int | None,
    deadline_at: datetime | None = None,
) -> StatusChange:
    need = await needs.by_id(session, need_id)
    if need is None:
        raise NeedNotFound(str(need_id))
    current = expected or NeedStatus(need.status)
    if to not in ALLOWED[current]:
        raise TransitionNotAllowed(current, to)
    comment = (comment or "").strip() or None
    if to in NEEDS_COMMENT and comment is None:
        raise MissingDetail(f"{to} needs a comment")
    original = await _original(session, need, duplicate_of) if to == S.DUPLICATE else None
    changes: dict[str, object] = {"duplicate_of_id": original.id} if original else {}
    if deadline_at is not None:
        changes["deadline_at"] = deadline_at
    changed = await needs.set_status(session, need_id, expected=current, new=to, **changes)
    await session.refresh(need)
    if not changed:
        raise StatusConflict(need.status)
    at = await needs.add_event(
        session, need_id, actor=actor, from_status=current, to_status=to, comment=comment
    )
    recipients = [
        Recipient(r.telegram_id, r.language, r.id == need.resident_id)
        for r in await needs.recipients(session, need)
    ]
    if original is not None:
        await _move_supporters(session, need, original)
    return StatusChange(
        need.id,
        need.number,
        need.category,
        current,
        to,
        comment,
        original.number if original else None,
        need.deadline_at,
        at,
        tuple(recipients),
    )


async def _original(session: AsyncSession, need: Need, duplicate_of: int | None) -> Need:
    original = await needs.by_id(session, duplicate_of) if duplicate_of else None
    if original is None or original.id == need.id:
        raise MissingDetail("a duplicate needs an existing original")
    return original


async def _move_supporters(session: AsyncSession, need: Need, original: Need) -> None:
    """The duplicate's author and supporters now follow the original need: a "+1" each,
    unless it is theirs already, or was before they erased their data (then that one is
    theirs again: ``services.erasure``)."""
    for resident_id in [need.resident_id, *await needs.supporter_ids(session, need.id)]:
        if (
            resident_id is not None
            and resident_id != original.resident_id
            and not await erasure.supported_before_erasure(session, resident_id, original.id)
        ):
            await needs.add_supporter(session, original.id, resident_id)


async def resolved_at(session: AsyncSession, need_id: int) -> datetime | None:
    query = (
        select(NeedEvent.at)
        .where(NeedEvent.need_id == need_id, NeedEvent.to_status == S.RESOLVED)
        .order_by(NeedEvent.id.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def can_reopen(session: AsyncSession, need: Need, *, now: datetime | None = None) -> bool:
    """The author may say "not solved" within 14 days of the resolution."""
    if need.status != S.RESOLVED:
        return False
    moment = await resolved_at(session, need.id)
    return moment is not None and (now or utcnow()) - moment <= REOPEN_WINDOW


async def reopen(
    session: AsyncSession,
    need_id: int,
    resident_id: int,
    comment: str,
    *,
    deadline_days: int,
    tz: ZoneInfo,
) -> StatusChange:
    """The author says the problem is not solved: back to the queue with their comment, and
    the akimat has ``deadline_days`` working days from now to answer again; the supporters
    are told."""
    now = utcnow()
    async with session.begin():
        need = await needs.by_id(session, need_id)
        if need is None or need.resident_id != resident_id:
            raise NeedNotFound(str(need_id))
        if need.status != S.RESOLVED:
            raise StatusConflict(need.status)
        if not await can_reopen(session, need, now=now):
            raise ReopenTooLate(need.number)
        change = await _change(
            session,
            need_id,
            S.REOPENED,
            actor="resident",
            expected=S.RESOLVED,
            comment=comment,
            duplicate_of=None,
            deadline_at=answer_deadline(now, deadline_days, tz),
        )
        await notices.queue_status(session, change, author=False)  # the supporters
        return change


async def rate_resolution(
    session: AsyncSession, need_id: int, resident_id: int, score: int
) -> bool:
    """The author's 1-5 for how the need was resolved; ``False`` if that is not possible."""
    if not 1 <= score <= 5:
        return False
    async with session.begin():
        result = await session.execute(
            update(Need)
            .where(Need.id == need_id, Need.resident_id == resident_id, Need.status == S.RESOLVED)
            .values(resolution_score=score)
        )
    return bool(result.rowcount)  # type: ignore[attr-defined]


__all__ = [
    "ALLOWED",
    "NEEDS_COMMENT",
    "REOPEN_WINDOW",
    "MissingDetail",
    "NeedNotFound",
    "Recipient",
    "ReopenTooLate",
    "S",
    "StatusChange",
    "StatusConflict",
    "StatusError",
    "TransitionNotAllowed",
    "can_reopen",
    "change_in_transaction",
    "change_status",
    "rate_resolution",
    "reopen",
    "resolved_at",
]
