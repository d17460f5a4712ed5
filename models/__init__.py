"""SQLAlchemy models. Import every model here so that ``Base.metadata`` knows all tables."""

from models.base import Base, TimestampMixin, UtcDateTime, utcnow
from models.fsm import FsmRecord
from models.need import OPEN_STATUSES, Need, NeedEvent, NeedPhoto, NeedStatus, NeedSupporter
from models.processed_update import ProcessedUpdate
from models.rating import Rating
from models.resident import Resident

__all__ = [
    "OPEN_STATUSES",
    "Base",
    "FsmRecord",
    "Need",
    "NeedEvent",
    "NeedPhoto",
    "NeedStatus",
    "NeedSupporter",
    "ProcessedUpdate",
    "Rating",
    "Resident",
    "TimestampMixin",
    "UtcDateTime",
    "utcnow",
]
