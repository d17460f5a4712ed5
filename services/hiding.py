"""Hiding what residents wrote for others to see (rating comments; hearing questions): a
generic service, so every feature with moderated text reuses it.

A feature registers its model once, at import time: ``register("rating", Rating)``; the
model needs an integer ``id`` and a boolean ``hidden`` column. Moderators then hide or show
an item with :func:`set_hidden` (role checked, audit entry in the same transaction), and the
buttons of ``keyboards.hiding`` reach it through ``handlers.moderation.hiding``.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from models.rating import Rating
from services import audit
from services.moderation import Staffer, check_role

HIDEABLE: dict[str, Any] = {}


def register(kind: str, model: Any) -> None:
    """Let moderators hide items of ``model`` (columns ``id`` and ``hidden``) as ``kind``
    (at most 8 characters: it travels in button data)."""
    if len(kind) > 8 or not kind.isidentifier():
        raise ValueError("a kind is a short identifier")
    HIDEABLE[kind] = model


class Hidden(StrEnum):
    CHANGED = "changed"
    ALREADY = "already"  # it was so already (another moderator, a second press)
    MISSING = "missing"  # no such item (deleted with its author's data, or forged)


async def set_hidden(
    session: AsyncSession,
    who: Staffer,
    kind: str,
    item_id: int,
    hidden: bool,
    *,
    admin_ids: Collection[int],
) -> Hidden:
    model = HIDEABLE.get(kind)
    if model is None:
        return Hidden.MISSING
    async with session.begin():
        await check_role(session, who, admin_ids)
        item = await session.get(model, item_id)
        if item is None:
            return Hidden.MISSING
        result = await session.execute(
            update(model)
            .where(model.id == item_id, model.hidden.is_(not hidden))
            .values(hidden=hidden)
            .execution_options(synchronize_session=False)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return Hidden.ALREADY
        await audit.record(
            session,
            actor_id=who.actor.telegram_id,
            actor_role=who.actor.role,
            action=f"{kind}.{'hide' if hidden else 'show'}",
            object_type=kind,
            object_id=item_id,
            before={"hidden": not hidden},
            after={"hidden": hidden, "by": who.name},
        )
        return Hidden.CHANGED


register("rating", Rating)
