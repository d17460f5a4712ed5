"""Erasing a resident (``/delete_me``), and what Kenes remembers of them so that erasure
cannot reset the rules.

On erasure the resident's words go (need descriptions, rating comments, hearing questions,
their comments in a need's history), with addresses and photos; exact locations are rounded
to about 1 km; registrations for hearings still to come free their seats. Category,
district, status history, dates and scores stay, unlinked from anyone.

What stays of the person is an :class:`~models.privacy.ErasedAccount`, keyed by the keyed
pseudonym of their Telegram id (``services.pseudonym``), with only what abuse control needs:
whether a moderator blocked them, how many needs they filed today, their ratings of the last
30 days (by id, so that a new rating replaces it), the needs they supported and the open
needs they filed (nothing at all when there is nothing of the kind). When the same Telegram
account comes back (``/start``), the block is restored and the other rules are checked
against this memory. It is dropped ``KENES_ERASURE_MEMORY_DAYS`` after erasure
(:func:`forget_expired`, from the retention job).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy import Column, ColumnElement, Table, bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.audit import AuditEntry
from models.base import utcnow
from models.hearing import Hearing, HearingQuestion, HearingRsvp
from models.need import (
    OPEN_STATUSES,
    REDACTED,
    DuplicateLookup,
    Need,
    NeedEvent,
    NeedPhoto,
    NeedSupporter,
)
from models.notice import Notice
from models.privacy import ErasedAccount
from models.rating import Rating
from models.repositories import hearings as hearings_repo
from models.repositories import residents
from models.resident import Resident
from services import pseudonym
from services.deadlines import start_of_day
from services.ratings import RATING_PERIOD

BLOCKED_BY_MODERATOR = "moderator"  # the reason code kept: never the moderator's words
LOCATION_DECIMALS = 2  # 0.01° of latitude is about 1.1 km


@dataclass(frozen=True)
class Erased:
    needs: list[int]  # their moderators' cards are to say the text was erased


def _day(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).date().isoformat()


def _rating_key(service: str, district: str) -> str:
    return f"{service}|{district}"


async def memory_of(session: AsyncSession, telegram_id: int) -> ErasedAccount | None:
    """What is remembered of this Telegram account's earlier erasure, if anything."""
    return await session.get(ErasedAccount, pseudonym.of(telegram_id))


async def memory_of_resident(session: AsyncSession, resident_id: int) -> ErasedAccount | None:
    telegram_id = await session.scalar(
        select(Resident.telegram_id).where(Resident.id == resident_id)
    )
    return None if telegram_id is None else await memory_of(session, telegram_id)


async def erase(session: AsyncSession, telegram_id: int, *, tz: ZoneInfo) -> Erased | None:
    """Erase the resident; ``None`` when Kenes keeps nothing about them."""
    async with session.begin():
        resident = await residents.by_telegram_id(session, telegram_id)
        if resident is None:
            return None
        await residents.lock(session, resident.id)
        now = utcnow()
        await _remember(session, resident, now, tz)
        needs = await _redact(session, resident.id, now)
        await session.execute(  # refusals written before pseudonyms, under the raw id
            delete(AuditEntry).where(
                AuditEntry.actor_id == telegram_id,
                AuditEntry.actor_role.is_(None),
                AuditEntry.action == "access.refused",
            )
        )
        await residents.forget_voices(session, resident.id)
        await residents.remove(session, resident.id)
        return Erased(needs)


