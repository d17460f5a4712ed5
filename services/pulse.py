"""The SDG 16.7.2 pulse: once a quarter (``KENES_PULSE_MONTHS``, ``KENES_PULSE_DAY``,
``KENES_PULSE_HOUR`` in the city's time zone) the two questions of the indicator go to every
resident who allows announcements, as two single-choice polls on the five-point scale, open
``KENES_PULSE_OPEN_DAYS`` days. Created once per quarter (the unique quarter and item), also
late: a pulse missed while Kenes was down is created as long as its window is still open.
See ``docs/sdg-16-7-2.md``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from models.poll import Audience, Poll, PulseItem, Visibility
from services import polls
from services.polls import NewPoll

ITEMS = (PulseItem.SAY, PulseItem.INFLUENCE)
# The five answers, in the metadata's order: Not at all, Very little, Some, A lot, A great deal.
SCALE_SIZE = 5
# "Some", "A lot" and "A great deal" count as believing one has a say / an influence.
POSITIVE = frozenset({2, 3, 4})


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def previous_quarter(quarter: str) -> str:
    year, number = int(quarter[:4]), int(quarter[5:])
    return f"{year - 1}Q4" if number == 1 else f"{year}Q{number - 1}"


@dataclass(frozen=True)
class Schedule:
    """When the pulse runs (from the ``KENES_PULSE_*`` settings) and where its progress goes."""

    months: tuple[int, ...]
    day: int
    hour: int
    open_days: int
    timezone: str
    progress_chat_id: int | None = None
    progress_language: str | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Window:
    quarter: str
    opens_at: datetime
    closes_at: datetime


def window(schedule: Schedule, now: datetime) -> Window | None:
    """The pulse whose window is open at ``now``: the latest pulse moment not after ``now``,
    if ``now`` is within ``KENES_PULSE_OPEN_DAYS`` of it."""
    tz = schedule.tz
    local = now.astimezone(tz)
    moments = [
        datetime(year, month, schedule.day, schedule.hour, tzinfo=tz)
        for year in (local.year - 1, local.year)
        for month in schedule.months
    ]
    started = [moment for moment in moments if moment <= now]
    if not started:
        return None
    latest = max(started)
    closes_at = latest + timedelta(days=schedule.open_days)
    if now >= closes_at:
        return None
    return Window(quarter_of(latest.date()), latest, closes_at)


Texts = Callable[[PulseItem], tuple[str, str, tuple[str, ...], tuple[str, ...]]]


async def ensure(
    session: AsyncSession, schedule: Schedule, texts: Texts, now: datetime
) -> list[int]:
    """Create the current quarter's two pulse polls if their window is open and they do not
    exist yet; the ids created (none when there was nothing to do). ``texts(item)`` gives
    the question and the scale in kk and ru."""
    current = window(schedule, now)
    if current is None:
        return []
    async with session.begin():
        existing = await session.execute(
            select(Poll.id).where(Poll.pulse_quarter == current.quarter).limit(1)
        )
        if existing.scalar_one_or_none() is not None:
            return []
    try:
        async with session.begin():
            created = []
            for item in ITEMS:
                question_kk, question_ru, scale_kk, scale_ru = texts(item)
                new = NewPoll(
                    question_kk=question_kk,
                    question_ru=question_ru,
                    options_kk=scale_kk,
                    options_ru=scale_ru,
                    multiple=False,
                    audience=Audience.ALL,
                    audience_code=None,
                    visibility=Visibility.CLOSED,
                    opens_at=current.opens_at,
                    closes_at=current.closes_at,
                    timezone=schedule.timezone,
                    pulse_quarter=current.quarter,
                    pulse_item=item,
                )
                poll = await polls.add(
                    session,
                    new,
                    created_by=None,
                    progress_chat_id=schedule.progress_chat_id,
                    progress_language=schedule.progress_language,
                )
                created.append(poll.id)
            return created
    except IntegrityError:  # another instance created them at the same moment
        return []
