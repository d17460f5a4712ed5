"""Queries over needs, their photos, history and supporters. Never commits.

The statements of the need flow are built once, their values bound when they run: building
one and computing its cache key cost about as much as the trip to the database (issue 19).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Table,
    bindparam,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from bot import sqlite_direct
from models.base import utcnow
from models.dialects import upsert_insert
from models.need import (
    DuplicateLookup,
    Need,
    NeedEvent,
    NeedPhoto,
    NeedSupporter,
)
from models.resident import Resident

# The need flow's writes and counts on the tables (Core), not through the ORM's bulk
# statements: those compute the statement's cache key again at every run (an upsert of one
# row cost ~0.4 ms of CPU that way on SQLite, against ~0.1 ms for SQLite's own work).
_NEEDS = cast(Table, Need.__table__)
_EVENTS = cast(Table, NeedEvent.__table__)
_LOOKUPS = cast(Table, DuplicateLookup.__table__)


def public_number(need_id: int, year: int) -> str:
    return f"N-{year}-{need_id:06d}"


async def add(session: AsyncSession, *, year: int, **fields: Any) -> Need:
    """:func:`file` (without photos) in ``session``'s open transaction. The need comes back
    detached, every column loaded as the row now stands: not in the session, so a rollback
    leaves nothing of it there."""
    return await session.run_sync(
        lambda sync: file(sqlite_direct.statements_of(sync), year=year, photos=(), **fields)
    )


def _made(row: Sequence[Any], **changed: Any) -> Need:
    """A need of a row of ``_NEEDS.c`` (and the ``changed`` columns since), made as the ORM
    makes a loaded row's object, detached: a row of the table, unchanged."""
    need: Need = _NEW_NEED()
    need.__dict__.update(zip(_KEYS, row, strict=True))
    need.__dict__.update(changed)
    make_transient_to_detached(need)
    return need


# Reading ``column_attrs`` configures the mappers (``make_transient_to_detached`` needs them),
# as the resident cache's does; every model is imported by then (``models``).
_KEY_OF = {prop.columns[0]: prop.key for prop in Need.__mapper__.column_attrs}
_KEYS = [_KEY_OF[column] for column in _NEEDS.c]
_NEW_NEED = Need.__mapper__.class_manager.new_instance
_SET_NUMBER = (
    update(_NEEDS)
    .where(_NEEDS.c.id == bindparam("need_id"))
    .values(number=bindparam("public"), updated_at=bindparam("at"))
)


def filed(db: sqlite_direct.Statements, draft_key: str) -> Need | None:
    """:func:`by_draft_key` in a ``bot.sqlite_direct.transaction``: detached."""
    found = db.rows(_NEED_BY_DRAFT_KEY, {"draft_key": draft_key})
    return _made(found[0]) if found else None


def file(db: sqlite_direct.Statements, *, year: int, photos: Sequence[str], **fields: Any) -> Need:
    """:func:`add` in a ``bot.sqlite_direct.transaction``, with the need's ``photos``."""
    values = {"number": f"draft-{fields['draft_key'][:14]}", **fields}
    [row] = db.rows(_insert_of(tuple(values)), values)
    need = _made(row)
    number = public_number(need.id, year)
    db.rows(_SET_NUMBER, {"need_id": need.id, "public": number, "at": need.updated_at})
    need.__dict__["number"] = number
    for position, file_id in enumerate(photos, start=1):
        db.rows(_ADD_PHOTO, {"need_id": need.id, "position": position, "file_id": file_id})
    return need


def record_event(
    db: sqlite_direct.Statements, need_id: int, *, actor: str, to_status: str, at: datetime
) -> None:
    """:func:`add_event` of a need's first step (no status before) in a
    ``bot.sqlite_direct.transaction``."""
    values = {"need_id": need_id, "actor": actor, "from_status": None, "to_status": to_status}
    db.rows(_EVENT, values | {"comment": None, "at": at})


