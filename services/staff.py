"""Who may do what right now. Administrators are ``KENES_ADMIN_IDS``; moderators are the
active rows of ``staff``, which administrators change with ``/moderators``. An administrator
may do everything a moderator may. Every check reads the database at the moment of the
action, so a removed moderator's very next press is refused."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.privacy import RefusalCount
from models.repositories import staff as staff_repo
from models.staff import StaffMember
from services import audit, pseudonym

REFUSED = "access.refused"


class Role(StrEnum):
    MODERATOR = "moderator"
    ADMIN = "admin"

    def includes(self, other: Role) -> bool:
        """An administrator may do whatever a moderator may."""
        return _RANK[self] >= _RANK[other]


_RANK = {Role.MODERATOR: 1, Role.ADMIN: 2}


@dataclass(frozen=True)
class Actor:
    telegram_id: int
    role: Role


class AddOutcome(StrEnum):
    ADDED = "added"
    ALREADY = "already"  # an active moderator already
    ADMIN = "admin"  # an administrator, who needs no appointment


async def role_in(
    session: AsyncSession, telegram_id: int, admin_ids: Collection[int]
) -> Role | None:
    """The role of ``telegram_id`` now, inside the caller's transaction."""
    if telegram_id in admin_ids:
        return Role.ADMIN
    if await staff_repo.is_active_moderator(session, telegram_id):
        return Role.MODERATOR
    return None


async def role_of(
    session: AsyncSession, telegram_id: int, admin_ids: Collection[int]
) -> Role | None:
    async with session.begin():
        return await role_in(session, telegram_id, admin_ids)


async def moderators(session: AsyncSession) -> list[StaffMember]:
    async with session.begin():
        return await staff_repo.active(session)


async def member(session: AsyncSession, telegram_id: int) -> StaffMember | None:
    """The staff row of ``telegram_id``, active or removed."""
    async with session.begin():
        return await staff_repo.by_telegram_id(session, telegram_id)


async def add_moderator(
    session: AsyncSession,
    actor: Actor,
    telegram_id: int,
    *,
    name: str | None = None,
    admin_ids: Collection[int] = (),
) -> AddOutcome:
    if telegram_id in admin_ids:
        return AddOutcome.ADMIN
    try:
        async with session.begin():
            existing = await staff_repo.by_telegram_id(session, telegram_id)
            if existing is None:
                session.add(
                    StaffMember(telegram_id=telegram_id, added_by=actor.telegram_id, name=name)
                )
                await session.flush()
            elif not await staff_repo.reactivate(session, telegram_id, actor.telegram_id, name):
                return AddOutcome.ALREADY
            before = None if existing is None else {"active": False}
            after = {"active": True, "role": Role.MODERATOR.value}
            await _log(session, actor, "moderator.add", telegram_id, before, after)
            return AddOutcome.ADDED
    except IntegrityError:  # another administrator added them at the same moment
        return AddOutcome.ALREADY


async def remove_moderator(session: AsyncSession, actor: Actor, telegram_id: int) -> bool:
    """``False`` when they were no longer a moderator (removed by someone else meanwhile)."""
    async with session.begin():
        if not await staff_repo.deactivate(session, telegram_id):
            return False
        await _log(
            session, actor, "moderator.remove", telegram_id, {"active": True}, {"active": False}
        )
        return True


async def _log(
    session: AsyncSession,
    actor: Actor,
    action: str,
    telegram_id: int,
    before: Mapping[str, object] | None,
    after: Mapping[str, object],
) -> None:
    await audit.record(
        session,
        actor_id=actor.telegram_id,
        actor_role=actor.role,
        action=action,
        object_type="staff",
        object_id=telegram_id,
        before=before,
        after=after,
    )


async def record_refusal(
    session: AsyncSession,
    telegram_id: int,
    role: Role | None,
    *,
    required: Role,
    attempted: str,
    per_hour: int = 5,
) -> bool:
    """Someone tried a staff action they may not do (a forged button, a removed moderator).
    Anyone but staff is logged under the keyed pseudonym of their Telegram id, never the id.
    Each refusal is counted; only the first ``per_hour`` of an actor in an hour are written
    to the audit log (``False``: this one was counted only)."""
    name = pseudonym.of(telegram_id) if role is None else f"staff:{telegram_id}"
    async with session.begin():
        refused = await _count_refusal(session, name, utcnow())
        if refused > per_hour:
            return False
        await audit.record(
            session,
            actor_id=None if role is None else telegram_id,
            actor_pseudonym=name if role is None else None,
            actor_role=role,
            action=REFUSED,
            object_type="action",
            object_id=attempted,
            after={"required": required.value},
        )
        return True


async def _count_refusal(session: AsyncSession, actor: str, now: datetime) -> int:
    """One refusal more for ``actor`` this hour; how many there are now."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(RefusalCount)
        .values(actor=actor, hour=hour, refused=1)
        .on_conflict_do_update(
            index_elements=["actor", "hour"],
            set_={"refused": RefusalCount.__table__.c.refused + 1},
        )
        .returning(RefusalCount.refused)
    )
    return int((await session.execute(statement)).scalar_one())
