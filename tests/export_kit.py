"""Raw needs and ratings made with a seeded RNG, written to Kenes' database, and the export's
aggregates computed again from those raw rows in plain Python (the definitions of
docs/akimat-export.md, independently of the SQL under test)."""

from __future__ import annotations

import random
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Need, NeedEvent, Rating, Resident
from models.akimat import OTHER
from services.periods import Period

TZ = ZoneInfo("Asia/Almaty")
DISTRICTS = ("almaly", "auezov", "bostandyk", "medeu")
CATEGORIES = ("roads", "waste", "utilities", "snow", "other")
SERVICES = ("public_transport", "roads", "utilities", "waste_collection")
OPEN = {"new", "accepted", "in_progress", "reopened"}
COUNTED = ("accepted", "rejected", "resolved", "duplicate", "not_our_competence", "reopened")
CLOSING = ("resolved", "rejected", "duplicate", "not_our_competence")


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ).astimezone(UTC)


@dataclass
class RawNeed:
    id: int
    resident: int | None  # index into Data.telegram_ids, None: erased
    district: str
    category: str
    created_at: datetime
    deadline_at: datetime
    description: str
    events: list[tuple[str, str | None, str, datetime]] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.events[-1][2]

    @property
    def voice_duration(self) -> int | None:
        """Every fourth need was told by voice too (not drawn: the RNG's sequence stays)."""
        return 5 + self.id % 115 if self.id % 4 == 0 else None


@dataclass
class RawRating:
    resident: int | None
    district: str
    service: str
    score: int
    comment: str | None
    hidden: bool
    created_at: datetime


@dataclass
class Data:
    telegram_ids: list[int]
    needs: list[RawNeed]
    ratings: list[RawRating]

    def texts(self) -> set[str]:
        return {n.description for n in self.needs} | {r.comment for r in self.ratings if r.comment}


