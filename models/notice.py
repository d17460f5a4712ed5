"""The outbox of notices to residents: what a moderator's action tells the author of a need
and its supporters. Written in the transaction that makes the change; the broadcaster sends
it (one broadcast of kind ``notice`` per notice, one delivery per resident)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow

BROADCAST_KIND = "notice"


class NoticeKind(StrEnum):
    STATUS = "status"  # a need changed status (with the reason, the answer, the original)
    PHOTO = "photo"  # the photo of a resolution, sent after the status notice
    REPLY = "reply"  # the akimat's answer to the author
    ROUTE = "route"  # the need went to a department
    BLOCK = "block"  # the moderators restricted the resident's submissions
    UNBLOCK = "unblock"  # ... and restored them


class Notice(Base):
    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    need_id: Mapped[int | None] = mapped_column(
        ForeignKey("needs.id", ondelete="CASCADE"), index=True
    )
    # The resident the notice is first of all for (the author); personal, so erasing them
    # keeps the notice without the link.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id", ondelete="SET NULL"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