async def _remember(
    session: AsyncSession, resident: Resident, now: datetime, tz: ZoneInfo
) -> None:
    key = pseudonym.of(resident.telegram_id)
    memory = await session.get(ErasedAccount, key)
    if memory is None:
        memory = ErasedAccount(pseudonym=key, needs_today=0, ratings={}, supported=[], authored=[])
        session.add(memory)
    today = _day(now, tz)
    filed_today = int(
        await session.scalar(
            select(func.count(Need.id)).where(
                Need.resident_id == resident.id, Need.created_at >= start_of_day(now, tz)
            )
        )
        or 0
    )
    earlier = memory.needs_today if memory.needs_day == today else 0
    memory.needs_day, memory.needs_today = today, earlier + filed_today
    looked_up = int(
        await session.scalar(
            select(DuplicateLookup.lookups).where(
                DuplicateLookup.resident_id == resident.id,
                DuplicateLookup.day == now.astimezone(tz).date(),
            )
        )
        or 0
    )
    earlier = memory.lookups_today if memory.lookups_day == today else 0
    memory.lookups_day, memory.lookups_today = today, earlier + looked_up
    memory.blocked = resident.is_blocked
    memory.blocked_reason = BLOCKED_BY_MODERATOR if resident.is_blocked else None
    since = now - RATING_PERIOD
    ratings = {
        key: value
        for key, value in (memory.ratings or {}).items()
        if datetime.fromisoformat(value[1]) >= since
    }
    rows = await session.execute(
        select(Rating.id, Rating.service, Rating.district, Rating.created_at)
        .where(Rating.resident_id == resident.id, Rating.created_at >= since)
        .order_by(Rating.id)
    )
    for rating_id, service, district, created_at in rows.all():
        ratings[_rating_key(service, district)] = [rating_id, created_at.isoformat()]
    memory.ratings = ratings
    supported = set(memory.supported or [])
    supported.update(
        (
            await session.execute(
                select(NeedSupporter.need_id).where(NeedSupporter.resident_id == resident.id)
            )
        ).scalars()
    )
    memory.supported = sorted(supported)
    authored = set(memory.authored or [])
    authored.update(
        (
            await session.execute(
                select(Need.id).where(
                    Need.resident_id == resident.id, Need.status.in_(list(OPEN_STATUSES))
                )
            )
        ).scalars()
    )
    memory.authored = sorted(authored)
    memory.erased_at = now
    if not (
        memory.blocked
        or memory.needs_today
        or memory.lookups_today
        or memory.ratings
        or memory.supported
        or memory.authored
    ):
        if memory in session.new:  # nothing a rule needs: nothing is kept
            session.expunge(memory)
        else:
            await session.delete(memory)


async def _redact(session: AsyncSession, resident_id: int, now: datetime) -> list[int]:
    """Take the resident's words, photos and exact places out of what stays."""
    needs = list(
        (await session.execute(select(Need).where(Need.resident_id == resident_id))).scalars()
    )
    for need in needs:
        need.description, need.address = REDACTED, None
        if need.latitude is not None and need.longitude is not None:
            need.latitude = round(need.latitude, LOCATION_DECIMALS)
            need.longitude = round(need.longitude, LOCATION_DECIMALS)
    need_ids = [need.id for need in needs]
    if need_ids:
        await session.execute(delete(NeedPhoto).where(NeedPhoto.need_id.in_(need_ids)))
        await session.execute(
            update(NeedEvent)
            .where(NeedEvent.need_id.in_(need_ids), NeedEvent.actor == "resident")
            .values(comment=None)
        )
    await session.execute(
        update(Rating).where(Rating.resident_id == resident_id).values(comment=None)
    )
    # The notices about their needs and to them (their "not solved" comment, answers to them)
    await session.execute(delete(Notice).where(Notice.author_id == resident_id))
    await session.execute(
        update(HearingQuestion)
        .where(HearingQuestion.resident_id == resident_id)
        .values(text=REDACTED)
    )
    coming = await session.execute(
        select(HearingRsvp.id, HearingRsvp.hearing_id)
        .join(Hearing, Hearing.id == HearingRsvp.hearing_id)
        .where(HearingRsvp.resident_id == resident_id, Hearing.starts_at > now)
    )
    for rsvp_id, hearing_id in coming.all():
        await session.execute(delete(HearingRsvp).where(HearingRsvp.id == rsvp_id))
        await hearings_repo.free_seat(session, hearing_id)
    await session.flush()
    return need_ids


async def returned(session: AsyncSession, resident: Resident) -> None:
    """A new resident row for a Telegram account erased earlier: a block holds again."""
    memory = await memory_of(session, resident.telegram_id)
    if memory is not None and memory.blocked and resident.blocked_at is None:
        resident.blocked_at, resident.blocked_reason = utcnow(), None  # no moderator's words


_ERASED = cast(Table, ErasedAccount.__table__)  # Core: the need flow's counts (issue 19)


