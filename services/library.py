"""What administrators keep for moderators: reply templates (a text per language) and
departments (a name per language and the categories they handle). Every change is checked
against the administrator's role and recorded in the audit log in the same transaction."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.moderation import Department, ReplyTemplate
from services import audit, staff
from services.moderation import NotAllowed, Staffer
from services.staff import Role

TEMPLATE_LENGTH = (2, 1000)
NAME_LENGTH = (2, 100)
Item = TypeVar("Item", bound=Department | ReplyTemplate)
KINDS: dict[type[Any], str] = {Department: "department", ReplyTemplate: "template"}


def _state(item: Department | ReplyTemplate) -> dict[str, Any]:
    if isinstance(item, Department):
        return {"names": dict(item.names), "categories": list(item.categories)}
    return {"texts": dict(item.texts)}


async def _admin(session: AsyncSession, who: Staffer, admin_ids: Collection[int]) -> None:
    role = await staff.role_in(session, who.actor.telegram_id, admin_ids)
    if role is not Role.ADMIN:
        raise NotAllowed(str(who.actor.telegram_id))


async def _log(
    session: AsyncSession,
    who: Staffer,
    item: Department | ReplyTemplate,
    verb: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> None:
    kind = KINDS[type(item)]
    await audit.record(
        session,
        actor_id=who.actor.telegram_id,
        actor_role=who.actor.role,
        action=f"{kind}.{verb}",
        object_type=kind,
        object_id=item.id,
        before=before,
        after=None if after is None else {**after, "by": who.name},
    )


async def all_of(session: AsyncSession, model: type[Item]) -> list[Item]:
    async with session.begin():
        return list((await session.execute(select(model).order_by(model.id))).scalars())


async def one(session: AsyncSession, model: type[Item], item_id: int) -> Item | None:
    async with session.begin():
        return await session.get(model, item_id)


async def save(
    session: AsyncSession,
    who: Staffer,
    item: Item,
    *,
    admin_ids: Collection[int],
) -> Item | None:
    """Add ``item`` (no id yet) or store the new values of the one with its id; ``None``
    when that one was deleted meanwhile."""
    async with session.begin():
        await _admin(session, who, admin_ids)
        if item.id is None:
            session.add(item)
            await session.flush()
            await _log(session, who, item, "add", None, _state(item))
            return item
        stored = await session.get(type(item), item.id)
        if stored is None:
            return None
        before = _state(stored)
        for field in ("names", "categories", "texts"):
            if hasattr(item, field):
                setattr(stored, field, getattr(item, field))
        await session.flush()
        await _log(session, who, stored, "edit", before, _state(stored))
        return stored


async def delete(
    session: AsyncSession,
    who: Staffer,
    model: type[Item],
    item_id: int,
    *,
    admin_ids: Collection[int],
) -> bool:
    async with session.begin():
        await _admin(session, who, admin_ids)
        item = await session.get(model, item_id)
        if item is None:
            return False
        await _log(session, who, item, "delete", _state(item), None)
        await session.delete(item)
        return True


def for_category(departments: Sequence[Department], category: str) -> list[Department]:
    """The departments that handle ``category`` first, then the others."""
    return sorted(departments, key=lambda d: (category not in d.categories, d.id))
