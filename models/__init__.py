"""SQLAlchemy models. Import every model here so that ``Base.metadata`` knows all tables."""

from models.base import Base, TimestampMixin, UtcDateTime, utcnow
from models.fsm import FsmRecord
from models.resident import Resident

__all__ = ["Base", "FsmRecord", "Resident", "TimestampMixin", "UtcDateTime", "utcnow"]