@functools.cache
def _insert_of(names: tuple[str, ...]) -> Any:
    """The need's ``INSERT`` of these columns, every value a parameter, ``RETURNING`` the row
    (a statement ``bot.sqlite_direct`` runs: nothing left to Python-side defaults)."""
    return insert(_NEEDS).values({name: bindparam(name) for name in names}).returning(*_NEEDS.c)


_NEED_BY_DRAFT_KEY = select(*_NEEDS.c).where(_NEEDS.c.draft_key == bindparam("draft_key"))
_PHOTOS = cast(Table, NeedPhoto.__table__)
_ADD_PHOTO = insert(_PHOTOS).values(
    {name: bindparam(name) for name in ("need_id", "position", "file_id")}
)
_EVENT = insert(_EVENTS).values(
    {
        name: bindparam(name)
        for name in ("need_id", "actor", "from_status", "to_status", "comment", "at")
    }
)


async def by_id(session: AsyncSession, need_id: int) -> Need | None:
    return await session.get(Need, need_id)


async def by_draft_key(session: AsyncSession, draft_key: str) -> Need | None:
    """The need filed from this draft, if any. Asked by id first (a draft is nearly always
    new, and a Core ``SELECT`` is cheaper than the ORM's), then taken from the session."""
    need_id = await session.scalar(_BY_DRAFT_KEY, {"draft_key": draft_key})
    return None if need_id is None else await session.get(Need, need_id)


_BY_DRAFT_KEY = select(_NEEDS.c.id).where(_NEEDS.c.draft_key == bindparam("draft_key"))

# How many needs a resident filed since a moment (values ``resident_id`` and ``since``): a
# subquery, for a statement that asks more in the same trip.
CREATED_SINCE: ScalarSelect[int] = (
    select(func.count(_NEEDS.c.id))
    .where(
        _NEEDS.c.resident_id == bindparam("resident_id"),
        _NEEDS.c.created_at >= bindparam("since"),
    )
    .scalar_subquery()
)


async def photos(session: AsyncSession, need_id: int) -> list[str]:
    query = select(NeedPhoto.file_id).where(NeedPhoto.need_id == need_id)
    return list((await session.execute(query.order_by(NeedPhoto.position))).scalars())


async def add_event(
    session: AsyncSession,
    need_id: int,
    *,
    actor: str,
    from_status: str | None,
    to_status: str,
    comment: str | None = None,
) -> datetime:
    """Record one step of the need's history; when it was recorded."""
    at = utcnow()
    values = {"need_id": need_id, "actor": actor, "from_status": from_status}
    await session.execute(
        _ADD_EVENT, values | {"to_status": to_status, "comment": comment, "at": at}
    )
    return at


_ADD_EVENT = insert(_EVENTS)


async def events(session: AsyncSession, need_id: int) -> list[NeedEvent]:
    query = select(NeedEvent).where(NeedEvent.need_id == need_id)
    return list((await session.execute(query.order_by(NeedEvent.at, NeedEvent.id))).scalars())


async def latest_comment(session: AsyncSession, need_id: int, to_status: str) -> str | None:
    """The comment of the need's latest change to ``to_status`` (the author's "not solved")."""
    query = (
        select(NeedEvent.comment)
        .where(NeedEvent.need_id == need_id, NeedEvent.to_status == to_status)
        .order_by(NeedEvent.at.desc(), NeedEvent.id.desc())
        .limit(1)
    )
    return await session.scalar(query)


async def set_public_summary(session: AsyncSession, need_id: int, summary: str | None) -> None:
    await session.execute(
        update(Need)
        .where(Need.id == need_id)
        .values(public_summary=summary)
        .execution_options(synchronize_session=False)
    )


