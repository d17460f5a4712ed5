"""Reminder jobs of hearings: one APScheduler ``date`` job per hearing and offset, with a
deterministic id (``hearing:12:remind:24h``) and ``replace_existing``. The jobs are rebuilt
from the database at start-up and every minute (so every instance converges after another
one edited a hearing), and at once by the instance where a hearing was published, edited
or cancelled. A job takes ids and the start time it was made for; it opens its own
session, and ``services.reminders.send`` records each reminder in the same transaction as
its broadcast, so a job that runs again (a restart, a new leader) sends nothing twice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcast import Broadcaster
from bot.settings import Settings
from models.base import utcnow
from services import reminders

logger = logging.getLogger(__name__)
SYNC_JOB_ID = "hearings.reminders"
SYNC_SECONDS = 60
PREFIX = "hearing:"


def label(minutes: int) -> str:
    return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"


def job_id(hearing_id: int, minutes: int) -> str:
    return f"{PREFIX}{hearing_id}:remind:{label(minutes)}"


class Reminders:
    def __init__(
        self,
        scheduler: AsyncIOScheduler,
        sessionmaker: async_sessionmaker[AsyncSession],
        broadcaster: Broadcaster,
        settings: Settings,
    ) -> None:
        self.scheduler = scheduler
        self.sessionmaker = sessionmaker
        self.broadcaster = broadcaster
        self.offsets = settings.hearing_reminders  # minutes, largest first

    async def start(self) -> None:
        await self.sync()
        self.scheduler.add_job(
            self.sync, "interval", seconds=SYNC_SECONDS, id=SYNC_JOB_ID, replace_existing=True
        )

    async def sync(self, hearing_id: int | None = None) -> None:
        """Make the jobs match the database (for one hearing, or all)."""
        async with self.sessionmaker() as session:
            found = await reminders.upcoming(session, hearing_id)
        wanted: dict[str, tuple[datetime, int, datetime]] = {}
        now = utcnow()
        for item in found:
            passed = False
            for minutes in sorted(self.offsets):  # nearest the start first
                at = item.starts_at - timedelta(minutes=minutes)
                late = at <= now
                # A reminder whose time passed (Kenes was down) is sent late, but only the
                # one nearest the start: nobody wants "in 24 hours" an hour before.
                if minutes not in item.sent and not (late and passed):
                    key = job_id(item.hearing_id, minutes)
                    wanted[key] = (max(at, now), minutes, item.starts_at)
                passed = passed or late
        for job in self.scheduler.get_jobs():
            mine = hearing_id is None or job.id.startswith(f"{PREFIX}{hearing_id}:")
            if job.id.startswith(PREFIX) and job.id not in wanted and mine:
                job.remove()
        for id_, (run_at, minutes, starts_at) in wanted.items():
            hearing = int(id_.split(":")[1])
            self.scheduler.add_job(
                self.remind,
                "date",
                run_date=run_at,
                args=[hearing, minutes, starts_at.isoformat()],
                id=id_,
                replace_existing=True,
            )

    async def remind(self, hearing_id: int, minutes: int, starts_at: str) -> int | None:
        """The job: send the reminder unless it was sent (or the hearing moved meanwhile)."""
        async with self.sessionmaker() as session:
            broadcast_id = await reminders.send(
                session, hearing_id, minutes, datetime.fromisoformat(starts_at)
            )
        if broadcast_id is not None:
            logger.info(
                "hearing %s: reminder %s sent as broadcast %s", hearing_id, minutes, broadcast_id
            )
            self.broadcaster.start(broadcast_id)
        return broadcast_id
