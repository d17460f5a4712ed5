"""Poll results: votes per option, overall and by district, counted in SQL. No district with
fewer than ``KENES_EXPORT_MIN_CELL`` residents who answered is shown on its own: small ones
are shown together as "other districts", and when those together are still fewer, the
smallest shown district joins them, so that no group can be worked out by subtracting the
shown districts from the total (:func:`fold`, by the rule of ``services.disclosure``).

:func:`poll_aggregates` gives the same numbers, per poll × option × district, to the akimat
export and the digests."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.poll import Poll
from models.repositories import poll_results as repo
from models.repositories import polls as polls_repo
from services import disclosure
from services.disclosure import Figure

OTHER = "other"  # districts too small to show on their own, together
UNKNOWN = "unknown"  # residents whose district Kenes does not know
CITY = "all"  # the whole city

K = TypeVar("K", bound=Hashable)


def fold(respondents: Mapping[K, int], min_cell: int) -> tuple[list[K], list[K]]:
    """(groups shown on their own, largest first; groups shown only together as "other"),
    by the small-cell rule of :func:`services.disclosure.fold`."""
    figures = {key: Figure(count, count) for key, count in respondents.items()}
    folded = disclosure.fold(figures, min_cell, until_big_enough=True)
    shown = sorted(
        (key for key in respondents if key not in folded),
        key=lambda key: (-respondents[key], str(key)),
    )
    return shown, folded


@dataclass(frozen=True)
class Group:
    district: str  # a district code, UNKNOWN, OTHER or CITY
    respondents: int
    votes: tuple[int, ...]  # per option, in the poll's order


@dataclass(frozen=True)
class Results:
    total: Group
    districts: tuple[Group, ...]  # shown on their own, largest first; then OTHER if any
    hidden: bool  # some districts are not shown on their own


def tally(
    poll_id: int,
    options: int,
    respondents: repo.Respondents,
    votes: repo.Votes,
    min_cell: int,
) -> Results:
    by_district = {
        district or UNKNOWN: count
        for (poll, district), count in respondents.items()
        if poll == poll_id
    }

    def group(name: str, districts: Sequence[str]) -> Group:
        counts = tuple(
            sum(votes.get((poll_id, None if d == UNKNOWN else d, position), 0) for d in districts)
            for position in range(options)
        )
        return Group(name, sum(by_district[d] for d in districts), counts)

    shown, folded = fold(by_district, min_cell)
    groups = [group(district, [district]) for district in shown]
    other = group(OTHER, folded)
    if folded and other.respondents >= min_cell:
        groups.append(other)
    return Results(group(CITY, list(by_district)), tuple(groups), hidden=bool(folded))


Shown = tuple[str, int | None]  # (a group's district, an option's position or None: respondents)


def hidden_figures(results: Results, min_cell: int) -> set[Shown]:
    """The figures of ``results`` residents may not read (:func:`services.disclosure.hide`):
    respondents or votes of fewer than ``min_cell`` residents, and one more wherever the
    group's respondents (a choice of one option: votes add up to them) or the city's figure
    (the groups shown add up to the city) would give one back."""
    groups = [results.total, *results.districts]
    figures: dict[Shown, Figure] = {}
    for group in groups:
        figures[group.district, None] = Figure(group.respondents, group.respondents)
        for position, votes in enumerate(group.votes):
            figures[group.district, position] = Figure(votes, votes)
    options = range(len(results.total.votes))
    lines = [
        disclosure.Group([(g.district, position) for position in options], (g.district, None))
        for g in groups
    ]
    names = [group.district for group in results.districts]
    if names:  # then they are the whole city (``fold`` leaves out no one)
        lines += [
            disclosure.Group([(name, position) for name in names], (CITY, position))
            for position in options
        ]
        lines.append(disclosure.Group([(name, None) for name in names], (CITY, None)))
    return disclosure.hide(figures, lines, min_cell)


async def results(session: AsyncSession, poll_id: int, options: int, min_cell: int) -> Results:
    async with session.begin():
        return await results_in(session, poll_id, options, min_cell)


async def results_in(
    session: AsyncSession, poll_id: int, options: int, min_cell: int, *, multiple: bool = True
) -> Results:
    """:func:`results` in the caller's transaction (one statement); ``multiple=False`` for a
    poll of one choice counts less (``repo.counts``)."""
    respondents, votes = await repo.counts(session, poll_id, multiple=multiple)
    return tally(poll_id, options, respondents, votes, min_cell)


@dataclass(frozen=True)
class PollAggregate:
    """One row of the export: a poll's option in a district (or CITY, OTHER, UNKNOWN)."""

    poll_id: int
    hearing_id: int | None
    pulse_quarter: str | None
    question_kk: str
    question_ru: str
    multiple: bool
    opens_at: datetime
    closes_at: datetime
    option: int  # 0-based position
    option_kk: str
    option_ru: str
    district: str
    respondents: int  # distinct residents of that district who answered the poll
    votes: int  # of them, those who chose this option


async def poll_aggregates(
    session: AsyncSession,
    *,
    min_cell: int,
    closed_from: datetime | None = None,
    closed_until: datetime | None = None,
) -> list[PollAggregate]:
    """Every opened poll (or those that closed in [``closed_from``, ``closed_until``)), per
    option × district, with the small-cell rule applied; the CITY rows always."""
    async with session.begin():
        query = select(Poll).where(Poll.broadcast_id.is_not(None)).order_by(Poll.id)
        if closed_from is not None:
            query = query.where(Poll.closes_at >= closed_from)
        if closed_until is not None:
            query = query.where(Poll.closes_at < closed_until)
        polls = list((await session.execute(query)).scalars())
        ids = [poll.id for poll in polls]
        options = await polls_repo.options_of(session, ids)
        respondents = await repo.respondents(session, ids)
        votes = await repo.votes(session, ids)
    rows: list[PollAggregate] = []
    for poll in polls:
        result = tally(poll.id, len(options[poll.id]), respondents, votes, min_cell)
        for group in (result.total, *result.districts):
            rows.extend(
                PollAggregate(
                    poll.id,
                    poll.hearing_id,
                    poll.pulse_quarter,
                    poll.question_kk,
                    poll.question_ru,
                    poll.multiple,
                    poll.opens_at,
                    poll.closes_at,
                    option.position,
                    option.text_kk,
                    option.text_ru,
                    group.district,
                    group.respondents,
                    group.votes[option.position],
                )
                for option in options[poll.id]
            )
    return rows
