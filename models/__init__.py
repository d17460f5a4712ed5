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
from models.moderation import Department, ModerationCard, ReplyTemplate
from models.need import OPEN_STATUSES, Need, NeedEvent, NeedPhoto, NeedStatus, NeedSupporter
from models.poll import Audience, Poll, PollAnswer, PollChoice, PollOption, PulseItem, Visibility
from models.processed_update import ProcessedUpdate
from models.rating import Rating
from models.resident import Resident
from models.staff import StaffMember

__all__ = [
    "OPEN_STATUSES",
    "Audience",
    "AuditEntry",
    "Base",
    "Broadcast",
    "BroadcastState",
    "ConsoleLink",
    "ConsoleSession",
    "Delivery",
    "DeliveryState",
    "Department",
    "ExportKind",
    "ExportPeriod",
    "ExportState",
    "FsmRecord",
    "Hearing",
    "HearingQuestion",
    "HearingReminder",
    "HearingRsvp",
    "HearingStatus",
    "HearingSubscription",
    "ModerationCard",
    "Need",
    "NeedEvent",
    "NeedNote",
    "NeedPhoto",
    "NeedStatus",
    "NeedSupporter",
    "Poll",
    "PollAnswer",
    "PollChoice",
    "PollOption",
    "ProcessedUpdate",
    "PulseItem",
    "Rating",
    "ReplyTemplate",
    "Resident",
    "StaffMember",
    "TimestampMixin",
    "UtcDateTime",
    "Visibility",
    "utcnow",
]
