"""Residents answering polls. Only a resident the poll was sent to (a delivery of its
broadcast) may answer, only while it is open, once (the unique answer per resident and
poll), changing the answer as often as they like until it closes.

A resident's district (for polls by district and results by district) is the one they chose
in /polls, else the district of their latest need; the answer keeps the district it was
given with, so results do not move when a resident moves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.poll import Poll
from models.repositories import poll_answers as repo
from models.repositories import polls as polls_repo
from services import poll_results
from services.poll_results import Results
from services.polls import PollView

RECENTLY_CLOSED = timedelta(days=30)


class Outcome(StrEnum):
    SAVED = "saved"
    CHANGED = "changed"
    SHOWN = "shown"  # nothing changed; here is the poll as the resident may see it
    CLOSED = "closed"  # answers are no longer accepted
    NOT_SENT = "not_sent"  # the poll was not sent to this resident (or does not exist)
    INVALID = "invalid"  # options that are not in the poll, or the wrong kind of answer


@dataclass(frozen=True)
class Answer:
    outcome: Outcome
    view: PollView | None = None
    choices: frozenset[int] = field(default_factory=frozenset)
    # The poll's results as the resident may see them now (``PollView.results_visible``),
    # counted in the same transaction, when the caller asked for them (``min_cell``).
    results: Results | None = None


def valid(view: PollView, choices: frozenset[int], *, multiple: bool) -> bool:
    if view.poll.multiple != multiple or not choices:
        return False
    if not multiple and len(choices) != 1:
        return False
    return all(0 <= position < len(view.options) for position in choices)


async def _shown(
    session: AsyncSession,
    outcome: Outcome,
    view: PollView,
    choices: frozenset[int],
    min_cell: int | None,
    now: datetime,
) -> Answer:
    """The answer, with the results when asked for and the resident may see them."""
    results = None
    if min_cell is not None and view.results_visible(bool(choices), now):
        results = await poll_results.results_in(
            session, view.id, len(view.options), min_cell, multiple=view.poll.multiple
        )
    return Answer(outcome, view, choices, results)


async def answer(
    session: AsyncSession,
    resident_id: int,
    poll_id: int,
    choices: frozenset[int],
    *,
    multiple: bool,
    min_cell: int | None = None,
) -> Answer:
    """Record (or change) the resident's answer; every check is made again here. With
    ``min_cell``, the results the resident may see come with it (same transaction)."""
    for attempt in range(2):
        try:
            return await _answer(
                session, resident_id, poll_id, choices, multiple=multiple, min_cell=min_cell
            )
        except IntegrityError:  # the same resident answered twice at the same moment
            if attempt:
                raise
    raise AssertionError("unreachable")


async def _answer(
    session: AsyncSession,
    resident_id: int,
    poll_id: int,
    choices: frozenset[int],
    *,
    multiple: bool,
    min_cell: int | None,
) -> Answer:
    """One transaction: the poll and the resident's standing in one statement, the write,
    and the results."""
    async with session.begin():
        now = utcnow()
        found = await repo.standing(session, poll_id, resident_id)
        if found is None or not found.sent:
            return Answer(Outcome.NOT_SENT)
        view = PollView(found.poll, found.options)
        if view.is_closed(now):
            return await _shown(session, Outcome.CLOSED, view, found.choices, min_cell, now)
        if not valid(view, choices, multiple=multiple):
            return Answer(Outcome.INVALID, view, found.choices)
        if choices == found.choices:
            return await _shown(session, Outcome.SHOWN, view, choices, min_cell, now)
        if found.answer_id is None:
            await repo.add(
                session, poll_id, resident_id, choices, district=found.district, now=now
            )
            outcome = Outcome.SAVED
        else:
            await repo.change(session, found.answer_id, choices, district=found.district, now=now)
            outcome = Outcome.CHANGED
        return await _shown(session, outcome, view, choices, min_cell, now)


async def look(
    session: AsyncSession, resident_id: int, poll_id: int, *, min_cell: int | None = None
) -> Answer:
    """The poll as the resident may see it now, with their current answer (``SHOWN``), or
    why not (``NOT_SENT``; ``CLOSED`` once it has closed); with ``min_cell``, the results
    they may see."""
    async with session.begin():
        now = utcnow()
        found = await repo.standing(session, poll_id, resident_id)
        if found is None or not found.sent:
            return Answer(Outcome.NOT_SENT)
        view = PollView(found.poll, found.options)
        outcome = Outcome.CLOSED if view.is_closed(now) else Outcome.SHOWN
        return await _shown(session, outcome, view, found.choices, min_cell, now)


@dataclass(frozen=True)
class ResidentPoll:
    poll: Poll
    answered: bool


async def of_resident(session: AsyncSession, resident_id: int) -> list[ResidentPoll]:
    """The polls sent to the resident that are open, then those closed in the last 30 days."""
    now = utcnow()
    async with session.begin():
        polls = await polls_repo.sent_to(
            session, resident_id, open_at=now, closed_since=now - RECENTLY_CLOSED
        )
        done = await repo.answered(session, resident_id, [poll.id for poll in polls])
    return [ResidentPoll(poll, poll.id in done) for poll in polls]


async def district_of(session: AsyncSession, resident_id: int) -> tuple[str | None, bool]:
    """The resident's district for polls, and whether they chose it themselves."""
    async with session.begin():
        return await repo.district_of(session, resident_id)


async def choose_district(session: AsyncSession, resident_id: int, code: str) -> None:
    async with session.begin():
        await repo.set_district(session, resident_id, code)
