"""Residents' answers to polls, and the district a resident chose for polls by district."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import BindParameter, Table, and_, bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.poll import Poll, PollAnswer, PollChoice, PollOption
from models.repositories.polls import resident_district, sent_to_resident
from models.resident import Resident


@dataclass(frozen=True)
class Standing:
    """A poll and where one resident stands with it, as answering needs them."""

    poll: Poll
    options: tuple[PollOption, ...]  # in their order
    sent: bool  # the poll's broadcast counts the resident among its recipients
    district: str | None  # the resident's district now (``district_of``)
    answer_id: int | None  # their answer, if any
    choices: frozenset[int]  # its option positions (empty: not answered)


# The statements of a vote are built once, with bound parameters: building a statement and
# its cache key at every call cost SQLAlchemy more than running it (0.6 of 0.9 ms for the
# standing, issue 19).
_POLL: BindParameter[int] = bindparam("poll_id")
_RESIDENT: BindParameter[int] = bindparam("resident_id")
_DISTRICT = select(resident_district()).where(Resident.id == _RESIDENT).scalar_subquery()
_STANDING = (
    select(
        Poll,
        PollOption,
        sent_to_resident(_RESIDENT).label("sent"),
        _DISTRICT.label("district"),
        PollAnswer.id,
        PollChoice.position,
    )
    .join(PollOption, PollOption.poll_id == Poll.id)
    .outerjoin(
        PollAnswer, and_(PollAnswer.poll_id == Poll.id, PollAnswer.resident_id == _RESIDENT)
    )
    .outerjoin(PollChoice, PollChoice.answer_id == PollAnswer.id)
    .where(Poll.id == _POLL)
    .execution_options(populate_existing=True)
)
_ANSWERS = cast(
    Table, PollAnswer.__table__
)  # Core, not the ORM's bulk insert: a third of the cost
_ADD = (
    insert(_ANSWERS)
    .values(
        poll_id=_POLL,
        resident_id=_RESIDENT,
        district=bindparam("district"),
        answered_at=bindparam("now"),
    )
    .returning(_ANSWERS.c.id)
)
_CHANGE = (
    update(_ANSWERS)
    .where(_ANSWERS.c.id == bindparam("answer_id"))
    .values(district=bindparam("district"), changed_at=bindparam("now"))
)
_CHOICES = cast(Table, PollChoice.__table__)
_UNCHOOSE = delete(_CHOICES).where(_CHOICES.c.answer_id == bindparam("answer_id"))
_CHOOSE = insert(_CHOICES)


async def standing(session: AsyncSession, poll_id: int, resident_id: int) -> Standing | None:
    """The poll (``None``: no such poll), its options, whether it was sent to the resident,
    their district and their current answer: one statement (a row per option and chosen
    option), where answering used to take five."""
    result = await session.execute(_STANDING, {"poll_id": poll_id, "resident_id": resident_id})
    rows = result.all()
    if not rows:
        return None
    options = {option.position: option for _, option, *_rest in rows}
    first = rows[0]
    return Standing(
        poll=first[0],
        options=tuple(options[position] for position in sorted(options)),
        sent=bool(first.sent),
        district=first.district,
        answer_id=first[4],
        choices=frozenset(row[5] for row in rows if row[5] is not None),
    )


async def choices_of(session: AsyncSession, poll_id: int, resident_id: int) -> frozenset[int]:
    """The option positions the resident chose (empty: not answered yet)."""
    result = await session.execute(
        select(PollChoice.position)
        .join(PollAnswer, PollAnswer.id == PollChoice.answer_id)
        .where(PollAnswer.poll_id == poll_id, PollAnswer.resident_id == resident_id)
    )
    return frozenset(result.scalars())


async def answered(session: AsyncSession, resident_id: int, poll_ids: Iterable[int]) -> set[int]:
    result = await session.execute(
        select(PollAnswer.poll_id).where(
            PollAnswer.resident_id == resident_id, PollAnswer.poll_id.in_(list(poll_ids))
        )
    )
    return set(result.scalars())


async def district_of(session: AsyncSession, resident_id: int) -> tuple[str | None, bool]:
    """The resident's district, and whether they chose it (``False``: from their latest
    need, or none)."""
    result = await session.execute(
        select(resident_district(), Resident.district).where(Resident.id == resident_id)
    )
    row = result.one_or_none()
    if row is None:
        return None, False
    return row[0], row[1] is not None


async def set_district(session: AsyncSession, resident_id: int, code: str) -> None:
    await session.execute(update(Resident).where(Resident.id == resident_id).values(district=code))


async def add(
    session: AsyncSession,
    poll_id: int,
    resident_id: int,
    positions: frozenset[int],
    *,
    district: str | None,
    now: datetime,
) -> None:
    """Record a first answer (a second one at the same moment fails: unique)."""
    values = {"poll_id": poll_id, "resident_id": resident_id, "district": district, "now": now}
    answer_id = (await session.execute(_ADD, values)).scalar_one()
    await _choose(session, answer_id, positions)


async def change(
    session: AsyncSession,
    answer_id: int,
    positions: frozenset[int],
    *,
    district: str | None,
    now: datetime,
) -> None:
    """Replace the options (and the district) of an answer."""
    await session.execute(_CHANGE, {"answer_id": answer_id, "district": district, "now": now})
    await session.execute(_UNCHOOSE, {"answer_id": answer_id})
    await _choose(session, answer_id, positions)


async def _choose(session: AsyncSession, answer_id: int, positions: frozenset[int]) -> None:
    await session.execute(
        _CHOOSE, [{"answer_id": answer_id, "position": position} for position in sorted(positions)]
    )


async def save(
    session: AsyncSession,
    poll_id: int,
    resident_id: int,
    positions: frozenset[int],
    *,
    district: str | None,
    now: datetime,
) -> bool:
    """Record the answer, replacing an earlier one; ``True`` when there was one."""
    existing = (
        await session.execute(
            select(PollAnswer.id).where(
                PollAnswer.poll_id == poll_id, PollAnswer.resident_id == resident_id
            )
        )
    ).scalar_one_or_none()
    if existing is None:
        answer = PollAnswer(
            poll_id=poll_id, resident_id=resident_id, district=district, answered_at=now
        )
        session.add(answer)
        await session.flush()  # a second answer at the same moment fails here (unique)
        answer_id = answer.id
    else:
        answer_id = existing
        await session.execute(
            update(PollAnswer)
            .where(PollAnswer.id == answer_id)
            .values(district=district, changed_at=now)
        )
        await session.execute(delete(PollChoice).where(PollChoice.answer_id == answer_id))
    await session.execute(
        insert(PollChoice),
        [{"answer_id": answer_id, "position": position} for position in sorted(positions)],
    )
    return existing is not None