def _remembered_today(count: Column[int], day: Column[str | None]) -> ColumnElement[int]:
    remembered = select(count).where(
        _ERASED.c.pseudonym == bindparam("erased"), day == bindparam("erased_day")
    )
    return func.coalesce(remembered.scalar_subquery(), 0)


# What an erased account did today before its erasure, and counts to the day's limits (so
# erasing and returning does not open them again): expressions for the statements that count
# today's needs and duplicate look-ups, 0 when nothing is remembered; their values are
# ``before_erasure(...)``. The caller knows the Telegram id: nothing is read to find it.
NEEDS_BEFORE_ERASURE = _remembered_today(_ERASED.c.needs_today, _ERASED.c.needs_day)
LOOKUPS_BEFORE_ERASURE = _remembered_today(_ERASED.c.lookups_today, _ERASED.c.lookups_day)


def before_erasure(telegram_id: int, now: datetime, tz: ZoneInfo) -> dict[str, str]:
    """The values of :data:`NEEDS_BEFORE_ERASURE` and :data:`LOOKUPS_BEFORE_ERASURE` for
    this Telegram account on the day of ``now``."""
    return {"erased": pseudonym.of(telegram_id), "erased_day": _day(now, tz)}


@dataclass(frozen=True)
class ErasedAuthor:
    was_blocked: bool  # the memory said so already
    back: Resident | None  # the account came back since: its new row


async def erased_author(session: AsyncSession, need_id: int) -> ErasedAuthor | None:
    """The erased account that filed the need (while it was open), blocked in memory: an
    author who erases before a moderator blocks them stays blocked when they come back.
    ``None`` when Kenes remembers no author of it. A rare moderator's action: the memory's
    rows, and the residents who started since that erasure, are read through."""
    memories = (await session.scalars(select(ErasedAccount))).all()
    memory = next((m for m in memories if need_id in (m.authored or [])), None)
    if memory is None:
        return None
    was_blocked = memory.blocked
    memory.blocked, memory.blocked_reason = True, BLOCKED_BY_MODERATOR
    since = await session.scalars(
        select(Resident).where(Resident.created_at >= memory.erased_at).order_by(Resident.id)
    )
    back = next((r for r in since if pseudonym.of(r.telegram_id) == memory.pseudonym), None)
    return ErasedAuthor(was_blocked, back)


async def rating_before_erasure(
    session: AsyncSession, resident_id: int, service: str, district: str, *, since: datetime
) -> Rating | None:
    """The rating this account gave before it was erased, within the period: the new one
    replaces it, as it would have replaced it before."""
    memory = await memory_of_resident(session, resident_id)
    remembered = (memory.ratings or {}).get(_rating_key(service, district)) if memory else None
    if remembered is None or datetime.fromisoformat(remembered[1]) < since:
        return None
    rating = await session.get(Rating, int(remembered[0]))
    return rating if rating is not None and rating.resident_id is None else None


async def supported_before_erasure(session: AsyncSession, resident_id: int, need_id: int) -> bool:
    """Whether this account supported the need, or filed it, before it was erased. A
    support: one of the need's anonymous "+1"s is theirs again (the count stays, they hear
    the news)."""
    memory = await memory_of_resident(session, resident_id)
    if memory is not None and need_id in (memory.authored or []):
        return True  # their own need: an author's "+1" never counts
    if memory is None or need_id not in (memory.supported or []):
        return False
    if await session.scalar(
        select(NeedSupporter.id).where(
            NeedSupporter.need_id == need_id, NeedSupporter.resident_id == resident_id
        )
    ):
        return True  # supported again since: nothing more to take back
    anonymous = await session.scalar(
        select(NeedSupporter.id)
        .where(NeedSupporter.need_id == need_id, NeedSupporter.resident_id.is_(None))
        .limit(1)
    )
    if anonymous is not None:
        await session.execute(
            update(NeedSupporter)
            .where(NeedSupporter.id == anonymous)
            .values(resident_id=resident_id)
        )
    return True


async def forget_expired(session: AsyncSession, now: datetime, days: int) -> int:
    """Drop the memory of accounts erased more than ``days`` ago (inside a transaction)."""
    result = await session.execute(
        delete(ErasedAccount).where(ErasedAccount.erased_at < now - timedelta(days=days))
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