def _minute(rng: random.Random, start: datetime, end: datetime) -> datetime:
    minutes = int((end - start).total_seconds() // 60)
    return start + timedelta(minutes=rng.randrange(minutes))


def _history(rng: random.Random, need: RawNeed, horizon: datetime) -> None:
    at, status = need.created_at, "new"
    need.events.append(("resident", None, "new", at))
    for _ in range(4):
        at += timedelta(minutes=rng.randrange(30, 60 * 24 * 9))
        if at >= horizon or rng.random() < 0.2:
            return
        if status in ("new", "accepted", "reopened"):
            target = rng.choice(["accepted", "in_progress", *CLOSING])
        elif status == "in_progress":
            target = rng.choice(CLOSING)
        elif status == "resolved":
            target = "reopened"
        else:
            return
        actor = "resident" if target == "reopened" else f"staff:{rng.randrange(900, 905)}"
        need.events.append((actor, status, target, at))
        status = target


def generate(seed: int, *, needs: int = 300, ratings: int = 300, residents: int = 40) -> Data:
    """Needs and ratings around November 2025 (local time), with some at the very edges of
    the month: local midnight is 19:00 UTC the day before."""
    rng = random.Random(seed)
    telegram_ids = rng.sample(range(10**8, 8 * 10**9), residents)
    start, end = local(2025, 10, 20), local(2025, 12, 6)
    edges = [local(2025, 11, 1), local(2025, 12, 1), local(2025, 11, 16), local(2025, 11, 23)]
    weights = [12] * 4 + [1] * (residents - 4)  # a few busy residents, many rare ones
    raw_needs = []
    for number in range(1, needs + 1):
        created = _minute(rng, start, end)
        if number <= 16:  # exactly at a boundary, or a minute before it
            created = edges[number % 4] - timedelta(minutes=number % 2)
        district = rng.choice(DISTRICTS)
        category = rng.choices(CATEGORIES, weights=[6, 5, 4, 1, 1])[0]
        author = rng.choices(range(residents), weights=weights)[0]
        need = RawNeed(
            number,
            None if rng.random() < 0.05 else author,
            district,
            category,
            created,
            created + timedelta(days=rng.choice([1, 3, 7, 15])),
            f"Need text {seed}-{number}: {rng.choice(['яма', 'қоқыс', 'свет'])}",
        )
        _history(rng, need, end + timedelta(days=10))
        raw_needs.append(need)
    raw_ratings = [
        RawRating(
            None if rng.random() < 0.05 else rng.choices(range(residents), weights=weights)[0],
            rng.choice(DISTRICTS),
            rng.choices(SERVICES, weights=[5, 4, 3, 1])[0],
            rng.randint(1, 5),
            rng.choice([None, "", "   ", f"comment {seed}-{n} жақсы"]),
            rng.random() < 0.1,
            _minute(rng, start, end) if n > 4 else edges[n % 2] - timedelta(minutes=n % 2),
        )
        for n in range(1, ratings + 1)
    ]
    return Data(telegram_ids, raw_needs, raw_ratings)


async def store(sessions: async_sessionmaker[AsyncSession], data: Data) -> None:
    """Write ``data`` to Kenes' database as the bot would have."""
    async with sessions() as session, session.begin():
        residents = [Resident(telegram_id=t, language="kk") for t in data.telegram_ids]
        session.add_all(residents)
        await session.flush()

        def resident_id(index: int | None) -> int | None:
            return None if index is None else residents[index].id

        for raw in data.needs:
            session.add(
                Need(
                    id=raw.id,
                    number=f"N-2025-{raw.id:06d}",
                    draft_key=f"draft-{raw.id}",
                    resident_id=resident_id(raw.resident),
                    category=raw.category,
                    district=raw.district,
                    address=f"Address {raw.id}",
                    latitude=43.2 + raw.id / 10000,
                    longitude=76.9,
                    description=raw.description,
                    # an erased author's voice: its references forgotten, its length kept
                    voice_file_id=(
                        f"VOI{raw.id}" if raw.voice_duration and raw.resident is not None else None
                    ),
                    voice_file_unique_id=(
                        f"u{raw.id}" if raw.voice_duration and raw.resident is not None else None
                    ),
                    voice_duration=raw.voice_duration,
                    status=raw.status,
                    deadline_at=raw.deadline_at,
                    created_at=raw.created_at,
                    updated_at=raw.events[-1][3],
                )
            )
        await session.flush()
        session.add_all(
            NeedEvent(need_id=raw.id, actor=a, from_status=f, to_status=t, at=at)
            for raw in data.needs
            for a, f, t, at in raw.events
        )
        session.add_all(
            Rating(
                resident_id=resident_id(r.resident),
                service=r.service,
                district=r.district,
                score=r.score,
                comment=r.comment,
                hidden=r.hidden,
                created_at=r.created_at,
            )
            for r in data.ratings
        )


# -- the expected aggregates ------------------------------------------------------------------


def _status_at(need: RawNeed, moment: datetime) -> str:
    return [to for _, _, to, at in need.events if at < moment][-1]


def _need_fact(need: RawNeed, start: datetime, end: datetime) -> dict[str, Any] | None:
    if need.created_at >= end:
        return None
    during = [(a, t, at) for a, _, t, at in need.events if start <= at < end]
    is_open = _status_at(need, end) in OPEN
    if not (need.created_at >= start or during or is_open):
        return None
    fact: dict[str, Any] = {"submitted": int(need.created_at >= start)}
    fact["with_voice"] = int(need.created_at >= start and need.voice_duration is not None)
    for status in COUNTED:
        fact[status] = int(any(t == status for _, t, _ in during))
    fact["open_at_end"] = int(is_open)
    fact["overdue_at_end"] = int(is_open and need.deadline_at < end)
    staff = [at for a, _, _, at in need.events if a.startswith("staff:") and at < end]
    first = min(staff, default=None)
    fact["answer"] = first - need.created_at if first and first >= start else None
    resolutions = [at for _, t, at in during if t == "resolved"]
    fact["resolution"] = max(resolutions) - need.created_at if resolutions else None
    return fact


def _fold(
    facts: list[tuple[tuple[str, str], int | None, dict[str, Any]]], min_cell: int
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    residents: dict[tuple[str, str], set[int]] = {cell: set() for cell, _, _ in facts}
    for cell, resident, _ in facts:
        if resident is not None:  # an erased resident counts for nobody
            residents[cell].add(resident)
    rows = Counter(cell for cell, _, _ in facts)
    folded = {cell for cell, people in residents.items() if len(people) < min_cell}
    if len(folded) == 1 and len(residents) > 1:  # `_other` would be that one cell
        by_code = sorted((cell for cell in residents if cell not in folded), reverse=True)
        # the fewest residents, then the fewest rows; of equal ones the later code
        folded.add(min(by_code, key=lambda cell: (len(residents[cell]), rows[cell])))
    placed: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for cell, _, fact in facts:
        target = (OTHER, OTHER) if cell in folded else cell
        placed[target].append(fact)
    return placed


def _half_up(value: Fraction) -> float:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _median(values: list[timedelta | None]) -> float | None:
    """Exact: durations in microseconds as fractions of an hour."""
    present = [Fraction(v // timedelta(microseconds=1), 3_600_000_000) for v in values if v]
    return _half_up(statistics.median(present)) if present else None


def expected_needs(data: Data, period: Period, min_cell: int) -> list[dict[str, Any]]:
    start, end = period.bounds(TZ)
    facts = []
    for need in data.needs:
        fact = _need_fact(need, start, end)
        if fact is not None:
            facts.append(((need.district, need.category), need.resident, fact))
    rows = []
    for (district, category), group in sorted(_fold(facts, min_cell).items()):
        row: dict[str, Any] = {"district": district, "category": category}
        for name in ("submitted", *COUNTED, "open_at_end", "overdue_at_end", "with_voice"):
            row[name] = sum(fact[name] for fact in group)
        row["median_hours_to_first_answer"] = _median([f["answer"] for f in group])
        row["median_hours_to_resolution"] = _median([f["resolution"] for f in group])
        rows.append(row)
    return rows


def expected_ratings(data: Data, period: Period, min_cell: int) -> list[dict[str, Any]]:
    start, end = period.bounds(TZ)
    facts = [
        ((r.district, r.service), r.resident, {"score": r.score, "commented": r})
        for r in data.ratings
        if start <= r.created_at < end
    ]
    rows = []
    for (district, service), group in sorted(_fold(facts, min_cell).items()):
        scores = [fact["score"] for fact in group]
        row: dict[str, Any] = {"district": district, "service": service}
        row["ratings"] = len(scores)
        row["mean_score"] = _half_up(Fraction(sum(scores), len(scores)))
        for score in range(1, 6):
            row[f"score_{score}"] = scores.count(score)
        row["comments"] = sum(
            1
            for fact in group
            if fact["commented"].comment
            and fact["commented"].comment.strip()
            and not fact["commented"].hidden
        )
        rows.append(row)
    return rows
