"""Hearings, a poll and the SDG 16.7.2 pulse made through Kenes' services, as residents and
moderators would have made them in the month that is running now (the services stamp what
happens with the present moment), and the rows the export should have for them.

Residents 0–2 live in Almaly, 3 in Medeu, 4–5 in Auezov, 6 in no district Kenes knows of; 7
is subscribed to nothing and answers nothing. Almaly's hearing has 3 residents; Medeu's has
one, so with ``min_cell=3`` it goes into ``_other``; a city-wide hearing is cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Hearing, HearingQuestion, Resident, utcnow
from models.akimat import CITY, OTHER
from models.hearing import Scope
from models.poll import PulseItem
from services import attendance, deliveries, hearing_questions, hearings, poll_answers, polls
from services.attendance import Rsvp
from services.hearings import HearingFields
from services.periods import Granularity, Period, containing, local_day
from services.polls import NewPoll
from services.pulse import quarter_of
from services.staff import Actor, Role
from tests.export_kit import TZ

Maker = async_sessionmaker[AsyncSession]
ADMIN = Actor(900, Role.ADMIN)
DISTRICTS = ("almaly", "almaly", "almaly", "medeu", "auezov", "auezov", None)
LEAD = timedelta(minutes=20)  # hearings start, and polls close, this long after the start


@dataclass(frozen=True)
class World:
    period: Period  # the month running now, which holds everything below
    quarter: str
    residents: list[int]
    poll_id: int
    pulse_ids: dict[str, int]
    texts: set[str]  # hearing titles, descriptions and residents' questions: never exported


def this_month() -> tuple[Period, datetime]:
    now = utcnow()
    period = containing(local_day(now, TZ), Granularity.MONTH)
    if period.bounds(TZ)[1] - now < 2 * LEAD:
        pytest.skip("the month ends in a few minutes: run it again then")
    return period, now


async def _residents(sessions: Maker, count: int) -> list[int]:
    rows = [
        {"telegram_id": 7_700_000 + n, "language": "kk", "consent_at": utcnow()}
        for n in range(count)
    ]
    async with sessions() as session, session.begin():
        return list(
            (await session.execute(insert(Resident).returning(Resident.id), rows)).scalars()
        )


def _fields(starts_at: datetime, district: str | None, name: str) -> HearingFields:
    return HearingFields(
        title_kk=f"{name} тыңдауы", title_ru=f"Слушание «{name}»",
        description_kk=f"{name}: сипаттама", description_ru=f"{name}: описание",
        starts_at=starts_at, address="Абай даңғылы, 90", link=None, district=district,
        topic="roads", seats=None, questions_until=None,
    )  # fmt: skip


async def _deliver(sessions: Maker, broadcast_id: int | None) -> None:
    """What the broadcaster does: every pending delivery marked sent."""
    if broadcast_id is None:
        return
    async with sessions() as session:
        for recipient in await deliveries.due(session, broadcast_id, after_id=0, limit=100):
            await deliveries.mark_sent(session, recipient)


async def _hearings(sessions: Maker, people: list[int], starts_at: datetime) -> set[str]:
    async with sessions() as session:
        for resident in people[:3]:
            await attendance.toggle(session, resident, Scope.DISTRICT, "almaly")
        almaly = await hearings.publish(
            session, _fields(starts_at, "almaly", "Алмалы"), ADMIN, None
        )
        medeu = await hearings.publish(session, _fields(starts_at, "medeu", "Медеу"), ADMIN, None)
        city = await hearings.publish(session, _fields(starts_at, None, "Қала"), ADMIN, None)
    await _deliver(sessions, almaly.broadcast_id)  # to residents 0-2
    questions = ["Жол қашан жөнделеді?", "Когда отремонтируют?", "Бағдаршам қайда?"]
    async with sessions() as session:
        registrations = [(almaly, r) for r in people[:3]] + [(medeu, people[3]), (city, people[4])]
        for announced, resident in registrations:
            outcome = await attendance.register(session, announced.hearing.id, resident)
            assert outcome == Rsvp.REGISTERED
        for resident, text in zip((people[0], people[0], people[1]), questions, strict=True):
            asked = await attendance.ask(session, almaly.hearing.id, resident, text, "kk", limit=3)
            assert asked == attendance.Asked.PASSED
        async with session.begin():
            first = await session.scalar(select(func.min(HearingQuestion.id)))
        assert await hearing_questions.hide(session, int(first or 0), ADMIN)
        await hearings.publish_outcome(
            session, almaly.hearing.id, {"kk": "Қорытынды", "ru": "Итоги"}, ADMIN, None
        )
        await hearings.cancel(session, city.hearing.id, ADMIN, None)
    async with sessions() as session, session.begin():
        stored = (await session.execute(select(Hearing))).scalars()
        texts = {h.text(f, lang) for h in stored for f in ("title", "description")
                 for lang in ("kk", "ru")}  # fmt: skip
    return texts | set(questions) | {"Абай даңғылы, 90", "Қорытынды", "Итоги"}


def _poll(now: datetime, closes_at: datetime, options: int, **pulse: Any) -> NewPoll:
    kk, ru = (tuple(f"{word} {n}" for n in range(options)) for word in ("Нұсқа", "Вариант"))
    return NewPoll(
        "Саябақ керек пе?", "Нужен ли парк?", kk, ru,
        False, "all", None, "answered", now - timedelta(hours=1), closes_at, "Asia/Almaty",
        **pulse,
    )  # fmt: skip


async def _opened(sessions: Maker, new: NewPoll) -> int:
    """Publish and open the poll; its invitation is delivered to every resident."""
    async with sessions() as session:
        poll = await polls.publish(session, new, ADMIN, language="kk")
        broadcast_id = await polls.open_poll(session, poll.id, utcnow())
    await _deliver(sessions, broadcast_id)
    return poll.id


async def _answer(sessions: Maker, poll_id: int, people: list[int], choices: list[int]) -> None:
    async with sessions() as session:
        for resident, choice in zip(people, choices, strict=False):
            answer = await poll_answers.answer(
                session, resident, poll_id, frozenset({choice}), multiple=False
            )
            assert answer.outcome == poll_answers.Outcome.SAVED, answer


async def build(sessions: Maker) -> World:
    period, now = this_month()
    people = await _residents(sessions, 8)
    async with sessions() as session:
        for resident, district in zip(people, DISTRICTS, strict=False):
            if district is not None:
                await poll_answers.choose_district(session, resident, district)
    texts = await _hearings(sessions, people, now + LEAD)
    closes_at = now + LEAD
    poll_id = await _opened(sessions, _poll(now, closes_at, 2))
    await _answer(sessions, poll_id, people, [0, 0, 1, 1, 0, 1, 0])
    later = await _opened(sessions, _poll(now, period.bounds(TZ)[1] + LEAD, 2))
    await _answer(sessions, later, people, [1, 1, 1])  # closes next month: not this one's
    quarter = quarter_of(local_day(now, TZ))
    pulse_ids = {}
    for item, choices in ((PulseItem.SAY, [2, 3, 4, 0, 1, 2]), (PulseItem.INFLUENCE, [0] * 7)):
        new = _poll(now, closes_at, 5, pulse_quarter=quarter, pulse_item=item)
        pulse_ids[item.value] = await _opened(sessions, new)
        await _answer(sessions, pulse_ids[item.value], people, choices)
    return World(period, quarter, people, poll_id, pulse_ids, texts)


# -- what the akimat's database should hold -------------------------------------------------


def hearing_rows(min_cell: int) -> list[dict[str, Any]]:
    """Almaly: held, 3 announcements delivered, 3 registrations, 2 visible questions (one of
    three hidden), both answered by the outcome. Medeu: held, one registration. The
    cancelled city-wide hearing was not held; its registration still counts (made in the
    period), in ``city``, which has one resident too."""
    almaly = {"district": "almaly", "hearings_held": 1, "subscribers_notified": 3,
              "registrations": 3, "questions_asked": 2, "questions_answered": 2}  # fmt: skip
    medeu = {"district": "medeu", "hearings_held": 1, "subscribers_notified": 0,
             "registrations": 1, "questions_asked": 0, "questions_answered": 0}  # fmt: skip
    city = medeu | {"district": CITY, "hearings_held": 0}
    if min_cell == 1:
        return [almaly, city, medeu]
    return [medeu | {"district": OTHER, "hearings_held": 1, "registrations": 2}, almaly]


def poll_counts(world: World) -> dict[tuple[int, int, str], tuple[int, int]]:
    """(poll, option, district) -> (respondents, votes), with ``min_cell=3``: Almaly (3) on
    its own; Medeu (1), Auezov (2) and the unknown district (1) only together."""
    say, influence = world.pulse_ids["say"], world.pulse_ids["influence"]
    counts = {
        (world.poll_id, 0, CITY): (7, 4), (world.poll_id, 1, CITY): (7, 3),
        (world.poll_id, 0, "almaly"): (3, 2), (world.poll_id, 1, "almaly"): (3, 1),
        (world.poll_id, 0, OTHER): (4, 2), (world.poll_id, 1, OTHER): (4, 2),
    }  # fmt: skip
    for poll, answers in ((say, [2, 3, 4, 0, 1, 2]), (influence, [0] * 7)):
        groups = {CITY: answers, "almaly": answers[:3], OTHER: answers[3:]}
        for district, chosen in groups.items():
            for option in range(5):
                counts[(poll, option, district)] = (len(chosen), chosen.count(option))
    return counts


def pulse_rows(world: World) -> list[dict[str, Any]]:
    """Say: Almaly answered Some, A lot, A great deal (3 of 3 positive); Medeu Not at all,
    Auezov Very little and Some (1 of 3); the city 4 of 6. Influence: all 7 Not at all."""

    def row(item: str, district: str, counts: list[int], positive: int) -> dict[str, Any]:
        respondents = sum(counts)
        names = ("not_at_all", "very_little", "some", "a_lot", "a_great_deal")
        return {"quarter": world.quarter, "item": item, "district": district,
                "respondents": respondents, **dict(zip(names, counts, strict=True)),
                "positive": positive, "share": round(positive / respondents, 4)}  # fmt: skip

    return [
        row("influence", OTHER, [4, 0, 0, 0, 0], 0),
        row("influence", "almaly", [3, 0, 0, 0, 0], 0),
        row("influence", CITY, [7, 0, 0, 0, 0], 0),
        row("say", OTHER, [1, 1, 1, 0, 0], 1),
        row("say", "almaly", [0, 0, 1, 1, 1], 3),
        row("say", CITY, [1, 1, 2, 1, 1], 4),
    ]
