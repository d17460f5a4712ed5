"""Residents answering polls. Only a resident the poll was sent to (a delivery of its
broadcast) may answer, only while it is open, once (the unique answer per resident and
poll), changing the answer as often as they like until it closes.

A resident's district (for polls by district and results by district) is the one they chose
in /polls, else the district of their latest need; the answer keeps the district it was
given with, so results do not move when a resident moves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.poll import Poll
from models.repositories import poll_answers as repo
from models.repositories import polls as polls_repo
from services.polls import PollView, view_in

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


def valid(view: PollView, choices: frozenset[int], *, multiple: bool) -> bool:
    if view.poll.multiple != multiple or not choices:
        return False
    if not multiple and len(choices) != 1:
        return False
    return all(0 <= position < len(view.options) for position in choices)


async def _seen(session: AsyncSession, resident_id: int, poll_id: int) -> Answer:
    """``NOT_SENT``, or the poll (``SHOWN`` while open, else ``CLOSED``) with the resident's
    current answer."""
    view = await view_in(session, poll_id)
    if view is None or not await polls_repo.was_sent(session, view.poll, resident_id):
        return Answer(Outcome.NOT_SENT)
    current = await repo.choices_of(session, poll_id, resident_id)
    outcome = Outcome.CLOSED if view.is_closed(utcnow()) else Outcome.SHOWN
    return Answer(outcome, view, current)


async def answer(
    session: AsyncSession,
    resident_id: int,
    poll_id: int,
    choices: frozenset[int],
    *,
    multiple: bool,
) -> Answer:
    """Record (or change) the resident's answer; every check is made again here."""
    for attempt in range(2):
        try:
            return await _answer(session, resident_id, poll_id, choices, multiple=multiple)
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
) -> Answer:
    async with session.begin():
        seen = await _seen(session, resident_id, poll_id)
        if seen.outcome != Outcome.SHOWN or seen.view is None:
            return seen
        if not valid(seen.view, choices, multiple=multiple):
            return Answer(Outcome.INVALID, seen.view, seen.choices)
        if choices == seen.choices:
            return seen
        district, _chosen = await repo.district_of(session, resident_id)
        changed = await repo.save(
            session, poll_id, resident_id, choices, district=district, now=utcnow()
        )
        return Answer(Outcome.CHANGED if changed else Outcome.SAVED, seen.view, choices)


async def look(session: AsyncSession, resident_id: int, poll_id: int) -> Answer:
    """The poll as the resident may see it now, with their current answer (``SHOWN``), or
    why not (``NOT_SENT``; ``CLOSED`` once it has closed)."""
    async with session.begin():
        return await _seen(session, resident_id, poll_id)


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
