"""SQLAlchemy models. Import every model here so that ``Base.metadata`` knows all tables."""

from models.audit import AuditEntry
from models.base import Base, TimestampMixin, UtcDateTime, utcnow
from models.broadcast import Broadcast, BroadcastState, Delivery, DeliveryState
from models.console import ConsoleLink, ConsoleSession, NeedNote
from models.export import ExportKind, ExportPeriod, ExportState
from models.fsm import FsmRecord
from models.hearing import (
    Hearing,
    HearingQuestion,
    HearingReminder,
    HearingRsvp,
    HearingStatus,
    HearingSubscription,
)
from models.moderation import (
    CardMedia,
    Department,
    GroupMember,
    ModerationCard,
    ModeratorPrompt,
    ReplyTemplate,
)
from models.need import (
    OPEN_STATUSES,
    REDACTED,
    DuplicateLookup,
    Need,
    NeedEvent,
    NeedPhoto,
    NeedStatus,
    NeedSupporter,
)
from models.notice import Notice, NoticeKind
from models.poll import Audience, Poll, PollAnswer, PollChoice, PollOption, PulseItem, Visibility
from models.privacy import ErasedAccount, RefusalCount
from models.processed_update import ProcessedUpdate
from models.rating import Rating
from models.resident import Resident
from models.staff import StaffMember

__all__ = [
    "OPEN_STATUSES",
    "REDACTED",
    "Audience",
    "AuditEntry",
    "Base",
    "Broadcast",
    "BroadcastState",
    "CardMedia",
    "ConsoleLink",
    "ConsoleSession",
    "Delivery",
    "DeliveryState",
    "Department",
    "DuplicateLookup",
    "ErasedAccount",
    "ExportKind",
    "ExportPeriod",
    "ExportState",
    "FsmRecord",
    "GroupMember",
    "Hearing",
    "HearingQuestion",
    "HearingReminder",
    "HearingRsvp",
    "HearingStatus",
    "HearingSubscription",
    "ModerationCard",
    "ModeratorPrompt",
    "Need",
    "NeedEvent",
    "NeedNote",
    "NeedPhoto",
    "NeedStatus",
    "NeedSupporter",
    "Notice",
    "NoticeKind",
    "Poll",
    "PollAnswer",
    "PollChoice",
    "PollOption",
    "ProcessedUpdate",
    "PulseItem",
    "Rating",
    "RefusalCount",
    "ReplyTemplate",
    "Resident",
    "StaffMember",
    "TimestampMixin",
    "UtcDateTime",
    "Visibility",
    "utcnow",
]
