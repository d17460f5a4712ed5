"""What moderators do to a need: change its status, route it to a department, answer its
author. Each action checks the actor's role again and writes its audit entry and its notice
to residents (``services.notices``) inside the transaction that makes the change, so they
commit (or fail) together."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from models.moderation import Department
from models.need import OPEN_STATUSES, Need, NeedStatus
from models.repositories import needs
from services import audit, notices, staff, statuses
from services.staff import Actor, Role
from services.statuses import NeedNotFound, Recipient, StatusChange, StatusConflict

NUMBER = re.compile(r"^N-(\d{4})-(\d{1,12})$")


class NotAllowed(Exception):
    """The actor is no longer staff (removed between the press and the change)."""


@dataclass(frozen=True)
class Staffer:
    """Who acts, as the audit log and the cards name them."""

    actor: Actor
    name: str


@dataclass(frozen=True)
class Routed:
    number: str
    category: str
    department: Department
    author: Recipient | None


@dataclass(frozen=True)
class Replied:
    number: str
    category: str
    author: Recipient | None


async def check_role(session: AsyncSession, who: Staffer, admin_ids: Collection[int]) -> None:
    role = await staff.role_in(session, who.actor.telegram_id, admin_ids)
    if role is None or not role.includes(Role.MODERATOR):
        raise NotAllowed(str(who.actor.telegram_id))


async def _log(
    session: AsyncSession,
    who: Staffer,
    action: str,
    need_id: int,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    text_sent: str | None = None,
) -> None:
    await audit.record(
        session,
        actor_id=who.actor.telegram_id,
        actor_role=who.actor.role,
        action=action,
        object_type="need",
        object_id=need_id,
        before=before,
        after={**after, "by": who.name},
        text_sent=text_sent,
    )


async def set_status(
    session: AsyncSession,
    who: Staffer,
    need_id: int,
    to: NeedStatus,
    *,
    seen: NeedStatus,
    admin_ids: Collection[int],
    comment: str | None = None,
    duplicate_of: int | None = None,
    details: Mapping[str, Any] | None = None,
    public_summary: str | None = None,
    comments: Mapping[str, str] | None = None,
    photo: str | None = None,
) -> StatusChange:
    """Move the need from the status the moderator saw (``seen``) to ``to``; of two
    moderators acting at once exactly one wins, the other gets ``StatusConflict``.
    Accepting also sets what the public may read of the need (``public_summary``; ``None``:
    the category's name only). The author and supporters are told (``comments``: the comment
    in each language; ``photo``: the result, after the notice)."""
    async with session.begin():
        await check_role(session, who, admin_ids)
        change = await statuses.change_in_transaction(
            session,
            need_id,
            to,
            actor=f"staff:{who.actor.telegram_id}",
            expected=seen,
            comment=comment,
            duplicate_of=duplicate_of,
        )
        after: dict[str, Any] = {"status": to.value, **(details or {})}
        if to == NeedStatus.ACCEPTED:
            await needs.set_public_summary(session, need_id, public_summary)
            after["public_summary"] = public_summary
        if change.duplicate_of:
            after["duplicate_of"] = change.duplicate_of
        await _log(
            session, who, f"need.{to.value}", need_id, {"status": change.from_status}, after,
            change.comment,
        )  # fmt: skip
        await notices.queue_status(session, change, comments=comments, photo=photo)
        return change


async def find_need(session: AsyncSession, text: str) -> Need | None:
    """A need by its public number (``N-2026-000012``) or by the digits of its id."""
    text = text.strip().upper()
    async with session.begin():
        if text.isdigit() and len(text) <= 12:
            return await needs.by_id(session, int(text))
        match = NUMBER.match(text)
        if match is None:
            return None
        need = await needs.by_id(session, int(match.group(2)))
    return need if need is not None and need.number == text else None


async def _author(session: AsyncSession, need: Need) -> Recipient | None:
    found = [r for r in await needs.recipients(session, need) if r.id == need.resident_id]
    return Recipient(found[0].telegram_id, found[0].language, True) if found else None


async def _open_need(session: AsyncSession, need_id: int) -> Need:
    need = await needs.by_id(session, need_id)
    if need is None:
        raise NeedNotFound(str(need_id))
    if need.status not in OPEN_STATUSES:
        raise StatusConflict(need.status)
    return need


async def route(
    session: AsyncSession,
    who: Staffer,
    need_id: int,
    department_id: int,
    *,
    admin_ids: Collection[int],
) -> Routed | None:
    """Send an open need to a department; ``None`` when the department is gone."""
    async with session.begin():
        await check_role(session, who, admin_ids)
        need = await _open_need(session, need_id)
        department = await session.get(Department, department_id)
        if department is None:
            return None
        before = {"department": need.department_id}
        result = await session.execute(
            update(Need)
            .where(Need.id == need_id, Need.status.in_(OPEN_STATUSES))
            .values(department_id=department_id)
            .execution_options(synchronize_session=False)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            raise StatusConflict("closed")
        after = {"department": department.id, "names": department.names}
        await _log(session, who, "need.route", need_id, before, after)
        await notices.queue_route(session, need, department.names)
        return Routed(need.number, need.category, department, await _author(session, need))


async def reply(
    session: AsyncSession,
    who: Staffer,
    need_id: int,
    texts: Mapping[str, str],
    *,
    admin_ids: Collection[int],
    default_language: str,
) -> Replied:
    """Answer the author of an open need (the notice is queued): ``texts`` per language;
    the log keeps the one the author reads."""
    async with session.begin():
        await check_role(session, who, admin_ids)
        need = await _open_need(session, need_id)
        author = await _author(session, need)
        text = texts.get(author.language if author else default_language, "")
        status = {"status": need.status}
        await _log(session, who, "need.reply", need_id, status, status, text)
        await notices.queue_reply(session, need, texts)
        return Replied(need.number, need.category, author)
