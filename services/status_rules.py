"""The rules and the vocabulary of a need's status changes: which change is allowed from
which status, which needs a comment, what can go wrong, and what a change returns for the
notifier. ``services.statuses`` makes the changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from models.need import NeedStatus

S = NeedStatus
_ANY_OPEN_TO = frozenset({S.RESOLVED, S.REJECTED, S.DUPLICATE, S.NOT_OUR_COMPETENCE})
ALLOWED: dict[str, frozenset[NeedStatus]] = {
    S.NEW: _ANY_OPEN_TO | {S.ACCEPTED, S.IN_PROGRESS},
    S.ACCEPTED: _ANY_OPEN_TO | {S.IN_PROGRESS},
    S.IN_PROGRESS: _ANY_OPEN_TO,
    S.REOPENED: _ANY_OPEN_TO | {S.ACCEPTED, S.IN_PROGRESS},
    S.RESOLVED: frozenset({S.REOPENED}),
    S.REJECTED: frozenset(),
    S.DUPLICATE: frozenset(),
    S.NOT_OUR_COMPETENCE: frozenset(),
}
NEEDS_COMMENT = frozenset({S.REJECTED, S.NOT_OUR_COMPETENCE, S.REOPENED})
REOPEN_WINDOW = timedelta(days=14)


class StatusError(Exception):
    """The change cannot be made; nothing was changed."""


class NeedNotFound(StatusError):
    pass


class TransitionNotAllowed(StatusError):
    def __init__(self, current: str, target: str) -> None:
        super().__init__(f"{current} cannot become {target}")
        self.current, self.target = current, target


class StatusConflict(StatusError):
    """Someone else changed the status first: ``current`` is what it is now."""

    def __init__(self, current: str) -> None:
        super().__init__(f"the status is already {current}")
        self.current = current


class MissingDetail(StatusError):
    """A rejection needs a reason, "not our competence" where to go, a duplicate its original."""


class ReopenTooLate(StatusError):
    pass


@dataclass(frozen=True)
class Recipient:
    telegram_id: int
    language: str
    is_author: bool


@dataclass(frozen=True)
class StatusChange:
    need_id: int
    number: str
    category: str
    from_status: str
    to_status: str
    comment: str | None
    duplicate_of: str | None  # the original's number
    deadline_at: datetime
    at: datetime
    recipients: tuple[Recipient, ...]
