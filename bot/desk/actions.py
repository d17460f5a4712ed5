"""The desk's actions on a need, whoever starts them: a button in Telegram
(``handlers.moderation``) or the console in a browser (``console``). One code path: the
change in one transaction (``services.moderation``, which checks the role again and writes
the audit entry), then every card copy brought up to date and the residents told.

Each returns an :class:`Outcome` the caller words for its own reader. When two moderators act
at once (in the console or in Telegram) exactly one gets ``DONE``; the other gets
``CONFLICT`` with the status the need has now.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.desk.desk import Desk
from bot.desk.notices import Texts
from models.moderation import Department
from models.need import NeedStatus
from services import cards, moderation, staff
from services.moderation import NotAllowed, Staffer
from services.staff import Role
from services.statuses import StatusConflict, StatusError, TransitionNotAllowed


class Result(StrEnum):
    DONE = "done"
    CONFLICT = "conflict"  # another moderator was first: ``status`` is the need's now
    CLOSED = "closed"  # routing or answering a need that is closed
    REFUSED = "refused"  # the actor is no longer staff
    GONE = "gone"  # no such need (or no such department)


@dataclass(frozen=True)
class Outcome:
    result: Result
    number: str = ""
    status: str = ""  # the need's status after the action (or the one that won)
    department: Department | None = None

    @property
    def done(self) -> bool:
        return self.result is Result.DONE


def seen_status(seen: str) -> NeedStatus | None:
    try:
        return NeedStatus(seen)
    except ValueError:
        return None


async def change_status(
    desk: Desk,
    session: AsyncSession,
    who: Staffer,
    need_id: int,
    to: NeedStatus,
    *,
    seen: str,
    texts: Texts | None = None,
    duplicate_of: int | None = None,
    photo: str | None = None,
    public_summary: str | None = None,
) -> Outcome:
    """Move the need from the status the moderator saw to ``to``; ``texts``: the comment
    per language (a listed reason, a template), the author reads theirs."""
    settings = desk.settings
    card = await cards.load(session, need_id)
    expected = seen_status(seen)
    if card is None or expected is None:
        return Outcome(Result.GONE)
    comment = texts[card.author_language or settings.default_language] if texts else None
    try:
        done = await moderation.set_status(
            session,
            who,
            need_id,
            to,
            seen=expected,
            admin_ids=settings.admin_ids,
            comment=comment,
            duplicate_of=duplicate_of,
            details={"photo": photo} if photo else None,
            public_summary=public_summary,
            comments=texts,
            photo=photo,
        )
    except (StatusConflict, TransitionNotAllowed):
        await desk.refresh(need_id)
        fresh = await cards.load(session, need_id)
        return Outcome(Result.CONFLICT, card.need.number, fresh.need.status if fresh else seen)
    except NotAllowed:
        await staff.record_refusal(
            session,
            who.actor.telegram_id,
            None,
            required=Role.MODERATOR,
            attempted=f"need:{need_id}:{to.value}",
            per_hour=settings.refusals_audited_per_hour,
        )
        return Outcome(Result.REFUSED, card.need.number)
    except StatusError:
        return Outcome(Result.GONE)
    await desk.refresh(need_id)  # the residents are told through the outbox
    return Outcome(Result.DONE, done.number, done.to_status)


async def route(
    desk: Desk, session: AsyncSession, who: Staffer, need_id: int, department_id: int
) -> Outcome:
    """Send an open need to a department; the author is told which."""
    try:
        routed = await moderation.route(
            session, who, need_id, department_id, admin_ids=desk.settings.admin_ids
        )
    except NotAllowed:
        return Outcome(Result.REFUSED)
    except StatusError:
        return Outcome(Result.CLOSED)
    if routed is None:
        return Outcome(Result.GONE)
    await desk.refresh(need_id)  # the author is told through the outbox
    return Outcome(Result.DONE, routed.number, department=routed.department)


async def reply(
    desk: Desk, session: AsyncSession, who: Staffer, need_id: int, texts: Mapping[str, str]
) -> Outcome:
    """Answer the author of an open need: ``texts`` per language, they read theirs."""
    settings = desk.settings
    try:
        replied = await moderation.reply(
            session,
            who,
            need_id,
            texts,
            admin_ids=settings.admin_ids,
            default_language=settings.default_language,
        )
    except NotAllowed:
        return Outcome(Result.REFUSED)
    except StatusError:
        return Outcome(Result.CLOSED)
    await desk.refresh(need_id)  # the answer goes out through the outbox
    return Outcome(Result.DONE, replied.number)