async def set_status(
    session: AsyncSession, need_id: int, *, expected: str, new: str, **changes: Any
) -> bool:
    """Move the need from ``expected`` to ``new`` only if it is still ``expected``: of two
    concurrent changes exactly one matches a row."""
    result = await session.execute(
        update(Need)
        .where(Need.id == need_id, Need.status == expected)
        .values(status=new, updated_at=utcnow(), **changes)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def count_lookup(
    session: AsyncSession,
    resident_id: int,
    day: date,
    *,
    earlier: ColumnElement[int],
    values: Mapping[str, Any],
) -> int:
    """Add one to the resident's duplicate look-ups of ``day``; how many there are now, plus
    ``earlier`` (a scalar expression built once, with its ``values``: those made before an
    erasure), in the same statement."""
    statement = _lookup_upsert(session.get_bind().dialect.name, earlier)
    values = {**values, "resident_id": resident_id, "day": day}
    [(count,)] = await sqlite_direct.alone(session, statement, values)  # SQLite: no session
    return int(count or 0)


@functools.cache
def _lookup_upsert(dialect: str, earlier: ColumnElement[int]) -> Any:
    insert = upsert_insert(dialect)
    statement = insert(_LOOKUPS).values(
        resident_id=bindparam("resident_id"), day=bindparam("day"), lookups=1
    )
    upsert = statement.on_conflict_do_update(
        index_elements=["resident_id", "day"],
        set_={"lookups": _LOOKUPS.c.lookups + 1},
    )
    return upsert.returning(_LOOKUPS.c.lookups + earlier)


async def in_area(
    session: AsyncSession,
    category: str,
    district: str,
    statuses: Collection[str],
    *,
    limit: int = 200,
) -> list[Need]:
    """Needs of the category and district in one of ``statuses``, newest first, detached
    (on SQLite read without a session: ``bot.sqlite_direct.alone``)."""
    values = {"category": category, "district": district}
    statement = _in_area(tuple(sorted(statuses)), limit)
    return [_made(row) for row in await sqlite_direct.alone(session, statement, values)]


@functools.cache
def _in_area(statuses: tuple[str, ...], limit: int) -> Any:
    return (
        select(*_NEEDS.c)
        .where(
            _NEEDS.c.category == bindparam("category"),
            _NEEDS.c.district == bindparam("district"),
            # one parameter per status (not an IN list): a plain statement, run directly
            or_(*(_NEEDS.c.status == status for status in statuses)),
        )
        .order_by(_NEEDS.c.id.desc())
        .limit(limit)
    )


async def add_supporter(session: AsyncSession, need_id: int, resident_id: int) -> bool:
    """Add a "+1"; ``False`` if this resident already supports the need."""
    insert = upsert_insert(session.get_bind().dialect.name)
    statement = insert(NeedSupporter).values(need_id=need_id, resident_id=resident_id)
    result = await session.execute(
        statement.on_conflict_do_nothing(index_elements=["need_id", "resident_id"])
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def supporters_count(session: AsyncSession, need_id: int) -> int:
    query = select(func.count(NeedSupporter.id)).where(NeedSupporter.need_id == need_id)
    return (await session.execute(query)).scalar_one()


async def supporter_ids(session: AsyncSession, need_id: int) -> list[int]:
    query = select(NeedSupporter.resident_id).where(
        NeedSupporter.need_id == need_id, NeedSupporter.resident_id.is_not(None)
    )
    return [rid for rid in (await session.execute(query)).scalars() if rid is not None]


async def recipients(session: AsyncSession, need: Need) -> list[Resident]:
    """The author and the supporters who can be told about the need, author first."""
    supporters = select(NeedSupporter.resident_id).where(NeedSupporter.need_id == need.id)
    query = select(Resident).where(
        (Resident.id == need.resident_id) | Resident.id.in_(supporters),
        Resident.notifications.is_(True),
        Resident.bot_blocked_at.is_(None),
    )
    found = list((await session.execute(query)).scalars())
    return sorted(found, key=lambda resident: resident.id != need.resident_id)


async def count_of_resident(session: AsyncSession, resident_id: int) -> int:
    query = select(func.count(Need.id)).where(Need.resident_id == resident_id)
    return (await session.execute(query)).scalar_one()


async def of_resident(
    session: AsyncSession, resident_id: int, *, offset: int, limit: int
) -> list[Need]:
    query = (
        select(Need)
        .where(Need.resident_id == resident_id)
        .order_by(Need.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def latest_district(session: AsyncSession, resident_id: int) -> str | None:
    query = (
        select(Need.district)
        .where(Need.resident_id == resident_id)
        .order_by(Need.id.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()
