"""Polls in the database, on SQLite and PostgreSQL: the aggregates for the export equal the
counts worked out from the raw answers below, with small districts folded; a poll opens
once however many ask at the same moment; one answer per resident and poll."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Broadcast, Delivery, Poll, PollAnswer, Resident, utcnow
from models.repositories import poll_answers
from models.repositories import poll_results as poll_results_repo
from services import poll_answers as services_answers
from services import poll_results, polls
from services.polls import NewPoll

Maker = async_sessionmaker[AsyncSession]
NOW = utcnow()


def new_poll(options: int, *, multiple: bool, opens_in: float, closes_in: float) -> NewPoll:
    texts = tuple(f"{n}" for n in range(options))
    return NewPoll(
        "Сұрақ", "Вопрос", texts, texts, multiple, "all", None, "answered",
        NOW + timedelta(days=opens_in), NOW + timedelta(days=closes_in), "Asia/Almaty",
    )  # fmt: skip


async def residents(sessionmaker: Maker, count: int) -> list[int]:
    async with sessionmaker() as session, session.begin():
        start = 9000 + int(await session.scalar(select(func.count()).select_from(Resident)) or 0)
        rows = [
            {"telegram_id": start + i, "language": "ru", "consent_at": NOW} for i in range(count)
        ]
        return list(
            (await session.execute(insert(Resident).returning(Resident.id), rows)).scalars()
        )


async def opened(
    sessionmaker: Maker, new: NewPoll, answers: list[tuple[str | None, set[int]]]
) -> int:
    """A poll that was sent, with these answers (district, options) from new residents."""
    ids = await residents(sessionmaker, len(answers))
    async with sessionmaker() as session, session.begin():
        poll = await polls.add(
            session, new, created_by=None, progress_chat_id=None, progress_language=None
        )
        broadcast = Broadcast(kind="poll", subject_id=poll.id)
        session.add(broadcast)
        await session.flush()
        poll.broadcast_id = broadcast.id
        for resident_id, (district, chosen) in zip(ids, answers, strict=True):
            await poll_answers.save(
                session, poll.id, resident_id, frozenset(chosen), district=district, now=NOW
            )
        return poll.id


async def test_the_aggregates_equal_the_hand_count(sessionmaker: Maker) -> None:
    # Poll A, one answer: Almaly 4 (0,0,1,2), Medeu 3 (1,1,1), Auezov 1 (0), unknown 1 (2).
    a = await opened(
        sessionmaker,
        new_poll(3, multiple=False, opens_in=-10, closes_in=-1),
        [("almaly", {0}), ("almaly", {0}), ("almaly", {1}), ("almaly", {2}),
         ("medeu", {1}), ("medeu", {1}), ("medeu", {1}), ("auezov", {0}), (None, {2})],
    )  # fmt: skip
    # Poll B, several answers: Almaly 3 ({0,1}, {0}, {1}), Medeu 2 ({0}, {0,1}).
    b = await opened(
        sessionmaker,
        new_poll(2, multiple=True, opens_in=-1, closes_in=5),
        [("almaly", {0, 1}), ("almaly", {0}), ("almaly", {1}), ("medeu", {0}), ("medeu", {0, 1})],
    )  # fmt: skip
    async with sessionmaker() as session:  # a poll that has not opened is not exported
        scheduled = new_poll(2, multiple=False, opens_in=1, closes_in=2)
        async with session.begin():
            await polls.add(
                session, scheduled, created_by=None, progress_chat_id=None, progress_language=None
            )

    async with sessionmaker() as session:
        rows = await poll_results.poll_aggregates(session, min_cell=3)
    got = {(r.poll_id, r.option, r.district): (r.respondents, r.votes) for r in rows}

    # A: 9 answered; option 0: 2 + 1 = 3, option 1: 1 + 3 = 4, option 2: 1 + 1 = 2.
    # Auezov (1) and unknown (1) are 2 < 3 together, so Medeu (3), the smallest shown,
    # joins them: "other" = 5 with option 0: 1, option 1: 3, option 2: 1. Almaly 4: 2, 1, 1.
    # B: 5 answered; option 0: 2 + 2 = 4, option 1: 2 + 1 = 3. Medeu (2) < 3 alone, Almaly
    # joins it, so only "other" = all 5 is shown by district.
    assert got == {
        (a, 0, "all"): (9, 3), (a, 1, "all"): (9, 4), (a, 2, "all"): (9, 2),
        (a, 0, "almaly"): (4, 2), (a, 1, "almaly"): (4, 1), (a, 2, "almaly"): (4, 1),
        (a, 0, "other"): (5, 1), (a, 1, "other"): (5, 3), (a, 2, "other"): (5, 1),
        (b, 0, "all"): (5, 4), (b, 1, "all"): (5, 3),
        (b, 0, "other"): (5, 4), (b, 1, "other"): (5, 3),
    }  # fmt: skip
    texts = {
        (r.poll_id, r.option, r.option_ru, r.question_kk) for r in rows if r.district == "all"
    }
    assert texts == {
        (a, 0, "0", "Сұрақ"), (a, 1, "1", "Сұрақ"), (a, 2, "2", "Сұрақ"),
        (b, 0, "0", "Сұрақ"), (b, 1, "1", "Сұрақ"),
    }  # fmt: skip

    async with sessionmaker() as session:  # the polls that closed in a period
        closed = await poll_results.poll_aggregates(
            session, min_cell=3, closed_from=NOW - timedelta(days=2), closed_until=NOW
        )
    assert {r.poll_id for r in closed} == {a}


async def test_a_poll_opens_once_however_many_ask(sessionmaker: Maker) -> None:
    await residents(sessionmaker, 5)
    async with sessionmaker() as session, session.begin():
        poll = await polls.add(
            session,
            new_poll(2, multiple=False, opens_in=-1, closes_in=1),
            created_by=None, progress_chat_id=None, progress_language=None,
        )  # fmt: skip

    async def open_it() -> int | None:
        async with sessionmaker() as session:
            return await polls.open_poll(session, poll.id, utcnow())

    results = await asyncio.gather(*(open_it() for _ in range(4)))
    assert len([r for r in results if r is not None]) == 1
    async with sessionmaker() as session, session.begin():
        assert await session.scalar(select(func.count()).select_from(Broadcast)) == 1
        broadcast = await session.scalar(select(Broadcast))
        assert broadcast is not None and broadcast.total == 5


async def test_one_answer_per_resident_and_poll(sessionmaker: Maker) -> None:
    new = new_poll(2, multiple=False, opens_in=-1, closes_in=1)
    poll_id = await opened(sessionmaker, new, [("almaly", {0})])
    async with sessionmaker() as session:
        async with session.begin():
            resident_id = await session.scalar(
                select(Resident.id).where(Resident.telegram_id == 9000)
            )
        with pytest.raises(IntegrityError):
            async with session.begin():
                session.add(PollAnswer(poll_id=poll_id, resident_id=resident_id, answered_at=NOW))


async def test_a_vote_in_one_transaction_counts_itself_and_twice_at_once_is_one_answer(
    sessionmaker: Maker,
) -> None:
    """``services.poll_answers.answer`` (issue 19: one transaction, results counted in it):
    the first vote is saved and the results it returns count it; the same resident's two
    first votes at the same moment leave one answer (the loser is retried as a change)."""
    new = new_poll(3, multiple=False, opens_in=-1, closes_in=1)
    poll_id = await opened(sessionmaker, new, [("almaly", {0})])  # one answer already
    ids = await residents(sessionmaker, 2)
    async with sessionmaker() as session, session.begin():
        poll = await session.get(Poll, poll_id)
        assert poll is not None and poll.broadcast_id is not None
        session.add_all(Delivery(broadcast_id=poll.broadcast_id, resident_id=i) for i in ids)

    async def vote(resident_id: int, option: int) -> services_answers.Answer:
        async with sessionmaker() as session:
            return await services_answers.answer(
                session, resident_id, poll_id, frozenset({option}), multiple=False, min_cell=1
            )

    first = await vote(ids[0], 1)
    assert first.outcome == services_answers.Outcome.SAVED
    assert first.results is not None and first.results.total.votes == (1, 1, 0)
    again = await vote(ids[0], 2)
    assert again.outcome == services_answers.Outcome.CHANGED
    assert again.results is not None and again.results.total.votes == (1, 0, 1)

    both = await asyncio.gather(vote(ids[1], 0), vote(ids[1], 2))
    assert sorted(answer.outcome for answer in both) == sorted(
        [services_answers.Outcome.SAVED, services_answers.Outcome.CHANGED]
    )
    async with sessionmaker() as session, session.begin():
        rows = await session.scalar(
            select(func.count()).select_from(PollAnswer).where(PollAnswer.poll_id == poll_id)
        )
    assert rows == 3


async def test_a_poll_of_one_choice_counts_its_respondents_from_its_votes(
    sessionmaker: Maker,
) -> None:
    new = new_poll(3, multiple=False, opens_in=-1, closes_in=1)
    answers = [("almaly", {0}), ("almaly", {2}), ("medeu", {1}), (None, {0}), (None, {0})]
    poll_id = await opened(sessionmaker, new, answers)
    async with sessionmaker() as session, session.begin():
        both = await poll_results_repo.counts(session, poll_id)
        votes_only = await poll_results_repo.counts(session, poll_id, multiple=False)
    assert votes_only == both
    assert both[0] == {(poll_id, "almaly"): 2, (poll_id, "medeu"): 1, (poll_id, None): 2}
