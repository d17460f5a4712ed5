"""The audit log: every staff action and every refusal, written inside the caller's
transaction so the record and the action commit (or roll back) together. There is no
function to change an entry, and the database refuses it anyway; refusals alone may be
deleted, by the retention job once they are old (``scheduler.retention``)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.audit import AuditEntry

MAX_OBJECT_ID = 64
_HASHED = 16  # hexadecimal characters of SHA-256 kept after a cut


def fit_object_id(value: str) -> str:
    """``value`` if it fits ``audit_log.object_id``; else its start, "~" and a hash of the
    whole, 64 characters in all (two long payloads stay apart)."""
    if len(value) <= MAX_OBJECT_ID:
        return value
    digest = hashlib.sha256(value.encode()).hexdigest()[:_HASHED]
    return f"{value[: MAX_OBJECT_ID - _HASHED - 1]}~{digest}"


async def record(
    session: AsyncSession,
    *,
    actor_id: int | None,
    actor_role: str | None,
    action: str,
    actor_pseudonym: str | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    text_sent: str | None = None,
) -> AuditEntry:
    if not session.in_transaction():
        raise RuntimeError("audit.record runs inside the caller's transaction")
    entry = AuditEntry(
        actor_id=actor_id,
        actor_pseudonym=actor_pseudonym,
        actor_role=actor_role,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else fit_object_id(str(object_id)),
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
        text_sent=text_sent,
    )
    session.add(entry)
    await session.flush()
    return entry


async def history(
    session: AsyncSession, object_type: str, object_id: str | int, *, limit: int = 50
) -> list[AuditEntry]:
    """What happened to one object, oldest first (for ``/audit`` and the tests)."""
    async with session.begin():
        result = await session.execute(
            select(AuditEntry)
            .where(AuditEntry.object_type == object_type)
            .where(AuditEntry.object_id == str(object_id))
            .order_by(AuditEntry.id)
            .limit(limit)
        )
        return list(result.scalars())


async def count_of(session: AsyncSession, object_type: str, object_id: str | int) -> int:
    """How many entries one object has (inside the caller's transaction)."""
    result = await session.execute(
        select(func.count(AuditEntry.id)).where(
            AuditEntry.object_type == object_type, AuditEntry.object_id == str(object_id)
        )
    )
    return int(result.scalar_one())


async def entries_of(
    session: AsyncSession, object_type: str, object_id: str | int, *, offset: int, limit: int
) -> list[AuditEntry]:
    """One page of an object's history, oldest first (inside the caller's transaction)."""
    result = await session.execute(
        select(AuditEntry)
        .where(AuditEntry.object_type == object_type, AuditEntry.object_id == str(object_id))
        .order_by(AuditEntry.id)
        .offset(offset)
        .limit(limit)
    )
    return list(result.scalars())


async def latest_of(
    session: AsyncSession, object_type: str, object_id: str | int
) -> AuditEntry | None:
    """The newest entry of an object (inside the caller's transaction)."""
    result = await session.execute(
        select(AuditEntry)
        .where(AuditEntry.object_type == object_type, AuditEntry.object_id == str(object_id))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()
