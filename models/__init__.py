"""SQLAlchemy models. Import every model here so that ``Base.metadata`` knows all tables."""

from models.audit import AuditEntry
from models.base import Base, TimestampMixin, UtcDateTime, utcnow
from models.broadcast import Broadcast, BroadcastState, Delivery, DeliveryState
from models.fsm import FsmRecord
from models.resident import Resident
from models.staff import StaffMember

__all__ = [
    "AuditEntry",
    "Base",
    "Broadcast",
    "BroadcastState",
    "Delivery",
    "DeliveryState",
    "FsmRecord",
    "Resident",
    "StaffMember",
    "TimestampMixin",
    "UtcDateTime",
    "utcnow",
]
