"""Poll answers counted in SQL (GROUP BY): respondents and votes per poll, district and
option. Every answer is one resident (unique per poll), so counting answers counts distinct
residents, also those who have since erased their data."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import BindParameter, bindparam, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from models.poll import PollAnswer, PollChoice

# (poll id, district) -> respondents; (poll id, district, option position) -> votes
Respondents = dict[tuple[int, str | None], int]
Votes = dict[tuple[int, str | None, int], int]


async def respondents(session: AsyncSession, poll_ids: Sequence[int]) -> Respondents:
    result = await session.execute(
        select(PollAnswer.poll_id, PollAnswer.district, func.count(PollAnswer.id))
        .where(PollAnswer.poll_id.in_(poll_ids))
        .group_by(PollAnswer.poll_id, PollAnswer.district)
    )
    return {(poll_id, district): int(count) for poll_id, district, count in result.all()}


async def votes(session: AsyncSession, poll_ids: Sequence[int]) -> Votes:
    result = await session.execute(
        select(PollAnswer.poll_id, PollAnswer.district, PollChoice.position, func.count())
        .join(PollChoice, PollChoice.answer_id == PollAnswer.id)
        .where(PollAnswer.poll_id.in_(poll_ids))
        .group_by(PollAnswer.poll_id, PollAnswer.district, PollChoice.position)
    )
    return {
        (poll_id, district, position): int(count)
        for poll_id, district, position, count in result.all()
    }


_POLL: BindParameter[int] = bindparam("poll_id")
_VOTES = (
    select(PollAnswer.district, PollChoice.position, func.count())
    .join(PollChoice, PollChoice.answer_id == PollAnswer.id)
    .where(PollAnswer.poll_id == _POLL)
    .group_by(PollAnswer.district, PollChoice.position)
)
_COUNTS = union_all(
    select(PollAnswer.district, literal(-1).label("position"), func.count(PollAnswer.id))
    .where(PollAnswer.poll_id == _POLL)
    .group_by(PollAnswer.district),
    _VOTES,
)  # built once: a card's results are counted at every vote (issue 19)


async def counts(
    session: AsyncSession, poll_id: int, *, multiple: bool = True
) -> tuple[Respondents, Votes]:
    """:func:`respondents` (position -1 in the statement) and :func:`votes` of one poll, in
    one statement. An answer to a poll of one choice has exactly one option, so there the
    respondents of a district are the sum of its votes and only the votes are counted (a
    third less work for PostgreSQL, at every vote of a burst)."""
    respondents: Respondents = {}
    votes: Votes = {}
    statement = _COUNTS if multiple else _VOTES
    for district, position, count in await session.execute(statement, {"poll_id": poll_id}):
        if position < 0:
            respondents[poll_id, district] = int(count)
        else:
            votes[poll_id, district, position] = int(count)
            if not multiple:
                key = (poll_id, district)
                respondents[key] = respondents.get(key, 0) + int(count)
    return respondents, votes
