"""Cards about needs in the moderators' chats: what a card shows, which needs are to be
posted (each new or reopened need once, claimed atomically), where the copies are, and
who gets a private copy when there is no moderators' group."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from models.audit import AuditEntry
from models.base import utcnow
from models.moderation import CardMedia, Department, ModerationCard
from models.need import Need, NeedStatus
from models.repositories import cards, needs, residents
from models.repositories import staff as staff_repo
from models.resident import Resident
from services import audit, notices


@dataclass(frozen=True)
class CardData:
    need: Need
    photos: list[str]
    supporters: int
    author_blocked: bool
    author_language: str | None  # None: the author erased their data
    department: Department | None
    last: AuditEntry | None  # the latest staff action on the need
    reopen_comment: str | None = None  # the author's "not solved", for moderators only
    # What became of the latest notice to the author (``services.notices.author_delivery``)
    author_notice: str | None = None


CLAIM_LEASE = 180.0  # seconds: a claim not posted by then is taken again


@dataclass(frozen=True)
class Claim:
    data: CardData
    at: datetime
    withheld: bool  # the author is blocked: claimed, but not posted


async def _data(session: AsyncSession, need: Need) -> CardData:
    author = await session.get(Resident, need.resident_id) if need.resident_id else None
    department = await session.get(Department, need.department_id) if need.department_id else None
    return CardData(
        need,
        await needs.photos(session, need.id),
        await needs.supporters_count(session, need.id),
        author is not None and author.is_blocked,
        author.language if author is not None else None,
        department,
        await audit.latest_of(session, "need", need.id),
        await needs.latest_comment(session, need.id, NeedStatus.REOPENED)
        if need.status == NeedStatus.REOPENED
        else None,
        await notices.author_delivery(session, need.id),
    )


async def load(session: AsyncSession, need_id: int) -> CardData | None:
    async with session.begin():
        need = await needs.by_id(session, need_id)
        return None if need is None else await _data(session, need)


async def claim(
    session: AsyncSession, need_id: int, *, lease: float = CLAIM_LEASE
) -> Claim | None:
    """Take the need for posting for ``lease`` seconds; ``None`` when it is posted already,
    being posted, closed, or its author is blocked."""
    async with session.begin():
        at = utcnow()
        if not await cards.claim(session, need_id, at, lease):
            return None
        need = await needs.by_id(session, need_id)
        assert need is not None
        await session.refresh(need)
        data = await _data(session, need)
        return Claim(data, at, withheld=data.author_blocked)


async def posted(session: AsyncSession, need_id: int, at: datetime) -> None:
    """The card of the claim taken ``at`` is out: the need is not claimed again."""
    async with session.begin():
        await cards.posted(session, need_id, at, utcnow())


async def unclaim(session: AsyncSession, need_id: int, at: datetime) -> None:
    """Nobody got the card: let the next run post it again."""
    async with session.begin():
        await cards.unclaim(session, need_id, at)


async def postable(
    session: AsyncSession, *, lease: float = CLAIM_LEASE, limit: int = 20
) -> list[int]:
    async with session.begin():
        return await cards.postable(session, at=utcnow(), lease=lease, limit=limit)


async def remember(
    session: AsyncSession, need_id: int, chat_id: int, message_id: int, language: str
) -> None:
    async with session.begin():
        await cards.add(session, need_id, chat_id, message_id, language)


async def remember_media(
    session: AsyncSession, need_id: int, chat_id: int, message_ids: Collection[int]
) -> None:
    """The author's photos and voice message posted with a card in this chat."""
    if not message_ids:
        return
    async with session.begin():
        session.add_all(
            CardMedia(need_id=need_id, chat_id=chat_id, message_id=message_id)
            for message_id in message_ids
        )


async def take_media(session: AsyncSession, need_ids: Collection[int]) -> list[tuple[int, int]]:
    """(chat, message) of every photo and voice message posted with these needs' cards,
    forgotten here: the caller deletes them from the chats."""
    if not need_ids:
        return []
    async with session.begin():
        rows = await session.execute(
            delete(CardMedia)
            .where(CardMedia.need_id.in_(list(need_ids)))
            .returning(CardMedia.chat_id, CardMedia.message_id)
        )
        return [(chat_id, message_id) for chat_id, message_id in rows.all()]


async def copies(session: AsyncSession, need_id: int) -> list[ModerationCard]:
    async with session.begin():
        return await cards.of_need(session, need_id)


async def newly_overdue(session: AsyncSession, at: datetime, *, limit: int = 50) -> list[int]:
    async with session.begin():
        return await cards.newly_overdue(session, at, limit=limit)


async def mark_overdue_shown(session: AsyncSession, need_id: int, shown: bool) -> None:
    async with session.begin():
        await cards.mark_overdue_shown(session, need_id, shown)


async def private_recipients(
    session: AsyncSession, admin_ids: Collection[int], default_language: str
) -> list[tuple[int, str]]:
    """Every active moderator and administrator, with the language they chose in Kenes."""
    staff = await staff_repo.active_with_languages(session)
    admins: dict[int, str] = {}
    if admin_ids:
        async with session.begin():
            admins = await residents.languages_of(session, list(admin_ids))
    languages = {person: language for person, language in staff if language is not None}
    languages |= admins
    people = [*admin_ids]
    people += [person for person, _ in staff if person not in people]
    return [(person, languages.get(person, default_language)) for person in people]
