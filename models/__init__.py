"""SQLAlchemy models. Import every model here so that ``Base.metadata`` knows all tables."""

from models.base import Base, TimestampMixin, UtcDateTime, utcnow
from models.fsm import FsmRecord
from models.processed_update import ProcessedUpdate
from models.resident import Resident

__all__ = [
    "Base",
    "FsmRecord",
    "ProcessedUpdate",
    "Resident",
    "TimestampMixin",
    "UtcDateTime",
    "utcnow",
]
