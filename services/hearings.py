"""Public hearings as staff run them: publish, edit, cancel, report the outcome. Each change
commits together with its audit entry and the broadcast that announces it; the caller
then starts the broadcast (``broadcaster.start``) and moves the reminders."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import Select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.hearing import Hearing, HearingStatus
from models.repositories import hearings as repo
from services import audit, broadcasts
from services.staff import Actor

PAGE_SIZE = 5
RECENT = timedelta(days=30)  # staff still see a hearing this long after it, for the outcome


@dataclass(frozen=True)
class HearingFields:
    """What staff write in the creation (or edit) flow; times are timezone-aware."""

    title_kk: str
    title_ru: str
    description_kk: str
    description_ru: str
    starts_at: datetime
    address: str | None
    link: str | None
    district: str | None
    topic: str
    seats: int | None
    questions_until: datetime | None


@dataclass(frozen=True)
class Progress:
    """Where the announcement's progress message goes."""

    chat_id: int
    language: str


@dataclass(frozen=True)
class Announced:
    hearing: Hearing
    broadcast_id: int | None  # None: nobody to tell


class NotEditable(Exception):
    """The hearing is cancelled, or gone."""


class SeatsTaken(Exception):
    """Fewer seats than residents registered already."""

    def __init__(self, taken: int) -> None:
        super().__init__(taken)
        self.taken = taken


def _snapshot(hearing: Hearing) -> dict[str, object]:
    fields = {f.name for f in dataclasses.fields(HearingFields)}
    values = {name: getattr(hearing, name) for name in fields}
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in values.items()}


@dataclass(frozen=True)
class _Change:
    action: str  # for the audit log: hearing.publish, hearing.edit...
    kind: str  # of the broadcast that tells people
    before: Mapping[str, object] | None
    after: Mapping[str, object]


async def _record(
    session: AsyncSession,
    hearing: Hearing,
    change: _Change,
    audience: Select[int],
    actor: Actor,
    progress: Progress | None,
) -> Announced:
    """The audit entry and the broadcast of a change, in the caller's transaction."""
    await audit.record(
        session,
        actor_id=actor.telegram_id,
        actor_role=actor.role,
        action=change.action,
        object_type="hearing",
        object_id=hearing.id,
        before=change.before,
        after=change.after,
    )
    broadcast = await broadcasts.add(
        session,
        kind=change.kind,
        subject_id=hearing.id,
        audience=audience,
        actor=actor,
        progress_chat_id=progress.chat_id if progress else None,
        progress_language=progress.language if progress else None,
    )
    return Announced(hearing, broadcast.id if broadcast.total else None)


async def _published(session: AsyncSession, hearing_id: int) -> Hearing:
    """The published hearing, locked for the change (PostgreSQL; SQLite locks the file)."""
    hearing = await session.get(Hearing, hearing_id, with_for_update=True)
    if hearing is None or hearing.status != HearingStatus.PUBLISHED:
        raise NotEditable(hearing_id)
    return hearing


async def publish(
    session: AsyncSession, fields: HearingFields, actor: Actor, progress: Progress | None
) -> Announced:
    """Create the hearing and its announcement to every matching subscriber."""
    async with session.begin():
        hearing = Hearing(**dataclasses.asdict(fields), created_by=actor.telegram_id)
        session.add(hearing)
        await session.flush()
        change = _Change("hearing.publish", "hearing", None, _snapshot(hearing))
        return await _record(session, hearing, change, repo.subscribers(hearing), actor, progress)


async def edit(
    session: AsyncSession,
    hearing_id: int,
    fields: HearingFields,
    actor: Actor,
    progress: Progress | None,
) -> Announced:
    """Change a published hearing; those registered are told what it looks like now."""
    async with session.begin():
        hearing = await _published(session, hearing_id)
        if fields.seats is not None and fields.seats < hearing.seats_taken:
            raise SeatsTaken(hearing.seats_taken)
        before = _snapshot(hearing)
        for name, value in dataclasses.asdict(fields).items():
            setattr(hearing, name, value)
        hearing.version += 1
        await session.flush()
        change = _Change("hearing.edit", "hearing_changed", before, _snapshot(hearing))
        return await _record(
            session, hearing, change, repo.registered(hearing.id), actor, progress
        )


async def cancel(
    session: AsyncSession, hearing_id: int, actor: Actor, progress: Progress | None
) -> Announced:
    """Cancel a published hearing (once); subscribers and those registered are told."""
    async with session.begin():
        result = await session.execute(
            update(Hearing)
            .where(Hearing.id == hearing_id, Hearing.status == HearingStatus.PUBLISHED)
            .values(status=HearingStatus.CANCELLED, version=Hearing.version + 1)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            raise NotEditable(hearing_id)
        hearing = await session.get(Hearing, hearing_id, populate_existing=True)
        assert hearing is not None
        change = _Change(
            "hearing.cancel",
            "hearing_cancelled",
            {"status": HearingStatus.PUBLISHED.value},
            {"status": HearingStatus.CANCELLED.value},
        )
        audience = repo.registered_or_subscribed(hearing)
        return await _record(session, hearing, change, audience, actor, progress)


async def publish_outcome(
    session: AsyncSession,
    hearing_id: int,
    outcome: dict[str, str],
    actor: Actor,
    progress: Progress | None,
) -> Announced:
    """The outcome (kk and ru), sent to everyone who registered or asked a question."""
    async with session.begin():
        hearing = await _published(session, hearing_id)
        before = {"outcome_kk": hearing.outcome_kk, "outcome_ru": hearing.outcome_ru}
        hearing.outcome_kk, hearing.outcome_ru = outcome["kk"], outcome["ru"]
        hearing.outcome_at = utcnow()
        after = {"outcome_kk": outcome["kk"], "outcome_ru": outcome["ru"]}
        change = _Change("hearing.outcome", "hearing_outcome", before, after)
        audience = repo.registered_or_asked(hearing_id)
        return await _record(session, hearing, change, audience, actor, progress)


async def get(session: AsyncSession, hearing_id: int) -> Hearing | None:
    async with session.begin():
        return await session.get(Hearing, hearing_id, populate_existing=True)


Fetch = Callable[..., Awaitable[tuple[list[Hearing], int]]]


async def _page(session: AsyncSession, fetch: Fetch, page: int) -> tuple[list[Hearing], int, int]:
    """One page (a page past the end gives the last one), its number and the page count."""
    page = max(page, 0)
    async with session.begin():
        rows, total = await fetch(session, offset=page * PAGE_SIZE, limit=PAGE_SIZE)
        pages = max(1, -(-total // PAGE_SIZE))
        if page >= pages:
            page = pages - 1
            rows, total = await fetch(session, offset=page * PAGE_SIZE, limit=PAGE_SIZE)
    return rows, page, pages


async def upcoming(session: AsyncSession, page: int) -> tuple[list[Hearing], int, int]:
    """Hearings to come (soonest first): a page, its number and the number of pages."""
    return await _page(session, partial(repo.upcoming_page, now=utcnow()), page)


async def for_staff(session: AsyncSession, page: int) -> tuple[list[Hearing], int, int]:
    """Hearings to come and those of the last 30 days (whose outcome may be due)."""
    return await _page(session, partial(repo.recent_page, since=utcnow() - RECENT), page)
