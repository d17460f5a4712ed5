"""The retention schedule of docs/privacy.md, enforced once a day (on the leader): what is
kept only for a while is deleted when its time is up. /privacy states the same periods,
formatted from the same settings (``handlers.privacy.periods``).

- the place and draft of a flow nobody touched for ``KENES_ABANDONED_FLOW_DAYS`` (the
  database FSM storage; Redis keys expire by themselves after as long);
- photos and voice messages of needs closed ``KENES_CLOSED_NEED_PHOTO_DAYS`` ago (also the
  copies Kenes posted with their cards in the moderators' chats, ``Desk.delete_media``);
- refused actions in the audit log, and their counts, after ``KENES_REFUSAL_AUDIT_DAYS``;
- the memory of erased accounts after ``KENES_ERASURE_MEMORY_DAYS``;
- processed update ids: ``bot.dedupe`` keeps them 24 hours and prunes them every hour.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from aiogram.fsm.storage.base import BaseStorage
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

if TYPE_CHECKING:
    from bot.desk import Desk

from bot.fsm_database import DatabaseStorage
from bot.settings import Settings
from models.audit import AuditEntry
from models.base import utcnow
from models.moderation import CardMedia
from models.need import OPEN_STATUSES, Need, NeedPhoto
from models.privacy import RefusalCount
from services import erasure
from services.staff import REFUSED

logger = logging.getLogger(__name__)
JOB_ID = "privacy-retention"


@dataclass(frozen=True)
class Swept:
    flows: int
    photos: int
    refusals: int
    erased_accounts: int


@dataclass
class Retention:
    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    storage: BaseStorage
    desk: Desk | None = None  # deletes the photos and voices posted with the cards

    async def run(self, now: datetime | None = None) -> Swept:
        """Delete what has been kept long enough at ``now`` (the tests move it)."""
        now = now or utcnow()
        settings = self.settings

        def ago(days: int) -> datetime:
            return now - timedelta(days=days)

        flows = 0
        if isinstance(self.storage, DatabaseStorage):
            flows = await self.storage.forget_idle(ago(settings.abandoned_flow_days))
        async with self.sessionmaker() as session, session.begin():
            closed = select(Need.id).where(
                Need.status.not_in(list(OPEN_STATUSES)),
                Need.updated_at < ago(settings.closed_need_photo_days),
            )
            photos = await session.execute(delete(NeedPhoto).where(NeedPhoto.need_id.in_(closed)))
            posted = list(
                await session.scalars(
                    select(CardMedia.need_id).where(CardMedia.need_id.in_(closed)).distinct()
                )
            )
            await session.execute(  # voice messages go with the photos (Telegram's ids)
                update(Need)
                .where(Need.id.in_(closed), Need.voice_file_id.is_not(None))
                .values(voice_file_id=None, voice_file_unique_id=None, updated_at=Need.updated_at)
                .execution_options(synchronize_session=False)
            )
            refusals = await session.execute(
                delete(AuditEntry).where(
                    AuditEntry.action == REFUSED, AuditEntry.at < ago(settings.refusal_audit_days)
                )
            )
            await session.execute(
                delete(RefusalCount).where(RefusalCount.hour < ago(settings.refusal_audit_days))
            )
            erased = await erasure.forget_expired(session, now, settings.erasure_memory_days)
        if self.desk is not None:
            await self.desk.delete_media(posted)
        swept = Swept(
            flows,
            int(photos.rowcount or 0),  # type: ignore[attr-defined]
            int(refusals.rowcount or 0),  # type: ignore[attr-defined]
            erased,
        )
        logger.info("retention: %s", swept)
        return swept


def setup_retention(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: BaseStorage,
    scheduler: AsyncIOScheduler,
) -> Retention:
    """Register the daily job (04:10 in the city's time zone)."""
    retention = Retention(settings, sessionmaker, storage)
    scheduler.add_job(
        retention.run,
        CronTrigger(hour=4, minute=10, timezone=settings.tz),
        id=JOB_ID,
        replace_existing=True,
    )
    return retention
