"""What happens when a resident files a need, or supports one that is already open."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot import sqlite_direct
from models.base import utcnow
from models.need import OPEN_STATUSES, Need, NeedStatus
from models.repositories import needs, residents
from models.resident import Resident
from services import erasure
from services.deadlines import answer_deadline, start_of_day
from services.voice import Voice

MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
ADDRESS_LENGTH = (3, 300)
DESCRIPTION_LENGTH = (10, 2000)
NEAR_METRES = 150.0
SIMILAR_TEXT = 0.8
EARTH_RADIUS_METRES = 6_371_000.0
OFFERED = frozenset({NeedStatus.ACCEPTED, NeedStatus.IN_PROGRESS})  # for a "+1" to strangers


class TextProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    NO_WORDS = "no_words"  # only emoji, punctuation or spaces


def check_text(text: str, limits: tuple[int, int]) -> TextProblem | None:
    """Whether a typed answer fits: long enough, short enough, and made of words."""
    shortest, longest = limits
    if len(text) > longest:
        return TextProblem.TOO_LONG
    if not any(character.isalnum() for character in text):
        return TextProblem.NO_WORDS
    if len(text) < shortest:
        return TextProblem.TOO_SHORT
    return None


@dataclass(frozen=True)
class NewNeed:
    draft_key: str
    category: str
    district: str
    description: str
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    photos: tuple[str, ...] = field(default_factory=tuple)
    voice: Voice | None = None  # then ``description`` may be "" (the voice says it all)


@dataclass(frozen=True)
class Filed:
    need: Need
    created: bool  # False: this draft had been sent already (a second press of Send)


@dataclass(frozen=True)
class LimitReached:
    limit: int


def _filed_today_values(
    resident_id: int, telegram_id: int, now: datetime, tz: ZoneInfo
) -> dict[str, Any]:
    values = {"resident_id": resident_id, "since": start_of_day(now, tz)}
    return values | erasure.before_erasure(telegram_id, now, tz)


# Needs the resident filed since the start of the city's day, those filed before an erasure
# of their Telegram account included: one statement.
_FILED_TODAY = select(needs.CREATED_SINCE + erasure.NEEDS_BEFORE_ERASURE)


async def needs_left_today(
    session: AsyncSession, resident: Resident, *, limit: int, tz: ZoneInfo
) -> int:
    """What the resident may still file today (``submit`` checks it again, in its write)."""
    values = _filed_today_values(resident.id, resident.telegram_id, utcnow(), tz)
    [(done,)] = await sqlite_direct.alone(session, _FILED_TODAY, values)
    return max(0, limit - int(done or 0))


async def submit(
    session: AsyncSession,
    resident: Resident,
    draft: NewNeed,
    *,
    deadline_days: int,
    limit: int,
    tz: ZoneInfo,
) -> Filed | LimitReached:
    """File the need once per draft: committed before this returns, so its number is real.
    One transaction of Core statements (``bot.sqlite_direct.transaction``: on SQLite without
    a session)."""
    resident_id, telegram_id = resident.id, resident.telegram_id

    def file(db: sqlite_direct.Statements) -> Filed | LimitReached:
        existing = needs.filed(db, draft.draft_key)
        if existing is not None:
            return Filed(existing, created=False)
        residents.lock_in(db, resident_id)
        now = utcnow()
        values = _filed_today_values(resident_id, telegram_id, now, tz)
        [(done,)] = db.rows(_FILED_TODAY, values)
        if int(done or 0) >= limit:
            return LimitReached(limit)
        need = needs.file(
            db,
            year=now.astimezone(tz).year,
            photos=draft.photos,
            draft_key=draft.draft_key,
            resident_id=resident_id,
            category=draft.category,
            district=draft.district,
            address=draft.address,
            latitude=draft.latitude,
            longitude=draft.longitude,
            description=draft.description,
            voice_file_id=draft.voice.file_id if draft.voice else None,
            voice_file_unique_id=draft.voice.file_unique_id if draft.voice else None,
            voice_duration=draft.voice.duration if draft.voice else None,
            status=NeedStatus.NEW,
            deadline_at=answer_deadline(now, deadline_days, tz),
            created_at=now,
            updated_at=now,
        )
        needs.record_event(db, need.id, actor="resident", to_status=NeedStatus.NEW, at=now)
        return Filed(need, created=True)

    try:
        return await sqlite_direct.transaction(session, file)
    except IntegrityError:  # the same draft sent at the same moment by another update
        async with session.begin():
            existing = await needs.by_draft_key(session, draft.draft_key)
        if existing is None:
            raise
        return Filed(existing, created=False)


async def sent_draft(session: AsyncSession, resident_id: int, draft_key: str) -> Need | None:
    """The need this resident filed from the draft ``draft_key``, if any."""
    async with session.begin():
        need = await needs.by_draft_key(session, draft_key)
    return need if need is not None and need.resident_id == resident_id else None


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(math.sqrt(a))


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def similar_texts(first: str, second: str) -> bool:
    """Nearly the same words; a need told by voice only (no words) is like no other."""
    if not _words(first) or not _words(second):
        return False
    matcher = SequenceMatcher(None, _words(first), _words(second))
    return matcher.quick_ratio() >= SIMILAR_TEXT and matcher.ratio() >= SIMILAR_TEXT


def _same_problem(need: Need, draft: NewNeed) -> bool:
    distance = distance_to(need, draft.latitude, draft.longitude)
    if distance is not None and distance <= NEAR_METRES:
        return True
    return similar_texts(need.description, draft.description)


async def find_duplicate(
    session: AsyncSession, resident: Resident, draft: NewNeed, *, limit: int, tz: ZoneInfo
) -> Need | None:
    """An open need of someone else that a moderator accepted, same category and district,
    about the same problem: within about 150 m, or described in nearly the same words.
    Each call counts as one of the resident's ``limit`` look-ups of the (local) day; past
    them nothing is offered, and the resident files their need as usual."""
    if sqlite_direct.direct_engine(session) is None:  # PostgreSQL: both in one transaction
        async with session.begin():
            candidates = await _candidates(session, resident, draft, limit=limit, tz=tz)
    else:  # SQLite: each statement alone, without a session
        candidates = await _candidates(session, resident, draft, limit=limit, tz=tz)
    return next(
        (n for n in candidates if n.resident_id != resident.id and _same_problem(n, draft)), None
    )


async def _candidates(
    session: AsyncSession, resident: Resident, draft: NewNeed, *, limit: int, tz: ZoneInfo
) -> list[Need]:
    """Count the look-up; the needs it may offer (none past the day's ``limit``)."""
    now = utcnow()
    looked_up = await needs.count_lookup(
        session,
        resident.id,
        now.astimezone(tz).date(),
        earlier=erasure.LOOKUPS_BEFORE_ERASURE,
        values=erasure.before_erasure(resident.telegram_id, now, tz),
    )
    if looked_up > limit:
        return []
    return await needs.in_area(session, draft.category, draft.district, OFFERED)


def distance_to(need: Need, latitude: float | None, longitude: float | None) -> float | None:
    """Metres from a point to the need's, when both are known."""
    if need.latitude is None or need.longitude is None or latitude is None or longitude is None:
        return None
    return distance_metres(need.latitude, need.longitude, latitude, longitude)


@dataclass(frozen=True)
class Support:
    need: Need
    added: bool  # False: this resident supported it already
    supporters: int


async def support(session: AsyncSession, resident_id: int, need_id: int) -> Support | None:
    """Add the resident's "+1" to an open need; ``None`` if it is gone or closed."""
    async with session.begin():
        need = await needs.by_id(session, need_id)
        if need is None or need.status not in OPEN_STATUSES:
            return None
        added = (
            need.resident_id != resident_id
            and not await erasure.supported_before_erasure(session, resident_id, need_id)
            and await needs.add_supporter(session, need_id, resident_id)
        )
        return Support(need, added, await needs.supporters_count(session, need_id))
