"""One need as the console shows it: every field, the history, the supporters, the staff's
actions from the audit log, internal notes, and open needs nearby."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.audit import AuditEntry
from models.console import NeedNote
from models.moderation import Department, ReplyTemplate
from models.need import OPEN_STATUSES, Need, NeedEvent, NeedSupporter
from models.repositories import needs
from models.resident import Resident
from services.moderation import Staffer

NEARBY_DEGREES = 0.005  # about 500 m north-south, 400 m east-west in Kazakhstan
NEARBY_LIMIT = 8
NOTE_LENGTH = 2000


@dataclass(frozen=True)
class NeedPage:
    need: Need
    photos: list[str]
    events: list[NeedEvent]
    supporters: list[datetime]  # when each supporter joined (who: never shown)
    actions: list[AuditEntry]
    notes: list[NeedNote]
    nearby: list[Need]
    department: Department | None
    author_language: str | None  # None: the author erased their data
    author_blocked: bool
    duplicate_of: str | None  # the original's number
    departments: list[Department]  # to route it to
    templates: list[ReplyTemplate]  # to answer with


async def load(session: AsyncSession, need_id: int) -> NeedPage | None:
    async with session.begin():
        need = await needs.by_id(session, need_id)
        if need is None:
            return None
        author = await session.get(Resident, need.resident_id) if need.resident_id else None
        department = (
            await session.get(Department, need.department_id) if need.department_id else None
        )
        supporters = await session.scalars(
            select(NeedSupporter.created_at)
            .where(NeedSupporter.need_id == need_id)
            .order_by(NeedSupporter.id)
        )
        actions = await session.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type == "need", AuditEntry.object_id == str(need_id))
            .order_by(AuditEntry.id)
        )
        notes = await session.scalars(
            select(NeedNote).where(NeedNote.need_id == need_id).order_by(NeedNote.id)
        )
        original = (
            await session.scalar(select(Need.number).where(Need.id == need.duplicate_of_id))
            if need.duplicate_of_id
            else None
        )
        return NeedPage(
            need,
            await needs.photos(session, need_id),
            await needs.events(session, need_id),
            list(supporters),
            list(actions),
            list(notes),
            await _nearby(session, need),
            department,
            author.language if author is not None else None,
            author is not None and author.is_blocked,
            original,
            list(await session.scalars(select(Department).order_by(Department.id))),
            list(await session.scalars(select(ReplyTemplate).order_by(ReplyTemplate.id))),
        )


async def _nearby(session: AsyncSession, need: Need) -> list[Need]:
    if need.latitude is None or need.longitude is None:
        return []
    found = await session.scalars(
        select(Need)
        .where(
            Need.id != need.id,
            Need.status.in_([s.value for s in OPEN_STATUSES]),
            Need.latitude.between(need.latitude - NEARBY_DEGREES, need.latitude + NEARBY_DEGREES),
            Need.longitude.between(
                need.longitude - NEARBY_DEGREES, need.longitude + NEARBY_DEGREES
            ),
        )
        .order_by(Need.id.desc())
        .limit(NEARBY_LIMIT)
    )
    return list(found)


async def photo(session: AsyncSession, need_id: int, position: int) -> str | None:
    """The Telegram file id of the need's photo at ``position`` (from 0)."""
    async with session.begin():
        photos = await needs.photos(session, need_id)
    return photos[position] if 0 <= position < len(photos) else None


async def add_note(session: AsyncSession, who: Staffer, need_id: int, text: str) -> bool:
    """Keep a note for staff; ``False`` when the need is gone."""
    async with session.begin():
        if await needs.by_id(session, need_id) is None:
            return False
        session.add(
            NeedNote(
                need_id=need_id,
                author_id=who.actor.telegram_id,
                author_name=who.name,
                text=text[:NOTE_LENGTH],
            )
        )
        return True


async def choices(session: AsyncSession) -> tuple[list[Department], list[ReplyTemplate]]:
    """The departments and the reply templates, for the queue's bulk actions."""
    async with session.begin():
        departments = await session.scalars(select(Department).order_by(Department.id))
        templates = await session.scalars(select(ReplyTemplate).order_by(ReplyTemplate.id))
        return list(departments), list(templates)
